"""Turning visits into what the caller may see."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.governance import trail
from jinghutong.governance.visits import labels
from jinghutong.governance.visits.auth import MEDIA_SUBJECT, Reach
from jinghutong.governance.visits.repository import PlacesRepository, VisitRepository
from jinghutong.governance.visits.schemas import (
    AreaRef,
    EventOut,
    HouseholdBrief,
    LocationOut,
    PersonRef,
    VisitDetail,
    VisitOut,
)
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import attached_media, media_views
from jinghutong.models import (
    ROLE_NAMES,
    VISIT_TOPIC_NAMES,
    Area,
    GovernanceEvent,
    Household,
    RecordType,
    Role,
    Visit,
    VisitTopic,
)


def preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def area_ref(area: Area | None, fallback_id: str) -> AreaRef:
    if area is None:
        return AreaRef(id=fallback_id, name="", level="")
    return AreaRef(id=area.id, name=area.name, level=area.level)


def household_brief(reach: Reach, household: Household) -> HouseholdBrief:
    return HouseholdBrief(
        id=household.id,
        area_id=household.area_id,
        address=household.address,
        head_name=reach.head_name(household),
    )


def summary(
    reach: Reach,
    visit: Visit,
    households: list[Household],
    names: dict[str, str],
    areas: dict[str, Area],
) -> VisitOut:
    topics = list(visit.topics or [])
    return VisitOut(
        id=visit.id,
        visited_at=visit.visited_at,
        area=area_ref(areas.get(visit.area_id), visit.area_id),
        visitor=PersonRef(id=visit.visitor_id, name=names.get(visit.visitor_id, "")),
        visitor_role=visit.visitor_role,
        visitor_role_name=ROLE_NAMES.get(Role(visit.visitor_role), visit.visitor_role),
        topics=topics,
        topic_names=[VISIT_TOPIC_NAMES.get(VisitTopic(t), t) for t in topics],
        households=[household_brief(reach, h) for h in households],
        summary=preview(visit.text),
        solved_on_spot=visit.solved_on_spot,
        follow_up=visit.follow_up,
        media_count=len(visit.media_ids or []),
        created_at=visit.created_at,
    )


async def summaries(session: AsyncSession, reach: Reach, visits: list[Visit]) -> list[VisitOut]:
    households = await VisitRepository(session).households_of(v.id for v in visits)
    places = PlacesRepository(session)
    names = await places.names(v.visitor_id for v in visits)
    areas = await places.areas(v.area_id for v in visits)
    return [summary(reach, v, households.get(v.id, []), names, areas) for v in visits]


def event_out(event: GovernanceEvent, names: dict[str, str]) -> EventOut:
    actor = event.actor_id
    return EventOut(
        seq=event.seq,
        action=event.action,
        actor=PersonRef(id=actor, name=names.get(actor, "")) if actor else None,
        detail=dict(event.detail or {}),
        created_at=event.created_at,
    )


async def detail(
    session: AsyncSession, storage: Storage, settings: Settings, reach: Reach, visit: Visit
) -> VisitDetail:
    households = (await VisitRepository(session).households_of([visit.id]))[visit.id]
    events = await trail.events(session, RecordType.visit, visit.id)
    places = PlacesRepository(session)
    names = await places.names([visit.visitor_id, *(e.actor_id for e in events)])
    areas = await places.areas([visit.area_id])
    views = await media_views(session, storage, settings, MEDIA_SUBJECT, visit.id)
    shown = {
        m.id for m in await attached_media(session, MEDIA_SUBJECT, visit.id)
        if reach.media_shown(visit, m)
    }  # fmt: skip
    by_id = {v.id: v for v in views}
    media = [by_id[i] for i in visit.media_ids or [] if i in by_id and i in shown]
    location = None
    if visit.lat is not None and visit.lng is not None:
        location = LocationOut(lat=visit.lat, lng=visit.lng)
    return VisitDetail(
        **summary(reach, visit, households, names, areas).model_dump(),
        met=visit.met,
        text=visit.text,
        location=location,
        media=media,
        findings=await labels.findings(session, reach, visit.id),
        events=[event_out(e, names) for e in events],
        can_add_findings=reach.sees(visit, [h.area_path for h in households]),
    )
