"""Every 社情民意 query (the places and names around them: visits.repository.PlacesRepository)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.repository import newest_first
from jinghutong.models import (
    SentimentItem,
    SentimentStatus,
    Urgency,
)


class Counts(NamedTuple):
    village_id: str | None
    category: str
    total: int
    urgent: int
    open: int


class SentimentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, item_id: str, *, for_update: bool = False) -> SentimentItem | None:
        query = select(SentimentItem).where(SentimentItem.id == item_id)
        if for_update:  # serialises handling and the trail's appends (PostgreSQL row lock)
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, item: SentimentItem) -> SentimentItem:
        self.session.add(item)
        await self.session.flush()
        return item

    async def page(
        self, condition: ColumnElement[bool], before_id: str | None, limit: int
    ) -> list[SentimentItem]:
        return await newest_first(self.session, SentimentItem, condition, before_id, limit)

    async def counts(self, condition: ColumnElement[bool]) -> list[Counts]:
        """Per village and category: how many, how many urgent, how many still open."""
        urgent = func.sum(case((SentimentItem.urgency == Urgency.urgent, 1), else_=0))
        still_open = func.sum(case((SentimentItem.status == SentimentStatus.open, 1), else_=0))
        query = (
            select(
                SentimentItem.village_id,
                SentimentItem.category,
                func.count(),
                urgent,
                still_open,
            )
            .where(condition)
            .group_by(SentimentItem.village_id, SentimentItem.category)
        )
        rows = (await self.session.execute(query)).all()
        return [Counts(v, c, int(n), int(u or 0), int(o or 0)) for v, c, n, u, o in rows]
