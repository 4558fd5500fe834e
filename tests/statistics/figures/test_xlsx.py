"""The monthly report's workbooks open with openpyxl and say what the JSON says: one sheet per
table, a title in row 1, Chinese headers in row 2, the lines from row 3 (null: an empty cell)."""

from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest

from support.figures import API, figures, incident, put, sheets, spread
from support.incidents import XLSX

YEAR = {"from": "2024-01-01", "to": "2024-12-31"}


def figure(f: dict) -> list:
    return [f["count"], f["previous"], f["change_pct"], f["per_day"]]


async def workbook(client, headers, route: str, **params) -> dict:
    response = await client.get(f"{API}/{route}", params={**YEAR, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert response.headers["cache-control"] == "no-store"
    return {
        "disposition": unquote(response.headers["content-disposition"]),
        **sheets(response.content),
    }


@pytest.mark.parametrize("group_by", ["village", "month"])
async def test_the_incidents_workbook_equals_the_json(session, station, client, as_, group_by):
    t = station.tree
    places = [t.village, t.other_village, station.village3, t.station]
    await put(
        session,
        spread(t.station, places, 2023, {"public_order": 12, "dispute": 9, "invalid": 3})
        + spread(t.station, places, 2024, {"public_order": 10, "dispute": 2, "help": 5}),
    )
    chief = await as_(station.chief)

    data = await figures(client, chief, group_by=group_by, **YEAR)
    book = await workbook(client, chief, "incidents.xlsx", group_by=group_by)

    assert "测试派出所2024年警情统计.xlsx" in book["disposition"]
    group_sheet = {"village": "按村", "month": "按月"}[group_by]
    assert [k for k in book if k != "disposition"] == ["总体", "分类", group_sheet]
    overall = book["总体"]
    assert overall[0][0] == "测试派出所 2024年 警情统计（同比，对比期 2023年）"
    assert overall[1] == ["项目", "本期", "对比期", "增减%", "日均", "有效警情占比%"]
    assert overall[2] == ["总警情", *figure(data["total"]), None]
    assert overall[3] == ["有效警情", *figure(data["valid"]), data["valid_share_pct"]]
    assert overall[4] == ["无效报警", *figure(data["invalid"]), None]
    assert overall[-1][0] == data["summary"]
    assert book["分类"][2:] == [
        [c["name"], "是" if c["valid"] else "否", *figure(c), c["share_pct"]]
        for c in data["categories"]
    ]
    assert book[group_sheet][2:] == [
        [g["name"], g["from"], g["to"], *figure(g["total"]), *figure(g["valid"])]
        for g in data["groups"]
    ]
    assert book[group_sheet][1][0] == {"village": "村", "month": "月份"}[group_by]


async def test_the_resolution_workbook_equals_the_json(session, station, client, as_):
    t = station.tree
    reported = incident(t.station, t.village, date(2024, 5, 1), "help")
    await put(session, [{**reported, "accepted_at": reported["reported_at"].replace(minute=7)}])
    chief = await as_(station.chief)

    response = await client.get(f"{API}/resolution", params=YEAR, headers=chief)
    data = response.json()
    book = await workbook(client, chief, "resolution.xlsx")

    names = ["纠纷化解层级", "案件办结层级", "响应时间", "上报", "所长直通车", "警讯触达"]
    assert [k for k in book if k != "disposition"] == names
    levels = book["纠纷化解层级"]
    assert levels[1] == ["层级", "件数", "占比%"]
    assert levels[2:6] == [
        [x["name"], x["count"], x["share_pct"]] for x in data["disputes"]["levels"]
    ]
    assert levels[-2:] == [
        ["小事不出联户网格（在联户网格化解）", None, None],
        ["大事不出镇（在镇及以下化解）", None, None],
    ]
    times = book["响应时间"]
    assert times[2][:4] == ["合计", 1, 7.0, 7.0]
    assert [row[0] for row in times[2:]] == [line["name"] for line in data["response_times"]]
    assert book["所长直通车"][2] == ["来信", 0] and book["所长直通车"][8] == ["按期答复率%", None]
    reach = book["警讯触达"]
    assert reach[0][0].endswith("警讯触达（发布 0 条）")
    assert reach[2] == ["合计", 0, 0, 0, None, None]
