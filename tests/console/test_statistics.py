"""统计: the dashboard's numbers are the API's for the same parameters (read back from the
page's chart JSON and its tables), the resolution tab's too, the workbooks are the API's;
an area outside one's scope is the 403 page, a bad period a Chinese message, a role without
the page 403; the import of 110 history through the page (check, import, its report; a file
with wrong columns refused whole in the report's place, nothing written); the printable
report. The 警情 are loaded through the API's own import (`POST /api/v1/incidents/import`)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from support.auth import bearer, password_login
from support.console import csrf_of
from support.factories import STAFF_PASSWORD
from support.figures import sheets
from support.spreadsheets import xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = [
    "警情号",
    "报警时间",
    "类别",
    "细类",
    "管辖单位",
    "地址",
    "处理结果",
    "处警时间",
    "到达时间",
]
FULL_2024 = {"from": "2024-01-01", "to": "2024-12-31", "compare": "yoy"}
# (year, 管辖单位, 类别, how many): 2023 → 2024 total 16 → 11, 治安 8 → 7, 纠纷 4 → 1.
PLAN = [
    (2023, "上坊村", "治安案件", 5), (2023, "上坊村", "纠纷", 4), (2023, "上坊村", "无效报警", 1),
    (2023, "桐坑源村", "治安案件", 3), (2023, "桐坑源村", "求助", 2),
    (2023, "测试派出所", "交通事故", 1),
    (2024, "上坊村", "治安案件", 4), (2024, "上坊村", "纠纷", 1), (2024, "上坊村", "无效报警", 2),
    (2024, "桐坑源村", "治安案件", 3), (2024, "桐坑源村", "求助", 1),
]  # fmt: skip


def history(plan: list[tuple[int, str, str, int]], prefix: str = "J") -> bytes:
    rows: list[list[object]] = [HEADER]
    n = 0
    for year, unit, kind, many in plan:
        for _ in range(many):
            n += 1
            month, day, minute = 1 + n % 12, 1 + n % 27, n % 50
            at = f"{year}-{month:02d}-{day:02d} 10:{minute:02d}:00"
            accepted = f"{year}-{month:02d}-{day:02d} 10:{minute + 2 + n % 5:02d}:00"
            arrived = f"{year}-{month:02d}-{day:02d} 11:{minute + n % 7:02d}:00"
            rows.append(
                [f"{prefix}{year}{n:05d}", at, kind, "", unit, "", "已处理", accepted, arrived]
            )
    return xlsx_bytes(rows)


async def api_headers(client, username: str) -> dict[str, str]:
    return bearer(await password_login(client, username, STAFF_PASSWORD))


@pytest.fixture
async def imported(client, station) -> dict[str, str]:
    """Two years of 110 history imported by the chief through the API; the chief's headers."""
    headers = await api_headers(client, "suozhang")
    response = await client.post(
        "/api/v1/incidents/import",
        files={"file": ("110.xlsx", history(PLAN), XLSX)},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["created"] == sum(n for *_, n in PLAN)
    return headers


async def api(client, headers, route: str, **params: str) -> Any:
    response = await client.get(f"/api/v1/statistics/{route}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def charts(page: str) -> dict[str, Any]:
    """The page's charts, as the browser's script reads them (data-chart JSON by element id)."""
    found = re.findall(r'id="chart-(\w+)" data-chart=\'([^\']*)\'', page)
    return {name: json.loads(html.unescape(spec)) for name, spec in found}


def number(cell: str) -> float | int | None:
    """A cell's number: its data-value when it has one (a change or a share), else its text."""
    value = re.search(r'data-value="([^"]*)"', cell)
    text = value.group(1) if value else re.sub(r"<[^>]+>", "", cell).strip()
    if text in ("", "—"):
        return None
    return float(text) if "." in text else int(text)


def table_rows(page: str, table_class: str, key: str = "data-key") -> dict[str, dict[str, Any]]:
    """{row key: {data-field: number}} of the table with `table_class`."""
    table = re.search(rf'<table class="list {table_class}".*?</table>', page, re.S)
    assert table, f"no table {table_class}"
    rows: dict[str, dict[str, Any]] = {}
    for row_key, body in re.findall(rf'<tr {key}="([^"]*)"[^>]*>(.*?)</tr>', table.group(0), re.S):
        cells = re.findall(r'<td class="num" data-field="([\w-]+)">(.*?)</td>', body, re.S)
        rows[row_key] = {field: number(cell) for field, cell in cells}
    return rows


# -- the dashboard against the API ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("suozhang", FULL_2024),
        ("suozhang", {"from": "2024-03-01", "to": "2024-08-31", "compare": "mom"}),
        ("minjing", FULL_2024),  # an officer: their village, chosen for them
        ("guanli", {**FULL_2024, "area": "township"}),
    ],
)
async def test_the_dashboard_shows_the_apis_figures(
    console_login, client, station, imported, who, params
):
    params = dict(params)
    if params.pop("area", None) == "township":
        params["area_id"] = station.tree.township.id
    browser = await console_login(who)
    headers = await api_headers(client, who)

    page = await browser.get("/statistics", params=params)
    by_village = await api(client, headers, "incidents", group_by="village", **params)
    by_month = await api(client, headers, "incidents", group_by="month", **params)

    assert page.status_code == 200, page.text
    text = page.text
    if who == "minjing":
        assert by_village["area"]["name"] == "上坊村"
        assert f'<option value="{station.tree.village.id}" selected>' in text
    assert html.escape(by_village["summary"], quote=False) in text
    drawn = charts(text)
    overall = [by_village[k] for k in ("total", "valid", "invalid")]
    assert drawn["overall"]["now"] == [f["count"] for f in overall]
    assert drawn["overall"]["before"] == [f["previous"] for f in overall]
    assert drawn["overall"]["change"] == [f["change_pct"] for f in overall]
    valid = [c for c in by_village["categories"] if c["valid"]]
    assert drawn["categories"]["labels"] == [c["name"] for c in valid]
    assert drawn["categories"]["now"] == [c["count"] for c in valid]
    assert drawn["categories"]["change"] == [c["change_pct"] for c in valid]
    assert drawn["months"]["now"] == [g["total"]["count"] for g in by_month["groups"]]
    assert drawn["months"]["before"] == [g["total"]["previous"] for g in by_month["groups"]]
    assert drawn["months"]["valid"] == [g["valid"]["count"] for g in by_month["groups"]]

    categories = table_rows(text, "categories", "data-code")
    for c in by_village["categories"]:
        row = categories[c["code"]]
        assert (row["count"], row["previous"], row["change"], row["share"]) == (
            c["count"], c["previous"], c["change_pct"], c["share_pct"],
        )  # fmt: skip
    assert categories["valid"]["share"] == by_village["valid_share_pct"]

    places = table_rows(text, "places")
    assert len(places) == len(by_village["groups"]) + 1  # and the 合计 line
    for g in by_village["groups"]:
        row = places[g["key"] or ""]
        assert (row["total"], row["total-previous"], row["total-change"]) == (
            g["total"]["count"], g["total"]["previous"], g["total"]["change_pct"],
        )  # fmt: skip
        assert (row["valid"], row["valid-change"]) == (
            g["valid"]["count"],
            g["valid"]["change_pct"],
        )
        expected = (
            round(g["valid"]["count"] * 100 / g["total"]["count"], 2)
            if g["total"]["count"]
            else None
        )
        assert row["valid-share"] == expected
    assert places["total"]["total"] == by_village["total"]["count"]
    assert places["total"]["valid-share"] == by_village["valid_share_pct"]


