"""The columns of a 110 接处警 export and how one row of cells becomes a 警情 (or the reasons it
cannot). Headers match as the household import's do (full-width, spaces, `*` and notes in
brackets ignored), with the names 110 systems use for the same column."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jinghutong.core.clock import SHANGHAI
from jinghutong.households.importing.columns import MissingColumns, normalize_header
from jinghutong.households.importing.schemas import RowError
from jinghutong.households.register.schemas import clean_text
from jinghutong.statistics.incidents.parser import BadTime, FormulaWithoutValue, parse_time


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("number", "警情号", True, ("警情编号", "接警编号", "接警单号", "事件编号", "编号")),
    Column("reported_at", "报警时间", True, ("接警时间", "报警日期", "来电时间", "发生时间")),
    Column("kind", "类别", True, ("警情类别", "警情类型", "类型", "案件类别", "报警类别")),
    Column("subkind", "细类", False, ("警情细类", "细分类别", "子类别", "小类", "警情子类")),
    Column("unit", "管辖单位", True, ("管辖派出所", "处警单位", "所属单位", "辖区单位", "单位")),
    Column("address", "地址", False, ("发生地址", "事发地址", "报警地址", "地点", "事发地点")),
    Column("result", "处理结果", False, ("处警结果", "处置结果", "处理情况", "结果")),
    Column("arrived_at", "到达时间", False, ("到场时间", "到达现场时间")),
    Column("accepted_at", "处警时间", False, ("派警时间", "出警时间", "受理时间")),
)
TITLES = {c.key: c.title for c in COLUMNS}
_LOOKUP = {normalize_header(name): c.key for c in COLUMNS for name in (c.title, *c.aliases)}
_FORMULA_START = ("=", "+", "-", "@")
EARLIEST = datetime(2000, 1, 1, tzinfo=SHANGHAI)


def map_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column positions by key, and warnings for the columns that are ignored; a file
    missing required columns is refused whole, naming them all."""
    index: dict[str, int] = {}
    warnings: list[str] = []
    for position, header in enumerate(headers):
        if not header.strip():
            continue
        key = _LOOKUP.get(normalize_header(header))
        if key is None:
            warnings.append(f"第 {position + 1} 列「{header.strip()}」不是导入的列，已忽略")
        elif key in index:
            warnings.append(f"第 {position + 1} 列「{header.strip()}」与前面的列重复，已忽略")
        else:
            index[key] = position
    missing = [c.title for c in COLUMNS if c.required and c.key not in index]
    if missing:
        names = "、".join(missing)
        raise MissingColumns(
            f"表格缺少必需的列：{names}。110 导出表应有：警情号、报警时间、类别、细类、"
            "管辖单位、地址、处理结果；可下载导入模板对照表头",
            fields={"file": f"缺少列：{names}"},
        )
    return index, warnings


@dataclass
class ParsedIncident:
    row: int
    number: str
    reported_at: datetime
    kind: str
    subkind: str | None
    unit: str | None
    address: str | None
    result: str | None
    accepted_at: datetime | None
    arrived_at: datetime | None


@dataclass
class _Reader:
    row: int
    cells: list[object]
    index: dict[str, int]
    now: datetime
    errors: list[RowError] = field(default_factory=list)

    def raw(self, key: str) -> object:
        position = self.index.get(key)
        if position is None or position >= len(self.cells):
            return None
        value = self.cells[position]
        return None if isinstance(value, str) and not value.strip() else value

    def fail(self, key: str, detail: str) -> Any:
        self.errors.append(RowError(row=self.row, field=TITLES[key], detail=detail))

    def text(self, key: str, max_length: int, required: bool = False) -> str | None:
        value = self.raw(key)
        if isinstance(value, FormulaWithoutValue):
            return self.fail(key, "公式没有计算结果：请在 Excel 中打开、保存后再导入")
        if value is None:
            return self.fail(key, "必须填写") if required else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = clean_text(str(value))
        if text.startswith(_FORMULA_START):
            return self.fail(key, "内容以 = + - @ 开头，疑似公式，已拒绝；请去掉开头的符号")
        if len(text) > max_length:
            return self.fail(key, f"太长了，最多 {max_length} 个字")
        return text

    def time(self, key: str, required: bool = False) -> datetime | None:
        value = self.raw(key)
        if value is None:
            return self.fail(key, "必须填写") if required else None
        if isinstance(value, FormulaWithoutValue):
            return self.fail(key, "公式没有计算结果：请在 Excel 中打开、保存后再导入")
        try:
            moment = parse_time(value)
        except BadTime as exc:
            return self.fail(key, str(exc))
        if moment > self.now:
            shown = moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
            return self.fail(key, f"时间 {shown} 在将来，请检查")
        if moment < EARLIEST:
            return self.fail(key, "早于 2000 年，请检查")
        return moment


def _number(text: str | None) -> str | None:
    return None if text is None else "".join(unicodedata.normalize("NFKC", text).split())


def parse_row(
    row: int, cells: list[object], index: dict[str, int], now: datetime
) -> tuple[ParsedIncident | None, list[RowError]]:
    """A row's values, or every reason it is refused."""
    r = _Reader(row, cells, index, now.astimezone(UTC))
    number = _number(r.text("number", 40, required=True))
    reported_at = r.time("reported_at", required=True)
    subkind = r.text("subkind", 50)
    kind = r.text("kind", 40, required=subkind is None) or subkind
    unit, address = r.text("unit", 100), r.text("address", 200)
    result = r.text("result", 200)
    accepted_at, arrived_at = r.time("accepted_at"), r.time("arrived_at")
    for key, moment in (("accepted_at", accepted_at), ("arrived_at", arrived_at)):
        if moment is not None and reported_at is not None and moment < reported_at:
            r.fail(key, "不能早于报警时间")
    if r.errors or number is None or reported_at is None or kind is None:
        return None, r.errors
    parsed = ParsedIncident(
        row, number, reported_at, kind, subkind, unit, address, result, None, None
    )
    parsed.accepted_at, parsed.arrived_at = accepted_at, arrived_at
    return parsed, []
