"""The public-security categories and the default mapping of every source's kinds onto them.

有效警情 = 刑事 + 治安 + 交通 + 火警 + 纠纷 + 群众求助 + 举报投诉 + 其他; 无效报警 apart
(models.incident). The mapping lives in the table `incident_category_map`, which the migration
seeds with exactly DEFAULT_MAPPING (a test keeps the two equal) and the admin may change; this
list is what the tests and `jinghutong statistics categories` read when no database is at hand.

Sources and their kinds:
- "case": a 警户通 case's kind, or `kind:outcome` when an officer's finding decides the
  category instead (a clue resolved invalid). Cases carry no finer category of their own, so
  the kind is all the mirror knows; the trail's finding is the one way a case "says otherwise".
- "dispute", "hazard": the governance registers' categories, so the figures can name what a
  dispute or a hazard counts as. They are not mirrored into incidents (their cases are, when
  they came as a report); the rows say how they would count.
- "110": the 类别 and 细类 texts of the 110 接处警 system, normalized (normalize_text)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from jinghutong.models.incident import (
    INCIDENT_CATEGORY_NAMES,
    VALID_CATEGORIES,
    IncidentCategory,
)

C = IncidentCategory
CASE, DISPUTE, HAZARD, IMPORTED = "case", "dispute", "hazard", "110"
SOURCES = (CASE, DISPUTE, HAZARD, IMPORTED)
SOURCE_NAMES = {
    CASE: "警户通案件",
    DISPUTE: "矛盾纠纷登记",
    HAZARD: "安全隐患登记",
    IMPORTED: "110接处警",
}
# The mirror's key for a clue an officer found invalid (cases/handling: outcome "invalid").
CLUE_INVALID = "clue:invalid"


@dataclass(frozen=True)
class MappingRow:
    source: str
    kind: str
    category: str
    note: str = ""


def _rows(source: str, category: str, kinds: str, note: str = "") -> list[MappingRow]:
    return [MappingRow(source, kind, category, note) for kind in kinds.split()]


_CASE_ROWS = [
    # 报警 is what villagers press when something is happening to them: fights, theft,
    # trouble at night — 治安 in most stations' books. A case carries no finer class, so
    # 治安 it is; the 110 import keeps the 110 system's own 类别 for its rows.
    MappingRow(CASE, "alarm", C.public_order, "报警按治安警情统计；案件本身不区分更细的类别"),
    MappingRow(CASE, "clue", C.report, "群众提供的违法犯罪线索，按举报投诉统计"),
    MappingRow(CASE, CLUE_INVALID, C.invalid, "民警核查线索为“无效”的，计入无效报警"),
    MappingRow(CASE, "dispute", C.dispute, "群众报告的矛盾纠纷"),
    MappingRow(CASE, "help", C.help, "群众求助"),
    # A hazard report is neither an offence nor a call for help: 110 books file such
    # calls (塌方、线路、积水…) under 其他. The same for questions (咨询) and for what
    # villagers tell the station about their village (社情民意): information, not 警情
    # of a kind above, but still a call the station answered.
    MappingRow(CASE, "hazard", C.other, "隐患报告不属于违法犯罪或求助，按其他统计"),
    MappingRow(CASE, "consult", C.other, "110统计中咨询归入其他"),
    MappingRow(CASE, "sentiment", C.other, "社情民意是信息反映，按其他统计"),
]
_DISPUTE_ROWS = [
    *_rows(
        DISPUTE,
        C.dispute,
        "neighbour family land homestead debt labour other",
        "矛盾纠纷登记按纠纷统计",
    ),
    MappingRow(DISPUTE, "traffic", C.dispute, "交通事故引起的赔偿纠纷按纠纷统计"),
]
_HAZARD_ROWS = _rows(
    HAZARD,
    C.other,
    "housing fire traffic geological electrical gas water other",
    "隐患不是违法犯罪或求助，按其他统计",
)
_IMPORTED_ROWS = [
    *_rows(IMPORTED, C.criminal, "刑事案件 刑事 刑事警情 诈骗 电信网络诈骗 抢劫 抢夺"),
    *_rows(IMPORTED, C.public_order, "治安案件 治安 治安警情 殴打他人 赌博 寻衅滋事 扰乱秩序"),
    *_rows(IMPORTED, C.traffic, "交通事故 交通 交通警情 道路交通事故"),
    *_rows(IMPORTED, C.fire, "火灾 火警 火灾/火警 火灾火警 山林火情"),
    *_rows(
        IMPORTED,
        C.dispute,
        "纠纷 纠纷警情 矛盾纠纷 家庭纠纷 婚姻家庭纠纷 邻里纠纷 土地纠纷 山林纠纷 "
        "土地山林纠纷 宅基地纠纷 经济纠纷 债务纠纷 劳资纠纷",
    ),
    *_rows(IMPORTED, C.help, "求助 群众求助 救助"),
    *_rows(IMPORTED, C.report, "举报 投诉 举报投诉"),
    *_rows(
        IMPORTED,
        C.invalid,
        "无效报警 无效警情 骚扰电话 误拨 重复报警 无声电话",
        "不计入有效警情",
    ),
    *_rows(IMPORTED, C.other, "其他 其它 咨询"),
]
DEFAULT_MAPPING: tuple[MappingRow, ...] = (
    *_CASE_ROWS,
    *_DISPUTE_ROWS,
    *_HAZARD_ROWS,
    *_IMPORTED_ROWS,
)


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    valid: bool


CATEGORIES = tuple(Category(c.value, INCIDENT_CATEGORY_NAMES[c], c in VALID_CATEGORIES) for c in C)
CATEGORY_BY_NAME = {c.name: c.code for c in CATEGORIES}


_NAMES: dict[str, str] = {str(c): name for c, name in INCIDENT_CATEGORY_NAMES.items()}


def normalize_text(text: str) -> str:
    """A 110 类别/细类 as the mapping keys it: full-width folded, spaces dropped."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace())[:40]


