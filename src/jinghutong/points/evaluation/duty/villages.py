"""The villages whose duty roster a person reads — each with its 村警 and whether the person
may plan there — so the roster page can offer the village, the 村警 and the day to put on duty
without a call to the staff directory or a guess at the caller's roles."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.pagination import decode_cursor, split_page
from jinghutong.identity.access import path_within, scope_paths
from jinghutong.points.evaluation.duty import errors as e
from jinghutong.points.evaluation.duty.repository import DutyRepository
from jinghutong.points.evaluation.duty.schemas import DutyVillageOut, DutyVillagePage
from jinghutong.points.evaluation.duty.service import PLANNERS, VIEWERS
from jinghutong.points.evaluation.schemas import PersonRef


async def villages(
    session: AsyncSession, person_id: str, cursor: str | None, limit: int
) -> DutyVillagePage:
    paths = await scope_paths(session, person_id, VIEWERS)
    if not paths:
        raise e.NotADutyViewer()
    planning = await scope_paths(session, person_id, PLANNERS)
    repo = DutyRepository(session)
    after = decode_cursor(cursor) if cursor is not None else None
    shown, next_cursor = split_page(await repo.villages(paths, after, limit + 1), limit)
    police = await repo.police_of([v.id for v in shown])
    return DutyVillagePage(
        items=[
            DutyVillageOut(
                id=v.id,
                name=v.name,
                police=[PersonRef(id=p, name=n) for p, n in police.get(v.id, [])],
                can_plan=path_within(v.path, planning),
            )
            for v in shown
        ],
        next_cursor=next_cursor,
    )
