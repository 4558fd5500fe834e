"""Which place of the station a 110 row names: 管辖单位 first, then 地址.

- A village of the station whose name the text contains (the longest such name; when two
  villages share a name, the one whose township is named too) is the incident's place.
- A township named without a village confirms the row is the station's; the place is then
  the station itself, as for a row that names no place: the rollup counts villages, and the
  station when the village is not known (models.incident).
- A 管辖单位 naming none of the station's places but a station, township or village outside
  it, or any other 派出所, is another station's row: refused, with its row number."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, AreaLevel
from jinghutong.statistics.incidents.repository import PlaceRepository

_POLICE_UNIT = ("派出所", "公安局", "分局")
_LONGEST_NAME = 16  # place names longer than this are matched whole only


def key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace())


@dataclass
class Placed:
    area: Area | None  # None: another station's row
    reason: str = ""


@dataclass
class StationPlaces:
    station: Area
    villages: list[tuple[str, Area]] = field(default_factory=list)  # (name key, village)
    townships: dict[str, str] = field(default_factory=dict)  # township path → name key
    outside: set[str] = field(default_factory=set)  # name keys of places elsewhere

    def place(self, unit: str | None, address: str | None) -> Placed:
        unit_key, address_key = key(unit or ""), key(address or "")
        for text in (unit_key, address_key):
            village = self._village_in(text, unit_key + address_key)
            if village is not None:
                return Placed(village)
        if unit_key and not self._names_this_station(unit_key) and self._elsewhere(unit_key):
            return Placed(None, f"管辖单位「{unit}」不是{self.station.name}的辖区，本行未导入")
        return Placed(self.station)

    def _village_in(self, text: str, context: str) -> Area | None:
        if not text:
            return None
        matches = [(name, v) for name, v in self.villages if name in text]
        if not matches:
            return None
        longest = max(len(name) for name, _ in matches)
        matches = [(name, v) for name, v in matches if len(name) == longest]
        named = [v for _, v in matches if self._township_named(v, context)]
        return (named or [v for _, v in matches])[0]

    def _township_named(self, village: Area, context: str) -> bool:
        return any(
            village.path.startswith(path) and name in context
            for path, name in self.townships.items()
        )

    def _names_this_station(self, text: str) -> bool:
        station = key(self.station.name)
        return station in text or any(name in text for name in self.townships.values())

    def _elsewhere(self, text: str) -> bool:
        """The text contains the name of a place outside the station (a set lookup per
        substring: a province's tens of thousands of names cost nothing per row), or names
        a police unit at all."""
        if any(unit in text for unit in _POLICE_UNIT):
            return True
        longest = min(len(text), _LONGEST_NAME)
        return any(
            text[i : i + n] in self.outside
            for n in range(2, longest + 1)
            for i in range(len(text) - n + 1)
        )


async def load_places(session: AsyncSession, station: Area) -> StationPlaces:
    places = PlaceRepository(session)
    inside = await places.under(station, [AreaLevel.township, AreaLevel.village])
    out = StationPlaces(station)
    for area in inside:
        if area.level == AreaLevel.village:
            out.villages.append((key(area.name), area))
        else:
            out.townships[area.path] = key(area.name)
    out.outside = {key(name) for name in await places.names_outside(station)}
    return out
