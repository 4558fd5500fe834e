"""Every media query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import Bulletin, Media


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

    async def orphans(self, created_before: datetime, limit: int) -> list[Media]:
        """Uploads nothing claimed, made before `created_before`, oldest first, locked. Rows
        another worker — or a request attaching them right now — holds are skipped. Media a
        bulletin points at is never an orphan, claimed or not."""
        on_a_bulletin = exists().where(
            or_(Bulletin.cover_media_id == Media.id, Bulletin.voice_media_id == Media.id)
        )
        query = (
            select(Media)
            .where(Media.attached_to_type.is_(None), Media.created_at < created_before)
            .where(~on_a_bulletin)
            .order_by(Media.created_at, Media.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Media)
        )
        return list((await self.session.scalars(query)).all())

    async def delete_unattached(self, ids: Sequence[str]) -> int:
        """Delete these rows if still unattached (the lock from `orphans` keeps them so; the
        condition is a second guard). Returns how many went."""
        if not ids:
            return 0
        statement = (
            delete(Media)
            .where(Media.id.in_(ids), Media.attached_to_type.is_(None))
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(statement)
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
