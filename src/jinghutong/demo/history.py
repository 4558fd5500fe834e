"""Two years of the demo station's 110 history (2023 and 2024) as incident rows, the way the
110 接处警 system's records would have been imported: fixed years (the station's reported
year and the one before, whatever day the demo is started), deterministic by seed.

- How many of each category each year: history_texts.COUNTS (the station's 2024 figures).
- Where: the villages in proportion to their residents; a few with no village known (the
  station itself), as real exports have.
- When: days weighted by month, category season and the Spring Festival fortnight; hours by
  the day's rhythm.
- 细类, address, result and response times (处警 1–4 min after the call; arrival by the
  village's distance from the station) by category."""

from __future__ import annotations

import base64
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from jinghutong.core.clock import SHANGHAI
from jinghutong.demo import history_texts as t
from jinghutong.demo.model import DemoArea, Jurisdiction
from jinghutong.demo.names import COUNTY, COUNTY_CODE
from jinghutong.models.area import AreaLevel

NO_VILLAGE_SHARE = 0.02
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD)
_KM_PER_DEG = 111.32


@dataclass(frozen=True)
class _Place:
    area: DemoArea
    township: str
    addresses: tuple[str, ...]
    km: float  # from the station's centre


def generate_history(jurisdiction: Jurisdiction, created_at: datetime) -> list[dict[str, Any]]:
    """The incident rows (dicts for a Core insert), in time order."""
    return _History(jurisdiction).rows(created_at)


class _History:
    def __init__(self, jurisdiction: Jurisdiction) -> None:
        self.rng = random.Random(f"jinghutong-demo-110-history-{jurisdiction.seed}")  # noqa: S311
        self.station = jurisdiction.areas[0]
        self.places = _places(jurisdiction, self.station)
        residents = _residents(jurisdiction, self.places)
        self.place_weights = list(itertools.accumulate(residents))

    def rows(self, created_at: datetime) -> list[dict[str, Any]]:
        drawn = [
            self._incident(year, category, moment)
            for year in t.YEARS
            for category, count in t.COUNTS[year].items()
            for moment in self._moments(year, category, count)
        ]
        drawn.sort(key=lambda r: r["reported_at"])
        per_day: dict[date, int] = defaultdict(int)
        for row in drawn:
            per_day[row["day"]] += 1
            row["number"] = f"{COUNTY_CODE}{row['day']:%Y%m%d}{per_day[row['day']]:04d}"
            row["id"] = self._id(row["reported_at"])
            row["created_at"] = created_at
        return drawn

    def _moments(self, year: int, category: str, count: int) -> list[datetime]:
        days = [date(year, 1, 1) + timedelta(days=i) for i in range(_days_in(year))]
        weights = list(itertools.accumulate(_day_weight(d, year, category) for d in days))
        hours = list(itertools.accumulate(t.HOUR_WEIGHT))
        out = []
        for day in self.rng.choices(days, cum_weights=weights, k=count):
            hour = self.rng.choices(range(24), cum_weights=hours)[0]
            local = datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)
            out.append(local + timedelta(seconds=self.rng.randrange(3600)))
        return out

    def _incident(self, year: int, category: str, moment: datetime) -> dict[str, Any]:
        rng = self.rng
        subkinds = t.SUBKINDS[category]
        subkind, _, results = rng.choices(subkinds, weights=[s[1] for s in subkinds])[0]
        kind = t.KIND_TEXT.get(category) or t.REPORT_KIND[subkind[:2]]
        place = None
        if rng.random() >= NO_VILLAGE_SHARE:
            place = rng.choices(self.places, cum_weights=self.place_weights)[0]
        area = place.area if place else self.station
        accepted = moment + timedelta(seconds=rng.randrange(40, 240))
        arrived = None
        if category not in ("invalid", "report") and not (
            category == "other" and rng.random() < 0.6
        ):
            km = place.km if place else 3.0
            arrived = accepted + timedelta(
                seconds=round(60 * (6 + 1.8 * km * rng.uniform(0.8, 1.4)))
            )
        reported = moment.astimezone(UTC)
        return {
            "station_id": self.station.id,
            "area_id": area.id,
            "area_path": area.path,
            "source": "110",
            "reported_at": reported,
            "day": moment.date(),
            "category": category,
            "mapped_from": kind,
            "subcategory": subkind,
            "address": self._address(category, place),
            "result": results[0] if rng.random() < 0.7 else rng.choice(results),
            "case_id": None,
            "accepted_at": accepted.astimezone(UTC),
            "arrived_at": arrived.astimezone(UTC) if arrived else None,
        }

    def _address(self, category: str, place: _Place | None) -> str:
        rng = self.rng
        if place is None:
            return f"{COUNTY}{rng.choice(('大墅镇', '枫树岭镇', '安阳乡'))}（具体地址不详）"
        stem = f"{COUNTY}{place.township}{place.area.name}"
        if category == "traffic":
            return f"{stem}{rng.choice(t.ROAD_PLACES)}"
        if category == "fire" and rng.random() < 0.6:
            return f"{stem}{rng.choice(t.HILL_PLACES)}"
        if category in ("dispute", "help", "criminal", "public_order") and rng.random() < 0.7:
            return rng.choice(place.addresses)
        return f"{stem}{rng.choice(t.PLACES)}"

    def _id(self, moment: datetime) -> str:
        millis = int(moment.timestamp() * 1000)
        prefix = "".join(_CROCKFORD[(millis >> 5 * i) & 31] for i in range(9, -1, -1))
        raw = self.rng.getrandbits(80).to_bytes(10, "big")
        return prefix + base64.b32encode(raw).decode("ascii").translate(_RFC_TO_CROCKFORD)


def _days_in(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _day_weight(day: date, year: int, category: str) -> float:
    weight = (
        t.MONTH_WEIGHT[day.month - 1] * t.CATEGORY_MONTHS.get(category, (1.0,) * 12)[day.month - 1]
    )
    if abs((day - t.SPRING_FESTIVAL[year]).days) <= 7:
        weight *= t.FESTIVAL_BOOST.get(category, t.DEFAULT_FESTIVAL_BOOST)
    if category == "traffic" and day.month == 10 and day.day <= 7:  # National Day travel
        weight *= 1.8
    return weight


def _places(jurisdiction: Jurisdiction, station: DemoArea) -> list[_Place]:
    townships = {a.id: a.name for a in jurisdiction.areas if a.level == AreaLevel.township}
    villages = [a for a in jurisdiction.areas if a.level == AreaLevel.village]
    addresses: dict[str, list[str]] = defaultdict(list)
    for household in jurisdiction.households:
        addresses[_village_id(household.area_path)].append(household.address)
    return [
        _Place(v, townships.get(v.parent_id or "", ""), tuple(addresses[v.id]), _km(v, station))
        for v in villages
    ]


def _residents(jurisdiction: Jurisdiction, places: list[_Place]) -> list[int]:
    count: dict[str, int] = defaultdict(int)
    for household in jurisdiction.households:
        count[_village_id(household.area_path)] += household.member_count
    return [max(1, count[p.area.id]) for p in places]


def _village_id(path: str) -> str:
    return path.split("/")[3]  # /station/township/village/grid/micro-grid/


def _km(a: DemoArea, b: DemoArea) -> float:
    dlat = (a.lat - b.lat) * _KM_PER_DEG
    dlng = (a.lng - b.lng) * _KM_PER_DEG * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlng)
