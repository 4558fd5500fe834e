"""The station's kind of table — "2024年辖区总警情下降21.8%，有效警情下降23.01%，治安警情下降
19.3%，纠纷警情下降72.7%" — from a known set of 警情, with 同比 and 环比, 日均, 有效警情占比,
and the lines by category, township, village and month."""

from __future__ import annotations

from datetime import date, timedelta

from jinghutong.core import clock
from jinghutong.core.clock import SHANGHAI
from support.figures import figures, incident, put, spread

# 2023 → 2024: total 133 → 104 (−21.80 %), 有效 113 → 87 (−23.01 %), 治安 57 → 46 (−19.30 %),
# 纠纷 11 → 3 (−72.73 %), 无效报警 20 → 17; 火警 2 → 0 (−100 %).
YEAR_2023 = {
    "criminal": 5, "public_order": 57, "traffic": 8, "fire": 2, "dispute": 11, "help": 20,
    "report": 6, "other": 4, "invalid": 20,
}  # fmt: skip
YEAR_2024 = {
    "criminal": 6, "public_order": 46, "traffic": 7, "fire": 0, "dispute": 3, "help": 18,
    "report": 5, "other": 2, "invalid": 17,
}  # fmt: skip
FULL_2024 = {"from": "2024-01-01", "to": "2024-12-31"}


def places(station):
    t = station.tree
    return [t.village, t.other_village, station.village3, t.station]


async def known_years(session, station) -> None:
    spots = places(station)
    await put(
        session,
        spread(station.tree.station, spots, 2023, YEAR_2023)
        + spread(station.tree.station, spots, 2024, YEAR_2024),
    )


async def test_the_station_table_gives_the_four_ratios_it_reports(session, station, client, as_):
    await known_years(session, station)

    got = await figures(client, await as_(station.chief), **FULL_2024)

    assert got["area"]["name"] == "测试派出所"
    assert (got["period"]["from"], got["period"]["to"], got["period"]["days"]) == (
        "2024-01-01",
        "2024-12-31",
        366,
    )
    assert got["compare"] == "yoy"
    assert (got["compared_with"]["from"], got["compared_with"]["to"]) == (
        "2023-01-01",
        "2023-12-31",
    )
    assert got["total"] == {"count": 104, "previous": 133, "change_pct": -21.8, "per_day": 0.28}
    assert got["valid"] == {"count": 87, "previous": 113, "change_pct": -23.01, "per_day": 0.24}
    assert got["invalid"] == {"count": 17, "previous": 20, "change_pct": -15.0, "per_day": 0.05}
    assert got["valid_share_pct"] == 83.65  # 87 / 104
    assert got["valid_share_previous_pct"] == 84.96  # 113 / 133
    lines = {line["code"]: line for line in got["categories"]}
    assert list(lines) == list(YEAR_2023)  # every category, in the statistics' order
    assert (lines["public_order"]["change_pct"], lines["dispute"]["change_pct"]) == (-19.3, -72.73)
    assert lines["public_order"]["name"] == "治安" and lines["public_order"]["valid"] is True
    assert lines["invalid"]["valid"] is False and lines["invalid"]["name"] == "无效报警"
    assert lines["fire"] == {
        "count": 0, "previous": 2, "change_pct": -100.0, "per_day": 0.0, "code": "fire",
        "name": "火警", "valid": True, "share_pct": 0.0,
    }  # fmt: skip
    assert lines["public_order"]["share_pct"] == 44.23  # 46 / 104
    assert got["summary"].startswith(
        "2024年辖区总警情同比下降21.8%，有效警情下降23.01%，刑事警情上升20%，治安警情下降19.3%"
    )
    assert "纠纷警情下降72.73%" in got["summary"] and "火警下降100%" in got["summary"]


async def test_no_incidents_a_year_before_gives_null_ratios_not_an_error(
    session, station, client, as_
):
    await put(session, spread(station.tree.station, places(station), 2024, {"dispute": 4}))

    got = await figures(client, await as_(station.chief), **FULL_2024)

    assert got["total"] == {"count": 4, "previous": 0, "change_pct": None, "per_day": 0.01}
    dispute = next(line for line in got["categories"] if line["code"] == "dispute")
    assert (dispute["count"], dispute["change_pct"]) == (4, None)
    crime = next(line for line in got["categories"] if line["code"] == "criminal")
    assert (crime["count"], crime["previous"], crime["change_pct"], crime["share_pct"]) == (
        0, 0, None, 0.0,
    )  # fmt: skip
    assert got["summary"] == "2024年辖区总警情同比（对比期无警情），有效警情（对比期无警情）"

    empty = await figures(
        client, await as_(station.chief), **{"from": "2020-03-01", "to": "2020-03-31"}
    )
    assert empty["total"] == {"count": 0, "previous": 0, "change_pct": None, "per_day": 0.0}
    assert empty["valid_share_pct"] is None and empty["period"]["label"] == "2020年3月"


