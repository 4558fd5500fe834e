"""Reading cases: lists within the caller's scope, and one case with its timeline."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import auth
from jinghutong.cases.presenter import case_out, detail_out
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.review import HIDDEN
from jinghutong.cases.schemas import CaseDetail, CasePage
from jinghutong.cases.withheld import MAYBE_WITHHELD, REVIEWED_EVENT, text_withheld
from jinghutong.core.config import Settings
from jinghutong.core.errors import NotFound
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.identity.access import has_role_over, path_within, scope_paths
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import attached_media, media_views
from jinghutong.models import Area, Case, Media


class CaseNotFound(NotFound):
    detail = "没有找到这个案件，或您无权查看"


async def list_cases(
    session: AsyncSession,
    person_id: str,
    *,
    scope: str,
    status: str | None,
    kind: str | None,
    area_id: str | None,
    cursor: str | None,
    limit: int,
) -> CasePage:
    condition = await auth.visible_condition(session, person_id, scope)
    under = None
    if area_id:
        area = await session.get(Area, area_id)
        if area is None or not await has_role_over(session, person_id, auth.READ_ROLES, area.path):
            raise NotFound("没有找到这个区域，或您无权查看")
        under = area.path
    repo = CaseRepository(session)
    rows = await repo.page(
        condition,
        status=status,
        kind=kind,
        under_path=under,
        before=decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    persons = await repo.persons(p for c in rows for p in (c.reporter_id, c.assignee_id or ""))
    hidden = await _texts_withheld_from(session, person_id, rows)
    items = []
    for case in rows:
        # Lists never show a clue's reporter; a reporter sees themself on their own cases.
        own = case.reporter_id == person_id
        access = auth.CaseAccess(person_id, own, False, frozenset(), case.kind) if own else None
        items.append(case_out(case, access, persons, None, hide_text=case.id in hidden))
    return CasePage(items=items, next_cursor=encode_cursor(rows[-1].id) if more else None)


async def _texts_withheld_from(session: AsyncSession, person_id: str, rows: list[Case]) -> set[str]:
    """The ids of the rows whose text is withheld from the caller (cases/withheld.py): upheld,
    and the caller neither reported it nor may review it. Most pages read nothing for this."""
    maybe = [c for c in rows if c.review_status in MAYBE_WITHHELD and c.reporter_id != person_id]
    if not maybe:
        return set()
    reviews = await CaseRepository(session).events_of_type([c.id for c in maybe], REVIEWED_EVENT)
    withheld = [c for c in maybe if text_withheld([e for e in reviews if e.case_id == c.id])]
    if not withheld:
        return set()
    reviewing = await scope_paths(session, person_id, auth.REVIEWER_ROLES)
    return {c.id for c in withheld if not path_within(c.area_path, reviewing)}


async def load_visible(
    session: AsyncSession, person_id: str, case_id: str, *, for_update: bool = False
) -> tuple[Case, auth.CaseAccess]:
    """The case and what the caller may do with it; 404 when they may not even see it."""
    case = await CaseRepository(session).get(case_id, for_update=for_update)
    if case is None:
        raise CaseNotFound()
    access = await auth.access_to(session, person_id, case)
    if not access.can_view:
        raise CaseNotFound()
    return case, access


async def get_case(
    session: AsyncSession, storage: Storage, settings: Settings, person_id: str, case_id: str
) -> CaseDetail:
    case, access = await load_visible(session, person_id, case_id)
    out = await detail_out(session, case, access)
    views = await media_views(session, storage, settings, "case", case.id)
    hidden = {m.id for m in await attached_media(session, "case", case.id) if not _shown(m, access)}
    out.media = [v for v in views if v.id not in hidden]
    return out


def _shown(media: Media, access: auth.CaseAccess) -> bool:
    hidden = media.check_status in HIDDEN
    return not hidden or access.may_review or media.owner_id == access.person_id