def category_name(code: str) -> str:
    return _NAMES.get(code, code)


def mapping_lines(rows: tuple[MappingRow, ...] | list[MappingRow] = DEFAULT_MAPPING) -> list[str]:
    """The categories and the mapping as `jinghutong statistics categories` prints them."""
    lines = ["类别（有效警情 = 刑事 + 治安 + 交通 + 火警 + 纠纷 + 群众求助 + 举报投诉 + 其他）："]
    lines += [
        f"  {c.code:<13} {c.name:<6} {'有效' if c.valid else '不计入有效'}" for c in CATEGORIES
    ]
    lines.append("对照表（来源 · 原始类别 → 统计类别）：")
    for row in rows:
        note = f"  （{row.note}）" if row.note else ""
        source = SOURCE_NAMES.get(row.source, row.source)
        lines.append(f"  {source} · {row.kind} → {category_name(row.category)}{note}")
    return lines


def decide_imported(
    mapping: dict[str, str], kind: str, subkind: str | None
) -> tuple[str, str, bool]:
    """(category, the mapping key it came from, whether the table knew it) for a 110 row.

    The 类别 decides, as the 110 system's own statistics count it; the 细类 only when the
    类别 is not in the table (a 类别 "其他" with 细类 "骚扰电话" stays 其他: the table says
    so). Neither known: 其他, keyed by the 类别 text, so that a row added for it later can be
    applied to these incidents too."""
    kind_key = normalize_text(kind)
    if kind_key in mapping:
        return mapping[kind_key], kind_key, True
    sub_key = normalize_text(subkind or "")
    if sub_key in mapping:
        return mapping[sub_key], sub_key, True
    return IncidentCategory.other, kind_key, False


def decide_case(mapping: dict[str, str], kind: str, outcome: str | None) -> tuple[str, str]:
    """(category, the mapping key) for a case: `kind:outcome` when the table has a row for
    the officer's finding (a clue found invalid), else the kind; a kind missing from the
    table counts as 其他."""
    if outcome:
        specific = f"{kind}:{outcome}"
        if specific in mapping:
            return mapping[specific], specific
    return mapping.get(kind, IncidentCategory.other), kind
