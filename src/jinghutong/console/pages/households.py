"""户籍 — the household register of one's area: the list (search by address or head of household,
by village), one household with its members (phones masked, as `GET /api/v1/households/{id}`
shows them) and its visits; the import (households_import.py) and the printed matter
(households_print.py). Reading goes through the same services as `GET /api/v1/households` and
`GET /api/v1/households/{id}`; the page records who read what exactly as the API does (the
access log names the person, console/session.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jinghutong.areas.service import areas_in_scope, names_of
from jinghutong.console.pages import households_import, households_print
from jinghutong.console.session import ConsoleUser, viewer
from jinghutong.console.templating import render
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.governance.visits import service as visits
from jinghutong.governance.visits.errors import HouseholdNotFound, NotARecorder
from jinghutong.governance.visits.schemas import VisitOut
from jinghutong.households.register.auth import EDIT_ROLES
from jinghutong.households.register.service import get_household, list_households
from jinghutong.models import AreaLevel

router = APIRouter(prefix="/households")
Viewer = Annotated[ConsoleUser, viewer("households")]
PAGE_SIZE = 30
VISITS_SHOWN = 10
MEMBER_STATUS_NAMES = {"active": "在户", "pending": "待审核"}


@router.get("")
async def households_list(
    request: Request,
    session: Session,
    me: Viewer,
    q: str = "",
    village_id: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """Households within the caller's scope, a page at a time; `q` searches the address and
    the head of household's name, `village_id` keeps one village."""
    if len(q) > 50:
        raise ValidationFailed("搜索内容太长了，最多 50 个字", fields={"q": "最多 50 个字"})
    villages = await areas_in_scope(session, me.person, (AreaLevel.village,))
    if village_id and village_id not in {v.id for v in villages}:
        raise ValidationFailed("筛选的村不在您的管辖范围内", fields={"village_id": "不正确"})
    page = await list_households(
        session,
        me.person,
        area_id=village_id or None,
        q=q.strip() or None,
        tag=None,
        cursor=cursor[:64] or None,
        limit=PAGE_SIZE,
    )
    context = {
        "page": page,
        "grids": await names_of(session, [h.area_id for h in page.items]),
        "villages": villages,
        "chosen": {"q": q.strip(), "village_id": village_id},
        "first_page": not cursor,
        "may_import": me.has(*EDIT_ROLES),
    }
    return render(request, "households/list.html", context, me=me, current="households")


router.include_router(households_import.router)
router.include_router(households_print.router)


async def _visits(session: Session, me: ConsoleUser, household_id: str) -> list[VisitOut] | None:
    """The household's latest visits, or None when the caller keeps no visit records here."""
    which = visits.Which(household_id=household_id)
    try:
        page = await visits.list_visits(session, me.person.id, which, None, VISITS_SHOWN)
    except (HouseholdNotFound, NotARecorder):
        return None
    return page.items


@router.get("/{household_id}")
async def household_page(
    request: Request, household_id: str, session: Session, me: Viewer
) -> HTMLResponse:
    """One household: its place, tags and members (phones masked), its latest visits."""
    household = await get_household(session, me.person, household_id[:26])
    village = next((a for a in household.area_trail if a.level == AreaLevel.village), None)
    context = {
        "household": household,
        "village": village,
        "visits": await _visits(session, me, household.id),
        "statuses": MEMBER_STATUS_NAMES,
    }
    return render(request, "households/detail.html", context, me=me, current="households")