async def test_the_station_figures_are_the_ones_imported(console_login, imported):
    chief = await console_login("suozhang")

    page = (await chief.get("/statistics", params=FULL_2024)).text

    drawn = charts(page)
    assert drawn["overall"]["now"] == [11, 9, 2] and drawn["overall"]["before"] == [16, 15, 1]
    assert drawn["overall"]["change"] == [-31.25, -40.0, 100.0]
    kpis = dict(re.findall(r'data-kpi="(\w+)">.*?data-field="count">(\d+)<', page, re.S))
    assert kpis == {
        "total": "11",
        "valid": "9",
        "public_order": "7",
        "dispute": "1",
        "invalid": "2",
    }
    assert "2024年辖区总警情同比下降31.25%" in page
    places = {k: v for k, v in table_rows(page, "places").items() if k != "total"}
    assert sorted((v["total"], v["total-previous"]) for v in places.values()) == [
        (0, 1),  # the station's own 交通 of 2023, placed at no village
        (4, 5),  # 桐坑源村
        (7, 10),  # 上坊村
    ]


async def test_the_resolution_tab_shows_the_apis_figures(console_login, client, station, imported):
    chief = await console_login("suozhang")
    headers = await api_headers(client, "suozhang")
    params = {"from": "2024-01-01", "to": "2024-12-31"}

    page = await chief.get("/statistics/resolution", params=params)
    got = await api(client, headers, "resolution", **params)

    assert page.status_code == 200
    times = table_rows(page.text, "times")
    timed = [t for t in got["response_times"][1:] if t["to_accept"]["n"]]
    assert len(timed) == 2 and len(times) == 3  # 合计 and the two villages with 警情
    for t in [got["response_times"][0], *timed]:
        row = times["total" if t["area_id"] is None else t["area_id"]]
        assert (row["accept-p50"], row["accept-p90"]) == (
            t["to_accept"]["p50"],
            t["to_accept"]["p90"],
        )
        assert (row["arrive-p50"], row["whole-p90"]) == (
            t["to_arrive"]["p50"], t["report_to_arrive"]["p90"],
        )  # fmt: skip
    assert times["total"]["accept-p50"] is not None
    for what in ("disputes", "cases"):
        block = re.search(rf'data-levels="{what}">(.*?)</table>', page.text, re.S)
        assert block
        total = re.search(r'data-field="total">(\d+)<', block.group(1))
        assert total and int(total.group(1)) == got[what]["total"]
    petitions = re.search(r'data-field="written">(\d+)<', page.text)
    assert petitions and int(petitions.group(1)) == got["petitions"]["written"]
    assert 'href="/console/statistics/resolution.xlsx?' in page.text


