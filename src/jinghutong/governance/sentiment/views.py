"""Turning 社情民意 items into what the caller may see."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.governance import trail
from jinghutong.governance.links import linked
from jinghutong.governance.media import media_shown
from jinghutong.governance.sentiment.auth import MEDIA_SUBJECT, Standing
from jinghutong.governance.sentiment.names import STATUS_NAMES, URGENCY_NAMES
from jinghutong.governance.sentiment.schemas import (
    PersonRef,
    SentimentDetail,
    SentimentOut,
)
from jinghutong.governance.visits.auth import Reach, reach_of
from jinghutong.governance.visits.labels import describe
from jinghutong.governance.visits.repository import PlacesRepository
from jinghutong.governance.visits.views import area_ref, event_out, household_brief, preview
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import attached_media, media_views
from jinghutong.models import (
    SENTIMENT_CATEGORY_NAMES,
    Area,
    Household,
    RecordType,
    SentimentCategory,
    SentimentItem,
    SentimentStatus,
    Urgency,
)


def _name(names: Mapping[Any, str], value: str) -> str:
    return names.get(value, value)


def summary(
    reach: Reach,
    item: SentimentItem,
    names: dict[str, str],
    areas: dict[str, Area],
    households: dict[str, Household],
) -> SentimentOut:
    household = households.get(item.household_id or "")
    village = areas.get(item.village_id or "")
    return SentimentOut(
        id=item.id,
        category=SentimentCategory(item.category),
        category_name=_name(SENTIMENT_CATEGORY_NAMES, item.category),
        urgency=Urgency(item.urgency),
        urgency_name=_name(URGENCY_NAMES, item.urgency),
        topics=list(item.topics or []),
        summary=preview(item.text),
        status=SentimentStatus(item.status),
        status_name=_name(STATUS_NAMES, item.status),
        area=area_ref(areas.get(item.area_id), item.area_id),
        village=area_ref(village, village.id) if village else None,
        household=household_brief(reach, household) if household else None,
        recorder=PersonRef(id=item.recorder_id, name=names.get(item.recorder_id, "")),
        created_at=item.created_at,
        handled_at=item.handled_at,
    )


async def summaries(
    session: AsyncSession, reach: Reach, items: list[SentimentItem]
) -> list[SentimentOut]:
    places = PlacesRepository(session)
    names = await places.names(i.recorder_id for i in items)
    areas = await places.areas([*(i.area_id for i in items), *(i.village_id or "" for i in items)])
    households = await places.households(sorted({i.household_id for i in items if i.household_id}))
    return [summary(reach, i, names, areas, households) for i in items]


async def detail(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    item: SentimentItem,
    who: Standing,
    person_id: str,
) -> SentimentDetail:
    reach = await reach_of(session, person_id)
    events = await trail.events(session, RecordType.sentiment, item.id)
    names = await PlacesRepository(session).names([item.recorder_id, *(e.actor_id for e in events)])
    [out] = await summaries(session, reach, [item])
    views = {v.id: v for v in await media_views(session, storage, settings, MEDIA_SUBJECT, item.id)}
    attached = await attached_media(session, MEDIA_SUBJECT, item.id)
    shown = {m.id for m in attached if media_shown(m, who, person_id)}
    handled = next((e for e in reversed(events) if e.action == "handled"), None)
    links = [
        await describe(session, reach, x)
        for x in await linked(session, RecordType.sentiment, item.id)
    ]
    return SentimentDetail(
        **out.model_dump(),
        text=item.text,
        media=[views[i] for i in item.media_ids or [] if i in views and i in shown],
        handled_note=item.handled_note,
        handled_by=PersonRef(id=handled.actor_id, name=names.get(handled.actor_id, ""))
        if handled and handled.actor_id
        else None,
        linked=[x for x in links if x is not None],
        events=[event_out(e, names) for e in events],
        can_handle=who.handler and item.status == SentimentStatus.open,
    )
