"""One dispute as its reader sees it: the parties (phones masked), the sessions, the outcome
(agreement, failure, 回访), the media by stage, and what the reader may do next; the trail,
links and notices owed by phone the way every governance register shows them
(governance.views)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.core.masking import mask_phone
from jinghutong.governance import trail
from jinghutong.governance.disputes.auth import MEDIA_SUBJECT, Standing
from jinghutong.governance.disputes.repository import (
    OPEN_STATUSES,
    UNDER_DEADLINE,
    DisputeRepository,
)
from jinghutong.governance.disputes.schemas import (
    DisputeDetail,
    DisputeEventOut,
    DisputeFailureOut,
    DisputeFollowUpOut,
    DisputeMediaOut,
    DisputePartyOut,
    DisputeSessionOut,
)
from jinghutong.governance.disputes.views import around, summary
from jinghutong.governance.media import media_shown
from jinghutong.governance.repository import PlacesRepository
from jinghutong.governance.views import (
    links_out,
    location,
    person_out,
    phone_notices_out,
    staged_media,
    trail_out,
)
from jinghutong.integrations.storage import Storage
from jinghutong.models import (
    Dispute,
    DisputeStatus,
    GovernanceEvent,
    MediationSession,
    Person,
)

ACTION_NAMES = {
    "recorded": "登记纠纷",
    "assigned": "交办",
    "mediated": "调解",
    "settled": "调解成功",
    "failed": "调解不成",
    "overdue": "交办超期",
    "follow_up_due": "回访到期",
    "followed_up": "回访",
}


def _session(row: MediationSession, persons: dict[str, Person]) -> DisputeSessionOut:
    return DisputeSessionOut(
        id=row.id,
        held_at=row.held_at,
        recorder=person_out(persons.get(row.recorder_id), row.recorder_id),
        mediators=row.mediators,
        attendees=row.attendees,
        summary=row.summary,
        agreed=row.agreed,
        on_site=row.on_site,
        media_ids=list(row.media_ids or []),
        created_at=row.created_at,
    )


def _last(events: list[GovernanceEvent], action: str) -> GovernanceEvent | None:
    return next((e for e in reversed(events) if e.action == action), None)


def _failure(events: list[GovernanceEvent]) -> DisputeFailureOut | None:
    event = _last(events, "failed")
    if event is None:
        return None
    detail = event.detail or {}
    return DisputeFailureOut(
        reason=detail.get("reason", ""),
        referred_to=detail.get("referred_to", ""),
        advice=detail.get("advice", ""),
    )


def _follow_up(
    events: list[GovernanceEvent], persons: dict[str, Person]
) -> DisputeFollowUpOut | None:
    event = _last(events, "followed_up")
    if event is None:
        return None
    detail = event.detail or {}
    return DisputeFollowUpOut(
        note=detail.get("note", ""),
        satisfied=bool(detail.get("satisfied")),
        by=person_out(persons.get(event.actor_id or ""), event.actor_id),
        at=event.created_at,
    )


async def _media(
    session: AsyncSession,
    media: tuple[Storage, Settings],
    dispute: Dispute,
    sessions: list[MediationSession],
    who: Standing,
    person_id: str,
) -> list[DisputeMediaOut]:
    stages = {m: "recorded" for m in dispute.media_ids or []}
    stages.update({m: "mediation" for s in sessions for m in s.media_ids or []})
    stages.update({m: "agreement" for m in dispute.agreement_media_ids or []})
    return await staged_media(
        session,
        media,
        (MEDIA_SUBJECT, dispute.id),
        stages,
        "recorded",
        lambda m: media_shown(m, who, person_id),
        DisputeMediaOut,
    )


async def _parties(session: AsyncSession, dispute: Dispute) -> list[DisputePartyOut]:
    parties = await DisputeRepository(session).parties(dispute.id)
    households = await PlacesRepository(session).households(p.household_id for p in parties)
    return [
        DisputePartyOut(
            id=p.id,
            name=p.name,
            side=p.side,
            phone=mask_phone(p.phone),
            household_id=p.household_id,
            household_address=h.address if (h := households.get(p.household_id or "")) else None,
        )
        for p in parties
    ]


async def detail(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    dispute: Dispute,
    who: Standing,
    person_id: str,
) -> DisputeDetail:
    repo = DisputeRepository(session)
    events = await trail.events(session, "dispute", dispute.id)
    sessions = await repo.sessions(dispute.id)
    ctx = await around(session, [dispute])
    ctx.persons.update(
        await PlacesRepository(session).persons(
            [*(e.actor_id for e in events), *(s.recorder_id for s in sessions)]
        )
    )
    status = DisputeStatus(dispute.status)
    is_open = status in OPEN_STATUSES
    concluded = status in (DisputeStatus.settled, DisputeStatus.failed)
    return DisputeDetail(
        **summary(dispute, ctx).model_dump(),
        description=dispute.description,
        location=location(dispute.lat, dispute.lng),
        parties=await _parties(session, dispute),
        sessions=[_session(s, ctx.persons) for s in sessions],
        agreement_text=dispute.agreement_text,
        agreement_media_ids=list(dispute.agreement_media_ids or []),
        failure=_failure(events),
        follow_up_due_at=dispute.follow_up_due_at,
        followed_up_at=dispute.followed_up_at,
        follow_up=_follow_up(events, ctx.persons),
        closed_at=dispute.closed_at,
        media=await _media(session, (storage, settings), dispute, sessions, who, person_id),
        trail=trail_out(events, ctx.persons, ACTION_NAMES, DisputeEventOut),
        trail_intact=trail.verify(events),
        links=await links_out(session, "dispute", dispute.id),
        phone_notices=await phone_notices_out(session, "dispute", dispute.id),
        can_assign=who.may_assign and is_open,
        can_mediate=who.may_mediate and is_open,
        can_settle=who.may_conclude and status in UNDER_DEADLINE,
        can_fail=who.may_conclude and status in UNDER_DEADLINE,
        can_follow_up=who.may_mediate and concluded,
        can_read_phones=who.may_read_phones,
    )
