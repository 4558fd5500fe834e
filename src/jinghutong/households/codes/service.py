"""一户一码: showing, rotating and resolving household codes, and keeping every household's
current code hash filled in.

Backfill rather than lazy creation: a scene printed from `scene_for(id, version)` must resolve
on its first scan, and a scene alone cannot tell which household it belongs to. So every
household gets its hash up front — `ensure_all_codes(db)` after the demo load (set-based: HMACs
in Python, one executemany UPDATE per chunk), `ensure_codes(session, ids)` when households are
created — and the code endpoints fill in a missing one as a last resort."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import unquote

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core.db import Database
from jinghutong.core.errors import Conflict, Forbidden, Gone, NotFound, ValidationFailed
from jinghutong.households.codes.images import CodeImage, code_image
from jinghutong.households.codes.repository import CodeRepository
from jinghutong.households.codes.scenes import (
    SCENE_PATTERN,
    WECHAT_SCENE_PATTERN,
    scene_for,
    scene_hash,
)
from jinghutong.households.codes.schemas import CodeOut
from jinghutong.identity.access import has_role_over
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.models import Household, Role

CHUNK = 2_000
ROTATORS = (Role.group_leader, Role.village_police, Role.area_officer, Role.admin)


class CodeMalformed(ValidationFailed):
    detail = "这不是警户通的户码，请扫描门牌上的二维码"


class CodeNotFound(NotFound):
    detail = "没有找到这个户码"


class CodeRotated(Gone):
    detail = "该户码已更换，请扫描门牌上的新码，或联系联户长"


class HouseholdNotFound(NotFound):
    detail = "没有找到这户人家，或您无权查看"


class RotateForbidden(Forbidden):
    detail = "只有村警、防区民警、管理员或本微网格的联户长可以更换户码"


class RotatedMeanwhile(Conflict):
    detail = "户码刚刚已被更换，请刷新后再试"


# -- backfill --------------------------------------------------------------------------------


async def ensure_codes(session: AsyncSession, household_ids: Sequence[str] | None = None) -> int:
    """Fill in the current code hash of households that have none; returns how many."""
    repo, filled = CodeRepository(session), 0
    batches = (
        [list(household_ids[i : i + CHUNK]) for i in range(0, len(household_ids), CHUNK)]
        if household_ids is not None
        else [None]
    )
    for ids in batches:
        after = ""
        while rows := await repo.missing_codes(after, CHUNK, ids):
            await repo.set_code_hashes(
                [{"b_id": hid, "b_hash": scene_hash(scene_for(hid, v))} for hid, v in rows]
            )
            filled += len(rows)
            after = rows[-1][0]
    return filled


async def ensure_all_codes(db: Database) -> int:
    """Give every household its current code (run after loading the demo data)."""
    async with db.session() as session:
        return await ensure_codes(session)


async def _ensure_current(db: Database, household: Household) -> None:
    if household.code_hash is None:  # created without ensure_codes: fill in now
        async with db.session() as session:
            await ensure_codes(session, [household.id])


# -- who may -----------------------------------------------------------------------------------


async def visible_household(session: AsyncSession, person_id: str, household_id: str) -> Household:
    """The household if the caller is staff over it or an active member; else 404."""
    repo = CodeRepository(session)
    household = await repo.household(household_id)
    if household is None:
        raise HouseholdNotFound()
    if await has_role_over(session, person_id, list(Role), household.area_path):
        return household
    if await repo.is_active_member(person_id, household.id):
        return household
    raise HouseholdNotFound()


# -- the code ----------------------------------------------------------------------------------


def code_out(household_id: str, version: int, image_url: str) -> CodeOut:
    return CodeOut(scene=scene_for(household_id, version), version=version, image_url=image_url)


async def describe(
    session: AsyncSession, db: Database, person_id: str, household_id: str
) -> Household:
    household = await visible_household(session, person_id, household_id)
    await _ensure_current(db, household)
    return household


async def image(
    session: AsyncSession, db: Database, wechat: WechatService, person_id: str, household_id: str
) -> CodeImage:
    household = await describe(session, db, person_id, household_id)
    return await code_image(
        CodeRepository(session), db, wechat, household.id, household.code_version
    )


async def rotate(session: AsyncSession, person_id: str, household_id: str) -> int:
    """Issue the next scene; the current one is retired (410 from now on). Returns the version."""
    household = await visible_household(session, person_id, household_id)
    if not await has_role_over(session, person_id, ROTATORS, household.area_path):
        raise RotateForbidden()
    repo, version = CodeRepository(session), household.code_version
    new_hash = scene_hash(scene_for(household.id, version + 1))
    if not await repo.advance_version(household.id, version, new_hash):
        raise RotatedMeanwhile()
    await repo.retire(household.id, version, scene_hash(scene_for(household.id, version)))
    await repo.drop_images(household.id)
    await record(
        session,
        actor_id=person_id,
        action="rotate_household_code",
        subject_type="household",
        subject_id=household.id,
        detail={"version": version + 1},
    )
    await session.refresh(household)
    return version + 1


# -- scanning ----------------------------------------------------------------------------------


def normalise_scene(raw: str) -> str:
    """The mini-program may pass `options.scene` still URL-encoded: decode %xx once."""
    scene = raw.strip()
    if "%" in scene:
        scene = unquote(scene)
    if not WECHAT_SCENE_PATTERN.fullmatch(scene) or not SCENE_PATTERN.fullmatch(scene):
        raise CodeMalformed(fields={"scene": "户码格式不正确"})
    return scene


async def household_for_scene(session: AsyncSession, raw_scene: str) -> Household:
    """The household whose current code this is; 410 for a rotated code, 404 for an unknown."""
    code_hash = scene_hash(normalise_scene(raw_scene))
    repo = CodeRepository(session)
    household = await repo.by_code_hash(code_hash)
    if household is not None:
        return household
    if await repo.retired(code_hash) is not None:
        raise CodeRotated()
    raise CodeNotFound()
