"""The station's catalogue at the 警务室: what points buy, put on and kept by the chief or admin,
its stock counted by the 村警 (rewards/auth.py says who).

Goods and services only, never money: the station's 《村民积分兑换制度》 exchanges points for
things (洗衣粉, 毛巾, 米, 体检券 …). Points paid out as cash, red packets, phone credit or cards
worth money would turn taking part in village safety into paid work out of police funds — a
different thing, with its own accounting rules — and a cash value invites trading points. So a
name or description that is money is refused; the list is short on purpose (words that are
money in any use), not a filter of everything one could think of."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import MediaKind, claim_media
from jinghutong.models import Area, Person, Reward
from jinghutong.points.rewards import auth, pools, views
from jinghutong.points.rewards.errors import (
    ChooseStation,
    MoneyNotAllowed,
    NoStation,
    NotAKeeper,
    RewardNotFound,
    StockOnly,
    StockWouldGoNegative,
)
from jinghutong.points.rewards.repository import RewardRepository
from jinghutong.points.rewards.schemas import RewardIn, RewardOut, RewardPage, RewardPatch

MONEY_WORDS = (
    "现金",
    "红包",
    "话费",
    "充值",
    "提现",
    "转账",
    "人民币",
    "购物卡",
    "储值卡",
    "礼品卡",
    "代金券",
    "现金券",
)


def refuse_money(field: str, text: str | None) -> None:
    if text and (word := next((w for w in MONEY_WORDS if w in text), None)):
        raise MoneyNotAllowed(fields={field: f"不能兑换“{word}”这类钱款，请换成物品或服务"})


async def station_for(session: AsyncSession, person: Person, station_id: str | None) -> Area:
    """The station whose catalogue the caller means: the one given (if theirs), else their only
    one (a villager's household's, a 联户长's, a 村警's)."""
    mine = {s.id: s for s in await auth.home_stations(session, person.id)}
    mine.update({s.id: s for s in await auth.staff_stations(session, person.id)})
    if station_id is not None:
        if station_id not in mine:
            raise RewardNotFound("没有找到这个派出所的兑换目录")
        return mine[station_id]
    if not mine:
        raise NoStation()
    if len(mine) > 1:
        raise ChooseStation(fields={"station_id": "请选择派出所"})
    return next(iter(mine.values()))


async def listing(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    me: Person,
    station_id: str | None,
    cursor: str | None,
    limit: int,
) -> RewardPage:
    """The station's rewards on offer (its keepers see those taken off too)."""
    station = await station_for(session, me, station_id)
    keeper = await auth.is_keeper(session, me.id, station)
    after = decode_cursor(cursor) if cursor else None
    rows = await RewardRepository(session).page(
        station.id, active_only=not keeper, after=after, limit=limit + 1
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return RewardPage(
        station=views.ref(station.id, station.name),
        available=await pools.available(session, me, station),
        items=[await views.reward(session, storage, settings, r) for r in rows],
        next_cursor=encode_cursor(rows[-1].id) if more and rows else None,
    )


async def create(
    session: AsyncSession, storage: Storage, settings: Settings, me: Person, body: RewardIn
) -> RewardOut:
    station = await station_for(session, me, body.station_id)
    if not await auth.is_keeper(session, me.id, station):
        raise NotAKeeper()
    refuse_money("name", body.name)
    refuse_money("description", body.description)
    reward_id = new_id()
    if body.photo_media_id is not None:
        await _claim_photo(session, me, reward_id, body.photo_media_id)
    reward = await RewardRepository(session).add(
        Reward(
            id=reward_id,
            station_id=station.id,
            name=body.name,
            description=body.description,
            points=body.points,
            stock=body.stock,
            photo_media_id=body.photo_media_id,
            created_by=me.id,
        )
    )
    return await views.reward(session, storage, settings, reward)


async def _claim_photo(session: AsyncSession, me: Person, reward_id: str, media_id: str) -> None:
    await claim_media(
        session,
        me.id,
        [media_id],
        auth.MEDIA_SUBJECT,
        reward_id,
        field="photo_media_id",
        kind=MediaKind.image,
    )


async def update(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    me: Person,
    reward_id: str,
    patch: RewardPatch,
) -> RewardOut:
    rewards = RewardRepository(session)
    reward = await rewards.get(reward_id)
    if reward is None or not await auth.sees_station(session, me.id, reward.station_id):
        raise RewardNotFound()
    changes: dict[str, Any] = patch.model_dump(exclude_unset=True)
    delta = changes.pop("stock_delta", None)
    await _may_change(session, me, reward, changes)
    refuse_money("name", changes.get("name"))
    refuse_money("description", changes.get("description"))
    photo = changes.get("photo_media_id")
    if photo is not None and photo != reward.photo_media_id:
        await _claim_photo(session, me, reward.id, photo)
    for name, value in changes.items():
        setattr(reward, name, value)
    await session.flush()
    if delta and not await rewards.adjust_stock(reward.id, delta):
        raise StockWouldGoNegative(fields={"stock_delta": f"现有库存 {reward.stock}"})
    fresh = await rewards.get(reward.id)
    assert fresh is not None
    return await views.reward(session, storage, settings, fresh)


async def _may_change(
    session: AsyncSession, me: Person, reward: Reward, changes: dict[str, Any]
) -> None:
    """Keepers change anything; a 村警 of the station only the stock; others see but may not."""
    station = await auth.PlacesRepository(session).area(reward.station_id)
    assert station is not None
    if await auth.is_keeper(session, me.id, station):
        return
    if await auth.is_stock_keeper(session, me.id, station):
        if changes:
            raise StockOnly()
        return
    raise NotAKeeper()
