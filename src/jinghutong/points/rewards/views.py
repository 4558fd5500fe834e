"""Rewards and redemptions as the phone and the console show them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import MediaView, media_views
from jinghutong.models import Redemption, RedemptionStatus, Reward
from jinghutong.points.rewards import codes
from jinghutong.points.rewards.auth import MEDIA_SUBJECT
from jinghutong.points.rewards.repository import PlacesRepository, RewardRepository
from jinghutong.points.rewards.schemas import RedemptionOut, Ref, RewardOut

STATUS_NAMES = {
    RedemptionStatus.held: "待领取",
    RedemptionStatus.fulfilled: "已领取",
    RedemptionStatus.cancelled: "已取消",
}


def ref(ref_id: str, name: str) -> Ref:
    return Ref(id=ref_id, name=name)


async def _photo(
    session: AsyncSession, storage: Storage, settings: Settings, reward: Reward
) -> MediaView | None:
    if reward.photo_media_id is None:
        return None
    # Every photo the reward ever had stays attached to it; the current one is shown.
    shown = await media_views(session, storage, settings, MEDIA_SUBJECT, reward.id)
    return next((m for m in shown if m.id == reward.photo_media_id), None)


async def reward(
    session: AsyncSession, storage: Storage, settings: Settings, row: Reward
) -> RewardOut:
    return RewardOut(
        id=row.id,
        station_id=row.station_id,
        name=row.name,
        description=row.description,
        points=row.points,
        stock=row.stock,
        active=row.active,
        photo=await _photo(session, storage, settings, row),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def with_code(out: RedemptionOut, png_url: str) -> RedemptionOut:
    """The owner's view of a held redemption: its code (derived again, never stored)."""
    if out.status != RedemptionStatus.held:
        return out
    code = codes.code_for(out.id)
    return out.model_copy(
        update={"code": code, "code_shown": codes.shown(code), "code_png_url": png_url}
    )


async def redemptions(session: AsyncSession, rows: list[Redemption]) -> list[RedemptionOut]:
    """Without codes: `with_code` adds one for its owner."""
    places = PlacesRepository(session)
    rewards = await RewardRepository(session).many(r.reward_id for r in rows)
    names = await places.names([r.person_id for r in rows] + [r.fulfilled_by for r in rows])
    addresses = await places.addresses(r.household_id for r in rows)
    return [
        RedemptionOut(
            id=r.id,
            reward=ref(r.reward_id, rewards[r.reward_id].name),
            station_id=r.station_id,
            points=r.points,
            pool="household" if r.household_id else "mine",
            status=r.status,
            status_name=STATUS_NAMES[RedemptionStatus(r.status)],
            person=ref(r.person_id, names.get(r.person_id, "")),
            household=ref(r.household_id, addresses.get(r.household_id, ""))
            if r.household_id
            else None,
            created_at=r.created_at,
            fulfilled_at=r.fulfilled_at,
            fulfilled_by=ref(r.fulfilled_by, names.get(r.fulfilled_by, ""))
            if r.fulfilled_by
            else None,
            cancelled_at=r.cancelled_at,
        )
        for r in rows
    ]


async def redemption(session: AsyncSession, row: Redemption) -> RedemptionOut:
    return (await redemptions(session, [row]))[0]
