"""Queries for the area tree."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import Area, Household


def ancestor_paths(path: str) -> list[str]:
    """ "/a/b/c/" → ["/a/", "/a/b/", "/a/b/c/"]."""
    segments = [s for s in path.split("/") if s]
    return ["/" + "/".join(segments[: i + 1]) + "/" for i in range(len(segments))]


class AreaTreeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @staticmethod
    def visible(paths: list[str], above: list[str]) -> ColumnElement[bool]:
        """Areas under one of `paths`, or on the way down to one of `above`."""
        ancestors = sorted({a for p in above for a in ancestor_paths(p)})
        return or_(within(Area.path, paths), Area.path.in_(ancestors))

    async def get(self, area_id: str, visible: ColumnElement[bool]) -> Area | None:
        return await self.session.scalar(select(Area).where(Area.id == area_id, visible))

    async def children(self, parent_id: str, visible: ColumnElement[bool]) -> list[Area]:
        return list(
            await self.session.scalars(select(Area).where(Area.parent_id == parent_id, visible))
        )

    async def at_paths(self, paths: list[str]) -> list[Area]:
        if not paths:
            return []
        return list(await self.session.scalars(select(Area).where(Area.path.in_(paths))))

    async def under_at_levels(self, paths: list[str], levels: tuple[str, ...]) -> list[Area]:
        """The placed areas (with coordinates) of `levels` under one of `paths`."""
        query = select(Area).where(
            within(Area.path, paths),
            Area.level.in_(levels),
            Area.lat.is_not(None),
            Area.lng.is_not(None),
        )
        return list(await self.session.scalars(query.order_by(Area.path)))

    async def at_levels_within(
        self, paths: list[str], levels: tuple[str, ...], under: str | None
    ) -> list[Area]:
        """The areas of `levels` under one of `paths` (and under `under`, when given)."""
        query = select(Area).where(within(Area.path, paths), Area.level.in_(levels))
        if under is not None:
            query = query.where(Area.path.startswith(under, autoescape=True))
        return list(await self.session.scalars(query.order_by(Area.path)))

    async def by_ids(self, ids: list[str]) -> list[Area]:
        if not ids:
            return []
        return list(await self.session.scalars(select(Area).where(Area.id.in_(ids))))

    async def household_counts(
        self, area_ids: list[str], households_visible: ColumnElement[bool]
    ) -> dict[str, int]:
        """Households under each area that the caller may see: one grouped query."""
        if not area_ids:
            return {}
        rows = await self.session.execute(
            select(Area.id, func.count(Household.id))
            .join(Household, Household.area_path.like(Area.path + "%"))
            .where(Area.id.in_(area_ids), households_visible)
            .group_by(Area.id)
        )
        return {area_id: int(count) for area_id, count in rows.all()}
