"""Hostile and broken files: each refused with a clear Chinese reason, nothing written."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from sqlalchemy import func, select

from jinghutong import cli
from jinghutong.households.importing import service
from jinghutong.households.importing.parser import ImportFileTooLarge
from jinghutong.models import Household

HEADER = ["微网格", "门牌地址", "户主姓名"]


async def nothing_written(session) -> bool:
    return await session.scalar(select(func.count()).select_from(Household)) == 0


def zip_with(member: str, size_mb: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A zip whose member inflates to `size_mb` MB of zeros, written a megabyte at a time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as handle:
            block = bytes(1024 * 1024)
            for _ in range(size_mb):
                handle.write(block)
    return out.getvalue()


async def test_random_bytes_named_xlsx_are_not_a_spreadsheet(upload, session):
    response = await upload(os.urandom(4096), name="户籍.xlsx")

    assert response.status_code == 415
    assert response.json()["error"] == "NotASpreadsheet"
    assert "Excel" in response.json()["detail"]
    assert await nothing_written(session)


async def test_binary_junk_named_csv_and_old_xls_are_refused(upload):
    junk = await upload(b"\x00\x01\x02" + os.urandom(2000), name="户籍.csv")
    assert junk.status_code == 415
    xls = await upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), name="户籍.xls")
    assert xls.status_code == 415
    assert ".xls" in xls.json()["detail"]


async def test_a_zip_that_is_not_a_workbook_is_refused(upload):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = await upload(out.getvalue())
    assert response.status_code == 415


async def test_a_zip_bomb_is_refused_without_inflating_it(upload, session):
    bomb = zip_with("xl/worksheets/sheet1.xml", 300, {"xl/workbook.xml": b"<workbook/>"})
    assert len(bomb) < 2 * 1024 * 1024

    response = await upload(bomb)

    assert response.status_code == 422
    assert response.json()["error"] == "SuspiciousFile"
    assert "文件异常" in response.json()["detail"]
    assert await nothing_written(session)


async def test_a_member_compressed_beyond_100_to_1_is_refused(upload):
    bomb = zip_with("xl/sharedStrings.xml", 50, {"xl/workbook.xml": b"<workbook/>"})
    response = await upload(bomb)
    assert response.status_code == 422
    assert response.json()["error"] == "SuspiciousFile"


async def test_an_upload_over_20_mb_is_refused(upload, session):
    response = await upload(b"a," * (11 * 1024 * 1024), name="户籍.csv")

    assert response.status_code == 413
    assert response.json()["error"] == "PayloadTooLarge"
    assert await nothing_written(session)


async def test_the_service_refuses_a_file_over_20_mb_too(database, office, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)  # sparse: instant
    with pytest.raises(ImportFileTooLarge):
        await service.import_path(database, office.tree.village.id, big, dry_run=False)


async def test_formulas_without_a_computed_value_are_reported(upload, make_xlsx, session):
    content = make_xlsx(
        [
            HEADER,
            ["第1微网格", "下坞12号", '=CONCAT("方","桂英")'],
            ["第1微网格", "下坞13号", "方有才"],
        ]
    )

    report = (await upload(content)).json()

    assert (report["created"], report["rejected"]) == (1, 1)
    [error] = report["errors"]
    assert (error["row"], error["field"]) == (2, "户主姓名")
    assert "公式没有计算结果" in error["detail"]


async def test_formula_text_in_a_csv_is_refused_as_injection(upload, make_csv):
    content = make_csv(
        [HEADER, ["第1微网格", "+1+cmd|' /C calc'!A0", "方桂英"], ["第1微网格", "下坞13号", "-2"]]
    )
    report = (await upload(content, name="户籍.csv")).json()
    assert report["rejected"] == 2
    assert all("公式" in e["detail"] for e in report["errors"])


async def test_empty_sheets_and_header_only_files_are_refused(upload, make_xlsx, make_csv):
    for content, name in (
        (make_xlsx([]), "空.xlsx"),
        (make_xlsx([[None, None], [None]]), "空.xlsx"),
        (b"", "empty.csv"),
        (make_csv([HEADER]), "header.csv"),
        (make_xlsx([HEADER, [None, "  ", None]]), "header.xlsx"),
    ):
        response = await upload(content, name=name)
        assert response.status_code == 422, (name, response.text)
        assert response.json()["detail"]


async def test_wrong_columns_are_refused(upload, make_xlsx):
    response = await upload(make_xlsx([["姓名", "电话", "身份证"], ["方桂英", "139", "330"]]))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert all(name in detail for name in ("微网格", "门牌地址", "户主姓名"))


async def test_cli_imports_with_its_own_unit_of_work(database, office, tmp_path, make_csv, session):
    path = tmp_path / "户籍.csv"
    path.write_bytes(
        make_csv([HEADER, ["第1微网格", "下坞12号", "方桂英"], ["第1微网格", "", "方"]])
    )

    report = await service.import_path(database, office.tree.village.id, path, dry_run=False)

    lines = service.report_lines(report)
    assert lines[0] == "导入完成：新增 1 户，更新 0 户，未变 0 户，拒绝 1 行"
    assert lines[1] == "第 3 行 [门牌地址] 必须填写"
    assert await session.scalar(select(func.count()).select_from(Household)) == 1


def test_cli_exits_non_zero_when_the_file_is_refused(tmp_path, monkeypatch, capsys):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(os.urandom(100))
    monkeypatch.setenv("JHT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("JHT_DATABASE_URL", raising=False)

    async def refuse(db, area_id, file, dry_run):  # the real check, without a database
        from jinghutong.households.importing.parser import open_table

        open_table(file, file.name)

    monkeypatch.setattr(service, "import_path", refuse)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["households", "import", str(path), "--area", "X", "--dry-run"])
    assert "导入失败" in str(exit_info.value.code)
