"""村级治理 · 矛盾纠纷: the register (village, status, level, overdue filters), one dispute with
its parties, sessions, trail and photos, and the desk's actions: 交办 (to an officer, a roster
person or a unit, with a deadline), 记录调解, 调解协议, 调解不成, 回访 — through the services
`GET /api/v1/disputes…` and `POST /api/v1/disputes/{id}/…` call, with their state rules."""

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
from jinghutong.console.pages.governance_hazards import UnknownAction, roster_people
from jinghutong.console.templating import render
from jinghutong.core.deps import AppSettings, Session
from jinghutong.governance.disputes import actions, service
from jinghutong.governance.disputes.schemas import (
    DisputeAssignIn,
    DisputeFailIn,
    DisputeFollowUpIn,
    DisputeMediateIn,
    DisputeSettleIn,
)
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import DISPUTE_CATEGORY_NAMES, DISPUTE_LEVEL_NAMES, DISPUTE_STATUS_NAMES

router = APIRouter()

DONE = {
    "assign": "已交办。",
    "phoned": "已记为电话告知。",
    "mediate": "调解记录已登记。",
    "settle": "调解协议已登记，到期会提醒回访。",
    "fail": "已登记调解不成。",
    "follow-up": "回访已登记，纠纷结案。",
}
NAMES = {
    "deadline_at": "办理期限",
    "assignee_unit": "承办单位",
    "level": "层级",
    "note": "说明",
    "held_at": "调解时间",
    "mediators": "主持调解的人",
    "summary": "调解经过",
    "agreed": "达成的意见",
    "agreement_text": "调解协议",
    "reason": "原因",
    "referred_to": "引导去向",
    "advice": "建议",
    "satisfied": "是否满意",
}
REFERRALS = ("司法所", "法院", "信访", "其他")


