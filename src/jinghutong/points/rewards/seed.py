"""The demo station's catalogue at the 警务室: what a rural station's 《村民积分兑换制度》
typically offers — daily goods and a service, never money. Written once per station (a station
that has any reward keeps its own)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Reward

DEMO_CATALOGUE = (
    # name, points, stock, description
    ("洗衣粉一袋", 30, 50, "1 公斤装，到所在村警务室领取"),
    ("毛巾一条", 20, 80, "纯棉毛巾"),
    ("大米 5 斤", 80, 30, "本地新米"),
    ("食用油 1 升", 100, 20, "菜籽油"),
    ("免费体检券", 150, 10, "乡镇卫生院常规体检一次，凭券预约"),
)


async def ensure_demo_catalogue(session: AsyncSession, station_id: str) -> int:
    """Put the demo goods on the station's catalogue unless it has one; returns how many."""
    if await session.scalar(select(Reward.id).where(Reward.station_id == station_id).limit(1)):
        return 0
    for name, points, stock, description in DEMO_CATALOGUE:
        session.add(
            Reward(
                station_id=station_id,
                name=name,
                points=points,
                stock=stock,
                description=description,
            )
        )
    await session.flush()
    return len(DEMO_CATALOGUE)
