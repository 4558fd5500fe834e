"""Computing a month's sheets: every 村警 of the caller's station (or of a station, for the
monthly job) scored from their records by the rules (rules.py). A draft is recomputed in
place; a sheet the chief confirmed (or one appealed or final) is never recomputed — it is
listed as skipped with the reason. Computations of one month never run at once (a lock per
month), so the chief's click and the monthly job cannot both insert a sheet."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.governance.work_summary.repository import PoliceRepository
from jinghutong.governance.work_summary.service import month_window
from jinghutong.models import EvaluationSheet, SheetStatus
from jinghutong.points.evaluation import auth
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.records import Window, gather
from jinghutong.points.evaluation.repository import SheetRepository
from jinghutong.points.evaluation.rules import BASE_SCORE, Evidence, score
from jinghutong.points.evaluation.schemas import AreaRef, ComputedOne, ComputeOut, PersonRef

PAGE = 200  # 村警 read and scored together
SKIPPED = {
    SheetStatus.confirmed: "所长已确认，不再重算",
    SheetStatus.appealed: "申诉中，不再重算",
    SheetStatus.final: "已定稿，不再重算",
}


def window_of(month: str) -> Window:
    _, start, end = month_window(month)
    first = start.astimezone(clock.SHANGHAI).date()
    following = end.astimezone(clock.SHANGHAI).date()
    return Window(month, start, end, first, following)


def today() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def previous_month(at: datetime) -> str:
    first = at.astimezone(clock.SHANGHAI).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


async def compute(session: AsyncSession, person_id: str, month: str) -> ComputeOut:
    """POST /evaluations/compute: the chief's (or admin's) station, one month."""
    paths = await auth.compute_scope(session, person_id)
    if not paths:
        raise e.NotAComputer()
    window = window_of(month)
    if window.start > clock.now():
        raise e.MonthNotStarted(fields={"month": "不能晚于本月"})
    return ComputeOut(month=month, results=await compute_under(session, paths, window))


async def _police(session: AsyncSession, paths: list[str]) -> list[tuple[str, str]]:
    repo, out, after = PoliceRepository(session), [], None
    while page := await repo.page(paths, None, None, after, PAGE):
        out += page
        after = page[-1][0]
    return out


async def compute_under(
    session: AsyncSession, paths: list[str], window: Window
) -> list[ComputedOne]:
    """Compute or recompute the drafts of every 村警 of a village under `paths`."""
    sheets = SheetRepository(session)
    await sheets.lock_month(window.month)
    police = await _police(session, paths)
    results: list[ComputedOne] = []
    for start in range(0, len(police), PAGE):
        results += await _compute_page(session, police[start : start + PAGE], window)
    return results


def _scored(
    session: AsyncSession,
    sheet: EvaluationSheet | None,
    person: PersonRef,
    village: AreaRef | None,
    evidence: Evidence,
    month: str,
) -> ComputedOne:
    """Write the draft (a new one, or the old draft again) and say what was done."""
    total, items = score(evidence)
    outcome: Literal["computed", "recomputed"] = "recomputed" if sheet else "computed"
    if sheet is None:
        sheet = EvaluationSheet(id=new_id(), person_id=person.id, month=month)
        session.add(sheet)
    sheet.village_id = village.id if village else None
    sheet.base_score, sheet.score, sheet.items = BASE_SCORE, total, items
    sheet.status, sheet.computed_at = SheetStatus.draft, clock.now()
    return ComputedOne(
        person=person, village=village, sheet_id=sheet.id, outcome=outcome, reason=None,
        score=total,
    )  # fmt: skip


async def _compute_page(
    session: AsyncSession, police: list[tuple[str, str]], window: Window
) -> list[ComputedOne]:
    ids = [pid for pid, _ in police]
    villages = await PoliceRepository(session).villages(ids)
    existing = await SheetRepository(session).of_people(ids, window.month, for_update=True)
    todo = [p for p in ids if p not in existing or existing[p].status == SheetStatus.draft]
    evidence = await gather(session, todo, window, today())
    results = []
    for pid, name in police:
        home = villages.get(pid, [])
        person = PersonRef(id=pid, name=name)
        village = AreaRef(id=home[0][0], name=home[0][1]) if home else None
        sheet = existing.get(pid)
        if sheet is None or sheet.status == SheetStatus.draft:
            results.append(_scored(session, sheet, person, village, evidence[pid], window.month))
        else:
            results.append(
                ComputedOne(person=person, village=village, sheet_id=sheet.id, outcome="skipped",
                            reason=SKIPPED[SheetStatus(sheet.status)], score=sheet.score)
            )  # fmt: skip
    await session.flush()
    return results
