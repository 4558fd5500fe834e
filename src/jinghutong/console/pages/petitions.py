"""所长信箱 — the chief's inbox of 所长直通车 letters (filters: status, overdue, village), and for
an officer the letters handed to them; one letter with its full text, photos and voice by
expiring links, its trail, and the actions the letter allows this person (交办 with a deadline,
答复, 办结). Everything goes through the services of `GET/POST /api/v1/petitions…`; the letter
page is a GET that writes (the chief's first look is the read receipt in the trail), as in the
API. The writer's phone is shown masked only, as everywhere on the wire."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jinghutong.areas.service import map_areas
from jinghutong.console import forms
from jinghutong.console.errors import LoginRequired, PageForbidden
from jinghutong.console.menu import PAGES
from jinghutong.console.pages import petition_words as words
from jinghutong.console.session import ConsoleUser, actor, resolve, viewer
from jinghutong.console.templating import render, url
from jinghutong.core.deps import AppSettings, Session, WriteSession
from jinghutong.core.errors import ValidationFailed
from jinghutong.identity.repository import PersonRepository
from jinghutong.identity.service import person_out
from jinghutong.media import service as media
from jinghutong.media.endpoints import AppStorage
from jinghutong.media.schemas import MediaView
from jinghutong.models import Role
from jinghutong.petitions import handling, service
from jinghutong.petitions.schemas import AssignIn, CloseIn, MessageIn, PetitionDetail
from jinghutong.staff.service import list_staff

router = APIRouter(prefix="/petitions")
Viewer = Annotated[ConsoleUser, viewer("petitions")]
Actor = Annotated[ConsoleUser, actor("petitions")]


async def _reader(request: Request, session: WriteSession) -> ConsoleUser:
    """`viewer("petitions")` on the writing unit of work: opening a letter is a GET that
    writes (the read receipt), like the API's `WriteSessionPrincipal` — one session."""
    user = await resolve(request, session)
    if user is None:
        raise LoginRequired()
    if not user.may_open("petitions"):
        raise PageForbidden(PAGES["petitions"].label)
    return user


Reader = Annotated[ConsoleUser, Depends(_reader)]
PAGE_SIZE = 25


def _choice(value: str, allowed: dict[str, str], field: str) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise ValidationFailed(f"筛选条件“{field}”不正确", fields={field: "不正确"})
    return value


@router.get("")
async def inbox(
    request: Request,
    session: Session,
    me: Viewer,
    status: str = "",
    overdue: str = "",
    village: str = "",
    sort: str = "newest",
    cursor: str = "",
) -> HTMLResponse:
    """The chief's inbox; for an officer, the letters handed to them."""
    chief = me.has(Role.chief)
    villages = [a for a in await map_areas(session, me.person) if a.level == "village"]
    chosen: dict[str, Any] = {
        "status": _choice(status, words.STATUSES, "status"),
        "overdue": _choice(overdue, words.OVERDUE, "overdue"),
        "village": _choice(village, {v.id: v.name for v in villages}, "village"),
        "sort": _choice(sort, words.SORTS, "sort") or "newest",
    }
    page = await service.list_petitions(
        session,
        me.person.id,
        scope="inbox" if chief else "assigned",
        status=chosen["status"],
        village_id=chosen["village"],
        overdue=None if chosen["overdue"] is None else chosen["overdue"] == "yes",
        sort=chosen["sort"],
        cursor=cursor[:200] or None,
        limit=PAGE_SIZE,
    )
    context = {
        "page": page,
        "chief": chief,
        "chosen": chosen,
        "first_page": not cursor,
        "villages": villages,
        "statuses": words.STATUSES,
        "overdue_choices": words.OVERDUE,
        "sorts": words.SORTS,
    }
    return render(request, "petitions/list.html", context, me=me, current="petitions")


async def _media(
    session: WriteSession,
    storage: AppStorage,
    settings: AppSettings,
    me: ConsoleUser,
    ids: list[str],
) -> list[MediaView]:
    """The message's photos and voice as GET /api/v1/media/{id} gives them: checked, then an
    expiring link."""
    return [
        await media.view(storage, settings, await media.visible(session, me.person.id, i))
        for i in ids
    ]


async def _officers(session: WriteSession, me: ConsoleUser, letter: PetitionDetail) -> list:
    everyone = await list_staff(session, me.person, words.OFFICER_ROLES, None, None, 100)
    near = []
    if letter.village:
        near = (
            await list_staff(session, me.person, words.OFFICER_ROLES, letter.village.id, None, 100)
        ).items
    return words.officer_choices(near, everyone.items)


@router.get("/{petition_id}")
async def letter(
    request: Request,
    petition_id: str,
    session: WriteSession,
    storage: AppStorage,
    settings: AppSettings,
    me: Reader,
    done: str = "",
) -> HTMLResponse:
    """One letter: every message, its media, its trail and the actions open to this person."""
    detail = await service.open_petition(session, me.person.id, petition_id[:26])
    writer = await PersonRepository(session).get(detail.sender.id)
    context = {
        "p": detail,
        "phone": person_out(writer, False).phone if writer else None,
        "media": {
            m.id: await _media(session, storage, settings, me, m.media_ids) for m in detail.messages
        },
        "officers": await _officers(session, me, detail) if detail.can_assign else [],
        "default_deadline": words.default_deadline(),
        "who": words.WHO,
        "actions": words.ACTIONS,
        "line": words.event_line,
        "done": words.DONE.get(done, ""),
    }
    return render(request, "petitions/detail.html", context, me=me, current="petitions")


def _back(petition_id: str, done: str) -> RedirectResponse:
    return RedirectResponse(url(f"/petitions/{petition_id}?done={done}"), status_code=303)


@router.post("/{petition_id}/assign")
async def assign(
    petition_id: str,
    session: Session,
    me: Actor,
    assignee_id: Annotated[str, Form(max_length=26)] = "",
    deadline: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """交办 (the same service as POST /api/v1/petitions/{id}/assign)."""
    if not assignee_id:
        raise ValidationFailed("请选择交给哪位民警", fields={"assignee_id": "请选择"})
    data = {
        "assignee_id": assignee_id,
        "deadline_at": words.deadline_of(deadline),
        "note": note.strip() or None,
    }
    body = forms.parse(AssignIn, data, words.FIELD_NAMES)
    await handling.assign(session, me.person, petition_id[:26], body)
    return _back(petition_id, "assign")


@router.post("/{petition_id}/reply")
async def reply(
    petition_id: str,
    session: Session,
    me: Actor,
    text: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """答复 (the same service as POST /api/v1/petitions/{id}/messages)."""
    if not text.strip():
        raise ValidationFailed("请填写答复内容", fields={"text": "请填写"})
    body = forms.parse(MessageIn, {"text": text, "media_ids": []}, words.FIELD_NAMES)
    await handling.reply(session, me.person, petition_id[:26], body)
    return _back(petition_id, "reply")


@router.post("/{petition_id}/close")
async def close(
    petition_id: str,
    session: Session,
    me: Actor,
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """办结 (the same service as POST /api/v1/petitions/{id}/close)."""
    body = forms.parse(CloseIn, {"note": note.strip() or None}, {"note": "办结说明"})
    await handling.close(session, me.person, petition_id[:26], body)
    return _back(petition_id, "close")
