"""Reading sheets: the list within the caller's reach and one sheet with its items, records
and appeal. Computing is compute.py; confirmation and appeals are appeals.py."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.governance.work_summary.service import month_window
from jinghutong.identity.access import path_within
from jinghutong.points.evaluation import auth
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.repository import Placed, SheetRepository
from jinghutong.points.evaluation.schemas import SheetDetail, SheetPage
from jinghutong.points.evaluation.views import Powers, detail_out, sheet_out


async def list_sheets(
    session: AsyncSession,
    person_id: str,
    *,
    month: str | None,
    village_id: str | None,
    cursor: str | None,
    limit: int,
) -> SheetPage:
    after = decode_cursor(cursor) if cursor else None
    who = await auth.reach(session, person_id)
    if who.empty:
        raise e.NotAnEvaluationReader()
    rows = await SheetRepository(session).page(
        who.paths, who.self_id, month, village_id, after, limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return SheetPage(
        items=[sheet_out(r) for r in rows],
        next_cursor=encode_cursor(rows[-1].sheet.id) if more and rows else None,
        can_compute=await _may_compute(session, person_id, month),
    )


async def _may_compute(session: AsyncSession, person_id: str, month: str | None) -> bool:
    """As compute.compute decides: a chief or admin, for a month that has begun."""
    if month is not None and month_window(month)[1] > clock.now():
        return False
    return bool(await auth.compute_scope(session, person_id))


async def powers(session: AsyncSession, person_id: str, placed: Placed) -> Powers:
    village = placed.village.path if placed.village is not None else None
    if village is None:
        return Powers(chief=False, computes=False)
    computes = path_within(village, await auth.compute_scope(session, person_id))
    return Powers(chief=await auth.is_chief_over(session, person_id, village), computes=computes)


async def visible(
    session: AsyncSession, person_id: str, sheet_id: str, *, for_update: bool = False
) -> Placed:
    """The sheet, if the person may read it (404 otherwise: no hint that it exists)."""
    placed = await SheetRepository(session).get(sheet_id, for_update=for_update)
    if placed is None:
        raise e.SheetNotFound()
    who = await auth.reach(session, person_id)
    if not auth.sees(who, placed.sheet, placed.village.path if placed.village else None):
        raise e.SheetNotFound()
    return placed


async def detail(session: AsyncSession, person_id: str, placed: Placed) -> SheetDetail:
    repo = SheetRepository(session)
    appeal = (await repo.appeals([placed.sheet.id])).get(placed.sheet.id)
    names = await repo.names([appeal.decided_by or ""] if appeal is not None else [])
    return detail_out(placed, appeal, names, person_id, await powers(session, person_id, placed))


async def read(session: AsyncSession, person_id: str, sheet_id: str) -> SheetDetail:
    return await detail(session, person_id, await visible(session, person_id, sheet_id))
