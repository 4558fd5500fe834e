"""Who may record, see and decide governance records: the one permission rule ("role R on an
area that contains X") with the governance roles.

- Recorders: the 联户长 (their micro-grid), the 村警 (their village), 辅警 and 民警 (their
  villages), the chief and admin (the station). They record visits, sentiment, hazards and
  disputes in their area and see the records there.
- Handlers: the same minus the 联户长 — they grade and notify hazards, accept or reject a
  rectification, hand disputes over (交办), close records. A 联户长 reports rectification done,
  mediates and records what they are handed.
- The roster is kept by the admin, the chief and the village's 村警.

Nobody else learns a record exists (404), as for cases and petitions."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.models import Area, AreaLevel, Role, RoleGrant, at_or_above

RECORDER_ROLES = frozenset(
    {
        Role.group_leader,
        Role.village_police,
        Role.auxiliary_officer,
        Role.area_officer,
        Role.chief,
        Role.admin,
    }
)
HANDLER_ROLES = RECORDER_ROLES - {Role.group_leader}
ROSTER_KEEPERS = frozenset({Role.village_police, Role.chief, Role.admin})
# The first rung a role's work stands on (a dispute settled by a 联户长 stayed in the grid).
ROLE_LEVEL = {
    Role.group_leader: "micro_grid",
    Role.village_police: "village",
    Role.auxiliary_officer: "station",
    Role.area_officer: "station",
    Role.chief: "station",
    Role.admin: "station",
}
# When one person holds several roles over a place, the record names the most responsible.
_PRECEDENCE = (
    Role.chief,
    Role.area_officer,
    Role.auxiliary_officer,
    Role.village_police,
    Role.group_leader,
    Role.admin,
)


async def roles_over(
    session: AsyncSession, person_id: str, path: str, roles: Iterable[Role] = RECORDER_ROLES
) -> list[Role]:
    """The roles among `roles` the person holds on `path` or above it, most responsible first."""
    query = (
        select(RoleGrant.role)
        .join(Area, Area.id == RoleGrant.area_id)
        .where(
            RoleGrant.person_id == person_id,
            RoleGrant.role.in_([str(r) for r in roles]),
            at_or_above(Area.id, Area.path, path),
        )
    )
    held = {Role(r) for r in (await session.scalars(query)).all()}
    return [r for r in _PRECEDENCE if r in held]


async def may(session: AsyncSession, person_id: str, roles: Iterable[Role], path: str) -> bool:
    return await has_role_over(session, person_id, roles, path)


async def scope(
    session: AsyncSession, person_id: str, roles: Iterable[Role] = RECORDER_ROLES
) -> list[str]:
    """The outermost area paths under which the person holds one of `roles`."""
    return await scope_paths(session, person_id, roles)


def touches(paths: list[str], area_path: str) -> bool:
    """A scope reaches the area: a grant at or above it, or one inside it (a 联户长's
    micro-grid inside the village they filter a list to)."""
    return any(area_path.startswith(p) or p.startswith(area_path) for p in paths)


async def village_of(session: AsyncSession, path: str) -> Area | None:
    """The village at or above the area at `path` (None above village level)."""
    ids = [segment for segment in path.split("/") if segment]
    return await session.scalar(
        select(Area).where(Area.id.in_(ids), Area.level == AreaLevel.village)
    )
