"""The words of the 所长信箱 pages: the trail's lines in Chinese, the list's filters, the
officers a letter can be handed to, and the answer deadline typed as a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from jinghutong.core import clock
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import PetitionStatus
from jinghutong.petitions.schemas import EventOut
from jinghutong.petitions.views import STATUS_NAMES
from jinghutong.staff.schemas import StaffOut

# The roles a letter may be handed to (petitions/repository.py OFFICER_ROLES), in the order
# the mini-program's picker shows them.
OFFICER_ROLES: list[Any] = ["area_officer", "village_police", "auxiliary_officer", "duty_room"]
DEFAULT_DAYS = 7
STATUSES = {str(s): name for s, name in STATUS_NAMES.items()}
OVERDUE = {"yes": "超期未答复", "no": "未超期"}
SORTS = {"newest": "最新来信在前", "oldest": "最早来信在前", "deadline": "期限近的在前"}
WHO = {"sender": "来信人", "chief": "所长", "officer": "承办民警"}
ACTIONS = {
    "created": "来信",
    "read": "所长已阅",
    "assigned": "交办",
    "replied": "答复",
    "followed_up": "来信人追问",
    "rated": "来信人评价",
    "closed": "办结",
}
DONE = {
    "assign": "已交办，承办民警会收到通知。",
    "reply": "答复已发出，来信人会收到通知。",
    "close": "来信已办结。",
}
FIELD_NAMES = {
    "assignee_id": "承办民警",
    "deadline_at": "答复期限",
    "note": "交办意见",
    "text": "答复内容",
}


def default_deadline() -> str:
    return (
        clock.now().astimezone(clock.SHANGHAI).date() + timedelta(days=DEFAULT_DAYS)
    ).isoformat()


def deadline_of(day: str) -> datetime:
    """The end of the chosen day in Beijing (what the mini-program sends for a day)."""
    try:
        chosen = date.fromisoformat(day.strip())
    except ValueError:
        raise ValidationFailed(
            "请选择答复期限（年-月-日）", fields={"deadline_at": "请选择日期"}
        ) from None
    return datetime(chosen.year, chosen.month, chosen.day, 23, 59, 59, tzinfo=clock.SHANGHAI)


def event_line(event: EventOut) -> str:
    """What an event of the trail says beyond its name."""
    detail = event.detail
    if event.action == "assigned":
        deadline = detail.get("deadline_at")
        when = ""
        if deadline:
            at = datetime.fromisoformat(deadline).astimezone(clock.SHANGHAI)
            when = f"，{at:%Y-%m-%d} 前答复"
        note = f"。交办意见：{detail['note']}" if detail.get("note") else ""
        return f"交给 {detail.get('assignee_name', '')}{when}{note}"
    if event.action == "rated":
        return f"{detail.get('rating', '')} 分"
    if event.action == "closed" and detail.get("reason"):
        return str(detail["reason"])
    if event.action == "followed_up" and detail.get("status"):
        return "重新等待答复"
    return ""


def officer_choices(near: list[StaffOut], everyone: list[StaffOut]) -> list[tuple[str, list]]:
    """The letter's village's officers first, then the rest of the station's."""
    first = {s.id for s in near}
    groups = [("本村的民警", near), ("全所其他民警", [s for s in everyone if s.id not in first])]
    return [(label, people) for label, people in groups if people]


def is_waiting(status: str) -> bool:
    return status in (PetitionStatus.open, PetitionStatus.assigned)
