"""社情民意: recording an item (from a visit, a report or on its own), the list, one item.
Handling is in handling.py, the roll-up per village in rollup.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, split_page
from jinghutong.governance import trail
from jinghutong.governance.access import scope, village_of
from jinghutong.governance.sentiment import notices, views
from jinghutong.governance.sentiment.auth import MEDIA_SUBJECT, Standing, standing
from jinghutong.governance.sentiment.errors import (
    AreaNotFound,
    NotARecorder,
    PlaceUnavailable,
    SentimentNotFound,
)
from jinghutong.governance.sentiment.repository import SentimentRepository
from jinghutong.governance.sentiment.schemas import SentimentDetail, SentimentIn, SentimentPage
from jinghutong.governance.sources import Source, check_sources, link_sources
from jinghutong.governance.visits.auth import reach_of
from jinghutong.governance.visits.repository import PlacesRepository
from jinghutong.identity.access import holders_over, path_within, within
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import claim_media
from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    Household,
    Person,
    RecordType,
    Role,
    SentimentItem,
    Urgency,
    Visit,
)

# An item concerns a village or a place inside it: the roll-up is per village.
PLACE_LEVELS = frozenset({AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid})


async def load_visible(
    session: AsyncSession, person_id: str, item_id: str, *, for_update: bool = False
) -> tuple[SentimentItem, Standing]:
    """The item and where the caller stands; 404 when they may not even see it."""
    item = await SentimentRepository(session).get(item_id, for_update=for_update)
    if item is None:
        raise SentimentNotFound()
    who = await standing(session, person_id, item)
    if not who.sees:
        raise SentimentNotFound()
    return item, who


async def _source_area(session: AsyncSession, sources: list[Source]) -> Area | None:
    """Where the visit was made, else where the report was filed."""
    for kind, record_id in sources:
        record: Visit | Case | None = (
            await session.get(Visit, record_id)
            if kind == RecordType.visit
            else await session.get(Case, record_id)
        )
        if record is not None:
            return await PlacesRepository(session).area(record.area_id)
    return None


async def _place(
    session: AsyncSession, body: SentimentIn, paths: list[str], sources: list[Source]
) -> tuple[Area, Household | None]:
    """(the area, the household) the item concerns, inside the caller's area: the household's
    micro-grid, else the area named, else the visit's or report's."""
    places = PlacesRepository(session)
    household = None
    if body.household_id is not None:
        household = await places.household(body.household_id)
        if household is None or not path_within(household.area_path, paths):
            raise PlaceUnavailable(fields={"household_id": "找不到这一户，或不在您的辖区"})
    if body.area_id is not None:
        area = await places.area(body.area_id)
        inside = area is None or household is None or path_within(household.area_path, [area.path])
        if not inside:
            raise PlaceUnavailable(fields={"household_id": "这一户不在所选区域内"})
    elif household is not None:
        area = await places.area(household.area_id)
    else:
        area = await _source_area(session, sources)
    if area is None or area.level not in PLACE_LEVELS or not path_within(area.path, paths):
        raise PlaceUnavailable(fields={"area_id": "请选择您辖区内的村、网格或微网格"})
    return area, household


async def create(
    session: AsyncSession, storage: Storage, settings: Settings, me: Person, body: SentimentIn
) -> SentimentDetail:
    """A recorder writes down what people want, suggest or are unsettled by; an urgent one
    reaches the village's area officer(s) at once."""
    paths = await scope(session, me.id)
    if not paths:
        raise NotARecorder()
    sources = await check_sources(session, me.id, visit_id=body.visit_id, case_id=body.case_id)
    area, household = await _place(session, body, paths, sources)
    village = await village_of(session, area.path)
    item_id = new_id()
    await claim_media(session, me.id, body.media_ids, MEDIA_SUBJECT, item_id)
    item = await SentimentRepository(session).add(
        SentimentItem(
            id=item_id,
            area_id=area.id,
            area_path=area.path,
            village_id=village.id if village else None,
            household_id=household.id if household else None,
            recorder_id=me.id,
            category=body.category,
            topics=body.topics,
            urgency=body.urgency,
            text=body.text,
            media_ids=list(dict.fromkeys(body.media_ids)),
        )
    )
    detail: dict[str, Any] = {"category": item.category, "urgency": item.urgency}
    if item.topics:
        detail["topics"] = item.topics
    if item.media_ids:
        detail["media_ids"] = item.media_ids
    await trail.append(session, RecordType.sentiment, item.id, me.id, "recorded", detail)
    await link_sources(session, sources, (RecordType.sentiment, item.id), me.id)
    if item.urgency == Urgency.urgent:
        await _tell_officers(session, item, village or area)
    who = await standing(session, me.id, item)
    return await views.detail(session, storage, settings, item, who, me.id)


async def _tell_officers(session: AsyncSession, item: SentimentItem, village: Area) -> None:
    officers = await holders_over(session, [Role.area_officer], village.path)
    await notices.tell_urgent(session, officers, item, village)
    detail = {"person_ids": officers, "role": Role.area_officer}
    await trail.append(session, RecordType.sentiment, item.id, None, "officers_told", detail)


async def get_item(
    session: AsyncSession, storage: Storage, settings: Settings, person_id: str, item_id: str
) -> SentimentDetail:
    item, who = await load_visible(session, person_id, item_id)
    return await views.detail(session, storage, settings, item, who, person_id)


async def list_items(
    session: AsyncSession,
    person_id: str,
    *,
    area_id: str | None,
    filters: Mapping[str, str | None],
    cursor: str | None,
    limit: int,
) -> SentimentPage:
    """Items in the caller's area (and their own), newest first; `filters` are exact matches
    on category, urgency and status."""
    reach = await reach_of(session, person_id)
    if not reach.paths:
        raise NotARecorder()
    conditions: list[ColumnElement[bool]] = [
        within(SentimentItem.area_path, reach.paths) | (SentimentItem.recorder_id == person_id)
    ]
    if area_id is not None:
        area = await PlacesRepository(session).area(area_id)
        if area is None or not reach.records(area.path):
            raise AreaNotFound()
        conditions.append(within(SentimentItem.area_path, [area.path]))
    for name, value in filters.items():
        if value is not None:
            conditions.append(getattr(SentimentItem, name) == value)
    before = decode_cursor(cursor) if cursor else None
    rows = await SentimentRepository(session).page(and_(*conditions), before, limit + 1)
    rows, next_cursor = split_page(rows, limit)
    return SentimentPage(items=await views.summaries(session, reach, rows), next_cursor=next_cursor)
