"""The round (各家各户串一串): the households of an area that nobody visited in N days, the
longest unvisited first, for the 联户长's and the 村警's next walk."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.pagination import BadCursor, decode_keyed_cursor, encode_cursor
from jinghutong.governance.visits.auth import reach_of
from jinghutong.governance.visits.errors import AreaNotFound
from jinghutong.governance.visits.repository import NEVER, PlacesRepository, VisitRepository
from jinghutong.governance.visits.schemas import UnvisitedItem, UnvisitedPage
from jinghutong.governance.visits.views import area_ref, household_brief


def _decode(cursor: str | None) -> tuple[datetime, str] | None:
    """(the last row's last visit, or NEVER; its id)."""
    if not cursor:
        return None
    key, last_id = decode_keyed_cursor(cursor)
    try:
        at = datetime.fromisoformat(key) if key else NEVER
    except ValueError:
        raise BadCursor(fields={"cursor": "格式不正确"}) from None
    if at.tzinfo is None:
        raise BadCursor(fields={"cursor": "格式不正确"})
    return at, last_id


async def unvisited(
    session: AsyncSession,
    person_id: str,
    area_id: str,
    days: int,
    cursor: str | None,
    limit: int,
) -> UnvisitedPage:
    reach = await reach_of(session, person_id)
    area = await PlacesRepository(session).area(area_id)
    if area is None or not reach.records(area.path):
        raise AreaNotFound()
    since = clock.now() - timedelta(days=days)
    rows = await VisitRepository(session).unvisited(area.path, since, _decode(cursor), limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        household, last = rows[-1]
        next_cursor = encode_cursor(household.id, key=last.isoformat() if last else "")
    return UnvisitedPage(
        area=area_ref(area, area.id),
        days=days,
        since=since,
        items=[
            UnvisitedItem(household=household_brief(reach, h), last_visited_at=at) for h, at in rows
        ],
        next_cursor=next_cursor,
    )
