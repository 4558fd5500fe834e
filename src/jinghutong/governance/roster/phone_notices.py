"""Notices owed by phone (written by hazards and disputes through `roster.api.owe_phone_notice`):
the list a handler works through, the clear number to dial (audited), and marking one phoned.

Scope: the hazard's or dispute's area (see auth.py). A notice whose subject is of another
kind, or gone, is in nobody's list: there is no area to scope it by."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core import clock
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.governance import trail
from jinghutong.governance.roster import views
from jinghutong.governance.roster.auth import notice_scope
from jinghutong.governance.roster.errors import (
    NoPhoneOnRecord,
    NoticeAlreadyDone,
    NoticeNotFound,
    RosterAreaNotFound,
)
from jinghutong.governance.roster.repository import (
    NOTICE_RECORD,
    PHONED,
    NoticeRepository,
    RosterRepository,
)
from jinghutong.governance.roster.schemas import (
    NoticeDoneIn,
    NoticeOut,
    NoticePage,
)
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.identity.access import path_within
from jinghutong.models import PhoneNotice, PhoneNoticeStatus


async def _narrowed(session: AsyncSession, scope: list[str], area_id: str | None) -> list[str]:
    """The caller's scope, narrowed to the area asked for (404 for one outside it)."""
    if area_id is None:
        return scope
    area = await RosterRepository(session).area(area_id)
    if area is None:
        raise RosterAreaNotFound()
    if path_within(area.path, scope):
        return [area.path]
    inside = [p for p in scope if p.startswith(area.path)]
    if not inside:
        raise RosterAreaNotFound()
    return inside


async def list_notices(
    session: AsyncSession,
    person_id: str,
    *,
    area_id: str | None,
    status: str,
    cursor: str | None,
    limit: int,
) -> NoticePage:
    """Newest first, within the caller's handler scope (and the area asked for)."""
    after = decode_cursor(cursor) if cursor else None
    paths = await _narrowed(session, await notice_scope(session, person_id), area_id)
    repo = NoticeRepository(session)
    rows = await repo.page(paths, status, after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    done = await repo.done_events([n.id for n, _, _ in rows if n.status == PhoneNoticeStatus.done])
    names = await repo.names(e.actor_id for e in done.values())
    return NoticePage(
        items=[views.notice(n, number, done.get(n.id), names) for n, _, number in rows],
        next_cursor=encode_cursor(rows[-1][0].id) if more and rows else None,
    )


async def _seen(
    session: AsyncSession, person_id: str, notice_id: str, *, for_update: bool = False
) -> tuple[PhoneNotice, str | None]:
    found = await NoticeRepository(session).get(notice_id, for_update=for_update)
    if found is None:
        raise NoticeNotFound()
    notice, path, number = found
    if path is None or not path_within(path, await notice_scope(session, person_id)):
        raise NoticeNotFound()
    return notice, number


async def mark_done(
    session: AsyncSession, person_id: str, notice_id: str, body: NoticeDoneIn
) -> NoticeOut:
    """Someone phoned: the notice is done, and its trail says who and what was said."""
    notice, number = await _seen(session, person_id, notice_id, for_update=True)
    if notice.status == PhoneNoticeStatus.done:
        raise NoticeAlreadyDone()
    notice.status = PhoneNoticeStatus.done
    notice.done_at = clock.now()
    await session.flush()
    event = await trail.append(
        session, NOTICE_RECORD, notice.id, person_id, PHONED, {"note": body.note}
    )
    names = await NoticeRepository(session).names([person_id])
    return views.notice(notice, number, event, names)


async def notice_phone(session: AsyncSession, person_id: str, notice_id: str) -> GovernancePhoneOut:
    """The clear number to dial for this notice; the read is audited."""
    notice, _ = await _seen(session, person_id, notice_id)
    if not notice.phone:
        raise NoPhoneOnRecord()
    await record(
        session,
        actor_id=person_id,
        action="read_phone",
        subject_type="phone_notice",
        subject_id=notice.id,
    )
    return GovernancePhoneOut(name=notice.name, phone=notice.phone)
