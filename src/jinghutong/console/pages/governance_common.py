"""What the 村级治理 pages share: the page's dependencies, the villages of one's scope for the
filters, a list filter checked against the API's values, a deadline typed in Beijing time, and
one line of words for a trail event."""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime
from typing import Annotated, Any

from fastapi.responses import RedirectResponse

from jinghutong.areas.service import map_areas
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import url
from jinghutong.core import clock
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import HAZARD_GRADE_NAMES, Person

Viewer = Annotated[ConsoleUser, viewer("governance")]
Actor = Annotated[ConsoleUser, actor("governance")]
PAGE_SIZE = 25
TABS = (
    ("hazards", "安全隐患"),
    ("disputes", "矛盾纠纷"),
    ("visits", "走访"),
    ("unvisited", "未走访户"),
    ("sentiments", "社情民意"),
    ("roster", "纵横斜名册"),
    ("work", "五件事"),
)


async def villages(session: Any, person: Person) -> list[tuple[str, str]]:
    """(id, name) of the villages within the caller's scope, for the village filter."""
    return [(a.id, a.name) for a in await map_areas(session, person) if a.level == "village"]


def choice(value: str, allowed: Container[Any], field: str) -> str | None:
    """A filter's value, "" → None, anything the API would not take → a Chinese 422."""
    if not value:
        return None
    if value not in allowed:
        raise ValidationFailed(f"筛选条件“{field}”不正确", fields={field: "不正确"})
    return value


def village_choice(value: str, known: list[tuple[str, str]]) -> str | None:
    if not value:
        return None
    if value not in {v for v, _ in known}:
        raise ValidationFailed("筛选条件“村”不正确", fields={"area_id": "不正确"})
    return value


OVERDUE = {"": None, "yes": True, "no": False}


def overdue_choice(value: str) -> bool | None:
    if value not in OVERDUE:
        raise ValidationFailed("筛选条件“超期”不正确", fields={"overdue": "不正确"})
    return OVERDUE[value]


def beijing(value: str, field: str, label: str) -> datetime | None:
    """A `datetime-local` value (Beijing time, as the station reads clocks) → aware UTC; ""
    → None (the API schema then says it is required); anything else → 422."""
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"{label}格式不正确", fields={field: "格式不正确"}) from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=clock.SHANGHAI)
    return at


def recent_months(chosen: str, count: int = 13) -> list[tuple[str, str]]:
    """(YYYY-MM, "2026年12月") of this month and the ones before, for a month picker (the
    browser's own month input speaks the browser's language), the chosen one kept."""
    today = clock.now().astimezone(clock.SHANGHAI)
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append((f"{year}-{month:02d}", f"{year}年{month}月"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if chosen and chosen not in {v for v, _ in out}:
        out.append((chosen, f"{chosen[:4]}年{int(chosen[5:])}月"))
    return out


def back(path: str, done: str) -> RedirectResponse:
    return RedirectResponse(url(f"{path}?done={done}"), status_code=303)


_KEYS = ("text", "note", "reason_name", "reason", "advice", "agreed", "agreement_text")


def trail_note(detail: dict[str, Any]) -> str:
    """The words a governance trail event carries, as one line of the timeline."""
    parts: list[str] = []
    for whom in ("responsible", "assignee"):
        named = detail.get(whom)
        if isinstance(named, dict) and named.get("name"):
            parts.append(f"{'整改责任人' if whom == 'responsible' else '承办'}：{named['name']}")
    if isinstance(detail.get("deadline_at"), str):
        at = datetime.fromisoformat(detail["deadline_at"]).astimezone(clock.SHANGHAI)
        parts.append(f"期限 {at:%Y-%m-%d %H:%M}")
    if detail.get("grade_to") in HAZARD_GRADE_NAMES:
        parts.append(f"等级调为{HAZARD_GRADE_NAMES[detail['grade_to']]}")
    if isinstance(detail.get("referred_to"), str):
        parts.append(f"引导至{detail['referred_to']}")
    for key in _KEYS:
        value = detail.get(key)
        if isinstance(value, str) and value and not (key == "reason" and "reason_name" in detail):
            parts.append(value)
    if detail.get("satisfied") is True:
        parts.append("当事人满意")
    elif detail.get("satisfied") is False:
        parts.append("当事人不满意")
    return "；".join(parts)
