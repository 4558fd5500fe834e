"""The demo station starts with the default rule book and the 警务室's catalogue, written at load
time."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.demo.loader import load_demo
from jinghutong.models import Area, AreaLevel, PointsRule, PointsRuleBook, Reward
from jinghutong.points.rules.defaults import DEFAULT_RULES


async def test_the_demo_station_has_the_default_book(database):
    await load_demo(database, 20261128, "$argon2id$v=19$m=65536,t=3,p=4$demo$demo")

    async with database.session(read_only=True) as s:
        station = await s.scalar(select(Area).where(Area.level == AreaLevel.station))
        books = (await s.scalars(select(PointsRuleBook))).all()
        rules = (await s.scalars(select(PointsRule))).all()
        rewards = (await s.scalars(select(Reward).order_by(Reward.points))).all()
    assert [(b.station_id, b.version, b.active, b.monthly_cap) for b in books] == [
        (station.id, 1, True, 300)
    ]
    assert {(r.event_kind, r.points, r.monthly_cap) for r in rules} == {
        (r.event_kind, r.points, r.monthly_cap) for r in DEFAULT_RULES
    }
    assert any("洗衣粉" in r.name for r in rewards) and any("毛巾" in r.name for r in rewards)
    assert all(r.station_id == station.id and r.stock > 0 and r.active for r in rewards)
