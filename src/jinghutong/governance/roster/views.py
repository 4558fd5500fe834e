"""Roster members, cameras and phone notices on the wire: phones masked, names of places."""

from __future__ import annotations

from jinghutong.core.masking import mask_phone
from jinghutong.governance.roster.schemas import (
    CameraOut,
    LocationOut,
    MemberOut,
    NoticeOut,
)
from jinghutong.governance.schemas import GovernanceAreaRef
from jinghutong.models import (
    CAMERA_KIND_NAMES,
    POSITION_NAMES,
    Area,
    Camera,
    CameraKind,
    GovernanceEvent,
    PhoneNotice,
    RosterMember,
    RosterPosition,
)

POSITION_ORDER: dict[str, int] = {p.value: i for i, p in enumerate(RosterPosition)}


def _area(area: Area | None, area_id: str) -> GovernanceAreaRef:
    return GovernanceAreaRef(id=area_id, name=area.name if area else "")


def member(row: RosterMember, areas: dict[str, Area]) -> MemberOut:
    position_name = POSITION_NAMES.get(RosterPosition(row.position), row.position)
    return MemberOut(
        id=row.id,
        area=_area(areas.get(row.area_id), row.area_id),
        axis=row.axis,
        position=row.position,
        position_name=position_name,
        title=row.title,
        label=row.title or position_name,
        name=row.name,
        phone=mask_phone(row.phone),
        duty_area=row.duty_area,
        person_id=row.person_id,
        on_wechat=row.person_id is not None,
        active=row.active,
        note=row.note,
    )


def _location(row: Camera) -> LocationOut | None:
    if row.lat is None or row.lng is None:
        return None
    return LocationOut(lat=row.lat, lng=row.lng)


def camera(row: Camera, areas: dict[str, Area]) -> CameraOut:
    return CameraOut(
        id=row.id,
        area=_area(areas.get(row.area_id), row.area_id),
        kind=row.kind,
        kind_name=CAMERA_KIND_NAMES.get(CameraKind(row.kind), row.kind),
        place=row.place,
        owner=row.owner,
        owner_household_id=row.owner_household_id,
        coverage=row.coverage,
        contact_name=row.contact_name,
        contact_phone=mask_phone(row.contact_phone),
        location=_location(row),
        active=row.active,
    )


def notice(
    row: PhoneNotice,
    number: str | None,
    done: GovernanceEvent | None,
    names: dict[str, str],
) -> NoticeOut:
    return NoticeOut(
        id=row.id,
        member_id=row.member_id,
        name=row.name,
        phone=mask_phone(row.phone),
        text=row.text,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        subject_number=number,
        status=row.status,
        created_at=row.created_at,
        done_at=row.done_at,
        done_by=names.get(done.actor_id or "") if done else None,
        done_note=(done.detail or {}).get("note") if done else None,
    )
