"""警讯 — bulletins: the list with each one's reach and reads; compose (title, body, audience:
everyone in chosen areas or only the households there with a tag) saved as a draft, whose page
shows the API's audience preview (households, people, reachable by WeChat, whether the chief
must approve) before anything is sent; publish, the chief's approve or send back, withdraw;
and one bulletin's statistics (sent, read, by village), polled while it is going out.

Every step is the service of the matching `/api/v1/bulletins…` endpoint (authoring.service,
reading.service): the audience rules, the approval rule (beyond one's own villages the chief
approves) and the counts are the API's own."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jinghutong.areas.service import names_of
from jinghutong.bulletins.audience.spec import PUBLISH_ROLES
from jinghutong.bulletins.authoring import auth, service
from jinghutong.bulletins.reading import service as reading
from jinghutong.bulletins.schemas import BulletinIn, BulletinOut, BulletinPatch, PublishIn, RejectIn
from jinghutong.console import forms
from jinghutong.console.pages import bulletin_words as words
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import render, url
from jinghutong.core import clock
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.identity.repository import PersonRepository

router = APIRouter(prefix="/bulletins")
Viewer = Annotated[ConsoleUser, viewer("bulletins")]
Actor = Annotated[ConsoleUser, actor("bulletins")]
PAGE_SIZE = 20
POLL_SECONDS = 5


def _back(bulletin_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(url(f"/bulletins/{bulletin_id}?done={done}"), status_code=303)


@router.get("")
async def bulletins_list(
    request: Request, session: Session, me: Viewer, status: str = "", cursor: str = ""
) -> HTMLResponse:
    """Mine and those reaching into my area, newest first, each with its reach and reads."""
    if status and status not in words.STATUS_NAMES:
        raise ValidationFailed("筛选条件“状态”不正确", fields={"status": "不正确"})
    page = await service.page(session, me.person, status or None, cursor[:26] or None, PAGE_SIZE)
    stats = {
        b.id: await reading.stats(session, me.person, b.id)
        for b in page.items
        if b.status not in ("draft", "pending_approval")
    }
    context = {
        "page": page,
        "stats": stats,
        "rates": words.rates,
        "status": status,
        "first_page": not cursor,
        "statuses": words.STATUS_NAMES,
        "may_compose": me.has(*PUBLISH_ROLES),
    }
    return render(request, "bulletins/list.html", context, me=me, current="bulletins")


async def _compose(
    request: Request, session: Session, me: ConsoleUser, bulletin: BulletinOut | None
) -> HTMLResponse:
    station, villages = await words.area_choices(session, me)
    context = {
        "bulletin": bulletin,
        "values": words.form_values(bulletin),
        "station": station,
        "villages": villages,
        "categories": words.CATEGORIES,
        "tags": words.TAGS,
    }
    return render(request, "bulletins/compose.html", context, me=me, current="bulletins")


@router.get("/new")
async def compose(request: Request, session: Session, me: Viewer) -> HTMLResponse:
    """The compose form; saving it makes a draft whose page shows the audience preview."""
    return await _compose(request, session, me, None)


@router.post("")
async def create(request: Request, session: Session, me: Actor) -> Response:
    """Save the draft (the same service as POST /api/v1/bulletins)."""
    data = words.bulletin_body(await request.form())
    body = forms.parse(BulletinIn, data, words.FIELD_NAMES)
    with words.fields_named():
        created = await service.create(session, me.person, body)
    return _back(created.id, "created")


async def _names(session: Session, bulletin: BulletinOut) -> dict[str, str]:
    people = PersonRepository(session)
    names = {}
    for person_id in (bulletin.author_id, bulletin.approver_id):
        person = await people.get(person_id) if person_id else None
        if person is not None:
            names[person.id] = person.name
    return names


@router.get("/{bulletin_id}")
async def bulletin_page(
    request: Request, bulletin_id: str, session: Session, me: Viewer, done: str = ""
) -> HTMLResponse:
    """One bulletin: its text and audience; before sending the audience preview and the
    actions; after, its statistics."""
    row = await service.load(session, me.person, bulletin_id[:26])
    bulletin = service.out(row)
    waiting = bulletin.status in ("draft", "pending_approval")
    context: dict[str, Any] = {
        "b": bulletin,
        "status_name": words.STATUS_NAMES[bulletin.status],
        "area_names": await names_of(session, bulletin.audience.areas),
        "names": await _names(session, bulletin),
        "preview": await service.preview(session, me.person, row.id) if waiting else None,
        "stats": None if waiting else await reading.stats(session, me.person, row.id),
        "rates": words.rates,
        "live": bulletin.status in words.LIVE,
        "poll_seconds": POLL_SECONDS,
        "mine": bulletin.author_id == me.person_id,
        "may_publish": me.has(*PUBLISH_ROLES),
        "may_approve": bulletin.status == "pending_approval"
        and await auth.is_approver(session, me.person, row),
        "done": words.DONE.get(done, ""),
    }
    return render(request, "bulletins/detail.html", context, me=me, current="bulletins")


@router.get("/{bulletin_id}/stats")
async def stats_partial(
    request: Request, bulletin_id: str, session: Session, me: Viewer
) -> HTMLResponse:
    """The statistics alone (polled while the bulletin is going out)."""
    row = await service.load(session, me.person, bulletin_id[:26])
    context = {
        "b": service.out(row),
        "stats": await reading.stats(session, me.person, row.id),
        "rates": words.rates,
        "live": row.status in words.LIVE,
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "bulletins/_stats.html", context, me=me)


@router.get("/{bulletin_id}/edit")
async def edit(request: Request, bulletin_id: str, session: Session, me: Viewer) -> HTMLResponse:
    """The compose form on a draft."""
    row = await service.load(session, me.person, bulletin_id[:26])
    return await _compose(request, session, me, service.out(row))


@router.post("/{bulletin_id}/edit")
async def save(request: Request, bulletin_id: str, session: Session, me: Actor) -> Response:
    """Save the draft's changes (the same service as PATCH /api/v1/bulletins/{id})."""
    data = words.bulletin_body(await request.form())
    body = forms.parse(BulletinPatch, data, words.FIELD_NAMES)
    with words.fields_named():
        await service.update(session, me.person, bulletin_id[:26], body)
    return _back(bulletin_id, "saved")