async def test_mom_compares_with_the_period_just_before_of_the_same_length(
    session, station, client, as_
):
    s, v = station.tree.station, station.tree.village
    days = {  # July 2024 (31 days) against 31 May – 30 June
        date(2024, 5, 30): 1, date(2024, 5, 31): 2, date(2024, 6, 30): 3,
        date(2024, 7, 1): 4, date(2024, 7, 31): 5, date(2024, 8, 1): 6,
    }  # fmt: skip
    await put(session, [incident(s, v, day, "help") for day, n in days.items() for _ in range(n)])

    got = await figures(
        client,
        await as_(station.chief),
        compare="mom",
        **{"from": "2024-07-01", "to": "2024-07-31"},
    )

    assert got["compare"] == "mom"
    assert (got["compared_with"]["from"], got["compared_with"]["to"]) == (
        "2024-05-31",
        "2024-06-30",
    )
    assert got["total"] == {"count": 9, "previous": 5, "change_pct": 80.0, "per_day": 0.29}
    assert got["summary"].startswith("2024年7月辖区总警情环比上升80%")


async def test_by_category_each_category_is_a_line(session, station, client, as_):
    await known_years(session, station)

    got = await figures(client, await as_(station.chief), group_by="category", **FULL_2024)

    by = {g["key"]: g for g in got["groups"]}
    assert list(by) == list(YEAR_2023)
    assert by["dispute"]["total"] == {
        "count": 3,
        "previous": 11,
        "change_pct": -72.73,
        "per_day": 0.01,
    }
    assert by["dispute"]["valid"] == by["dispute"]["total"] and by["dispute"]["name"] == "纠纷"
    assert by["invalid"]["valid"]["count"] == 0 and by["invalid"]["total"]["count"] == 17
    assert (by["help"]["from"], by["help"]["to"]) == ("2024-01-01", "2024-12-31")


async def test_by_village_of_a_township_lists_its_villages_and_of_the_station_all(
    session, station, client, as_
):
    t = station.tree
    day, before = date(2024, 3, 8), date(2023, 3, 8)
    await put(
        session,
        [incident(t.station, t.village, day, "public_order") for _ in range(3)]
        + [incident(t.station, t.village, before, "public_order") for _ in range(2)]
        + [incident(t.station, t.village, day, "invalid")]
        + [incident(t.station, station.village3, day, "dispute") for _ in range(2)]
        + [incident(t.station, t.station, day, "help")]  # place not known below the station
        + [incident(station.neighbour, station.neighbour_village, day, "help")],  # not ours
    )
    chief = await as_(station.chief)

    township = await figures(client, chief, group_by="village", area_id=t.township.id, **FULL_2024)
    whole = await figures(client, chief, group_by="village", **FULL_2024)

    assert [(g["key"], g["name"]) for g in township["groups"]] == [
        (t.village.id, "上坊村"),
        (t.other_village.id, "桐坑源村"),
    ]
    shangfang = township["groups"][0]
    assert shangfang["total"] == {"count": 4, "previous": 2, "change_pct": 100.0, "per_day": 0.01}
    assert shangfang["valid"]["count"] == 3 and shangfang["valid"]["change_pct"] == 50.0
    assert township["groups"][1]["total"]["count"] == 0  # a village with none is still a line
    assert township["total"]["count"] == 4
    assert [g["name"] for g in whole["groups"]] == [
        "上坊村", "桐坑源村", "姜家村", "未定位到村的警情",
    ]  # fmt: skip
    assert [g["total"]["count"] for g in whole["groups"]] == [4, 0, 2, 1]
    assert whole["groups"][-1]["key"] is None
    assert whole["total"]["count"] == 7  # the neighbouring station's 警情 are not ours


async def test_by_township_sums_its_villages(session, station, client, as_):
    t = station.tree
    day = date(2024, 9, 1)
    await put(
        session,
        [incident(t.station, t.village, day, "traffic")]
        + [incident(t.station, t.other_village, day, "traffic") for _ in range(2)]
        + [incident(t.station, station.village3, day, "fire")]
        + [incident(t.station, station.village3, date(2023, 9, 1), "fire") for _ in range(4)],
    )

    got = await figures(client, await as_(station.chief), group_by="township", **FULL_2024)

    assert [(g["name"], g["total"]["count"], g["total"]["previous"]) for g in got["groups"]] == [
        ("大墅镇", 3, 0),
        ("姜家镇", 1, 4),
    ]
    assert got["groups"][1]["total"]["change_pct"] == -75.0


