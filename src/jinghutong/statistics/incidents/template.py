"""The downloadable 110 import template: the header row on the first sheet (what the import
reads; no example rows there, so an unfilled template cannot import made-up 警情), the
explanation and the 类别 the default mapping knows on a second sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jinghutong.statistics.incidents.categories import DEFAULT_MAPPING, IMPORTED, category_name
from jinghutong.statistics.incidents.columns import COLUMNS

TEMPLATE_FILENAME = "警户通110警情导入模板.xlsx"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_NOTES = {
    "警情号": "必填。110 接处警系统的警情编号；同一派出所内唯一，重复导入时按它更新",
    "报警时间": "必填。北京时间，如 2024-07-29 14:05:00；不能晚于现在",
    "类别": "必填（或填细类）。如 刑事案件、治安案件、交通事故、火灾、纠纷、求助、举报、投诉、"
    "无效报警；不在对照表中的按“其他”统计，导入报告会列出",
    "细类": "选填。如 家庭纠纷、邻里纠纷、骚扰电话、误拨；类别不在对照表中时按细类归类",
    "管辖单位": "必填列。本所或本所的乡镇、行政村名称；写成其他派出所的行会被拒绝",
    "地址": "选填。管辖单位没有写到村时，按地址中的村名归到村；都没有的归到派出所",
    "处理结果": "选填",
    "到达时间": "选填。民警或联户长到达现场的时间，不能早于报警时间",
    "处警时间": "选填。派警（受理）的时间，不能早于报警时间",
}


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = "110警情"
    sheet.append([c.title for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    for cell, column in zip(sheet[1], COLUMNS, strict=True):
        cell.font = bold
        if column.required:
            cell.fill = fill
        wide = column.key in ("address", "result", "unit")
        sheet.column_dimensions[cell.column_letter].width = 26 if wide else 18
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "说明"])
    for column in COLUMNS:
        notes.append([column.title, _NOTES[column.title]])
    notes.append([])
    notes.append(["110 类别/细类", "统计类别"])
    for row in DEFAULT_MAPPING:
        if row.source == IMPORTED:
            notes.append([row.kind, category_name(row.category)])
    notes.append([])
    notes.append(["注意", "只导入第一个工作表；不要在单元格中使用公式；空白单元格表示不修改"])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
