"""户籍: the register of one's area (search, one household with its members and visits), the
import of a register file with its per-row report, and the printed matter of a village."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from jinghutong.models import AuditEvent, Household
from support.console import csrf_of
from support.factories import join, make_household, make_person
from support.spreadsheets import xlsx_bytes
from support.visits import Phones

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["微网格", "门牌地址", "户主姓名", "人口数", "标签"]


async def upload(
    browser,
    content: bytes,
    area_id: str,
    *,
    mode: str = "import",
    name: str = "户籍.xlsx",
    kind: str = XLSX,
    htmx: bool = False,
    token: str | None = "page",
):
    """The import form as the browser sends it (multipart, the CSRF token of the form's page)."""
    data = {"area_id": area_id, "mode": mode}
    if token == "page":
        data["csrf_token"] = csrf_of((await browser.get("/households/import")).text)
    headers = {"HX-Request": "true"} if htmx else {}
    files = {"file": (name, content, kind)}
    return await browser.http.post(
        "/console/households/import", data=data, files=files, headers=headers
    )


async def count(session, *where) -> int:
    return int(await session.scalar(select(func.count(Household.id)).where(*where)) or 0)


@pytest.fixture
async def homes(session, station):
    """Two households of 上坊村 (one with members) and one of 桐坑源村."""
    tree = station.tree
    first = await make_household(session, tree.micro_grid, "上坊村下坞12号", "方桂英")
    second = await make_household(session, tree.micro_grid, "上坊村上坞7号", "余德明")
    other = await make_household(session, tree.other_micro_grid, "桐坑源村1号", "周明")
    wife = await make_person(session, "方桂英", phone="13905710001")
    son = await make_person(session, "程小军", phone="13905710002")
    await join(session, wife, first)
    (await join(session, son, first, status="pending")).relation = "子女"
    await session.flush()
    return first, second, other


# -- the list and one household ----------------------------------------------------------------


async def test_the_list_shows_the_households_in_scope_and_searches(console_login, homes, station):
    officer = await console_login("minjing")  # over 上坊村 only
    admin = await console_login("guanli")  # the station

    mine = (await officer.get("/households")).text
    everyone = (await admin.get("/households")).text
    found = (await admin.get("/households", params={"q": "上坞"})).text
    by_head = (await admin.get("/households", params={"q": "周明"})).text
    one_village = (
        await admin.get("/households", params={"village_id": station.tree.other_village.id})
    ).text
    nothing = (await admin.get("/households", params={"q": "不存在的门牌"})).text

    assert "上坊村下坞12号" in mine and "桐坑源村1号" not in mine
    assert "上坊村第1微网格" in mine
    assert "上坊村下坞12号" in everyone and "桐坑源村1号" in everyone
    assert "上坊村上坞7号" in found and "上坊村下坞12号" not in found
    assert "桐坑源村1号" in by_head and "上坊村" not in by_head.split("<tbody>")[1]
    assert "桐坑源村1号" in one_village and "上坊村下坞12号" not in one_village
    assert "没有找到门牌地址或户主姓名含“不存在的门牌”的户" in nothing
    assert 'href="/console/households/import"' in mine  # a 防区民警 keeps the register


async def test_one_household_shows_its_members_with_phones_masked(console_login, homes):
    first, _, _ = homes
    police = await console_login("cunjing")

    page = (await police.get(f"/households/{first.id}")).text

    assert "上坊村下坞12号" in page and "户主 方桂英" in page
    assert "上坊村 › 上坊村第一网格 › 上坊村第1微网格" in page
    assert "程小军" in page and "子女" in page and "待审核" in page
    assert "139****0001" in page and "139****0002" in page
    assert "13905710001" not in page and "13905710002" not in page
    assert f"/console/households/print/{first.area_id}/plates.pdf" in page
    assert 'href="/console/static/print.css?v=' in page and "data-print" in page


async def test_one_household_shows_its_visits(console_login, homes, station, client, device):
    first, second, _ = homes
    phones = Phones(client, device)
    await phones.visited(
        station.village_police, household_ids=[first.id], topics=["care"], text="老人身体还好"
    )
    await phones.visited(station.village_police, household_ids=[second.id], topics=["policy"])
    officer = await console_login("minjing")

    page = (await officer.get(f"/households/{first.id}")).text

    assert "走访记录" in page and "关爱帮扶" in page and "老人身体还好" in page
    assert "邵村警（村警）" in page
    assert "政策宣传" not in page  # the other household's visit


async def test_another_villages_officer_gets_not_found(console_login, homes, station):
    first, _, _ = homes
    other = await console_login("minjing2")  # over 桐坑源村

    page = await other.get(f"/households/{first.id}")
    unknown = await other.get("/households/not-an-id")
    plates = await other.get(f"/households/print/{station.tree.micro_grid.id}/plates.pdf")
    board = await other.get(f"/households/print/{station.tree.micro_grid.id}/signboard.pdf")
    village = await other.get("/households", params={"village_id": station.tree.village.id})

    assert page.status_code == 404 and "找不到这一户" in page.text and "<html" in page.text
    assert unknown.status_code == 404
    assert plates.status_code == 404 and board.status_code == 404
    assert village.status_code == 422 and "不在您的管辖范围内" in village.text


async def test_without_a_session_the_page_asks_for_the_login(anonymous, homes):
    first, _, _ = homes
    for path in ("/households", f"/households/{first.id}", "/households/print"):
        response = await anonymous.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/login?next=/console/households")


async def test_a_role_without_the_page_gets_the_403_page(console_login, homes):
    first, _, _ = homes
    duty = await console_login("zhiban")  # the duty room has no 户籍 page

    for path in ("/households", f"/households/{first.id}", "/households/import"):
        response = await duty.get(path)
        assert response.status_code == 403 and "您的岗位无权打开「户籍」页面" in response.text
    menu = (await duty.get("/desk")).text
    assert 'href="/console/households"' not in menu


async def test_bad_search_input_is_refused_in_chinese(console_login):
    admin = await console_login("guanli")
    response = await admin.get("/households", params={"q": "长" * 51})
    assert response.status_code == 422 and "搜索内容太长了" in response.text


# -- the import ---------------------------------------------------------------------------------


async def test_a_register_is_checked_then_imported_with_its_report(console_login, session, station):
    police = await console_login("cunjing")
    village = station.tree.village.id
    content = xlsx_bytes(
        [
            HEADER,
            ["第1微网格", "上坊村新屋1号", "叶美华", 3, "独居老人"],
            ["第1微网格", "上坊村新屋2号", "叶根土", 2, ""],
        ]
    )

    form = (await police.get("/households/import")).text
    checked = await upload(police, content, village, mode="check")
    after_check = await count(session, Household.address.like("上坊村新屋%"))
    imported = await upload(police, content, village)
    again = await upload(police, content, village)

    assert "上坊村第1微网格" in form and 'enctype="multipart/form-data"' in form
    assert 'href="/console/households/import-template.xlsx"' in form
    assert checked.status_code == 200 and "检查结果（未写入）" in checked.text
    assert re.search(r"可新增 <b>2</b> 户", checked.text)
    assert after_check == 0
    assert imported.status_code == 200 and "导入结果" in imported.text
    assert re.search(r"新增 <b>2</b> 户", imported.text)
    assert await count(session, Household.address.like("上坊村新屋%")) == 2
    assert re.search(r"未变 <b>2</b> 户", again.text)
    listed = (await police.get("/households", params={"q": "新屋"})).text
    assert "叶美华" in listed and "独居老人" in listed


async def test_bad_rows_and_unknown_columns_are_reported_row_by_row(
    console_login, session, station
):
    police = await console_login("cunjing")
    content = xlsx_bytes(
        [
            [*HEADER, "备注"],
            ["第1微网格", "上坊村新屋1号", "叶美华", 3, "", "好"],
            ["第1微网格", "", "叶根土", 2, "", ""],
            ["第9微网格", "上坊村新屋3号", "叶三", 1, "", ""],
            ["第1微网格", "上坊村新屋4号", "叶四", "很多", "", ""],
        ]
    )

    response = await upload(police, content, station.tree.village.id, htmx=True)

    assert response.status_code == 200 and "<html" not in response.text  # the partial
    text = response.text
    assert "第 6 列「备注」不是导入的列，已忽略" in text
    assert re.search(r"新增 <b>1</b> 户", text) and re.search(r"未导入 <b>3</b> 行", text)
    for row, column in ((3, "门牌地址"), (4, "微网格"), (5, "人口数")):
        assert re.search(rf"第 {row} 行</td><td[^>]*>{column}</td>", text), (row, column)
    assert await count(session, Household.address.like("上坊村新屋%")) == 1


async def test_wrong_columns_are_refused_and_nothing_is_imported(console_login, session, station):
    police = await console_login("cunjing")
    content = xlsx_bytes([["编号", "住址", "姓名"], [1, "上坊村新屋1号", "叶美华"]])

    page = await upload(police, content, station.tree.village.id)
    in_place = await upload(police, content, station.tree.village.id, htmx=True)

    assert page.status_code == 422 and "表格缺少必需的列：微网格、户主姓名" in page.text
    assert in_place.status_code == 422 and in_place.headers["hx-retarget"] == "#flash"
    assert await count(session, Household.address == "上坊村新屋1号") == 0


async def test_a_forged_file_is_refused_in_chinese_and_nothing_is_imported(
    console_login, session, station
):
    police = await console_login("cunjing")
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    before = await count(session)

    renamed = await upload(police, picture, station.tree.village.id, name="户籍.xlsx")
    as_csv = await upload(
        police, picture, station.tree.village.id, name="户籍.csv", kind="text/csv"
    )
    old_excel = await upload(
        police, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, station.tree.village.id,
        name="户籍.xls",
    )  # fmt: skip

    assert renamed.status_code == 415
    assert "文件不是有效的 Excel 表格" in renamed.text and "<html" in renamed.text
    assert as_csv.status_code == 415 and "只支持 Excel（.xlsx）或 CSV 文件" in as_csv.text
    assert old_excel.status_code == 415 and "旧版 Excel（.xls）" in old_excel.text
    assert await count(session) == before


async def test_bad_import_input_is_refused_in_chinese(console_login, station):
    police = await console_login("cunjing")
    content = xlsx_bytes([HEADER, ["第1微网格", "上坊村新屋1号", "叶美华", 3, ""]])
    token = csrf_of((await police.get("/households/import")).text)

    no_area = await upload(police, content, "")
    no_file = await police.http.post(
        "/console/households/import",
        data={"area_id": station.tree.village.id, "mode": "import", "csrf_token": token},
    )
    bad_mode = await upload(police, content, station.tree.village.id, mode="delete")

    assert no_area.status_code == 422 and "请选择导入到哪个村或微网格" in no_area.text
    assert no_file.status_code == 422 and "请选择要导入的户籍表" in no_file.text
    assert bad_mode.status_code == 422


async def test_an_import_without_the_csrf_token_is_refused(console_login, session, station):
    police = await console_login("cunjing")
    content = xlsx_bytes([HEADER, ["第1微网格", "上坊村新屋1号", "叶美华", 3, ""]])

    response = await upload(police, content, station.tree.village.id, token=None)

    assert response.status_code == 403 and "没有通过安全校验" in response.text
    assert await count(session, Household.address == "上坊村新屋1号") == 0


async def test_only_register_keepers_over_the_area_import(console_login, session, station):
    content = xlsx_bytes([HEADER, ["第1微网格", "桐坑源村新屋1号", "叶美华", 3, ""]])
    chief = await console_login("suozhang")  # sees the station, keeps no register
    officer = await console_login("minjing")  # over 上坊村, not 桐坑源村

    refused = await upload(chief, content, station.tree.village.id)
    elsewhere = await upload(officer, content, station.tree.other_village.id)

    assert refused.status_code == 403 and "只有村警、防区民警或管理员可以修改" in refused.text
    assert elsewhere.status_code == 404
    assert await count(session, Household.address == "桐坑源村新屋1号") == 0
    assert 'href="/console/households/import"' not in (await chief.get("/households")).text


async def test_the_template_downloads_and_imports_as_it_is(console_login, station):
    police = await console_login("cunjing")

    template = await police.get("/households/import-template.xlsx")
    imported = await upload(police, template.content, station.tree.village.id, mode="check")

    assert template.status_code == 200 and template.headers["content-type"] == XLSX
    assert "attachment" in template.headers["content-disposition"]
    assert imported.status_code == 422 and "没有数据行" in imported.text  # headers only


# -- the printed matter -------------------------------------------------------------------------


async def test_the_print_page_lists_the_villages_matter(console_login, homes, station):
    officer = await console_login("minjing")  # one village: chosen at once
    tree = station.tree

    page = (await officer.get("/households/print")).text

    assert "上坊村 打印材料" in page and "上坊村第1微网格" in page and "2 户" in page
    for link in (
        f"/households/print/{tree.village.id}/plates.pdf",
        f"/households/print/{tree.village.id}/watch-map.pdf",
        f"/households/print/{tree.micro_grid.id}/plates.pdf",
        f"/households/print/{tree.micro_grid.id}/signboard.pdf",
    ):
        assert f'href="/console{link}"' in page
    assert "桐坑源村第1微网格" not in page
    assert "发放登记" in page and "data-print" in page


async def test_the_print_page_refuses_a_village_outside_the_scope(console_login, station):
    officer = await console_login("minjing")
    admin = await console_login("guanli")
    refused = await officer.get(
        "/households/print", params={"village_id": station.tree.other_village.id}
    )
    pick = (await admin.get("/households/print")).text
    assert refused.status_code == 422 and "不在您的管辖范围内" in refused.text
    assert "请选择一个村" in pick and "桐坑源村" in pick


async def test_plates_sign_board_and_map_are_pdfs_and_the_phones_are_audited(
    console_login, homes, session, station
):
    officer = await console_login("minjing")
    tree = station.tree

    plates = await officer.get(f"/households/print/{tree.micro_grid.id}/plates.pdf")
    village_plates = await officer.get(f"/households/print/{tree.village.id}/plates.pdf")
    board = await officer.get(f"/households/print/{tree.micro_grid.id}/signboard.pdf")
    watch = await officer.get(f"/households/print/{tree.village.id}/watch-map.pdf")

    for response in (plates, village_plates, board, watch):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response.headers["content-disposition"].startswith("inline")
    actions = set(
        await session.scalars(
            select(AuditEvent.action).where(AuditEvent.actor_id == station.officer.id)
        )
    )
    assert {"print_signboard", "print_watch_map"} <= actions


async def test_printing_at_the_wrong_level_says_what_can_be_printed(console_login, station):
    officer = await console_login("minjing")
    board = await officer.get(f"/households/print/{station.tree.village.id}/signboard.pdf")
    watch = await officer.get(f"/households/print/{station.tree.micro_grid.id}/watch-map.pdf")
    assert board.status_code == 422 and "公示牌只能按微网格打印" in board.text
    assert watch.status_code == 422 and "邻里守望示意图只能按行政村打印" in watch.text
