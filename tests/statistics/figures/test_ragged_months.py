"""A period whose edges cut months: its whole months come from the rollup's month rows, its
ragged edges from the day rows (statistics/figures/cover.py) — the days just outside it are
left out, at every grouping, for the period and the one it is compared with; and the figures
of a province above the station read its own rows to the same numbers."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from jinghutong.models import Area, AreaLevel
from jinghutong.statistics.figures.cover import Cover, cover
from jinghutong.statistics.figures.periods import Compare, Period
from jinghutong.statistics.figures.service import figures_of
from support.factories import make_area
from support.figures import figures, incident, put

# 15 January … 10 March 2024 (the 同比 period: 15 January … 10 March 2023).
PERIOD = {"from": "2024-01-15", "to": "2024-03-10"}
INSIDE_2024 = [date(2024, 1, 15), date(2024, 1, 31), date(2024, 2, 1), date(2024, 2, 29)]
INSIDE_2024 += [date(2024, 3, 10)]
OUTSIDE_2024 = [date(2024, 1, 14), date(2024, 3, 11), date(2023, 12, 31)]
INSIDE_2023 = [date(2023, 1, 15), date(2023, 2, 28), date(2023, 3, 1)]
OUTSIDE_2023 = [date(2023, 1, 14), date(2023, 3, 11), date(2023, 3, 31)]


def test_a_period_is_its_whole_months_and_its_ragged_edges():
    d = date
    assert cover(Period(d(2024, 1, 15), d(2024, 11, 20))) == Cover(
        (d(2024, 2, 1), d(2024, 10, 1)),
        ((d(2024, 1, 15), d(2024, 1, 31)), (d(2024, 11, 1), d(2024, 11, 20))),
    )
    assert cover(Period(d(2024, 1, 1), d(2024, 12, 31))) == Cover(
        (d(2024, 1, 1), d(2024, 12, 1)), ()
    )
    assert cover(Period(d(2024, 2, 1), d(2024, 2, 29))) == Cover((d(2024, 2, 1), d(2024, 2, 1)), ())
    assert cover(Period(d(2024, 2, 2), d(2024, 2, 29))) == Cover(
        None, ((d(2024, 2, 2), d(2024, 2, 29)),)
    )
    assert cover(Period(d(2024, 1, 20), d(2024, 2, 10))) == Cover(
        None, ((d(2024, 1, 20), d(2024, 2, 10)),)
    )
    assert cover(Period(d(2023, 12, 1), d(2024, 1, 30))) == Cover(
        (d(2023, 12, 1), d(2023, 12, 1)), ((d(2024, 1, 1), d(2024, 1, 30)),)
    )
    assert cover(Period(d(2024, 3, 10), d(2024, 3, 10))) == Cover(
        None, ((d(2024, 3, 10), d(2024, 3, 10)),)
    )


async def _arrange(session, station) -> None:
    t = station.tree
    rows = []
    for n, day in enumerate(INSIDE_2024 + OUTSIDE_2024 + INSIDE_2023 + OUTSIDE_2023):
        place = (t.village, t.other_village, station.village3, t.station)[n % 4]
        rows.append(incident(t.station, place, day, ("public_order", "invalid", "help")[n % 3]))
    await put(session, rows)


async def test_the_edges_count_only_their_own_days_at_every_grouping(session, station, client, as_):
    await _arrange(session, station)
    chief = await as_(station.chief)

    by_category = await figures(client, chief, **PERIOD, group_by="category")
    assert (by_category["total"]["count"], by_category["total"]["previous"]) == (5, 3)
    assert by_category["period"]["days"] == 56

    months = await figures(client, chief, **PERIOD, group_by="month")
    assert [(g["from"], g["to"]) for g in months["groups"]] == [
        ("2024-01-15", "2024-01-31"),
        ("2024-02-01", "2024-02-29"),
        ("2024-03-01", "2024-03-10"),
    ]
    assert [(g["total"]["count"], g["total"]["previous"]) for g in months["groups"]] == [
        (2, 1),  # 15 and 31 January; 15 January 2023 (not the 14th)
        (2, 1),  # 1 and 29 February; 28 February 2023
        (1, 1),  # 10 March; 1 March 2023 (not the 11th or the 31st)
    ]
    mom = await figures(client, chief, **PERIOD, group_by="month", compare="mom")
    # 环比: 15–31 December 2023 has the 31st; January 2024 (whole) has the 14th, 15th, 31st;
    # 1–10 February has the 1st.
    assert [g["total"]["previous"] for g in mom["groups"]] == [1, 3, 1]

    villages = await figures(client, chief, **PERIOD, group_by="village")
    lines = {g["name"]: (g["total"]["count"], g["total"]["previous"]) for g in villages["groups"]}
    assert sum(now for now, _ in lines.values()) == 5
    assert sum(then for _, then in lines.values()) == 3
    townships = await figures(client, chief, **PERIOD, group_by="township")
    assert sum(g["total"]["count"] for g in townships["groups"]) == 5
    assert sum(g["total"]["previous"] for g in townships["groups"]) == 3


async def test_a_province_above_the_station_reads_its_own_rows_to_the_same_numbers(
    session, station
):
    province = await make_area(session, "浙江省", AreaLevel.province)
    t = station.tree
    # Put the station under the province (every path below it gains the province's id).
    areas = (await session.scalars(select(Area).where(Area.path.like(t.station.path + "%")))).all()
    for area in areas:
        area.path = province.path + area.path[1:]
        area.depth += 1
    t.station.parent_id = province.id
    await session.flush()
    await _arrange(session, station)
    period = Period(date(2024, 1, 15), date(2024, 3, 10))

    for group_by in ("category", "month", "village", "township"):
        at_station = await figures_of(session, t.station, period, group_by, Compare.yoy)
        at_province = await figures_of(session, province, period, group_by, Compare.yoy)
        assert (at_province.total.count, at_province.total.previous) == (5, 3)
        assert at_province.categories == at_station.categories
        assert [g.total for g in at_province.groups] == [g.total for g in at_station.groups]
    # A village by village is one line, itself, as the station's line for it says.
    by_village = await figures_of(session, t.station, period, "village", Compare.yoy)
    [line] = [g for g in by_village.groups if g.key == t.village.id]
    alone = await figures_of(session, t.village, period, "village", Compare.yoy)
    assert [(g.key, g.name, g.total) for g in alone.groups] == [(line.key, "上坊村", line.total)]
    assert alone.total == line.total and line.total.count + line.total.previous > 0