async def test_the_workbooks_are_the_apis(console_login, client, imported):
    chief = await console_login("suozhang")

    for route, params in (
        ("incidents.xlsx", {**FULL_2024, "group_by": "village"}),
        ("incidents.xlsx", {**FULL_2024, "group_by": "month"}),
        ("resolution.xlsx", {"from": "2024-01-01", "to": "2024-12-31"}),
    ):
        mine = await chief.get(f"/statistics/{route}", params=params)
        theirs = await client.get(f"/api/v1/statistics/{route}", params=params, headers=imported)
        assert mine.status_code == 200 and mine.headers["content-type"] == XLSX
        assert mine.headers["content-disposition"] == theirs.headers["content-disposition"]
        assert sheets(mine.content) == sheets(theirs.content)


# -- scope, bad input, roles --------------------------------------------------------------------


async def test_an_area_outside_ones_scope_is_the_403_page(console_login, station, imported):
    officer = await console_login("minjing")  # over 上坊村 only
    elsewhere = {**FULL_2024, "area_id": station.tree.other_village.id}

    for path in ("/statistics", "/statistics/resolution", "/statistics/report"):
        page = await officer.get(path, params=elsewhere)
        assert page.status_code == 403, path
        assert "该区域不在您的管辖范围内，不能查看它的统计" in page.text
        assert "桐坑源村" not in page.text.split("<main", 1)[1]
    workbook = await officer.get("/statistics/incidents.xlsx", params=elsewhere)
    unknown = await officer.get("/statistics", params={"area_id": "01NOSUCHAREA0000000000000"})
    assert workbook.status_code == 403 and "<html" in workbook.text
    assert unknown.status_code == 403

    own = await officer.get("/statistics", params=FULL_2024)
    choices = re.findall(r'<select name="area_id">(.*?)</select>', own.text, re.S)[0]
    assert "上坊村" in choices and "桐坑源村" not in choices


