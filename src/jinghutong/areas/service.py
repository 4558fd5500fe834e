"""The area tree as the caller may see it: their scope, and the ancestors above it so the
tree can be navigated from the top. Counts only include households the caller may see."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.areas.repository import AreaTreeRepository
from jinghutong.areas.schemas import AreaBrief, AreaDetail, AreaOut, MapArea
from jinghutong.core.errors import NotFound
from jinghutong.households.register.auth import HouseholdScope, scope_for
from jinghutong.models import AREA_LEVEL_NAMES, Area, Person

_DIGITS = re.compile(r"(\d+)")


class AreaNotFound(NotFound):
    detail = "找不到这个区域，或它不在您的管辖范围内"


def _natural(area: Area) -> list[object]:
    # 第2微网格 before 第10微网格.
    return [int(p) if p.isdigit() else p for p in _DIGITS.split(area.name)]


def level_name(level: str) -> str:
    return AREA_LEVEL_NAMES.get(level, level)  # type: ignore[call-overload]


def _brief(area: Area) -> AreaBrief:
    return AreaBrief(
        id=area.id, name=area.name, level=area.level, level_name=level_name(area.level)
    )


async def _outs(
    repo: AreaTreeRepository, scope: HouseholdScope, areas: list[Area]
) -> list[AreaOut]:
    counts = await repo.household_counts([a.id for a in areas], scope.households())
    return [
        AreaOut(
            **_brief(a).model_dump(),
            parent_id=a.parent_id,
            code=a.code,
            lat=a.lat,
            lng=a.lng,
            household_count=counts.get(a.id, 0),
            in_scope=scope.covers_path(a.path),
        )
        for a in sorted(areas, key=_natural)
    ]


async def list_areas(session: AsyncSession, person: Person, parent_id: str | None) -> list[AreaOut]:
    """Children of `parent_id`, or the caller's top areas when it is absent."""
    scope = await scope_for(session, person)
    repo = AreaTreeRepository(session)
    visible = repo.visible(scope.paths, [*scope.paths, *scope.own_paths])
    if parent_id is None:
        return await _outs(repo, scope, await repo.at_paths(scope.roots()))
    if await repo.get(parent_id, visible) is None:
        raise AreaNotFound()
    return await _outs(repo, scope, await repo.children(parent_id, visible))


async def get_area(session: AsyncSession, person: Person, area_id: str) -> AreaDetail:
    scope = await scope_for(session, person)
    repo = AreaTreeRepository(session)
    area = await repo.get(area_id, repo.visible(scope.paths, [*scope.paths, *scope.own_paths]))
    if area is None:
        raise AreaNotFound()
    [out] = await _outs(repo, scope, [area])
    ancestor_ids = [s for s in area.path.split("/") if s][:-1]
    by_id = {a.id: a for a in await repo.by_ids(ancestor_ids)}
    trail = [_brief(by_id[i]) for i in ancestor_ids if i in by_id]
    return AreaDetail(**out.model_dump(), trail=trail)


MAP_LEVELS = ("township", "village", "micro_grid")


async def map_areas(session: AsyncSession, person: Person) -> list[MapArea]:
    """The townships, villages and micro-grids within the caller's role scope that have
    coordinates, for a schematic map drawn from our own data (no map tiles)."""
    scope = await scope_for(session, person)
    areas = await AreaTreeRepository(session).under_at_levels(scope.paths, MAP_LEVELS)
    return [
        MapArea(id=a.id, name=a.name, level=a.level, parent_id=a.parent_id, lat=a.lat, lng=a.lng)
        for a in sorted(areas, key=_natural)
        if a.lat is not None and a.lng is not None
    ]


async def areas_in_scope(
    session: AsyncSession, person: Person, levels: tuple[str, ...], under_id: str | None = None
) -> list[AreaOut]:
    """The areas of `levels` within the caller's role scope (under `under_id`, which must be
    visible, when given), with their household counts: the console's pickers of villages and
    micro-grids."""
    scope = await scope_for(session, person)
    repo = AreaTreeRepository(session)
    under = None
    if under_id is not None:
        area = await repo.get(under_id, repo.visible(scope.paths, scope.paths))
        if area is None:
            raise AreaNotFound()
        under = area.path
    return await _outs(repo, scope, await repo.at_levels_within(scope.paths, levels, under))


async def names_of(session: AsyncSession, area_ids: list[str]) -> dict[str, str]:
    """Area id → name, for labelling records the caller was already allowed to read (a list
    row's micro-grid, "樟树坪村第1微网格"); one query."""
    wanted = sorted(set(area_ids))
    return {a.id: a.name for a in await AreaTreeRepository(session).by_ids(wanted)}
