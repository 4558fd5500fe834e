"""村级治理 · 电话告知 at the desk: for a person owed a notice by phone (a roster member or a
responsible person without WeChat), show the number to dial — the read is audited, as
`GET /api/v1/phone-notices/{id}/phone` — and mark the notice phoned with what was said, as
`POST /api/v1/phone-notices/{id}/done`. Both call the roster's phone-notice service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from jinghutong.console.pages.governance_common import Actor, back
from jinghutong.console.templating import render
from jinghutong.core.deps import Session
from jinghutong.governance.roster import phone_notices
from jinghutong.governance.roster.schemas import NoticeDoneIn

router = APIRouter(prefix="/phone-notices")
RECORD_PAGES = {"hazard": "/governance/hazards/", "dispute": "/governance/disputes/"}


@router.post("/{notice_id}/phone")
async def notice_phone(
    request: Request, notice_id: str, session: Session, me: Actor
) -> HTMLResponse:
    """The clear number, in place of the masked one (htmx swaps the cell)."""
    shown = await phone_notices.notice_phone(session, me.person.id, notice_id[:26])
    return render(request, "governance/_notice_phone.html", {"shown": shown}, me=me)


@router.post("/{notice_id}/done")
async def notice_done(
    notice_id: str,
    session: Session,
    me: Actor,
    note: Annotated[str, Form(max_length=200)] = "",
) -> RedirectResponse:
    """Phoned: back to the hazard or dispute the notice is about."""
    done = await phone_notices.mark_done(
        session, me.person.id, notice_id[:26], NoticeDoneIn(note=note.strip() or None)
    )
    return back(RECORD_PAGES[done.subject_type] + done.subject_id, "phoned")
