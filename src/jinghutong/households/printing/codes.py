"""Each door plate's code: WeChat's mini-program code, from the cache or fetched now.

A plain QR of the scene opens nothing when a villager scans it with WeChat's camera: only the
mini-program code from getwxacodeunlimit does. So the sheet prints WeChat's image for every
household it can get one for, fetching the missing ones (and filling the cache, so the next
sheet asks WeChat nothing), and falls back to the vector QR only where WeChat failed — such a
plate works with the mini-program's own scanner, and the sheet says how many there are.

`prefetch_area` warms the cache for a village before printing (`jinghutong households codes
prefetch --area ID`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.db import Database
from jinghutong.core.errors import NotFound
from jinghutong.households.codes.images import code_limiter, fetch_codes
from jinghutong.households.printing.repository import HouseholdRow, PrintingRepository
from jinghutong.integrations.wechat.service import WechatService


async def plate_codes(
    session: AsyncSession,
    db: Database,
    wechat: WechatService,
    redis_url: str | None,
    path: str,
    rows: Sequence[HouseholdRow],
) -> dict[str, bytes]:
    """household id → PNG of its current mini-program code; absent where WeChat failed."""
    images = await PrintingRepository(session).code_images_under(path)
    missing = [(row.id, row.code_version) for row in rows if row.id not in images]
    images.update(await fetch_codes(db, wechat, missing, code_limiter(redis_url)))
    return images


@dataclass(frozen=True)
class PrefetchReport:
    households: int
    already_cached: int
    fetched: int
    failed: int


class AreaNotFound(NotFound):
    detail = "没有找到这个区域"


async def prefetch_area(
    db: Database, wechat: WechatService, redis_url: str | None, area_id: str
) -> PrefetchReport:
    """Fetch and cache the current code of every household under the area that has none."""
    async with db.session(read_only=True) as session:
        repo = PrintingRepository(session)
        area = await repo.area(area_id)
        if area is None:
            raise AreaNotFound()
        total, missing = await repo.uncached_under(area.path)
    fetched = await fetch_codes(db, wechat, missing, code_limiter(redis_url))
    return PrefetchReport(total, total - len(missing), len(fetched), len(missing) - len(fetched))