async def test_bad_periods_are_said_in_chinese_above_the_picker(console_login, station):
    chief = await console_login("suozhang")

    async def refused(path: str = "/statistics", **params: str) -> str:
        page = await chief.get(path, params=params)
        assert page.status_code == 422, (params, page.status_code)
        assert 'class="filters stat-picker"' in page.text  # the picker stays, to correct it
        return re.sub(r"<[^>]+>", "", page.text)

    unreadable = await refused(**{"from": "2024-13-01", "to": "2024-12-31"})
    words = await refused(**{"from": "去年", "to": "2024-12-31"})
    backwards = await refused(**{"from": "2024-06-01", "to": "2024-01-31"})
    future = await refused(**{"from": "2999-01-01"})
    too_long = await refused(**{"from": "2019-01-01", "to": "2024-12-31"})
    compare = await refused(compare="week")
    on_resolution = await refused("/statistics/resolution", to="2024-02-30")

    assert "起始日期“2024-13-01”格式不正确：请按“2024-01-01”的格式（年-月-日）填写" in unreadable
    assert "起始日期“去年”格式不正确" in words
    assert "统计时段有误：起始日期不能晚于截止日期或今天" in backwards
    assert "统计时段有误" in future
    assert "时段最长三年" in too_long
    assert "对比方式只能是“同比”或“环比”" in compare
    assert "截止日期“2024-02-30”格式不正确" in on_resolution
    workbook = await chief.get("/statistics/incidents.xlsx", params={"from": "2024-13-01"})
    assert workbook.status_code == 422 and "格式不正确" in workbook.text


async def test_a_role_without_the_page_gets_403(console_login, anonymous, station):
    for username in ("zhiban", "cunjing"):
        browser = await console_login(username)
        for path in ("/statistics", "/statistics/resolution", "/statistics/incidents.xlsx"):
            page = await browser.get(path)
            assert page.status_code == 403, (username, path)
            assert "您的岗位无权打开「统计」页面" in page.text
        assert 'href="/console/statistics"' not in (await browser.get("/cases")).text
    chief = await console_login("suozhang")
    assert 'href="/console/statistics"' in (await chief.get("/cases")).text

    nobody = await anonymous.get("/statistics")
    assert nobody.status_code == 303 and "/console/login" in nobody.headers["location"]


# -- the import ---------------------------------------------------------------------------------


async def upload(
    browser, content: bytes, *, mode: str = "import", name: str = "110.xlsx", htmx: bool = False,
    token: bool = True, station_id: str = "",
):  # fmt: skip
    data = {"mode": mode, "station_id": station_id}
    if token:
        data["csrf_token"] = csrf_of((await browser.get("/statistics/import")).text)
    headers = {"HX-Request": "true"} if htmx else {}
    return await browser.http.post(
        "/console/statistics/import",
        data=data,
        files={"file": (name, content, XLSX)},
        headers=headers,
    )


async def total_2024(browser) -> int:
    return charts((await browser.get("/statistics", params=FULL_2024)).text)["overall"]["now"][0]


async def test_110_history_is_checked_then_imported_and_the_figures_move(
    console_login, station, imported
):
    chief = await console_login("suozhang")
    more = history([(2024, "上坊村", "治安案件", 2), (2024, "上坊村", "骚扰电话", 1)], prefix="K")
    bad = xlsx_bytes(
        [
            HEADER,
            ["K1", "2024-05-01 09:00:00", "治安案件", "", "上坊村", "", "", "", ""],
            ["K1", "2024-05-02 09:00:00", "治安案件", "", "上坊村", "", "", "", ""],  # repeated
            ["K2", "2999-01-01 09:00:00", "治安案件", "", "上坊村", "", "", "", ""],  # future
            ["K3", "2024-05-03 09:00:00", "打架", "", "汾口派出所", "", "", "", ""],  # elsewhere
        ]
    )
    form = (await chief.get("/statistics/import")).text

    checked = await upload(chief, more, mode="check", htmx=True)
    assert await total_2024(chief) == 11  # a check writes nothing
    done = await upload(chief, more)
    after = await total_2024(chief)
    reported = await upload(chief, bad, htmx=True)

    assert 'href="/console/statistics/import-template.xlsx"' in form and "测试派出所" in form
    assert checked.status_code == 200 and 'data-report="dry-run"' in checked.text
    assert "检查结果（未写入）" in checked.text and re.search(r'"created">3<', checked.text)
    assert done.status_code == 200 and 'data-report="done"' in done.text
    assert re.search(r'"created">3<', done.text) and "<nav" in done.text  # the whole page
    assert after == 14
    assert reported.status_code == 200 and 'data-report="done"' in reported.text
    text = re.sub(r"<[^>]+>", "", reported.text)
    assert re.search(r'"rejected">3<', reported.text)
    assert "第 3 行" in text and "与第 2 行重复" in text
    assert "第 4 行" in text and "第 5 行" in text
    assert await total_2024(chief) == 15  # K1, once


