"""The demo ships two years of 110 history (2023 and 2024) whose totals fall as the station
reported for 2024: total −21.8 %, 有效警情 −23.01 %, 治安 −19.3 %, 纠纷 −72.7 %; spread over
the villages by residents and over the year with summer and the Spring Festival busier; the
rollup built with it."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from jinghutong.demo.generator import generate
from jinghutong.demo.history import generate_history
from jinghutong.demo.loader import load_demo
from jinghutong.models import Area, AreaLevel, Household, Incident, IncidentCount
from jinghutong.models.incident import ROLLUP_CATEGORIES
from jinghutong.statistics.incidents.categories import DEFAULT_MAPPING, IMPORTED
from support.incidents import rollup_is_raw

SEED = 20261128
HASH = "$argon2id$v=19$m=65536,t=3,p=4$demo$demo"
VALID = ("criminal", "public_order", "traffic", "fire", "dispute", "help", "report", "other")


def change(before: int, after: int) -> float:
    return round((after - before) / before * 100, 2)


async def test_the_demo_years_fall_as_the_station_reported(database):
    summary = await load_demo(database, SEED, HASH)

    async with database.session(read_only=True) as s:
        rows = await s.execute(  # the station's month rows
            select(
                IncidentCount.first_day, *(getattr(IncidentCount, c) for c in ROLLUP_CATEGORIES)
            ).where(IncidentCount.grain == "month", IncidentCount.level == AreaLevel.station)
        )
        by_year: dict[int, Counter[str]] = defaultdict(Counter)
        for first_day, *counts in rows.all():
            for category, count in zip(ROLLUP_CATEGORIES, counts, strict=True):
                by_year[first_day.year][category] += count
    assert sorted(by_year) == [2023, 2024]
    assert summary["incidents_110"] == sum(sum(c.values()) for c in by_year.values())
    last, this = by_year[2023], by_year[2024]
    assert 2500 <= sum(this.values()) < sum(last.values()) <= 4000  # a few thousand a year
    assert abs(change(sum(last.values()), sum(this.values())) - -21.8) <= 1
    valid = [sum(year[c] for c in VALID) for year in (last, this)]
    assert abs(change(*valid) - -23.01) <= 1
    assert abs(change(last["public_order"], this["public_order"]) - -19.3) <= 1
    assert abs(change(last["dispute"], this["dispute"]) - -72.7) <= 1
    assert min(last["invalid"], this["invalid"]) > 0  # 无效报警 apart, and present
    await rollup_is_raw(database)


async def test_the_history_follows_the_villages_and_the_seasons(database):
    await load_demo(database, SEED, HASH)

    async with database.session(read_only=True) as s:
        villages = (await s.scalars(select(Area).where(Area.level == AreaLevel.village))).all()
        station = await s.scalar(select(Area).where(Area.level == AreaLevel.station))
        residents = {
            v.id: await s.scalar(
                select(func.sum(Household.member_count)).where(
                    Household.area_path.like(v.path + "%")
                )
            )
            for v in villages
        }
        counted = dict(
            (
                await s.execute(select(Incident.area_id, func.count()).group_by(Incident.area_id))
            ).all()
        )
        days = Counter(d for d in (await s.scalars(select(Incident.day))).all())
        sample = (await s.scalars(select(Incident).limit(200))).all()
    assert station is not None and all(counted.get(v.id, 0) > 0 for v in villages)
    assert 0 < counted.get(station.id, 0) < 0.05 * sum(counted.values())  # place not known
    biggest = max(villages, key=lambda v: residents[v.id])
    smallest = min(villages, key=lambda v: residents[v.id])
    assert counted[biggest.id] > counted[smallest.id]
    for year, festival in ((2023, date(2023, 1, 22)), (2024, date(2024, 2, 10))):
        summer = sum(n for d, n in days.items() if d.year == year and d.month in (7, 8))
        spring = sum(n for d, n in days.items() if d.year == year and d.month in (3, 4))
        assert summer > 1.2 * spring
        fortnight = sum(n for d, n in days.items() if abs((d - festival).days) <= 7)
        per_day = sum(n for d, n in days.items() if d.year == year) / 365
        assert fortnight / 15 > 1.3 * per_day
    assert all(i.subcategory and i.result and i.address for i in sample)
    assert all(i.source == "110" and i.number.startswith("330127") for i in sample)


def test_the_history_is_the_same_for_a_seed_and_uses_only_mapped_categories():
    jurisdiction = generate(SEED)
    at = datetime(2026, 11, 28, tzinfo=UTC)

    first, second = generate_history(jurisdiction, at), generate_history(jurisdiction, at)

    assert first == second
    assert len({r["number"] for r in first}) == len(first) == len({r["id"] for r in first})
    mapped = {r.kind: str(r.category) for r in DEFAULT_MAPPING if r.source == IMPORTED}
    assert all(mapped[r["mapped_from"]] == r["category"] for r in first)
    assert all(r["reported_at"] <= (r["accepted_at"] or r["reported_at"]) for r in first)
    arrived = [r for r in first if r["arrived_at"] is not None]
    assert len(arrived) > len(first) / 2
    assert all(r["accepted_at"] < r["arrived_at"] for r in arrived)
