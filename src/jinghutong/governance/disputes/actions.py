"""The workflow of a dispute:

open ─assign (交办)→ assigned ─mediate→ mediating ─settle→ settled ─follow-up (回访)→ closed
  │                    ↑  │                 │  ↑                ↑
  └──────mediate───────┼──┼─────────────────┘  └─ assign again   │
                       └──┴──fail (调解不成, referred on)→ failed ─┘

Every action locks the dispute row first (changes and trail appends happen one at a time),
answers 404 to those who may not see it and 403 to those who see it but may not act, checks
the state (409, naming it), then the body (422), and moves the fields together with one trail
event. A settlement or failure needs someone to have carried the dispute: a 交办 or a mediation
session first (an open dispute nobody handled is not settled; 409).

`level` (handover.py) rises with each 交办, and with the rung of whoever mediates or concludes
a dispute nobody was handed; a settlement may name a higher level still. What it is at
settlement is the level the dispute ended at."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.governance import trail
from jinghutong.governance.disputes import details, handover, notices
from jinghutong.governance.disputes import errors as e
from jinghutong.governance.disputes.auth import (
    MEDIA_SUBJECT,
    Standing,
    assignee_account,
    is_handed,
    standing,
)
from jinghutong.governance.disputes.repository import (
    OPEN_STATUSES,
    UNDER_DEADLINE,
    DisputeRepository,
)
from jinghutong.governance.disputes.schemas import (
    DisputeAssignIn,
    DisputeDetail,
    DisputeFailIn,
    DisputeFollowUpIn,
    DisputeMediateIn,
    DisputeSettleIn,
)
from jinghutong.governance.disputes.service import load_visible
from jinghutong.governance.notices import shanghai
from jinghutong.integrations.storage import Storage
from jinghutong.jobs import enqueue
from jinghutong.media.api import MediaKind, claim_media
from jinghutong.models import (
    DISPUTE_STATUS_NAMES,
    Dispute,
    DisputeLevel,
    DisputeStatus,
    MediationSession,
    Person,
    RecordType,
)

OVERDUE_JOB = "governance.disputes.overdue"
FOLLOW_UP_JOB = "governance.disputes.follow_up_due"
MAX_DEADLINE = timedelta(days=366)
CLOCK_SKEW = timedelta(minutes=10)
CONCLUDED = (DisputeStatus.settled, DisputeStatus.failed)
Media = tuple[Storage, Settings]


def _state(dispute: Dispute, allowed: Collection[DisputeStatus], what: str) -> None:
    if dispute.status not in allowed:
        now = DISPUTE_STATUS_NAMES[DisputeStatus(dispute.status)]
        raise e.WrongState(f"{what}（这条纠纷当前：{now}）")


def _deadline(at: datetime) -> datetime:
    now = clock.now()
    if at <= now:
        raise e.DeadlineOutOfRange(fields={"deadline_at": "办理期限须晚于现在"})
    if at > now + MAX_DEADLINE:
        raise e.DeadlineOutOfRange(fields={"deadline_at": "办理期限不能超过一年"})
    return at


async def _append(
    session: AsyncSession,
    dispute: Dispute,
    actor_id: str | None,
    action: str,
    detail: dict[str, Any],
) -> None:
    clean = {k: v for k, v in detail.items() if v not in (None, "", [])}
    await trail.append(session, RecordType.dispute, dispute.id, actor_id, action, clean)


def _reached(dispute: Dispute, who: Standing) -> DisputeLevel:
    """Whoever carries a dispute nobody was handed brings it to their own rung."""
    own = handover.rung(who.roles)
    if is_handed(dispute) or own is None:
        return DisputeLevel(dispute.level)
    return handover.higher(dispute.level, own)


def _raise_to(dispute: Dispute, level: DisputeLevel) -> dict[str, str]:
    """Set the level; what the trail records of a change."""
    before = dispute.level
    dispute.level = level
    return {"level_from": before, "level": level} if level != before else {}


def _ended_at(dispute: Dispute, who: Standing, named: DisputeLevel | None) -> dict[str, str]:
    """The level a settlement ended at: as reached, or higher if the settlement says so."""
    reached = _reached(dispute, who)
    if named is not None and handover.height(named) < handover.height(reached):
        raise e.LevelTooLow(fields={"level": "不能低于纠纷已经到过的层级"})
    return _raise_to(dispute, named or reached)


async def _answer(
    session: AsyncSession, media: Media, dispute: Dispute, me: Person
) -> DisputeDetail:
    who = await standing(session, me.id, dispute)
    return await details.detail(session, *media, dispute, who, me.id)


async def _tell_around(
    session: AsyncSession, dispute: Dispute, me: Person, kind: str, text: str
) -> None:
    """Whoever recorded it and the account it is handed to, not the one acting."""
    account = await assignee_account(session, dispute)
    await notices.tell(session, [dispute.reporter_id, account], kind, dispute, text, skip=me.id)


async def assign(
    session: AsyncSession, media: Media, me: Person, dispute_id: str, body: DisputeAssignIn
) -> DisputeDetail:
    """交办: to an account, a roster member or a unit, with a deadline; the level rises."""
    dispute, who = await load_visible(session, me.id, dispute_id, for_update=True)
    if not who.may_assign:
        raise e.MayNotAssign()
    _state(dispute, OPEN_STATUSES, "已调结的纠纷不能再交办")
    deadline = _deadline(body.deadline_at)
    target = await handover.resolve(session, dispute, body)
    if not who.handler and handover.height(target.level) <= handover.height(
        DisputeLevel.micro_grid
    ):
        raise e.LeaderPassesUp()
    before = dispute.level
    handover.hand_to(dispute, target)
    dispute.deadline_at = dispute.due_at = deadline
    dispute.status = DisputeStatus.assigned
    detail = {
        "assignee": target.trail(),
        "deadline_at": deadline.isoformat(),
        "note": body.note,
        "level_from": before if dispute.level != before else None,
        "level": dispute.level,
    }
    await _append(session, dispute, me.id, "assigned", detail)
    text = f"{me.name}交办，请于{shanghai(deadline)}前调处。" + (body.note or "")
    await notices.tell_assignee(session, dispute, "dispute.assigned", text, me.id, skip=me.id)
    await enqueue(
        session,
        OVERDUE_JOB,
        {"dispute_id": dispute.id, "deadline_at": deadline.isoformat()},
        due_at=deadline,
        dedupe_key=f"dispute-overdue:{dispute.id}:{int(deadline.timestamp())}",
    )
    return await _answer(session, media, dispute, me)


async def mediate(
    session: AsyncSession, media: Media, me: Person, dispute_id: str, body: DisputeMediateIn
) -> DisputeDetail:
    """One mediation session: who mediated, who came, what was said and agreed, photos."""
    dispute, who = await load_visible(session, me.id, dispute_id, for_update=True)
    if not who.may_mediate:
        raise e.MayNotMediate()
    _state(dispute, OPEN_STATUSES, "已调结的纠纷不能再记录调解")
    if body.held_at > clock.now() + CLOCK_SKEW:
        raise e.HeldInFuture(fields={"held_at": "不能晚于现在"})
    claimed = await claim_media(
        session, me.id, body.media_ids, MEDIA_SUBJECT, dispute.id, kind=MediaKind.image
    )
    row = MediationSession(
        dispute_id=dispute.id,
        recorder_id=me.id,
        held_at=body.held_at,
        mediators=body.mediators,
        attendees=body.attendees,
        summary=body.summary,
        agreed=body.agreed,
        media_ids=[m.id for m in claimed],
        on_site=body.on_site,
    )
    await DisputeRepository(session).add(row)
    reached = _raise_to(dispute, _reached(dispute, who))
    dispute.status = DisputeStatus.mediating
    detail = {
        "session_id": row.id,
        "held_at": body.held_at.isoformat(),
        "mediators": body.mediators,
        "on_site": body.on_site,
        "agreed": body.agreed,
        "media_ids": row.media_ids,
    }
    await _append(session, dispute, me.id, "mediated", {**detail, **reached})
    return await _answer(session, media, dispute, me)


async def settle(
    session: AsyncSession, media: Media, me: Person, dispute_id: str, body: DisputeSettleIn
) -> DisputeDetail:
    """调解协议: its text and photos of the signed paper; the 回访 falls due N days later."""
    dispute, who = await load_visible(session, me.id, dispute_id, for_update=True)
    if not who.may_conclude:
        raise e.MayNotConclude()
    _state(dispute, UNDER_DEADLINE, "请先交办或记录调解，再登记调解协议")
    ended = _ended_at(dispute, who, body.level)
    claimed = await claim_media(
        session, me.id, body.media_ids, MEDIA_SUBJECT, dispute.id, kind=MediaKind.image
    )
    now = clock.now()
    dispute.status = DisputeStatus.settled
    dispute.agreement_text = body.agreement_text
    dispute.agreement_media_ids = [m.id for m in claimed]
    dispute.settled_at = now
    dispute.due_at = None
    dispute.follow_up_due_at = now + timedelta(days=media[1].governance.dispute_follow_up_days)
    detail = {
        "level": dispute.level,
        **ended,
        "agreement_text": body.agreement_text,
        "media_ids": dispute.agreement_media_ids,
        "follow_up_due_at": dispute.follow_up_due_at.isoformat(),
    }
    await _append(session, dispute, me.id, "settled", detail)
    await enqueue(
        session,
        FOLLOW_UP_JOB,
        {"dispute_id": dispute.id},
        due_at=dispute.follow_up_due_at,
        dedupe_key=f"dispute-follow-up:{dispute.id}",
    )
    await _tell_around(session, dispute, me, "dispute.settled", "纠纷已调解，达成调解协议")
    return await _answer(session, media, dispute, me)


async def fail(
    session: AsyncSession, media: Media, me: Person, dispute_id: str, body: DisputeFailIn
) -> DisputeDetail:
    """调解不成: why, where the parties are referred (司法所, 法院 …) and the advice given."""
    dispute, who = await load_visible(session, me.id, dispute_id, for_update=True)
    if not who.may_conclude:
        raise e.MayNotConclude()
    _state(dispute, UNDER_DEADLINE, "请先交办或记录调解，再登记调解结果")
    reached = _raise_to(dispute, _reached(dispute, who))
    dispute.status = DisputeStatus.failed
    dispute.failed_reason = body.reason
    dispute.referred_to = body.referred_to
    dispute.due_at = None
    detail = {"reason": body.reason, "referred_to": body.referred_to, "advice": body.advice}
    await _append(session, dispute, me.id, "failed", {**detail, **reached})
    text = f"调解不成，已引导当事人到{body.referred_to}：{body.advice}"
    await _tell_around(session, dispute, me, "dispute.failed", text)
    return await _answer(session, media, dispute, me)


async def follow_up(
    session: AsyncSession, media: Media, me: Person, dispute_id: str, body: DisputeFollowUpIn
) -> DisputeDetail:
    """回访: how the parties are now, whether they are satisfied; the dispute is closed."""
    dispute, who = await load_visible(session, me.id, dispute_id, for_update=True)
    if not who.may_mediate:
        raise e.MayNotFollowUp()
    _state(dispute, CONCLUDED, "只有已调解或调解不成的纠纷可以回访")
    now = clock.now()
    dispute.status = DisputeStatus.closed
    dispute.followed_up_at = dispute.closed_at = now
    await _append(
        session, dispute, me.id, "followed_up", {"note": body.note, "satisfied": body.satisfied}
    )
    await _tell_around(session, dispute, me, "dispute.closed", "已回访，纠纷结案")
    return await _answer(session, media, dispute, me)
