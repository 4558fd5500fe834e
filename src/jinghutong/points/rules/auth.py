"""Who may read and change a station's rule book.

Anyone who belongs to the station reads its book: a member of one of its households, or anyone
holding a role on an area in it (or above it: a county's staff name the station). The chief and
the admin of the station (or above) write a new version."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over
from jinghutong.models import Area, Role, RoleGrant
from jinghutong.points.people import standing
from jinghutong.points.rules.errors import NoStation, NotRuleKeeper, StationNotFound
from jinghutong.points.rules.repository import RuleBookRepository

RULE_KEEPERS = (Role.chief, Role.admin)


async def _paths(session: AsyncSession, person_id: str) -> list[str]:
    """The places the person belongs to: their household's micro-grid, then their grants."""
    home = await standing(session, person_id)
    grants = await session.scalars(
        select(Area.path)
        .join(RoleGrant, RoleGrant.area_id == Area.id)
        .where(RoleGrant.person_id == person_id)
        .order_by(RoleGrant.created_at)
    )
    return [p for p in [home.area_path, *grants.all()] if p]


async def station_for_reader(session: AsyncSession, person_id: str, station_id: str | None) -> Area:
    """The station whose book this person reads: the one named (if they belong to it) or their
    own (the first found from their household, then their grants)."""
    repo = RuleBookRepository(session)
    paths = await _paths(session, person_id)
    if station_id is not None:
        station = await repo.station(station_id)
        # Inside the station (a household, a village grant) or above it (a county grant).
        if station is None or not any(
            p.startswith(station.path) or station.path.startswith(p) for p in paths
        ):
            raise StationNotFound()
        return station
    for path in paths:
        station = await repo.station_of(path)
        if station is not None:
            return station
    raise NoStation()


async def station_for_keeper(session: AsyncSession, person_id: str, station_id: str | None) -> Area:
    """The station whose book this chief or admin replaces."""
    station = await station_for_reader(session, person_id, station_id)
    if not await has_role_over(session, person_id, RULE_KEEPERS, station.path):
        raise NotRuleKeeper()
    return station