async def test_wrong_columns_show_the_report_and_nothing_is_imported(
    console_login, station, imported
):
    chief = await console_login("suozhang")
    wrong = xlsx_bytes([["编号", "时间", "说明"], ["J1", "2024-05-01 09:00", "打架"]])

    in_place = await upload(chief, wrong, htmx=True)
    page = await upload(chief, wrong)
    picture = await upload(chief, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, htmx=True)

    for response in (in_place, page):
        assert response.status_code == 422
        assert 'data-report="refused"' in response.text and "文件未导入" in response.text
        assert "表格缺少必需的列：报警时间、类别、管辖单位" in response.text
    assert "hx-retarget" not in in_place.headers  # shown where the report goes
    assert picture.status_code == 415 and "文件不是有效的 Excel 表格" in picture.text
    assert await total_2024(chief) == 11


async def test_only_the_chief_and_the_admin_import(console_login, station):
    officer = await console_login("minjing")
    content = history([(2024, "上坊村", "治安案件", 1)])

    page = await officer.get("/statistics/import")
    sent = await upload(officer, content, token=False)
    token = csrf_of((await officer.get("/statistics")).text)
    posted = await officer.http.post(
        "/console/statistics/import",
        data={"mode": "import", "csrf_token": token},
        files={"file": ("110.xlsx", content, XLSX)},
    )
    tabs = (await officer.get("/statistics")).text

    assert page.status_code == 403 and "只有本所所长或管理员可以导入 110 警情" in page.text
    assert sent.status_code == 403  # no CSRF token
    assert posted.status_code == 403 and "只有本所所长或管理员可以导入" in posted.text
    assert 'href="/console/statistics/import"' not in tabs
    admin = await console_login("guanli")
    assert (await admin.get("/statistics/import")).status_code == 200


async def test_an_import_without_the_csrf_token_is_refused(console_login, station, imported):
    chief = await console_login("suozhang")

    response = await upload(chief, history([(2024, "上坊村", "治安案件", 1)], "Z"), token=False)

    assert response.status_code == 403 and "没有通过安全校验" in response.text
    assert await total_2024(chief) == 11


async def test_bad_import_input_is_refused_in_chinese(console_login, station):
    chief = await console_login("suozhang")
    token = csrf_of((await chief.get("/statistics/import")).text)

    no_file = await chief.http.post(
        "/console/statistics/import", data={"mode": "import", "csrf_token": token}
    )
    bad_mode = await upload(chief, history([(2024, "上坊村", "治安案件", 1)]), mode="delete")
    only_header = await upload(chief, xlsx_bytes([HEADER]))

    assert no_file.status_code == 422 and "请选择要导入的 110 警情表" in no_file.text
    assert bad_mode.status_code == 422 and "不认识的操作" in bad_mode.text
    assert only_header.status_code == 422 and "只有表头，没有数据行" in only_header.text


async def test_the_template_is_the_apis(console_login, client, station):
    chief = await console_login("suozhang")

    mine = await chief.get("/statistics/import-template.xlsx")
    theirs = await client.get("/api/v1/incidents/import-template.xlsx")

    assert mine.status_code == 200 and mine.headers["content-type"] == XLSX
    assert sheets(mine.content) == sheets(theirs.content)


# -- the printable report -----------------------------------------------------------------------


async def test_the_report_prints_the_figures_of_the_period(console_login, client, imported):
    chief = await console_login("suozhang")

    report = await chief.get("/statistics/report", params=FULL_2024)
    by_village = await api(client, imported, "incidents", group_by="village", **FULL_2024)
    default = await chief.get("/statistics/report")

    assert report.status_code == 200
    assert "测试派出所2024年警情统计报表" in report.text
    assert html.escape(by_village["summary"], quote=False) in report.text
    assert "data-print" in report.text and 'media="print"' in report.text
    assert "四、化解与响应" in report.text
    places = table_rows(report.text, "places")
    assert places["total"]["total"] == 11
    assert default.status_code == 200 and "警情统计月报" in default.text  # the last whole month
