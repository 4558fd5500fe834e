"""走访 visits: recording one, the lists, one visit. Findings (a case or a booking the visit
led to) are in findings.py; the households nobody visited lately in rounds.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import BadCursor, decode_keyed_cursor, encode_cursor
from jinghutong.governance import trail
from jinghutong.governance.access import roles_over
from jinghutong.governance.visits import views
from jinghutong.governance.visits.auth import MEDIA_SUBJECT, Reach, household_paths, reach_of
from jinghutong.governance.visits.errors import (
    AreaNotFound,
    HouseholdNotFound,
    NotARecorder,
    PlaceUnavailable,
    VisitNotFound,
    VisitTimeRefused,
)
from jinghutong.governance.visits.repository import (
    PlacesRepository,
    VisitRepository,
    visits_of_household,
)
from jinghutong.governance.visits.schemas import VisitDetail, VisitIn, VisitPage
from jinghutong.identity.access import path_within, within
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import claim_media
from jinghutong.models import Area, AreaLevel, Household, Person, RecordType, Visit

# A visit happens at a household or in a village, a grid or a micro-grid.
PLACE_LEVELS = frozenset({AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid})
# A phone's clock runs a little ahead; more than this is a mistake, not a skew.
FUTURE_SLACK = timedelta(minutes=5)
# A visit written up later is fine; one dated more than a year back is a typo.
OLDEST = timedelta(days=366)


def _when(at: datetime | None) -> datetime:
    now = clock.now()
    if at is None:
        return now
    if at > now + FUTURE_SLACK:
        raise VisitTimeRefused("走访时间不能晚于现在", fields={"visited_at": "不能晚于现在"})
    if at < now - OLDEST:
        raise VisitTimeRefused("走访时间不能早于一年前", fields={"visited_at": "不能早于一年前"})
    return at


async def _households(session: AsyncSession, reach: Reach, ids: list[str]) -> list[Household]:
    found = await PlacesRepository(session).households(ids)
    if any(i not in found or not reach.records(found[i].area_path) for i in ids):
        # The same answer for an unknown household and one outside the caller's area.
        raise PlaceUnavailable(fields={"household_ids": "有一户不存在或不在您的辖区"})
    return [found[i] for i in ids]


def _common_path(paths: list[str]) -> str:
    """The deepest area containing every path (paths are '/a/b/c/')."""
    split = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for segments in zip(*split, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return "/" + "".join(s + "/" for s in common)


async def _area(
    session: AsyncSession, reach: Reach, area_id: str | None, households: list[Household]
) -> Area:
    """The named area, else the smallest area holding every household visited; a village or
    below, inside the caller's area."""
    places = PlacesRepository(session)
    if area_id is not None:
        area = await places.area(area_id)
        if area is None or area.level not in PLACE_LEVELS or not reach.records(area.path):
            raise PlaceUnavailable(fields={"area_id": "请选择您辖区内的村、网格或微网格"})
        if any(not path_within(h.area_path, [area.path]) for h in households):
            raise PlaceUnavailable(fields={"household_ids": "有一户不在所选区域内"})
        return area
    common = _common_path([h.area_path for h in households])
    area = await places.area(common.strip("/").rsplit("/", 1)[-1])
    if area is None or area.level not in PLACE_LEVELS:
        raise PlaceUnavailable(
            "一次走访的各户须在同一个村", fields={"household_ids": "请只选同一个村的户"}
        )
    return area


async def _role(session: AsyncSession, person_id: str, paths: list[str]) -> str:
    """The most responsible role the visitor holds over the place (or its first household,
    for a 联户长 of two micro-grids whose visit spans both)."""
    for path in paths:
        roles = await roles_over(session, person_id, path)
        if roles:
            return roles[0]
    raise NotARecorder()