def _publish_time(at: str) -> datetime | None:
    if not at.strip():
        return None
    try:
        chosen = datetime.fromisoformat(at.strip())
    except ValueError:
        raise ValidationFailed("发布时间的格式不正确", fields={"at": "请选择日期和时间"}) from None
    return chosen.replace(tzinfo=clock.SHANGHAI) if chosen.tzinfo is None else chosen


@router.post("/{bulletin_id}/publish")
async def publish(
    bulletin_id: str,
    session: Session,
    me: Actor,
    at: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Send now or at a time; beyond one's own villages it waits for the chief."""
    body = forms.parse(PublishIn, {"at": _publish_time(at)}, words.FIELD_NAMES)
    out = await service.publish(session, me.person, bulletin_id[:26], body.at)
    return _back(out.id, "pending" if out.status == "pending_approval" else "published")


@router.post("/{bulletin_id}/approve")
async def approve(bulletin_id: str, session: Session, me: Actor) -> Response:
    out = await service.approve(session, me.person, bulletin_id[:26])
    return _back(out.id, "approved")


@router.post("/{bulletin_id}/reject")
async def reject(
    bulletin_id: str,
    session: Session,
    me: Actor,
    reason: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    body = forms.parse(RejectIn, {"reason": reason.strip()}, words.FIELD_NAMES)
    out = await service.reject(session, me.person, bulletin_id[:26], body.reason)
    return _back(out.id, "rejected")


@router.post("/{bulletin_id}/cancel")
async def cancel(bulletin_id: str, session: Session, me: Actor) -> Response:
    out = await service.cancel(session, me.person, bulletin_id[:26])
    return _back(out.id, "cancelled")
