"""Reading a village's roster and its cameras, and the clear phone behind a tap to call."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.governance.access import village_of
from jinghutong.governance.roster import views
from jinghutong.governance.roster.auth import keeps_roster, sees_roster
from jinghutong.governance.roster.errors import (
    CameraNotFound,
    MemberNotFound,
    NoPhoneOnRecord,
    NotARosterKeeper,
    NotAVillageArea,
    RosterAreaNotFound,
)
from jinghutong.governance.roster.repository import RosterRepository
from jinghutong.governance.roster.schemas import RosterOut
from jinghutong.governance.schemas import (
    GovernanceAreaRef,
    GovernancePhoneOut,
)
from jinghutong.models import Area, Camera, RosterAxis, RosterMember

READ_PHONE = "read_phone"


async def area_seen(session: AsyncSession, person_id: str, area_id: str) -> tuple[Area, Area]:
    """The area and the village at or above it, if the person sees that village's roster
    (404 otherwise; 422 for an area above village level that the person does see)."""
    area = await RosterRepository(session).area(area_id)
    if area is None:
        raise RosterAreaNotFound()
    village = await village_of(session, area.path)
    if not await sees_roster(session, person_id, village.path if village else area.path):
        raise RosterAreaNotFound()
    if village is None:
        raise NotAVillageArea(fields={"area_id": "请选择一个村、网格或微网格"})
    return area, village


async def roster(
    session: AsyncSession, person_id: str, area_id: str, *, include_inactive: bool
) -> RosterOut:
    """The village's people, vertical and horizontal, and its cameras."""
    _, village = await area_seen(session, person_id, area_id)
    keeper = await keeps_roster(session, person_id, village.path)
    if include_inactive and not keeper:
        raise NotARosterKeeper("只有名册维护人员可以查看已停用的人员和摄像头")
    repo = RosterRepository(session)
    members = await repo.members_in(village.path, include_inactive)
    cameras = await repo.cameras_in(village.path, include_inactive)
    areas = await repo.areas([m.area_id for m in members] + [c.area_id for c in cameras])
    members.sort(key=lambda m: (views.POSITION_ORDER.get(m.position, 99), not m.active, m.id))
    cameras.sort(key=lambda c: (c.kind, not c.active, c.id))
    out = [views.member(m, areas) for m in members]
    return RosterOut(
        village=GovernanceAreaRef(id=village.id, name=village.name),
        vertical=[m for m in out if m.axis == RosterAxis.vertical],
        horizontal=[m for m in out if m.axis == RosterAxis.horizontal],
        cameras=[views.camera(c, areas) for c in cameras],
        can_edit=keeper,
    )


async def seen_member(
    session: AsyncSession, person_id: str, member_id: str, *, for_update: bool = False
) -> RosterMember:
    """A member of a roster the person sees; a retired one only for its keepers."""
    member = await RosterRepository(session).member(member_id, for_update=for_update)
    if member is None or not await _sees(session, person_id, member.area_path, member.active):
        raise MemberNotFound()
    return member


async def seen_camera(
    session: AsyncSession, person_id: str, camera_id: str, *, for_update: bool = False
) -> Camera:
    camera = await RosterRepository(session).camera(camera_id, for_update=for_update)
    if camera is None or not await _sees(session, person_id, camera.area_path, camera.active):
        raise CameraNotFound()
    return camera


async def _sees(session: AsyncSession, person_id: str, path: str, active: bool) -> bool:
    village = await village_of(session, path)
    if village is None or not await sees_roster(session, person_id, village.path):
        return False
    return active or await keeps_roster(session, person_id, path)


async def member_phone(session: AsyncSession, person_id: str, member_id: str) -> GovernancePhoneOut:
    """The clear number to call a roster member; the read is audited."""
    member = await seen_member(session, person_id, member_id)
    if not member.phone:
        raise NoPhoneOnRecord()
    await record(
        session,
        actor_id=person_id,
        action=READ_PHONE,
        subject_type="roster_member",
        subject_id=member.id,
    )
    return GovernancePhoneOut(name=member.name, phone=member.phone)


async def camera_phone(session: AsyncSession, person_id: str, camera_id: str) -> GovernancePhoneOut:
    """The clear number of a camera's contact (to ask for footage); the read is audited."""
    camera = await seen_camera(session, person_id, camera_id)
    if not camera.contact_phone:
        raise NoPhoneOnRecord()
    await record(
        session, actor_id=person_id, action=READ_PHONE, subject_type="camera", subject_id=camera.id
    )
    return GovernancePhoneOut(name=camera.contact_name or camera.owner, phone=camera.contact_phone)