@router.get("/disputes")
async def disputes_list(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: str = "",
    status: str = "",
    level: str = "",
    overdue: str = "",
    mine: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """The disputes of the caller's area, those they recorded and those handed to them."""
    known = await villages(session, me.person)
    chosen: dict[str, Any] = {
        "area_id": village_choice(area_id, known),
        "status": choice(status, DISPUTE_STATUS_NAMES, "状态"),
        "level": choice(level, DISPUTE_LEVEL_NAMES, "层级"),
        "overdue": overdue,
        "mine": "yes" if mine == "yes" else "",
    }
    filters = {
        "status": chosen["status"],
        "category": None,
        "level": chosen["level"],
        "area_id": chosen["area_id"],
        "assigned_to_me": mine == "yes",
        "overdue": overdue_choice(overdue),
    }
    page = await service.list_disputes(
        session, me.person.id, filters=filters, cursor=cursor[:200] or None, limit=PAGE_SIZE
    )
    context = {
        "tabs": TABS,
        "tab": "disputes",
        "page": page,
        "chosen": chosen,
        "first_page": not cursor,
        "villages": known,
        "statuses": DISPUTE_STATUS_NAMES,
        "levels": DISPUTE_LEVEL_NAMES,
    }
    return render(request, "governance/disputes.html", context, me=me, current="governance")


@router.get("/disputes/{dispute_id}")
async def dispute_page(
    request: Request,
    dispute_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    done: str = "",
) -> HTMLResponse:
    """One dispute: parties, assignee, sessions, outcome, photos, trail, the actions open now."""
    d = await service.get_dispute(session, storage, settings, me.person.id, dispute_id[:26])
    candidates, members = [], []
    if d.can_assign:
        candidates = await service.assignees(session, me.person.id, d.id)
        members = await roster_people(session, me.person.id, d.village.id if d.village else None)
    context = {
        "tabs": TABS,
        "tab": "disputes",
        "d": d,
        "candidates": candidates,
        "members": members,
        "levels": DISPUTE_LEVEL_NAMES,
        "categories": DISPUTE_CATEGORY_NAMES,
        "referrals": REFERRALS,
        "done": DONE.get(done, ""),
        "note": trail_note,
    }
    return render(request, "governance/dispute.html", context, me=me, current="governance")


def _assign_body(form: dict[str, str]) -> DisputeAssignIn:
    who = form["assignee"]
    data: dict[str, Any] = {
        "deadline_at": beijing(form["deadline_at"], "deadline_at", "办理期限"),
        "note": form["note"] or None,
    }
    if who.startswith("person:"):
        data["assignee_id"] = who.removeprefix("person:")
    elif who.startswith("member:"):
        data["assignee_member_id"] = who.removeprefix("member:")
    elif form["unit"]:
        data["assignee_unit"] = form["unit"]
        data["level"] = form["level"] or None
    return forms.parse(DisputeAssignIn, data, NAMES)


def _body(action: str, form: dict[str, str]) -> BaseModel:
    if action == "assign":
        return _assign_body(form)
    if action == "mediate":
        data = {
            "held_at": beijing(form["held_at"], "held_at", "调解时间"),
            "mediators": form["mediators"],
            "attendees": form["attendees"],
            "summary": form["summary"],
            "agreed": form["agreed"] or None,
            "on_site": form["on_site"] == "yes",
        }
        return forms.parse(DisputeMediateIn, data, NAMES)
    if action == "settle":
        data = {"agreement_text": form["agreement_text"] or None, "level": form["level"] or None}
        return forms.parse(DisputeSettleIn, data, NAMES)
    if action == "fail":
        data = {
            "reason": form["reason"],
            "referred_to": form["referred_to"],
            "advice": form["advice"],
        }
        return forms.parse(DisputeFailIn, data, NAMES)
    satisfied = {"yes": True, "no": False}.get(form["satisfied"])
    return forms.parse(DisputeFollowUpIn, {"note": form["note"], "satisfied": satisfied}, NAMES)


_ACTS: dict[str, Any] = {
    "assign": actions.assign,
    "mediate": actions.mediate,
    "settle": actions.settle,
    "fail": actions.fail,
    "follow-up": actions.follow_up,
}


@router.post("/disputes/{dispute_id}/{action}")
async def dispute_action(
    dispute_id: str,
    action: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Actor,
    assignee: Annotated[str, Form(max_length=40)] = "",
    unit: Annotated[str, Form(max_length=100)] = "",
    level: Annotated[str, Form(max_length=20)] = "",
    deadline_at: Annotated[str, Form(max_length=40)] = "",
    held_at: Annotated[str, Form(max_length=40)] = "",
    mediators: Annotated[str, Form(max_length=400)] = "",
    attendees: Annotated[str, Form(max_length=400)] = "",
    summary: Annotated[str, Form(max_length=4000)] = "",
    agreed: Annotated[str, Form(max_length=4000)] = "",
    on_site: Annotated[str, Form(max_length=5)] = "",
    agreement_text: Annotated[str, Form(max_length=10000)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
    referred_to: Annotated[str, Form(max_length=20)] = "",
    advice: Annotated[str, Form(max_length=1000)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    satisfied: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """One dispute action, through the service the API's endpoint calls."""
    if action not in _ACTS:
        raise UnknownAction()
    values = {
        "assignee": assignee,
        "unit": unit,
        "level": level,
        "deadline_at": deadline_at,
        "held_at": held_at,
        "mediators": mediators,
        "attendees": attendees,
        "summary": summary,
        "agreed": agreed,
        "on_site": on_site,
        "agreement_text": agreement_text,
        "reason": reason,
        "referred_to": referred_to,
        "advice": advice,
        "note": note,
        "satisfied": satisfied,
    }
    form = {k: v.strip() for k, v in values.items()}
    body = _body(action, form)
    await _ACTS[action](session, (storage, settings), me.person, dispute_id[:26], body)
    return back(f"/governance/disputes/{dispute_id}", action)
