"""案件 — the cases list (scope, status and kind filters) and one case: its facts, its trail
(全程留痕), its photos and voice (expiring links), and the actions the case's rules allow this
person now (cases/handling/available.py). Reading and acting go through the same services as
`GET /api/v1/cases`, `GET /api/v1/cases/{id}` and `POST /api/v1/cases/{id}/{action}`."""

from __future__ import annotations

from typing import Annotated, Any, get_args

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from jinghutong.cases.handling.available import available_actions
from jinghutong.cases.handling.schemas import ContentIn, NoteIn, ReasonIn, ResolveIn, RevisitIn
from jinghutong.cases.handling.service import act
from jinghutong.cases.schemas import Kind, Scope, Status
from jinghutong.cases.service import get_case, list_cases, load_visible
from jinghutong.console import forms
from jinghutong.console.pages.case_words import ACTIONS, DONE, SCOPES, payload_note
from jinghutong.console.pages.desk import with_places
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import render, url
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import CASE_KIND_NAMES, CASE_STATUS_NAMES

router = APIRouter(prefix="/cases")
Viewer = Annotated[ConsoleUser, viewer("cases")]
Actor = Annotated[ConsoleUser, actor("cases")]
PAGE_SIZE = 25


class UnknownAction(NotFound):
    detail = "没有这个操作"


def _choice(value: str | None, allowed: Any, field: str) -> str | None:
    if not value:
        return None
    if value not in get_args(allowed):
        raise ValidationFailed(f"筛选条件“{field}”不正确", fields={field: "不正确"})
    return value


@router.get("")
async def cases_list(
    request: Request,
    session: Session,
    me: Viewer,
    scope: str = "area",
    status: str = "",
    kind: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """Cases within the caller's scope, newest first, a page at a time."""
    chosen: dict[str, Any] = {
        "scope": _choice(scope, Scope, "scope") or "area",
        "status": _choice(status, Status, "status"),
        "kind": _choice(kind, Kind, "kind"),
    }
    page = await list_cases(
        session,
        me.person.id,
        scope=chosen["scope"],
        status=chosen["status"],
        kind=chosen["kind"],
        area_id=None,
        cursor=cursor[:64] or None,
        limit=PAGE_SIZE,
    )
    context = {
        "page": page.model_copy(update={"items": await with_places(session, page.items)}),
        "chosen": chosen,
        "first_page": not cursor,
        "scopes": SCOPES,
        "statuses": CASE_STATUS_NAMES,
        "kinds": CASE_KIND_NAMES,
    }
    return render(request, "cases/list.html", context, me=me, current="cases")


@router.get("/{case_id}")
async def case_page(
    request: Request,
    case_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    done: str = "",
) -> HTMLResponse:
    """One case with its trail, media and the actions open to this person."""
    case, access = await load_visible(session, me.person.id, case_id[:26])
    detail = await get_case(session, storage, settings, me.person.id, case.id)
    context = {
        "case": detail,
        "actions": [
            (a, ACTIONS[a]) for a in available_actions(case, access, settings.cases) if a in ACTIONS
        ],
        "done": DONE.get(done, ""),
        "note": payload_note,
    }
    return render(request, "cases/detail.html", context, me=me, current="cases")


def _body(action: str, text: str, reason: str, outcome: str, satisfied: str) -> BaseModel:
    names = ACTIONS[action].fields
    if action in ("accept", "arrive", "close"):
        return forms.parse(NoteIn, {"text": text}, names)
    if action == "resolve":
        return forms.parse(ResolveIn, {"text": text, "outcome": outcome or None}, names)
    if action in ("feedback", "answer", "comment"):
        return forms.parse(ContentIn, {"text": text}, names)
    if action == "escalate":
        return forms.parse(ReasonIn, {"reason": reason}, names)
    verdict = {"yes": True, "no": False}.get(satisfied)
    return forms.parse(RevisitIn, {"text": text, "satisfied": verdict}, names)


@router.post("/{case_id}/{action}")
async def case_action(
    case_id: str,
    action: str,
    session: Session,
    settings: AppSettings,
    me: Actor,
    text: Annotated[str, Form(max_length=4000)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
    outcome: Annotated[str, Form(max_length=20)] = "",
    satisfied: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """One handling action (the same service as POST /api/v1/cases/{id}/{action})."""
    if action not in ACTIONS:
        raise UnknownAction()
    body = _body(action, text, reason, outcome, satisfied)
    await act(session, settings.cases, me.person.id, case_id[:26], action, body)
    return RedirectResponse(url(f"/cases/{case_id}?done={action}"), status_code=303)
