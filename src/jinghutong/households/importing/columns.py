"""The import's columns and how one row of cells becomes a household (or reasons it cannot).

Headers match tolerantly: full-width characters, spaces, `*` marks and notes in brackets such as
"门牌地址（必填）" are ignored, and a few common alternative names are accepted."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from jinghutong.core.errors import ValidationFailed
from jinghutong.households.importing.parser import FormulaWithoutValue
from jinghutong.households.importing.schemas import RowError
from jinghutong.households.register.schemas import clean_tags, clean_text


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("micro_grid", "微网格", True, ("微网格名称", "所属微网格")),
    Column("address", "门牌地址", True, ("地址", "门牌", "门牌号", "住址", "家庭住址")),
    Column("head_name", "户主姓名", True, ("户主", "户主名")),
    Column("member_count", "人口数", False, ("人口", "家庭人口", "人数", "家庭人数")),
    Column("tags", "标签", False, ("户标签", "类别")),
    Column("lat", "纬度", False, ("lat", "latitude")),
    Column("lng", "经度", False, ("lng", "lon", "longitude")),
)
TITLES = {c.key: c.title for c in COLUMNS}
_TAG_SEPARATORS = re.compile(r"[、,，;；]")
_NOTES = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")
_FORMULA_START = ("=", "+", "-", "@")


class MissingColumns(ValidationFailed):
    detail = "表格缺少必需的列"


def normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _NOTES.sub("", text)
    return "".join(ch for ch in text if not ch.isspace() and ch != "*").lower()


_LOOKUP = {normalize_header(name): c.key for c in COLUMNS for name in (c.title, *c.aliases)}


def map_headers(headers: list[str], micro_grid_optional: bool) -> tuple[dict[str, int], list[str]]:
    """Column positions by key, and warnings for the columns that are ignored."""
    index: dict[str, int] = {}
    warnings: list[str] = []
    for position, header in enumerate(headers):
        key = _LOOKUP.get(normalize_header(header))
        if not header.strip():
            continue
        if key is None:
            warnings.append(f"第 {position + 1} 列「{header.strip()}」不是导入的列，已忽略")
        elif key in index:
            warnings.append(f"第 {position + 1} 列「{header.strip()}」与前面的列重复，已忽略")
        else:
            index[key] = position
    missing = [
        c.title
        for c in COLUMNS
        if c.required and c.key not in index and not (c.key == "micro_grid" and micro_grid_optional)
    ]
    if missing:
        names = "、".join(missing)
        raise MissingColumns(
            f"表格缺少必需的列：{names}。请使用导入模板的表头",
            fields={"file": f"缺少列：{names}"},
        )
    return index, warnings


@dataclass
class ParsedRow:
    row: int
    micro_grid: str | None
    address: str
    head_name: str
    member_count: int | None = None
    tags: list[str] | None = None
    lat: float | None = None
    lng: float | None = None


@dataclass
class _Reader:
    row: int
    cells: list[object]
    index: dict[str, int]
    errors: list[RowError] = field(default_factory=list)

    def raw(self, key: str) -> object:
        position = self.index.get(key)
        if position is None or position >= len(self.cells):
            return None
        value = self.cells[position]
        return None if isinstance(value, str) and not value.strip() else value

    def fail(self, key: str, detail: str) -> Any:
        """Record an error; returns None so a converter can `return self.fail(...)`."""
        self.errors.append(RowError(row=self.row, field=TITLES[key], detail=detail))

    def text(self, key: str, max_length: int, required: bool = False) -> str | None:
        value = self.raw(key)
        if isinstance(value, FormulaWithoutValue):
            return self.fail(
                key, "公式没有计算结果：请在 Excel 中打开、保存后再导入，或直接填写内容"
            )
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

    def number(self, key: str, low: float, high: float, integer: bool = False) -> float | None:
        value = self.raw(key)
        if value is None:
            return None
        kind = "整数" if integer else "数字"
        if isinstance(value, FormulaWithoutValue):
            return self.fail(
                key, "公式没有计算结果：请在 Excel 中打开、保存后再导入，或直接填写数字"
            )
        try:
            number = float(clean_text(value) if isinstance(value, str) else value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return self.fail(key, f"应为{kind}")
        if isinstance(value, bool) or number != number or (integer and not number.is_integer()):
            return self.fail(key, f"应为{kind}")
        if not low <= number <= high:
            return self.fail(key, f"应在 {low:g} 到 {high:g} 之间")
        return number

    def tags(self) -> list[str] | None:
        text = self.text("tags", 500)
        if text is None:
            return None
        try:
            return clean_tags(_TAG_SEPARATORS.split(text))
        except ValueError as exc:
            return self.fail("tags", str(exc))


def parse_row(
    row: int, cells: list[object], index: dict[str, int]
) -> tuple[ParsedRow | None, list[RowError]]:
    """A row's values, or the reasons it is rejected (every bad field, not only the first)."""
    r = _Reader(row, cells, index)
    micro_grid = r.text("micro_grid", 100)
    address = r.text("address", 200, required=True)
    head_name = r.text("head_name", 50, required=True)
    member_count = r.number("member_count", 0, 99, integer=True)
    tags = r.tags()
    lat, lng = r.number("lat", -90, 90), r.number("lng", -180, 180)
    if (lat is None) != (lng is None) and not r.errors:
        r.fail("lng" if lng is None else "lat", "纬度和经度要同时填写")
    if r.errors or address is None or head_name is None:
        return None, r.errors
    parsed = ParsedRow(row, micro_grid, address, head_name, tags=tags, lat=lat, lng=lng)
    parsed.member_count = None if member_count is None else int(member_count)
    return parsed, []
