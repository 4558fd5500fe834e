"""Confirmation and appeal: draft → confirmed (the chief; the 村警 is told and has 3 working
days to appeal, workdays.py) → appealed (the 村警, once, with a reason) → final (the chief
decides; or the window closes unused). The sheet's score changes only through an upheld
appeal, recorded as an item 申诉调整 naming the appeal: the computed items stay as they were.
Each step locks the sheet row, so a recomputation or a second click never acts on a stale
state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.governance.work_summary.service import month_window
from jinghutong.models import DecisionStatus, EvaluationAppeal, SheetStatus
from jinghutong.notifications.service import notify
from jinghutong.points.evaluation import auth
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.repository import Placed, SheetRepository
from jinghutong.points.evaluation.rules import adjustment
from jinghutong.points.evaluation.schemas import AppealIn, DecideIn, SheetDetail
from jinghutong.points.evaluation.service import detail, visible
from jinghutong.points.evaluation.views import status_of
from jinghutong.points.evaluation.workdays import appeal_deadline, deadline_words

NOTICE = "evaluation"


async def _as_chief(session: AsyncSession, person_id: str, sheet_id: str) -> Placed:
    placed = await visible(session, person_id, sheet_id, for_update=True)
    village = placed.village.path if placed.village else None
    if not await auth.is_chief_over(session, person_id, village):
        raise e.OnlyTheChief()
    return placed


async def confirm(session: AsyncSession, person_id: str, sheet_id: str) -> SheetDetail:
    placed = await _as_chief(session, person_id, sheet_id)
    sheet = placed.sheet
    if sheet.status != SheetStatus.draft:
        raise e.SheetNotDraft()
    _, _, month_end = month_window(sheet.month)
    if clock.now() < month_end:
        raise e.MonthNotOver()
    sheet.status, sheet.confirmed_by, sheet.confirmed_at = (
        SheetStatus.confirmed,
        person_id,
        clock.now(),
    )
    await session.flush()
    await notify(
        session,
        [sheet.person_id],
        f"{NOTICE}.confirmed",
        f"{sheet.month} 月度考评已确认：{sheet.score:g} 分",
        f"如有异议，请在 {deadline_words(sheet.confirmed_at)} 前提出申诉（北京时间）",
    )
    return await detail(session, person_id, placed)


async def appeal(
    session: AsyncSession, person_id: str, sheet_id: str, body: AppealIn
) -> SheetDetail:
    placed = await visible(session, person_id, sheet_id, for_update=True)
    sheet = placed.sheet
    if sheet.person_id != person_id:
        raise e.OnlyTheirOwn()
    if sheet.status == SheetStatus.draft:
        raise e.NotConfirmedYet()
    if (await SheetRepository(session).appeals([sheet.id])).get(sheet.id) is not None:
        raise e.AlreadyAppealed()
    assert sheet.confirmed_at is not None
    if status_of(placed) != SheetStatus.confirmed:
        words = deadline_words(sheet.confirmed_at)
        raise e.AppealWindowClosed(f"申诉期已于 {words} 截止（北京时间），不能再申诉")
    session.add(
        EvaluationAppeal(id=new_id(), sheet_id=sheet.id, filed_by=person_id, reason=body.reason)
    )
    sheet.status = SheetStatus.appealed
    await session.flush()
    if sheet.confirmed_by:
        await notify(
            session,
            [sheet.confirmed_by],
            f"{NOTICE}.appealed",
            f"{placed.person_name}对 {sheet.month} 考评提出申诉",
            body.reason[:200],
        )
    return await detail(session, person_id, placed)


def _check_score(sheet_score: float, body: DecideIn) -> None:
    if body.upheld and (body.score_after is None or body.score_after == sheet_score):
        raise e.ScoreAfterNeeded(fields={"score_after": "请填写调整后的总分"})
    if not body.upheld and body.score_after not in (None, sheet_score):
        raise e.ScoreAfterNotForRejected(fields={"score_after": "驳回时不填"})


async def decide(
    session: AsyncSession, person_id: str, sheet_id: str, body: DecideIn
) -> SheetDetail:
    placed = await _as_chief(session, person_id, sheet_id)
    sheet = placed.sheet
    found = (await SheetRepository(session).appeals([sheet.id])).get(sheet.id)
    if sheet.status != SheetStatus.appealed or found is None:
        raise e.NoAppealPending()
    _check_score(sheet.score, body)
    found.status = DecisionStatus.approved if body.upheld else DecisionStatus.rejected
    found.decided_by, found.decided_at, found.decision = person_id, clock.now(), body.decision
    found.score_after = body.score_after if body.upheld else sheet.score
    if body.upheld and body.score_after is not None:
        change = body.score_after - sheet.score
        sheet.items = [*sheet.items, adjustment(found.id, change, body.decision)]
        sheet.score = body.score_after
    sheet.status = SheetStatus.final
    await session.flush()
    verdict = "申诉成立" if body.upheld else "申诉未成立"
    await notify(
        session,
        [sheet.person_id],
        f"{NOTICE}.decided",
        f"{sheet.month} 考评申诉已裁决：{verdict}，最终 {sheet.score:g} 分",
        body.decision[:200],
    )
    return await detail(session, person_id, placed)


async def finalise_closed_windows(session: AsyncSession, limit: int = 500) -> int:
    """Confirmed sheets whose appeal window closed unused become final. Any window lasts more
    than 3 calendar days, so only sheets confirmed before that are read."""
    now = clock.now()
    done = 0
    for sheet in await SheetRepository(session).confirmed_before(now - timedelta(days=3), limit):
        if sheet.confirmed_at is not None and appeal_deadline(sheet.confirmed_at) <= now:
            sheet.status = SheetStatus.final
            done += 1
    await session.flush()
    return done
