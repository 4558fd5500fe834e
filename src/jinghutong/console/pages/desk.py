"""值班台 — the duty desk: incoming alarms and cases as they arrive, and dispatch on the map.

New cases appear without a reload by htmx polling a partial (GET /console/desk/feed) every
5 seconds, not by server-sent events: a poll is one indexed list query through the same service
as `GET /api/v1/cases?scope=area`, works through any proxy and on any number of stateless
`jinghutong api` replicas, and needs no broker to tell a replica that another one took a case
(SSE would, and would hold a connection per desk open for the whole shift). A station has a
handful of desks, so the load is a few queries a second at most.

Dispatch goes through the same service as `POST /api/v1/dispatches` and shows whom it chose."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from jinghutong.areas.service import get_area, map_areas, names_of
from jinghutong.cases.auth import access_to
from jinghutong.cases.dispatch.schemas import DispatchIn
from jinghutong.cases.dispatch.service import DISPATCH_ROLES, create_dispatch
from jinghutong.cases.presenter import detail_out
from jinghutong.cases.schemas import CaseOut
from jinghutong.cases.service import list_cases
from jinghutong.console import forms
from jinghutong.console.pages import desk_map
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import render
from jinghutong.core import clock
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import CASE_KIND_NAMES

router = APIRouter(prefix="/desk")
Viewer = Annotated[ConsoleUser, viewer("desk")]
Actor = Annotated[ConsoleUser, actor("desk")]

FEED_SIZE = 30
POLL_SECONDS = 5
# The kinds the duty room dispatches (a 110 call): the same values as a case's kind.
DISPATCH_KINDS = ("dispute", "alarm", "help", "hazard", "clue")
NO_PLACE = "请在地图上点一下事发位置，或选择所在的村"
FIELD_NAMES = {
    "summary": "警情摘要",
    "kind": "类别",
    "location.lat": "位置",
    "location.lng": "位置",
    "location.address": "地址",
}


async def _feed(session: Session, me: ConsoleUser) -> list[CaseOut]:
    page = await list_cases(
        session,
        me.person.id,
        scope="area",
        status=None,
        kind=None,
        area_id=None,
        cursor=None,
        limit=FEED_SIZE,
    )
    return await with_places(session, page.items)


async def with_places(session: Session, cases: list[CaseOut]) -> list[CaseOut]:
    """List rows carry no area name (the API's lists leave it out): fill in the micro-grid's."""
    names = await names_of(session, [c.area_id for c in cases])
    return [c.model_copy(update={"area_name": names.get(c.area_id)}) for c in cases]


@router.get("")
async def desk(request: Request, session: Session, me: Viewer) -> HTMLResponse:
    """The desk: the live list, the map and (for the duty room and chief) the dispatch form."""
    areas = await map_areas(session, me.person)
    context = {
        "cases": await _feed(session, me),
        "since": clock.now().isoformat(),
        "poll_seconds": POLL_SECONDS,
        "map": desk_map.build(areas),
        "villages": [a for a in areas if a.level == "village"],
        "may_dispatch": me.has(*DISPATCH_ROLES),
        "kinds": [(k, CASE_KIND_NAMES[k]) for k in DISPATCH_KINDS],
    }
    return render(request, "desk/page.html", context, me=me, current="desk")


@router.get("/feed")
async def feed(
    request: Request,
    session: Session,
    me: Viewer,
    since: Annotated[datetime | None, Query()] = None,
) -> HTMLResponse:
    """The live list alone (polled by the page); rows newer than `since` are marked 新."""
    context = {"cases": await _feed(session, me), "since_at": since}
    return render(request, "desk/_feed.html", context, me=me)


def _dispatch_body(summary: str, kind: str, lat: str, lng: str, address: str) -> DispatchIn:
    if not lat or not lng:
        raise ValidationFailed(NO_PLACE, fields={"location": NO_PLACE})
    data = {
        "summary": summary,
        "kind": kind,
        "location": {"lat": lat, "lng": lng, "address": address or None},
    }
    return forms.parse(DispatchIn, data, FIELD_NAMES)


@router.post("/dispatch")
async def dispatch(
    request: Request,
    session: Session,
    settings: AppSettings,
    me: Actor,
    summary: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "dispute",
    lat: Annotated[str, Form()] = "",
    lng: Annotated[str, Form()] = "",
    address: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Push the incident to the nearest 联户长 (the same service as POST /api/v1/dispatches)."""
    body = _dispatch_body(summary, kind, lat, lng, address)
    case = await create_dispatch(session, settings.cases, me.person, body)
    out = await detail_out(session, case, await access_to(session, me.person.id, case))
    grid = await get_area(session, me.person, case.area_id)
    context = {"case": out, "grid": grid}
    headers = {"HX-Trigger": "jht-dispatched"}  # the live list refreshes at once
    return render(request, "desk/_dispatched.html", context, me=me, headers=headers)
