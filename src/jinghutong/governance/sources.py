"""Where a new governance record came from, checked before it is written and linked after: a
visit's finding (`visit_id`) or a case a villager reported (`case_id`) becomes a hazard, a
dispute or a sentiment item with one call, and the link is kept both ways (governance.links).

    sources = await check_sources(session, me.id, visit_id=body.visit_id, case_id=body.case_id)
    … create the record …
    await link_sources(session, sources, ("hazard", hazard.id), me.id)

An id the caller may not see is refused exactly like one that does not exist (422 naming the
field): nobody learns that someone else's visit or case exists."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.auth import access_to
from jinghutong.core.errors import ValidationFailed
from jinghutong.governance import links
from jinghutong.governance.access import RECORDER_ROLES, may
from jinghutong.models import Case, RecordType, Visit

Source = tuple[str, str]


class SourceUnavailable(ValidationFailed):
    detail = "关联的走访记录或上报不存在，或您无权查看"


async def visible_visit(session: AsyncSession, person_id: str, visit_id: str) -> Visit | None:
    """The visit when the caller recorded it or records in its area; else None."""
    visit = await session.get(Visit, visit_id)
    if visit is None:
        return None
    if visit.visitor_id == person_id or await may(
        session, person_id, RECORDER_ROLES, visit.area_path
    ):
        return visit
    return None


async def check_sources(
    session: AsyncSession,
    person_id: str,
    *,
    visit_id: str | None = None,
    case_id: str | None = None,
) -> list[Source]:
    sources: list[Source] = []
    if visit_id is not None:
        if await visible_visit(session, person_id, visit_id) is None:
            raise SourceUnavailable(fields={"visit_id": "找不到这次走访记录"})
        sources.append((RecordType.visit, visit_id))
    if case_id is not None:
        case = await session.get(Case, case_id)
        if case is None or not (await access_to(session, person_id, case)).can_view:
            raise SourceUnavailable(fields={"case_id": "找不到这条上报"})
        sources.append((RecordType.case, case_id))
    return sources


async def link_sources(
    session: AsyncSession, sources: list[Source], target: Source, created_by: str
) -> None:
    for source in sources:
        await links.link(session, source, target, created_by)
