"""Every media query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import Media


class MediaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, media: Media) -> Media:
        self.session.add(media)
        await self.session.flush()
        return media

    async def get(self, media_id: str) -> Media | None:
        return await self.session.get(Media, media_id)

    async def by_trace_id(self, trace_id: str) -> Media | None:
        return await self.session.scalar(select(Media).where(Media.check_trace_id == trace_id))

    async def attached_to(self, attached_to_type: str, attached_to_id: str) -> list[Media]:
        query = (
            select(Media)
            .where(Media.attached_to_type == attached_to_type)
            .where(Media.attached_to_id == attached_to_id)
            .order_by(Media.id)
        )
        return list((await self.session.scalars(query)).all())

    async def many(self, ids: Sequence[str]) -> list[Media]:
        if not ids:
            return []
        query = select(Media).where(Media.id.in_(ids)).execution_options(populate_existing=True)
        return list((await self.session.scalars(query)).all())

    async def attach(
        self, owner_id: str, ids: Sequence[str], attached_to_type: str, attached_to_id: str
    ) -> int:
        """One conditional UPDATE: only the owner's, only free ones (or already this target's,
        so a retried request is harmless). Returns how many rows matched."""
        statement = (
            update(Media)
            .where(Media.id.in_(ids), Media.owner_id == owner_id)
            .where(
                or_(
                    Media.attached_to_type.is_(None),
                    and_(
                        Media.attached_to_type == attached_to_type,
                        Media.attached_to_id == attached_to_id,
                    ),
                )
            )
            .values(
                attached_to_type=attached_to_type,
                attached_to_id=attached_to_id,
                attached_at=clock.now(),
            )
            .execution_options(synchronize_session="fetch")
        )
        result = await self.session.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
