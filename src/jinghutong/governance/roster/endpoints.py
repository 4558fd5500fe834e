"""The 纵横斜 roster and cameras of a village, and the notices owed by phone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import Session, WriteSession
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.roster import errors as e
from jinghutong.governance.roster import keeping, phone_notices, service
from jinghutong.governance.roster.schemas import (
    CameraIn,
    CameraOut,
    CameraPatch,
    MemberIn,
    MemberOut,
    MemberPatch,
    NoticeDoneIn,
    NoticeOut,
    NoticePage,
    NoticeStatus,
    RosterOut,
)
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal, WriteSessionPrincipal

router = APIRouter(prefix="", tags=["roster"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_area = (e.RosterAreaNotFound, e.NotAVillageArea, e.NotARosterKeeper)
_member = (e.MemberNotFound, e.NotARosterKeeper)
_camera = (e.CameraNotFound, e.NotARosterKeeper)
Id = Annotated[str, Query(max_length=26)]


# -- the roster --------------------------------------------------------------------------------


@router.get("/areas/{area_id}/roster", responses=errors(*_auth, *_area))
async def village_roster(
    area_id: str,
    me: CurrentPrincipal,
    session: Session,
    include_inactive: Annotated[
        bool, Query(description="true：也列出已停用的人员和摄像头（名册维护人员）")
    ] = False,
) -> RosterOut:
    """The village's 纵横斜 roster and cameras (for a grid or micro-grid: its village's)."""
    return await service.roster(session, me.person.id, area_id, include_inactive=include_inactive)


@router.get(
    "/roster-members/{member_id}/phone",
    responses=errors(*_auth, e.MemberNotFound, e.NoPhoneOnRecord),
)
async def member_phone(
    member_id: str, me: WriteSessionPrincipal, session: WriteSession
) -> GovernancePhoneOut:
    """The member's full number, to call (the read is recorded)."""
    return await service.member_phone(session, me.person.id, member_id)


@router.get(
    "/cameras/{camera_id}/phone", responses=errors(*_auth, e.CameraNotFound, e.NoPhoneOnRecord)
)
async def camera_phone(
    camera_id: str, me: WriteSessionPrincipal, session: WriteSession
) -> GovernancePhoneOut:
    """The camera contact's full number, to call (the read is recorded)."""
    return await service.camera_phone(session, me.person.id, camera_id)


@router.post(
    "/roster-members",
    status_code=201,
    response_model=MemberOut,
    responses=errors(*_auth, *_area, e.UnknownPerson, ValidationFailed, *_replay),
)
async def add_member(
    body: MemberIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Add someone to the village's roster (admin, chief, the village's 村警)."""
    return await submit.once(body, 201, lambda: keeping.add_member(session, me.person.id, body))


@router.patch(
    "/roster-members/{member_id}",
    responses=errors(*_auth, *_member, *_area, e.UnknownPerson, ValidationFailed),
)
async def edit_member(
    member_id: str, body: MemberPatch, me: CurrentPrincipal, session: Session
) -> MemberOut:
    """Change a member (only the fields sent); `active: true` restores a retired one."""
    return await keeping.edit_member(session, me.person.id, member_id, body)


@router.delete("/roster-members/{member_id}", responses=errors(*_auth, *_member))
async def retire_member(member_id: str, me: CurrentPrincipal, session: Session) -> MemberOut:
    """Retire a member (kept, inactive: hazards, disputes and notices may point at them)."""
    return await keeping.retire_member(session, me.person.id, member_id)


@router.post(
    "/cameras",
    status_code=201,
    response_model=CameraOut,
    responses=errors(*_auth, *_area, e.NotThisVillagesHousehold, ValidationFailed, *_replay),
)
async def add_camera(
    body: CameraIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Add a camera (雪亮工程 or a household's) to the village's list."""
    return await submit.once(body, 201, lambda: keeping.add_camera(session, me.person.id, body))


@router.patch(
    "/cameras/{camera_id}",
    responses=errors(*_auth, *_camera, *_area, e.NotThisVillagesHousehold, ValidationFailed),
)
async def edit_camera(
    camera_id: str, body: CameraPatch, me: CurrentPrincipal, session: Session
) -> CameraOut:
    """Change a camera (only the fields sent); `active: true` restores a retired one."""
    return await keeping.edit_camera(session, me.person.id, camera_id, body)


@router.delete("/cameras/{camera_id}", responses=errors(*_auth, *_camera))
async def retire_camera(camera_id: str, me: CurrentPrincipal, session: Session) -> CameraOut:
    """Retire a camera (kept, inactive, so its history stays readable)."""
    return await keeping.retire_camera(session, me.person.id, camera_id)


# -- notices owed by phone ---------------------------------------------------------------------


@router.get(
    "/phone-notices", responses=errors(*_auth, e.RosterAreaNotFound, BadCursor, ValidationFailed)
)
async def list_phone_notices(
    me: CurrentPrincipal,
    session: Session,
    area_id: Id | None = None,
    status: Annotated[
        NoticeStatus, Query(description="pending 待电话通知（默认）· done 已通知")
    ] = "pending",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NoticePage:
    """Notices owed by phone about the hazards and disputes of my area, newest first."""
    return await phone_notices.list_notices(
        session, me.person.id, area_id=area_id, status=status, cursor=cursor, limit=limit
    )


@router.post(
    "/phone-notices/{notice_id}/done",
    response_model=NoticeOut,
    responses=errors(*_auth, e.NoticeNotFound, e.NoticeAlreadyDone, ValidationFailed, *_replay),
)
async def phone_notice_done(
    notice_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: NoticeDoneIn | None = None,
) -> JSONResponse:
    """Mark the notice phoned, with what was said (409 if it already was)."""
    body = body or NoticeDoneIn()
    return await submit.once(
        body, 200, lambda: phone_notices.mark_done(session, me.person.id, notice_id, body)
    )


@router.get(
    "/phone-notices/{notice_id}/phone",
    responses=errors(*_auth, e.NoticeNotFound, e.NoPhoneOnRecord),
)
async def phone_notice_phone(
    notice_id: str, me: WriteSessionPrincipal, session: WriteSession
) -> GovernancePhoneOut:
    """The full number to dial for this notice (the read is recorded)."""
    return await phone_notices.notice_phone(session, me.person.id, notice_id)