async def test_by_month_each_month_against_last_year_or_the_month_before(
    session, station, client, as_
):
    s, v = station.tree.station, station.tree.village
    rows = {
        date(2023, 1, 20): 2, date(2023, 2, 10): 1, date(2023, 12, 5): 4,
        date(2024, 1, 5): 1, date(2024, 1, 20): 3, date(2024, 2, 10): 2, date(2024, 2, 29): 1,
        date(2024, 3, 1): 5, date(2024, 3, 30): 1,
    }  # fmt: skip
    await put(session, [incident(s, v, day, "help") for day, n in rows.items() for _ in range(n)])
    chief = await as_(station.chief)
    q1 = {"from": "2024-01-15", "to": "2024-03-29"}

    yoy = await figures(client, chief, group_by="month", **q1)
    mom = await figures(client, chief, group_by="month", compare="mom", **q1)

    assert [(g["key"], g["name"], g["from"], g["to"]) for g in yoy["groups"]] == [
        ("2024-01", "2024年1月", "2024-01-15", "2024-01-31"),
        ("2024-02", "2024年2月", "2024-02-01", "2024-02-29"),
        ("2024-03", "2024年3月", "2024-03-01", "2024-03-29"),
    ]
    assert [(g["total"]["count"], g["total"]["previous"]) for g in yoy["groups"]] == [
        (3, 2),  # 15–31 January: the 20th both years (the 5th is before the period)
        (3, 1),
        (5, 0),
    ]
    assert yoy["groups"][1]["total"]["per_day"] == 0.1  # 3 over 29 days
    # 环比: 15–31 January against 15–31 December, February against January, 1–29 March
    # against 1–29 February (the 29th of February is the 29th).
    assert [(g["total"]["count"], g["total"]["previous"]) for g in mom["groups"]] == [
        (3, 0),
        (3, 4),
        (5, 3),
    ]
    assert mom["total"]["count"] == 11


async def test_the_default_period_is_this_year_to_date(session, station, client, as_):
    today = clock.now().astimezone(SHANGHAI).date()
    s, v = station.tree.station, station.tree.village
    await put(
        session,
        [
            incident(s, v, date(today.year, 1, 1), "help", hour=0),  # the year's first minutes
            incident(s, v, date(today.year - 1, 12, 31), "help", hour=23),  # last year's last
            incident(s, v, date(today.year - 1, 1, 1), "help"),
        ],
    )

    got = await figures(client, await as_(station.chief))

    assert (got["period"]["from"], got["period"]["to"]) == (
        f"{today.year}-01-01",
        today.isoformat(),
    )
    last_day_too = 1 if (today.month, today.day) == (12, 31) else 0
    assert got["total"]["count"] == 1 and got["total"]["previous"] == 1 + last_day_too
    assert got["group_by"] == "category" and got["compare"] == "yoy"
    ahead = (today + timedelta(days=30)).isoformat()
    later = await figures(client, await as_(station.chief), to=ahead)
    assert later["period"]["to"] == today.isoformat()  # the days not yet lived are not counted


async def test_bad_requests_are_refused_with_the_field_at_fault(station, client, as_):
    chief = await as_(station.chief)
    url = "/api/v1/statistics/incidents"

    async def refused(params: dict) -> dict:
        response = await client.get(url, params=params, headers=chief)
        assert response.status_code == 422, response.text
        return response.json()

    assert (await refused({"from": "2024-05-01", "to": "2024-04-30"}))["error"] == "BadPeriod"
    assert (await refused({"from": "2099-01-01"}))["fields"] == {
        "from": "统计时段有误：起始日期不能晚于截止日期或今天，时段最长三年"
    }
    assert (await refused({"from": "2019-01-01", "to": "2024-01-01"}))["error"] == "BadPeriod"
    assert (await refused({"from": "2024-13-01"}))["error"] == "ValidationFailed"
    assert (await refused({"group_by": "household"}))["error"] == "ValidationFailed"
    assert (await refused({"compare": "qoq"}))["error"] == "ValidationFailed"
    too_coarse = await refused({"group_by": "township", "area_id": station.tree.village.id})
    assert too_coarse["error"] == "GroupTooCoarse"
    grid = await refused({"area_id": station.tree.micro_grid.id})
    assert grid["error"] == "AreaTooFine"
