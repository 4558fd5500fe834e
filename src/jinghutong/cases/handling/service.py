"""The case state machine (issue 4 item 4): new → assigned → accepted → on_site → resolved →
closed, with reopen by the reporter within 7 days, the officer's revisit (回访) and the
reporter's rating. An action out of order is a 409 with a Chinese reason; each change is a
trail event and tells the people concerned. The case row is locked for the action, so the
escalation sweep and a second handler never act on a stale state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.auth import CaseAccess
from jinghutong.cases.escalation.service import escalate_case
from jinghutong.cases.handling import errors as e
from jinghutong.cases.handling.schemas import (
    ContentIn,
    NoteIn,
    RateIn,
    ReasonIn,
    ResolveIn,
    RevisitIn,
)
from jinghutong.cases.intake.gates import media_claimer
from jinghutong.cases.presenter import detail_out
from jinghutong.cases.review import flag_media
from jinghutong.cases.routing import assign_from
from jinghutong.cases.schemas import CaseDetail
from jinghutong.cases.service import load_visible
from jinghutong.cases.trail.service import append
from jinghutong.core import clock
from jinghutong.core.config import CaseSettings
from jinghutong.models import Case, CaseKind, CaseStatus

S = CaseStatus
WAITING = (S.new, S.assigned)
WORKING = (S.accepted, S.on_site)
FINISHED = (S.resolved, S.closed)

Action = Callable[[AsyncSession, CaseSettings, Case, CaseAccess, Any], Awaitable[None]]


async def act(
    session: AsyncSession,
    settings: CaseSettings,
    person_id: str,
    case_id: str,
    action: str,
    body: BaseModel | None,
) -> CaseDetail:
    case, access = await load_visible(session, person_id, case_id, for_update=True)
    await ACTIONS[action](session, settings, case, access, body)
    await session.flush()
    return await detail_out(session, case, access)


def _handler_only(access: CaseAccess) -> None:
    if not access.may_handle:
        raise e.NotYourCase()


def _not_closed(case: Case) -> None:
    if case.status == S.closed:
        raise e.CaseClosed()


async def _media(
    session: AsyncSession, access: CaseAccess, case: Case, ids: list[str]
) -> list[str]:
    if not ids:
        return []
    claimed, flagged = await media_claimer()(session, access.person_id, ids, case.id)
    for media in flagged:
        await flag_media(session, case, media, media.check_status, media.check_label)
    return claimed


async def accept(s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: Any) -> None:
    _handler_only(a)
    _not_closed(case)
    if case.status not in WAITING:
        raise e.AlreadyResolved() if case.status in FINISHED else e.AlreadyAccepted()
    now = clock.now()
    case.status, case.assignee_id, case.acknowledged_at = S.accepted, a.person_id, now
    if case.kind != CaseKind.consult:  # acknowledging stops the clock; a consult needs an answer
        case.due_at = None
    await append(s, case, "accepted", {"text": _text(body)}, actor_id=a.person_id)
    title = f"您的{notices.kind_name(case)}已有人接单"
    await notices.tell(s, case, [case.reporter_id], "case.progress", title, skip=a.person_id)


async def arrive(s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: Any) -> None:
    _handler_only(a)
    _not_closed(case)
    if case.status in WAITING:
        raise e.NotAcceptedYet()
    if case.status != S.accepted:
        raise e.AlreadyOnSite() if case.status == S.on_site else e.AlreadyResolved()
    case.status = S.on_site
    await append(s, case, "arrived", {"text": _text(body)}, actor_id=a.person_id)
    await notices.tell(
        s, case, [case.reporter_id], "case.progress", "处理人员已到场", skip=a.person_id
    )


async def feedback(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: ContentIn
) -> None:
    _handler_only(a)
    _not_closed(case)
    if case.status in WAITING:
        raise e.NotAcceptedYet()
    if case.status in FINISHED:
        raise e.AlreadyResolved()
    payload = await _content(s, a, case, body)
    await append(s, case, "feedback", payload, actor_id=a.person_id)
    await notices.tell(
        s, case, [case.reporter_id], "case.progress", "处理进展", body.text, skip=a.person_id
    )


async def answer(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: ContentIn
) -> None:
    """A consultation answered (by the 联户长, the 村警 or whoever holds it now)."""
    _handler_only(a)
    if case.kind != CaseKind.consult:
        raise e.NotAConsultation()
    if case.status in FINISHED:
        raise e.AlreadyResolved()
    payload = await _content(s, a, case, body)
    now = clock.now()
    case.status, case.assignee_id, case.due_at, case.resolved_at = (
        S.resolved,
        a.person_id,
        None,
        now,
    )
    case.acknowledged_at = case.acknowledged_at or now
    await append(s, case, "answered", payload, actor_id=a.person_id)
    await notices.tell(s, case, [case.reporter_id], "case.answered", "您的咨询已答复", body.text)


async def escalate(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: ReasonIn
) -> None:
    _handler_only(a)
    _not_closed(case)
    if case.status in FINISHED:
        raise e.AlreadyResolved()
    if not await escalate_case(s, cfg, case, reason=body.reason, actor_id=a.person_id):
        raise e.TopOfLadder()


async def resolve(s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: Any) -> None:
    _handler_only(a)
    _not_closed(case)
    if case.status in WAITING:
        raise e.NotAcceptedYet()
    if case.status == S.resolved:
        raise e.AlreadyResolved()
    payload: dict[str, Any] = {"text": _text(body)}
    if isinstance(body, ResolveIn) and body.outcome is not None:
        payload["outcome"] = _clue_outcome(case, a, body.outcome)
    case.status, case.resolved_at, case.due_at = S.resolved, clock.now(), None
    await append(s, case, "resolved", payload, actor_id=a.person_id)
    title = f"您的{notices.kind_name(case)}已办结"
    await notices.tell(
        s, case, [case.reporter_id], "case.resolved", title, "欢迎评价", skip=a.person_id
    )


def _clue_outcome(case: Case, a: CaseAccess, outcome: str) -> str:
    """A clue's outcome (有效, 抓获现行, 无效) is an officer's finding; points read it."""
    if case.kind != CaseKind.clue:
        raise e.OutcomeOnlyForClues(fields={"outcome": "仅线索类案件可填"})
    if not a.is_officer:
        raise e.OnlyOfficersJudgeClues()
    return outcome


async def comment(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: ContentIn
) -> None:
    _not_closed(case)
    payload = await _content(s, a, case, body)
    await append(s, case, "comment", payload, actor_id=a.person_id)
    others = [case.assignee_id] if a.is_reporter else [case.reporter_id, case.assignee_id]
    await notices.tell(s, case, others, "case.comment", "案件有新留言", body.text, skip=a.person_id)


async def revisit(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: RevisitIn
) -> None:
    if not a.may_revisit:
        raise e.OnlyOfficers()
    if case.status not in FINISHED:
        raise e.NotResolvedYet()
    payload = {"text": body.text, "satisfied": body.satisfied}
    await append(s, case, "revisited", payload, actor_id=a.person_id)


async def rate(s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: RateIn) -> None:
    if not a.is_reporter:
        raise e.OnlyTheReporter()
    if case.status not in FINISHED:
        raise e.NotResolvedYet()
    if case.rating is not None:
        raise e.AlreadyRated()
    case.rating = body.rating
    await append(s, case, "rated", {"rating": body.rating, "text": body.text}, actor_id=a.person_id)


async def reopen(
    s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: ReasonIn
) -> None:
    if not a.is_reporter:
        raise e.OnlyTheReporter()
    if case.status not in FINISHED or case.resolved_at is None:
        raise e.NotResolvedYet()
    if clock.now() - case.resolved_at > timedelta(days=cfg.reopen_days):
        raise e.ReopenExpired()
    case.status, case.resolved_at, case.closed_at, case.rating = S.assigned, None, None, None
    case.acknowledged_at = None
    case.due_at = clock.now() + timedelta(minutes=cfg.minutes_for(case.kind))
    if case.assignee_id is None:
        await assign_from(s, cfg, case, case.escalation_level)
    await append(s, case, "reopened", {"reason": body.reason}, actor_id=a.person_id)
    await notices.tell(
        s, case, [case.assignee_id], "case.reopened", "群众申请重新办理", body.reason
    )


async def close(s: AsyncSession, cfg: CaseSettings, case: Case, a: CaseAccess, body: Any) -> None:
    if not (a.may_handle or a.is_reporter):
        raise e.NotYourCase()
    _not_closed(case)
    if case.status != S.resolved:
        raise e.NotResolvedYet("请先办结再关闭")
    case.status, case.closed_at = S.closed, clock.now()
    await append(s, case, "closed", {"text": _text(body)}, actor_id=a.person_id)


def _text(body: Any) -> str:
    return body.text if isinstance(body, NoteIn) else ""


async def _content(s: AsyncSession, a: CaseAccess, case: Case, body: ContentIn) -> dict[str, Any]:
    if not body.text and not body.media_ids:
        raise e.EmptyFeedback(fields={"text": "不能为空"})
    return {"text": body.text, "media_ids": await _media(s, a, case, body.media_ids)}


ACTIONS: dict[str, Action] = {
    "accept": accept,
    "arrive": arrive,
    "feedback": feedback,
    "answer": answer,
    "escalate": escalate,
    "resolve": resolve,
    "comment": comment,
    "revisit": revisit,
    "rate": rate,
    "reopen": reopen,
    "close": close,
}
