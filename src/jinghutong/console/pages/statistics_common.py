"""What the 统计 pages share: the period picker (起止日期, 同比/环比, an area within one's scope)
read from the query string, the areas to pick from, the quick periods, and the tabs.

The picker only reads what was typed: whether the period is allowed (not after today, at most
three years) and whether the area is one's own are the figures service's rules
(statistics/figures/service.py, auth.py), exactly as for `GET /api/v1/statistics/…`."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any, NoReturn
from urllib.parse import urlencode

from fastapi import Query

from jinghutong.areas.schemas import AreaOut
from jinghutong.areas.service import areas_in_scope
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import AreaLevel, Person
from jinghutong.statistics.figures import service
from jinghutong.statistics.figures.periods import Compare, today
from jinghutong.statistics.figures.schemas import GroupBy, IncidentFigures
from jinghutong.statistics.incidents.auth import IMPORT_ROLES

Viewer = Annotated[ConsoleUser, viewer("statistics")]
Actor = Annotated[ConsoleUser, actor("statistics")]
From = Annotated[str, Query(alias="from", max_length=40)]
To = Annotated[str, Query(max_length=40)]
Text = Annotated[str, Query(max_length=40)]

# The levels the figures count (a village and above); grids and micro-grids are not offered.
PICKED_LEVELS = (
    AreaLevel.province,
    AreaLevel.city,
    AreaLevel.county,
    AreaLevel.station,
    AreaLevel.township,
    AreaLevel.village,
)
COMPARE_CHOICES = {"yoy": "同比（上年同期）", "mom": "环比（上一期）"}
TABS = (
    ("incidents", "警情统计", "/statistics"),
    ("resolution", "化解与响应", "/statistics/resolution"),
    ("report", "月报（打印）", "/statistics/report"),
    ("import", "导入110历史", "/statistics/import"),
)


class DateUnreadable(ValidationFailed):
    detail = "日期格式不正确：请按“2024-01-01”的格式填写起止日期"


class CompareUnknown(ValidationFailed):
    detail = "对比方式只能是“同比”或“环比”"


@dataclass
class Picker:
    """The period and area asked for; `typed` refills the form exactly as it was sent."""

    area_id: str | None
    start: date | None
    end: date | None
    compare: Compare
    typed: dict[str, str] = field(default_factory=dict)

    def query(self, **changes: str) -> str:
        values = {**self.typed, **changes}
        return urlencode({k: v for k, v in values.items() if v})


def _day(value: str, name: str, label: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        parsed = None
    if parsed is None:
        _refuse(name, f"{label}“{value}”")
    return parsed


def _refuse(name: str, label: str) -> NoReturn:
    raise DateUnreadable(
        f"{label}格式不正确：请按“2024-01-01”的格式（年-月-日）填写",
        fields={name: "日期格式不正确"},
    )


def typed_of(area_id: str, start: str, end: str, compare: str) -> dict[str, str]:
    """The picker's fields as sent (cut to their longest sensible length), to refill it."""
    return {"area_id": area_id[:26], "from": start[:20], "to": end[:20], "compare": compare[:5]}


def pick(area_id: str, start: str, end: str, compare: str) -> Picker:
    """The picker's values from the query string; unreadable ones → a Chinese 422."""
    typed = typed_of(area_id, start, end, compare)
    if typed["compare"] and typed["compare"] not in COMPARE_CHOICES:
        raise CompareUnknown(fields={"compare": CompareUnknown.detail})
    return Picker(
        area_id=typed["area_id"] or None,
        start=_day(typed["from"], "from", "起始日期"),
        end=_day(typed["to"], "to", "截止日期"),
        compare=Compare(typed["compare"] or "yoy"),
        typed=typed,
    )


@dataclass(frozen=True)
class AreaChoice:
    id: str
    name: str
    level: str
    depth: int


async def area_choices(session: Session, person: Person) -> list[AreaChoice]:
    """The areas one may read the figures of, each followed by those under it (indented)."""
    areas = await areas_in_scope(session, person, tuple(str(x) for x in PICKED_LEVELS))
    ids = {a.id for a in areas}
    children: dict[str | None, list[AreaOut]] = {}
    for a in areas:
        children.setdefault(a.parent_id if a.parent_id in ids else None, []).append(a)
    ordered: list[AreaChoice] = []

    def walk(parent: str | None, depth: int) -> None:
        for a in children.get(parent, []):
            ordered.append(AreaChoice(a.id, a.name, a.level, depth))
            walk(a.id, depth + 1)

    walk(None, 0)
    return ordered


def with_default_area(picker: Picker, choices: list[AreaChoice]) -> Picker:
    """No area asked for: the top of one's scope (the service's own default when one has a
    single area; the first of several otherwise, instead of a refusal)."""
    if picker.area_id is None and choices:
        picker.area_id = choices[0].id
        picker.typed["area_id"] = choices[0].id
    return picker


def quick_periods() -> list[tuple[str, str, str]]:
    """(label, from, to) of the periods a station asks for most."""
    day = today()
    month_start = day.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    last_month_start = last_month_end.replace(day=1)
    year = day.year
    return [
        ("今年以来", date(year, 1, 1).isoformat(), day.isoformat()),
        (f"{year - 1}年全年", date(year - 1, 1, 1).isoformat(), date(year - 1, 12, 31).isoformat()),
        ("本月", month_start.isoformat(), day.isoformat()),
        (
            f"上月（{last_month_start.month}月）",
            last_month_start.isoformat(),
            last_month_end.isoformat(),
        ),
    ]


def last_month() -> tuple[date, date]:
    """The last whole calendar month: the monthly report's default."""
    first = today().replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end.replace(day=calendar.monthrange(end.year, end.month)[1])


def page_context(
    me: ConsoleUser, choices: list[AreaChoice], typed: dict[str, str]
) -> dict[str, Any]:
    """What every tab's picker needs."""
    return {
        "choices": choices,
        "typed": typed,
        "compares": COMPARE_CHOICES,
        "quick": quick_periods(),
        "tabs": [t for t in TABS if t[0] != "import" or me.has(*IMPORT_ROLES)],
        "error": "",
    }


async def incident_pair(
    session: Session, person: Person, picker: Picker
) -> tuple[IncidentFigures, IncidentFigures]:
    """The figures service's answers for the picked area and period, by month and by village
    (the same function and parameters as `GET /api/v1/statistics/incidents`)."""
    answers = []
    groupings: tuple[GroupBy, ...] = ("month", "village")
    for group_by in groupings:
        answer = await service.incident_figures(
            session, person, area_id=picker.area_id, start=picker.start, end=picker.end,
            group_by=group_by, compare=picker.compare,
        )  # fmt: skip
        answers.append(answer)
    return answers[0], answers[1]
