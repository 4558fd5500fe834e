"""Keeping the roster: adding, editing and retiring members and cameras (the admin, the chief,
the village's 村警). Retiring is `active = false`, never a delete: hazards and disputes may
name a member as the one who must act, and notices owed by phone point at them. Every change
is an event on the record's trail; the trail names the fields changed, never a phone."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import crypto
from jinghutong.governance import trail
from jinghutong.governance.access import village_of
from jinghutong.governance.roster import service, views
from jinghutong.governance.roster.auth import keeps_roster
from jinghutong.governance.roster.errors import (
    NotARosterKeeper,
    NotThisVillagesHousehold,
    UnknownPerson,
)
from jinghutong.governance.roster.repository import RosterRepository
from jinghutong.governance.roster.schemas import (
    CameraIn,
    CameraOut,
    CameraPatch,
    MemberIn,
    MemberOut,
    MemberPatch,
)
from jinghutong.models import POSITION_AXIS, Area, Camera, RosterMember, RosterPosition

# Trail record types (at most 12 characters: governance_events.record_type).
MEMBER = "roster"
CAMERA = "camera"


async def kept_area(session: AsyncSession, person_id: str, area_id: str) -> Area:
    """An area at or below a village whose roster the person keeps."""
    area, _ = await service.area_seen(session, person_id, area_id)
    if not await keeps_roster(session, person_id, area.path):
        raise NotARosterKeeper()
    return area


async def _check_person(session: AsyncSession, person_id: str | None) -> None:
    if person_id is None:
        return
    person = await RosterRepository(session).person(person_id)
    if person is None or not person.is_active:
        raise UnknownPerson(fields={"person_id": "没有这个账号，或已停用"})


async def _member_out(session: AsyncSession, row: RosterMember) -> MemberOut:
    return views.member(row, await RosterRepository(session).areas([row.area_id]))


async def _camera_out(session: AsyncSession, row: Camera) -> CameraOut:
    return views.camera(row, await RosterRepository(session).areas([row.area_id]))


# -- members -----------------------------------------------------------------------------------


async def add_member(session: AsyncSession, me: str, body: MemberIn) -> MemberOut:
    area = await kept_area(session, me, body.area_id)
    await _check_person(session, body.person_id)
    member = RosterMember(
        area_id=area.id,
        area_path=area.path,
        axis=POSITION_AXIS[body.position].value,
        position=body.position.value,
        title=body.title,
        name=body.name,
        phone=body.phone,
        phone_index=crypto.blind_index(body.phone),
        duty_area=body.duty_area,
        person_id=body.person_id,
        note=body.note,
        active=True,
    )
    await RosterRepository(session).add(member)
    detail = {"area_id": area.id, "position": member.position, "name": member.name}
    await trail.append(session, MEMBER, member.id, me, "created", detail)
    return await _member_out(session, member)


async def edit_member(
    session: AsyncSession, me: str, member_id: str, body: MemberPatch
) -> MemberOut:
    member = await service.seen_member(session, me, member_id, for_update=True)
    if not await keeps_roster(session, me, member.area_path):
        raise NotARosterKeeper()
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    if "area_id" in changes:
        area = await kept_area(session, me, changes.pop("area_id"))
        changes |= {"area_id": area.id, "area_path": area.path}
    if "person_id" in changes:
        await _check_person(session, changes["person_id"])
    if "position" in changes:
        position = RosterPosition(changes["position"])
        changes |= {"position": position.value, "axis": POSITION_AXIS[position].value}
    if changes.get("phone"):
        changes["phone_index"] = crypto.blind_index(changes["phone"])
    await _apply(session, MEMBER, member, changes, me)
    return await _member_out(session, member)


async def retire_member(session: AsyncSession, me: str, member_id: str) -> MemberOut:
    member = await service.seen_member(session, me, member_id, for_update=True)
    if not await keeps_roster(session, me, member.area_path):
        raise NotARosterKeeper()
    await _apply(session, MEMBER, member, {"active": False}, me)
    return await _member_out(session, member)


# -- cameras -----------------------------------------------------------------------------------


async def _owner(
    session: AsyncSession, area: Area, household_id: str | None, owner: str
) -> tuple[str | None, str]:
    """The owning household (in the camera's village) and the owner's name (its head's)."""
    if household_id is None:
        return None, owner
    household = await RosterRepository(session).household(household_id)
    village = await village_of(session, area.path)
    if household is None or village is None or not village.contains_path(household.area_path):
        raise NotThisVillagesHousehold(fields={"owner_household_id": "须是本村的户"})
    return household.id, owner or household.head_name


async def add_camera(session: AsyncSession, me: str, body: CameraIn) -> CameraOut:
    area = await kept_area(session, me, body.area_id)
    household_id, owner = await _owner(session, area, body.owner_household_id, body.owner)
    camera = Camera(
        area_id=area.id,
        area_path=area.path,
        kind=body.kind.value,
        place=body.place,
        lat=body.location.lat if body.location else None,
        lng=body.location.lng if body.location else None,
        owner=owner,
        owner_household_id=household_id,
        coverage=body.coverage,
        contact_name=body.contact_name,
        contact_phone=body.contact_phone,
        active=True,
    )
    await RosterRepository(session).add(camera)
    detail = {"area_id": area.id, "kind": camera.kind, "place": camera.place}
    await trail.append(session, CAMERA, camera.id, me, "created", detail)
    return await _camera_out(session, camera)


async def edit_camera(
    session: AsyncSession, me: str, camera_id: str, body: CameraPatch
) -> CameraOut:
    camera = await service.seen_camera(session, me, camera_id, for_update=True)
    if not await keeps_roster(session, me, camera.area_path):
        raise NotARosterKeeper()
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    area = await RosterRepository(session).area(camera.area_id)
    if "area_id" in changes:
        area = await kept_area(session, me, changes.pop("area_id"))
        changes |= {"area_id": area.id, "area_path": area.path}
    assert area is not None
    if "owner_household_id" in changes or ("area_id" in changes and camera.owner_household_id):
        # A camera moved to another village cannot keep a household of the old one.
        wanted = changes.get("owner_household_id", camera.owner_household_id)
        owner = changes.get("owner", camera.owner)
        household_id, owner = await _owner(session, area, wanted, owner)
        changes |= {"owner_household_id": household_id, "owner": owner}
    if "location" in changes:
        location = changes.pop("location") or {}
        changes |= {"lat": location.get("lat"), "lng": location.get("lng")}
    if "kind" in changes:
        changes["kind"] = str(changes["kind"])
    await _apply(session, CAMERA, camera, changes, me)
    return await _camera_out(session, camera)


async def retire_camera(session: AsyncSession, me: str, camera_id: str) -> CameraOut:
    camera = await service.seen_camera(session, me, camera_id, for_update=True)
    if not await keeps_roster(session, me, camera.area_path):
        raise NotARosterKeeper()
    await _apply(session, CAMERA, camera, {"active": False}, me)
    return await _camera_out(session, camera)


# -- both --------------------------------------------------------------------------------------

_SECRET = {"phone", "phone_index", "contact_phone"}
_DERIVED = {"area_path", "axis", "phone_index"}


async def _apply(
    session: AsyncSession,
    record_type: str,
    row: RosterMember | Camera,
    changes: dict[str, Any],
    actor_id: str,
) -> None:
    """Set what differs and trail it: retired, restored or edited (the fields' names)."""
    changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
    if not changed:
        return
    for key, value in changed.items():
        setattr(row, key, value)
    await session.flush()
    if set(changed) == {"active"}:
        action = "restored" if changed["active"] else "retired"
        await trail.append(session, record_type, row.id, actor_id, action)
        return
    shown = {k: v for k, v in changed.items() if k not in _SECRET | _DERIVED}
    fields = sorted(set(changed) - _DERIVED)
    await trail.append(
        session, record_type, row.id, actor_id, "edited", {"fields": fields, "to": shown}
    )
