"""Helpers for the rewards and leaderboard tests: points earned in arrange steps (through the
ledger's one writer), rewards on a station's catalogue, and reading stock and balances back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from jinghutong.models import Area, Person, PointsEntry, Reward
from jinghutong.points.ledger.api import append_entry

API = "/api/v1"
Q4 = "2026-11-15"  # a day of the quarter the 光荣榜 tests ask for


def moment(day: str) -> datetime:
    """Noon in Shanghai on `day` (YYYY-MM-DD), as an aware UTC time."""
    return datetime.fromisoformat(day + "T04:00:00").replace(tzinfo=UTC)


async def award(session, person: Person, points: int, key: str, **fields) -> PointsEntry:
    """Points earned, as the award sweep would write them (the ledger's one writer)."""
    return await append_entry(
        session,
        person_id=person.id,
        event_kind=fields.pop("event_kind", "dispatch_feedback"),
        points=points,
        source_type=fields.pop("source_type", "case"),
        source_id=fields.pop("source_id", person.id),
        reason=fields.pop("reason", "接警到场并反馈"),
        award_key=key,
        **fields,
    )


async def make_reward(session, station: Area, name: str, points: int, stock: int) -> Reward:
    reward = Reward(station_id=station.id, name=name, points=points, stock=stock)
    session.add(reward)
    await session.flush()
    return reward


async def points_of(session, person: Person) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.person_id == person.id
        )
    )
    return int(total or 0)


async def stock_of(session, reward: Reward) -> int:
    return int(await session.scalar(select(Reward.stock).where(Reward.id == reward.id)) or 0)


async def redeem(client, headers, reward: Reward, pool: str = "mine", key: str | None = None):
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        f"{API}/redemptions",
        json={"reward_id": reward.id, "pool": pool},
        headers={**headers, **extra},
    )