async def record(
    session: AsyncSession, storage: Storage, settings: Settings, me: Person, body: VisitIn
) -> VisitDetail:
    """A recorder writes up a visit to households of their area, or a walk round a place."""
    reach = await reach_of(session, me.id)
    if not reach.paths:
        raise NotARecorder()
    at = _when(body.visited_at)
    households = await _households(session, reach, body.household_ids)
    area = await _area(session, reach, body.area_id, households)
    role = await _role(session, me.id, [area.path, *(h.area_path for h in households[:1])])
    visit_id = new_id()
    await claim_media(session, me.id, body.media_ids, MEDIA_SUBJECT, visit_id)
    visit = Visit(
        id=visit_id,
        area_id=area.id,
        area_path=area.path,
        visitor_id=me.id,
        visitor_role=role,
        visited_at=at,
        topics=[str(t) for t in body.topics],
        met=body.met,
        text=body.text,
        media_ids=list(dict.fromkeys(body.media_ids)),
        solved_on_spot=body.solved_on_spot,
        follow_up=body.follow_up or None,
        lat=body.location.lat if body.location else None,
        lng=body.location.lng if body.location else None,
    )
    await VisitRepository(session).add(visit, [h.id for h in households])
    detail: dict[str, Any] = {
        "household_ids": [h.id for h in households],
        "topics": visit.topics,
        "role": role,
    }
    if visit.media_ids:
        detail["media_ids"] = visit.media_ids
    await trail.append(session, RecordType.visit, visit.id, me.id, "recorded", detail)
    return await views.detail(session, storage, settings, reach, visit)


async def load_visible(
    session: AsyncSession, person_id: str, visit_id: str, *, for_update: bool = False
) -> tuple[Visit, Reach]:
    """The visit and where the caller stands; 404 when they may not see it."""
    visit = await VisitRepository(session).get(visit_id, for_update=for_update)
    if visit is None:
        raise VisitNotFound()
    reach = await reach_of(session, person_id)
    if not reach.sees(visit, await household_paths(session, visit.id)):
        raise VisitNotFound()
    return visit, reach


async def get_visit(
    session: AsyncSession, storage: Storage, settings: Settings, person_id: str, visit_id: str
) -> VisitDetail:
    visit, reach = await load_visible(session, person_id, visit_id)
    return await views.detail(session, storage, settings, reach, visit)


# -- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Which:
    """The list's filters (None: any)."""

    area_id: str | None = None
    household_id: str | None = None
    mine: bool = False
    since: datetime | None = None  # visited at or after
    until: datetime | None = None  # visited before


def _decode(cursor: str | None) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    key, last_id = decode_keyed_cursor(cursor)
    try:
        at = datetime.fromisoformat(key)
    except ValueError:
        raise BadCursor(fields={"cursor": "格式不正确"}) from None
    if at.tzinfo is None:
        raise BadCursor(fields={"cursor": "格式不正确"})
    return at, last_id


async def _conditions(session: AsyncSession, reach: Reach, which: Which) -> list[Any]:
    places = PlacesRepository(session)
    me = reach.person_id
    conditions: list[ColumnElement[bool]] = []
    if which.household_id is not None:
        # A household's page: every visit to a household the caller may see.
        household = await places.household(which.household_id)
        if household is None or not reach.records(household.area_path):
            raise HouseholdNotFound()
        conditions.append(visits_of_household(household.id))
    elif not which.mine:
        if not reach.paths:
            raise NotARecorder()
        conditions.append(or_(within(Visit.area_path, reach.paths), Visit.visitor_id == me))
    if which.area_id is not None:
        area = await places.area(which.area_id)
        if area is None or not reach.records(area.path):
            raise AreaNotFound()
        conditions.append(within(Visit.area_path, [area.path]))
    if which.mine:
        conditions.append(Visit.visitor_id == me)
    if which.since is not None:
        conditions.append(Visit.visited_at >= which.since)
    if which.until is not None:
        conditions.append(Visit.visited_at < which.until)
    return conditions


async def list_visits(
    session: AsyncSession, person_id: str, which: Which, cursor: str | None, limit: int
) -> VisitPage:
    """Visits in the caller's area (or to one household, or their own), newest first."""
    reach = await reach_of(session, person_id)
    after = _decode(cursor)
    conditions = await _conditions(session, reach, which)
    rows = await VisitRepository(session).page(and_(*conditions), after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else None
    return VisitPage(
        items=await views.summaries(session, reach, rows),
        next_cursor=encode_cursor(last.id, key=last.visited_at.isoformat()) if last else None,
    )
