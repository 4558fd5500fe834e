"""Reading redemptions: one's own list (with codes), the station's list (staff), one redemption
and its code's QR for its owner."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.models import Person, Redemption, RedemptionStatus
from jinghutong.points.rewards import auth, codes, views
from jinghutong.points.rewards.errors import NotStaff, RedemptionNotFound
from jinghutong.points.rewards.repository import RedemptionRepository
from jinghutong.points.rewards.schemas import RedemptionOut, RedemptionPage, Scope


async def visible(session: AsyncSession, me: Person, redemption_id: str) -> Redemption:
    found = await RedemptionRepository(session).get(redemption_id)
    if found is None or not await auth.sees_redemption(session, me.id, found):
        raise RedemptionNotFound()
    return found


PngUrl = Callable[[str], str]  # redemption id → where its code's QR is


async def open_redemption(
    session: AsyncSession, me: Person, redemption_id: str, png_url: PngUrl
) -> RedemptionOut:
    """The redemption; its owner sees the code again while it is held."""
    found = await visible(session, me, redemption_id)
    out = await views.redemption(session, found)
    return views.with_code(out, png_url(found.id)) if found.person_id == me.id else out


async def code_png(session: AsyncSession, me: Person, redemption_id: str) -> bytes:
    """The QR of a held redemption's code, for its owner only (staff scan it off the phone)."""
    found = await visible(session, me, redemption_id)
    if found.person_id != me.id or found.status != RedemptionStatus.held:
        raise RedemptionNotFound("没有找到待领取的兑换码")
    return codes.qr_png(codes.code_for(found.id))


async def list_redemptions(
    session: AsyncSession,
    me: Person,
    *,
    scope: Scope,
    status: str | None,
    cursor: str | None,
    limit: int,
    png_url: PngUrl,
) -> RedemptionPage:
    """Mine (newest first, with the held ones' codes) or the stations I work for (staff)."""
    before = decode_cursor(cursor) if cursor else None
    repository = RedemptionRepository(session)
    if scope == "station":
        stations = [s.id for s in await auth.staff_stations(session, me.id)]
        if not stations:
            raise NotStaff()
        rows = await repository.page(
            person_id=None, station_ids=stations, status=status, before=before, limit=limit + 1
        )
    else:
        rows = await repository.page(
            person_id=me.id, station_ids=None, status=status, before=before, limit=limit + 1
        )
    more = len(rows) > limit
    rows = rows[:limit]
    items = await views.redemptions(session, rows)
    if scope == "mine":
        items = [views.with_code(i, png_url(i.id)) for i in items]
    return RedemptionPage(
        items=items, next_cursor=encode_cursor(rows[-1].id) if more and rows else None
    )
