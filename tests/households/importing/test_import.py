"""Importing a village register: the per-row report, upserts, bad rows kept apart."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from jinghutong.models import Household, HouseholdTag

HEADER = ["微网格", "门牌地址", "户主姓名", "人口数", "标签", "纬度", "经度"]


def rows(*data: list[object]) -> list[list[object]]:
    return [HEADER, *data]


async def household_count(session) -> int:
    return await session.scalar(select(func.count()).select_from(Household))


async def test_a_register_is_imported_and_importing_it_again_changes_nothing(
    upload, make_xlsx, session, client, office
):
    content = make_xlsx(
        rows(
            ["第1微网格", "上坊村下坞12号", "方桂英", 2, "独居老人、重点关注", 29.6012, 118.9034],
            ["上坊村第1微网格", "上坊村下坞13号", "方有才", 3, None, None, None],
            [
                "第1微网格",
                "上坊村下坞14号",
                "方大山",
                None,
                "留守儿童,空巢老人；低保户",
                None,
                None,
            ],
        )
    )

    first = (await upload(content)).json()
    second = (await upload(content)).json()

    assert (first["created"], first["updated"], first["unchanged"], first["rejected"]) == (
        3,
        0,
        0,
        0,
    )
    assert (second["created"], second["updated"], second["unchanged"], second["rejected"]) == (
        0,
        0,
        3,
        0,
    )
    assert await household_count(session) == 3
    listed = (
        await client.get("/api/v1/households", headers=office.headers, params={"tag": "低保户"})
    ).json()
    [item] = listed["items"]
    assert (item["address"], item["member_count"]) == ("上坊村下坞14号", 1)
    assert sorted(item["tags"]) == ["低保户", "留守儿童", "空巢老人"]


async def test_changed_rows_update_and_blank_cells_keep_what_is_stored(upload, make_xlsx, session):
    await upload(make_xlsx(rows(["第1微网格", "下坞12号", "方桂英", 2, "独居老人", 29.6, 118.9])))

    report = (
        await upload(make_xlsx(rows(["第1微网格", "下坞12号", "方桂花", None, None, None, None])))
    ).json()

    assert (report["created"], report["updated"]) == (0, 1)
    stored = await session.scalar(select(Household).execution_options(populate_existing=True))
    assert (stored.head_name, stored.member_count, stored.lat) == ("方桂花", 2, 29.6)
    assert await session.scalar(select(HouseholdTag.tag)) == "独居老人"


async def test_bad_rows_are_reported_and_good_rows_kept(upload, make_xlsx, session):
    report = (
        await upload(
            make_xlsx(
                rows(
                    ["第1微网格", "好1号", "方桂英", 2, None, None, None],
                    ["第1微网格", "坏2号", None, 2, None, None, None],
                    ["第1微网格", "坏3号", "方三", "三口", None, 91, 118.9],
                    ["第9微网格", "坏4号", "方四", 1, None, None, None],
                    ["第1微网格", '=HYPERLINK("http://evil","点我")', "方五", 1, None, None, None],
                    ["第1微网格", "坏6号", "@SUM(A1)", 1, "-cmd", None, None],
                    ["桐坑源村第1微网格", "坏7号", "方七", 1, None, None, None],
                    ["第1微网格", "好8号", "方八", 1, None, 29.6, None],
                    ["第1微网格", "好9号", "方九", 1, "标" * 21, None, None],
                )
            )
        )
    ).json()

    assert (report["created"], report["rejected"]) == (1, 8)
    errors = {(e["row"], e["field"]) for e in report["errors"]}
    assert errors == {
        (3, "户主姓名"),
        (4, "人口数"),
        (4, "纬度"),
        (5, "微网格"),
        (6, "门牌地址"),
        (7, "户主姓名"),
        (7, "标签"),
        (8, "微网格"),
        (9, "经度"),
        (10, "标签"),
    }
    details = {(e["row"], e["field"]): e["detail"] for e in report["errors"]}
    assert "公式" in details[(6, "门牌地址")]
    assert details[(3, "户主姓名")] == "必须填写"
    assert "第9微网格" in details[(5, "微网格")]
    assert await household_count(session) == 1


async def test_a_duplicate_row_names_the_first_one(upload, make_xlsx, session):
    report = (
        await upload(
            make_xlsx(
                rows(
                    ["第1微网格", "下坞12号", "方桂英", 2, None, None, None],
                    ["第1微网格", "下坞13号", "方有才", 2, None, None, None],
                    ["上坊村第1微网格", "下坞１２号", "方桂英", 2, None, None, None],
                )
            )
        )
    ).json()

    assert (report["created"], report["rejected"]) == (2, 1)
    [error] = report["errors"]
    assert (error["row"], error["field"]) == (4, "门牌地址")
    assert "第 2 行" in error["detail"]
    assert await household_count(session) == 2


async def test_headers_are_matched_tolerantly_and_unknown_columns_ignored(upload, make_csv):
    content = make_csv(
        [
            ["　微 网 格 ", "门牌地址（必填）", "*户主姓名", "人口数", "备注"],
            ["第1微网格", "下坞12号", "方桂英", "2", "无"],
        ],
        encoding="gb18030",
    )
    report = (await upload(content, name="户籍.csv")).json()

    assert report["created"] == 1
    assert report["warnings"] == ["第 5 列「备注」不是导入的列，已忽略"]


async def test_utf8_csv_with_bom_from_excel(upload, make_csv):
    content = make_csv(rows(["第1微网格", "下坞12号", "方桂英", "2", "独居老人", "29.6", "118.9"]))
    report = (await upload(content, name="户籍.csv")).json()
    assert report["created"] == 1


async def test_missing_columns_are_named(upload, make_xlsx):
    response = await upload(
        make_xlsx([["微网格", "地址 ", "人口数"], ["第1微网格", "下坞12号", 2]])
    )

    assert response.status_code == 422
    assert response.json()["error"] == "MissingColumns"
    assert "户主姓名" in response.json()["detail"]
    assert "门牌地址" not in response.json()["detail"]  # "地址" is accepted for it


async def test_importing_into_a_micro_grid_needs_no_micro_grid_column(upload, make_xlsx, office):
    content = make_xlsx([["门牌地址", "户主姓名"], ["下坞12号", "方桂英"]])
    report = (await upload(content, area_id=office.tree.micro_grid.id)).json()
    assert report["created"] == 1


async def test_dry_run_reports_but_writes_nothing(upload, make_xlsx, session):
    report = (
        await upload(
            make_xlsx(rows(["第1微网格", "下坞12号", "方桂英", 2, None, None, None])),
            dry_run="true",
        )
    ).json()

    assert (report["created"], report["dry_run"]) == (1, True)
    assert await household_count(session) == 0


async def test_only_staff_with_register_rights_over_the_area_may_import(
    upload, make_xlsx, office, client, session
):
    content = make_xlsx(rows(["第1微网格", "下坞12号", "方桂英", 2, None, None, None]))
    other = await upload(content, area_id=office.tree.other_village.id)
    assert other.status_code == 404
    invented = await upload(content, area_id="01JNOSUCHAREA000000000000")
    assert invented.status_code == 404
    anonymous = await client.post(
        "/api/v1/households/import",
        files={"file": ("a.xlsx", content)},
        data={"area_id": office.tree.village.id},
    )
    assert anonymous.status_code == 401
    missing = await client.post(
        "/api/v1/households/import",
        headers=office.headers,
        data={"area_id": office.tree.village.id},
    )
    assert missing.status_code == 422
    assert await household_count(session) == 0


async def test_the_template_downloads_and_imports(client, upload):
    response = await client.get("/api/v1/households/import-template.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")

    empty = await upload(response.content)
    assert empty.status_code == 422
    assert "没有数据" in empty.json()["detail"]

    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER
    book.worksheets[0].append(["第1微网格", "下坞12号", "方桂英", 2, "独居老人", 29.6, 118.9])
    filled = io.BytesIO()
    book.save(filled)
    assert (await upload(filled.getvalue())).json()["created"] == 1
