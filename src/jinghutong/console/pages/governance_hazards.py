"""村级治理 · 安全隐患: the register (village, status, grade, overdue filters), one hazard with
its trail and photos (expiring links), and the desk's actions: 告知整改 (to a roster person or a
name and phone, with a deadline), 整改上报, 验收通过 / 不通过, 销号, 撤销, 调整等级. Reading and
acting go through the services `GET /api/v1/hazards…` and `POST /api/v1/hazards/{id}/…` call;
their state rules answer (a wrong state is the 409 page)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from jinghutong.console import forms
from jinghutong.console.pages.governance_common import (
    PAGE_SIZE,
    TABS,
    Actor,
    Viewer,
    back,
    beijing,
    choice,
    overdue_choice,
    trail_note,
    village_choice,
    villages,
)
from jinghutong.console.templating import render
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotFound
from jinghutong.governance.hazards import actions, service
from jinghutong.governance.hazards.schemas import (
    DISMISS_REASON_NAMES,
    AcceptIn,
    CloseIn,
    NotifyIn,
    RectifiedIn,
    RegradeIn,
    RejectIn,
)
from jinghutong.governance.roster import service as roster_service
from jinghutong.governance.roster.errors import NotAVillageArea, RosterAreaNotFound
from jinghutong.governance.roster.schemas import MemberOut
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import HAZARD_GRADE_NAMES, HAZARD_KIND_NAMES, HAZARD_STATUS_NAMES

router = APIRouter()

DONE = {
    "notify": "已告知整改。",
    "phoned": "已记为电话告知。",
    "report-rectified": "整改情况已上报。",
    "accept": "已验收通过。",
    "reject": "已退回重新整改。",
    "close": "已销号。",
    "dismiss": "已撤销。",
    "regrade": "等级已调整。",
}
NAMES = {
    "deadline_at": "整改期限",
    "responsible_name": "责任人姓名",
    "responsible_phone": "责任人电话",
    "note": "说明",
    "reason": "原因",
    "grade": "等级",
    "text": "整改情况",
}


class UnknownAction(NotFound):
    detail = "没有这个操作"


@router.get("/hazards")
async def hazards_list(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: str = "",
    status: str = "",
    grade: str = "",
    overdue: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """The hazards of the caller's area, newest first, a page at a time."""
    known = await villages(session, me.person)
    chosen: dict[str, Any] = {
        "area_id": village_choice(area_id, known),
        "status": choice(status, HAZARD_STATUS_NAMES, "状态"),
        "grade": choice(grade, HAZARD_GRADE_NAMES, "等级"),
        "overdue": overdue,
    }
    late = overdue_choice(overdue)
    page = await service.list_hazards(
        session,
        me.person.id,
        status=chosen["status"],
        grade=chosen["grade"],
        kind=None,
        area_id=chosen["area_id"],
        overdue=late,
        cursor=cursor[:200] or None,
        limit=PAGE_SIZE,
    )
    context = {
        "tabs": TABS,
        "tab": "hazards",
        "page": page,
        "chosen": chosen,
        "first_page": not cursor,
        "villages": known,
        "statuses": HAZARD_STATUS_NAMES,
        "grades": HAZARD_GRADE_NAMES,
    }
    return render(request, "governance/hazards.html", context, me=me, current="governance")


async def roster_people(session: Any, person_id: str, village_id: str | None) -> list[MemberOut]:
    """The village's roster people one may name responsible (none if the roster is not seen)."""
    if village_id is None:
        return []
    try:
        roster = await roster_service.roster(session, person_id, village_id, include_inactive=False)
    except (RosterAreaNotFound, NotAVillageArea):
        return []
    return [*roster.vertical, *roster.horizontal]


@router.get("/hazards/{hazard_id}")
async def hazard_page(
    request: Request,
    hazard_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    done: str = "",
) -> HTMLResponse:
    """One hazard: facts, photos, trail, the notices owed by phone, the actions open now."""
    hazard = await service.get_hazard(session, storage, settings, me.person.id, hazard_id[:26])
    members = []
    if hazard.can_notify:
        members = await roster_people(
            session, me.person.id, hazard.village.id if hazard.village else None
        )
    context = {
        "tabs": TABS,
        "tab": "hazards",
        "h": hazard,
        "members": members,
        "grades": HAZARD_GRADE_NAMES,
        "kinds": HAZARD_KIND_NAMES,
        "dismiss_reasons": {str(k): v for k, v in DISMISS_REASON_NAMES.items()},
        "done": DONE.get(done, ""),
        "note": trail_note,
    }
    return render(request, "governance/hazard.html", context, me=me, current="governance")


def _notify_body(form: dict[str, str]) -> NotifyIn:
    who = form["responsible"]
    data: dict[str, Any] = {
        "deadline_at": beijing(form["deadline_at"], "deadline_at", "整改期限"),
        "grade": form["grade"] or None,
        "note": form["note"] or None,
    }
    if who.startswith("member:"):
        data["responsible_member_id"] = who.removeprefix("member:")
    elif form["responsible_name"] or form["responsible_phone"]:
        data["responsible_name"] = form["responsible_name"] or None
        data["responsible_phone"] = form["responsible_phone"] or None
    return forms.parse(NotifyIn, data, NAMES)


def _body(action: str, form: dict[str, str]) -> BaseModel:
    if action == "notify":
        return _notify_body(form)
    if action == "report-rectified":
        return forms.parse(RectifiedIn, {"text": form["text"]}, NAMES)
    if action == "accept":
        return forms.parse(AcceptIn, {"note": form["note"] or None}, NAMES)
    if action == "reject":
        deadline = beijing(form["deadline_at"], "deadline_at", "新的整改期限")
        return forms.parse(RejectIn, {"reason": form["reason"], "deadline_at": deadline}, NAMES)
    if action == "close":
        return forms.parse(CloseIn, {"note": form["note"] or None}, NAMES)
    if action == "dismiss":
        data = {"dismissed": True, "reason": form["reason"] or None, "note": form["note"] or None}
        return forms.parse(CloseIn, data, {**NAMES, "reason": "撤销原因"})
    return forms.parse(RegradeIn, {"grade": form["grade"], "reason": form["reason"]}, NAMES)


_ACTS: dict[str, Any] = {
    "notify": actions.notify,
    "report-rectified": actions.report_rectified,
    "accept": actions.accept,
    "reject": actions.reject,
    "close": actions.close,
    "dismiss": actions.close,
    "regrade": actions.regrade,
}


@router.post("/hazards/{hazard_id}/{action}")
async def hazard_action(
    hazard_id: str,
    action: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Actor,
    responsible: Annotated[str, Form(max_length=40)] = "",
    responsible_name: Annotated[str, Form(max_length=100)] = "",
    responsible_phone: Annotated[str, Form(max_length=40)] = "",
    deadline_at: Annotated[str, Form(max_length=40)] = "",
    grade: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """One hazard action, through the service the API's endpoint calls."""
    if action not in _ACTS:
        raise UnknownAction()
    form = {
        "responsible": responsible,
        "responsible_name": responsible_name.strip(),
        "responsible_phone": responsible_phone.strip(),
        "deadline_at": deadline_at,
        "grade": grade,
        "note": note.strip(),
        "reason": reason.strip(),
        "text": text,
    }
    body = _body(action, form)
    await _ACTS[action](session, (storage, settings), me.person.id, hazard_id[:26], body)
    return back(f"/governance/hazards/{hazard_id}", action)
