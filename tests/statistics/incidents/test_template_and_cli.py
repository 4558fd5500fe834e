"""The import template downloads with the 110 columns and, filled in, imports cleanly; the CLI's
import path does what the upload does."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.statistics.incidents.columns import COLUMNS
from jinghutong.statistics.incidents.importing import import_path, report_lines
from support.incidents import API, HEADER, XLSX, incidents, rollup_is_raw
from support.spreadsheets import xlsx_bytes


async def test_the_template_downloads_and_filled_in_imports_cleanly(client, upload, database):
    response = await client.get(f"{API}/incidents/import-template.xlsx")

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [c.title for c in COLUMNS]
    assert sheet.max_row == 1  # no made-up rows to import by mistake
    notes = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row}
    assert notes["骚扰电话"] == "无效报警" and "不能晚于现在" in notes["报警时间"]

    empty = await upload(response.content)
    assert (empty.status_code, empty.json()["error"]) == (422, "NoDataRows")

    sheet.append(
        [
            "T-1",
            "2024-06-01 09:30:00",
            "求助",
            "救助老人",
            "上坊村",
            "",
            "已送回家中",
            "2024-06-01 09:58",
            "2024-06-01 09:32",
        ]
    )
    sheet.append(
        [
            "T-2",
            "2024-06-02 19:10:00",
            "纠纷",
            "家庭纠纷",
            "大墅镇",
            "桐坑源村2号",
            "已调解",
            None,
            None,
        ]
    )
    filled = io.BytesIO()
    book.save(filled)
    report = (await upload(filled.getvalue())).json()

    assert (report["created"], report["rejected"]) == (2, 0)
    assert report["errors"] == [] and report["warnings"] == [] and report["unmapped"] == []
    helped, quarrel = await incidents(database)
    assert helped.arrived_at is not None and helped.accepted_at is not None
    assert quarrel.area_id is not None and quarrel.category == "dispute"
    await rollup_is_raw(database)


async def test_the_cli_path_imports_a_file_into_a_station(desk, database, tmp_path):
    path = tmp_path / "110导出.xlsx"
    path.write_bytes(
        xlsx_bytes([HEADER, ["K-1", "2024-09-09 10:00", "交通事故", "车辆剐蹭", "上坊村", "", ""]])
    )

    dry = await import_path(database, desk.tree.station.id, path, dry_run=True)
    report = await import_path(database, desk.tree.station.id, path, dry_run=False)

    assert report_lines(dry)[0].startswith("试运行（未写入）：测试派出所 新增 1 条")
    assert (
        report_lines(report)[0] == "导入完成：测试派出所 新增 1 条，更新 0 条，未变 0 条，拒绝 0 行"
    )
    [crash] = await incidents(database)
    assert crash.category == "traffic" and crash.area_id == desk.tree.village.id
    with pytest.raises(NotFound):
        await import_path(database, desk.tree.village.id, path, dry_run=False)
    with pytest.raises(ValidationFailed):
        await import_path(database, desk.tree.station.id, tmp_path / "missing.xlsx", dry_run=False)
