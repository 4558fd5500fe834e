"""What the governance registers show alike: a person named (phone masked), the village a
record lies in, its place on the map, the trail with actor names and Chinese action names, the
links to other records, the notices owed by phone, and the media by the stage they came with.
Each register keeps its own names for its actions and stages, and its own out models where
their descriptions differ (governance.schemas)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.masking import mask_phone
from jinghutong.governance import links
from jinghutong.governance.repository import PlacesRepository, phone_notices
from jinghutong.governance.schemas import (
    GovernanceAreaRef,
    GovernanceLinkOut,
    GovernanceLocation,
    GovernancePersonOut,
    GovernancePhoneNoticeOut,
    TrailEventOut,
)
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import MediaView, attached_media, media_views
from jinghutong.models import Area, GovernanceEvent, Media, Person, PhoneNotice, PhoneNoticeStatus

# The records a governance record may be linked with, by the names the phone shows.
LINK_TYPE_NAMES = {
    "visit": "走访",
    "case": "群众上报",
    "hazard": "安全隐患",
    "dispute": "矛盾纠纷",
    "sentiment": "社情民意",
}
NOTICE_STATUS_NAMES = {PhoneNoticeStatus.pending: "待电话告知", PhoneNoticeStatus.done: "已告知"}

Event = TypeVar("Event", bound=TrailEventOut)
StagedMedia = TypeVar("StagedMedia", bound=MediaView)


def person_out(person: Person | None, person_id: str | None = None) -> GovernancePersonOut | None:
    """The person, or only their id when the row is gone (None when nobody: the system)."""
    if person is None:
        return GovernancePersonOut(id=person_id, name="") if person_id else None
    return GovernancePersonOut(id=person.id, name=person.name, phone=mask_phone(person.phone))


def village_ref(path: str, villages: Mapping[str, Area]) -> GovernanceAreaRef | None:
    """The village on the record's area path, among those read for the page."""
    village = next((villages[s] for s in path.split("/") if s in villages), None)
    return GovernanceAreaRef(id=village.id, name=village.name) if village else None


def location(lat: float | None, lng: float | None) -> GovernanceLocation | None:
    return GovernanceLocation(lat=lat, lng=lng) if lat is not None and lng is not None else None


def trail_out(
    events: Iterable[GovernanceEvent],
    persons: Mapping[str, Person],
    action_names: Mapping[str, str],
    model: type[Event],
) -> list[Event]:
    """The trail as the register's `model`, with who acted and the action's Chinese name."""
    return [
        model(
            seq=event.seq,
            action=event.action,
            action_name=action_names.get(event.action, event.action),
            actor=person_out(persons.get(event.actor_id or ""), event.actor_id),
            detail=dict(event.detail or {}),
            created_at=event.created_at,
        )
        for event in events
    ]


async def links_out(
    session: AsyncSession, record_type: str, record_id: str
) -> list[GovernanceLinkOut]:
    """The records linked with this one, labelled by case number or by when the visit was."""
    found = await links.linked(session, record_type, record_id)
    places = PlacesRepository(session)
    numbers = await places.case_numbers(x.id for x in found if x.type == "case")
    visited = await places.visit_times(x.id for x in found if x.type == "visit")
    out = []
    for x in found:
        label = numbers.get(x.id, "")
        if x.id in visited:
            label = visited[x.id].astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M 走访")
        out.append(
            GovernanceLinkOut(
                type=x.type,
                type_name=LINK_TYPE_NAMES.get(x.type, x.type),
                id=x.id,
                direction=x.direction,
                label=label,
            )
        )
    return out


def _notice(notice: PhoneNotice) -> GovernancePhoneNoticeOut:
    return GovernancePhoneNoticeOut(
        id=notice.id,
        name=notice.name,
        phone=mask_phone(notice.phone),
        text=notice.text,
        status=notice.status,
        status_name=NOTICE_STATUS_NAMES.get(PhoneNoticeStatus(notice.status), notice.status),
        created_at=notice.created_at,
    )


async def phone_notices_out(
    session: AsyncSession, subject_type: str, subject_id: str
) -> list[GovernancePhoneNoticeOut]:
    """The notices owed by phone about the record, phones masked."""
    return [_notice(n) for n in await phone_notices(session, subject_type, subject_id)]


async def staged_media(
    session: AsyncSession,
    media: tuple[Storage, Settings],
    subject: tuple[str, str],
    stages: Mapping[str, str],
    first: str,
    shown: Callable[[Media], bool],
    model: type[StagedMedia],
) -> list[StagedMedia]:
    """The record's media the reader may see, with expiring links, each with the stage it came
    with (`stages`, by media id; `first` for any not named there)."""
    storage, settings = media
    record_type, record_id = subject
    visible = {m.id for m in await attached_media(session, record_type, record_id) if shown(m)}
    views = await media_views(session, storage, settings, record_type, record_id)
    return [
        model(**v.model_dump(), stage=stages.get(v.id, first)) for v in views if v.id in visible
    ]
