"""The downloadable import template: the header row on the first sheet (which is what the
import reads), an explanation and examples on a second sheet."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from jinghutong.households.importing.columns import COLUMNS
from jinghutong.models import KNOWN_HOUSEHOLD_TAGS

TEMPLATE_FILENAME = "警户通户籍导入模板.xlsx"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_NOTES = {
    "微网格": "必填。本村的微网格名称，如“第3微网格”或“桐坑源村第3微网格”；按微网格导入时可不填",
    "门牌地址": "必填。同一微网格内不能重复；与已有户相同时会更新该户",
    "户主姓名": "必填",
    "人口数": "选填。整数 0–99；新建时不填按 1 人",
    "标签": "选填。多个标签用 、 或 , 或 ； 分隔，每个最多 20 字，最多 10 个",
    "纬度": "选填。如 29.6012；与经度同时填写",
    "经度": "选填。如 118.9034；与纬度同时填写",
}
_EXAMPLE = ("第1微网格", "上坊村下坞12号", "方桂英", 2, "独居老人、重点关注", 29.6012, 118.9034)


def template_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = "户籍登记"
    sheet.append([c.title for c in COLUMNS])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell, column in zip(sheet[1], COLUMNS, strict=True):
        cell.font = bold
        if column.required:
            cell.fill = fill
        sheet.column_dimensions[cell.column_letter].width = 24 if column.key == "address" else 14
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    notes.append(["列名", "说明", "示例"])
    for column, example in zip(COLUMNS, _EXAMPLE, strict=True):
        notes.append([column.title, _NOTES[column.title], example])
    notes.append([])
    notes.append(["常用标签", "、".join(KNOWN_HOUSEHOLD_TAGS)])
    notes.append(["注意", "只导入第一个工作表；不要在单元格中使用公式；空白单元格表示不修改"])
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 70
    notes.column_dimensions["C"].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
