"""Who sees which 光荣榜, and with which names.

- Staff see the boards of the areas they work in (any staff role: their scope), with full names.
- Villagers and 联户长 see their own village's board (their households' villages, the village of
  the micro-grid they lead) and its micro-grids', with masked names (叶*根) except their own.
  A real notice board shows full names — that is what it is for, and it stays in front of
  neighbours who know each other — but an answer on a phone can be forwarded anywhere, so the
  API to non-staff shows what a neighbour needs to recognise someone and no more (PIPL's
  minimum necessary). The printed board (full names) is staff's to print and hang.
- The PDF is printed by the staff who print the village's other notices (households/printing:
  村警, 民警, 辅警, the chief, admin). Anyone else is told the area does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over, path_within, scope_paths
from jinghutong.models import STAFF_ROLES, Area, Role
from jinghutong.points.leaderboard.repository import LeaderboardRepository

PRINTERS = (
    Role.village_police,
    Role.area_officer,
    Role.auxiliary_officer,
    Role.chief,
    Role.admin,
)


@dataclass(frozen=True)
class Viewer:
    person_id: str
    staff_paths: list[str]  # outermost areas of their staff roles
    home_villages: list[Area]  # the villages they live in or lead a micro-grid of

    def is_staff_over(self, area: Area) -> bool:
        return path_within(area.path, self.staff_paths)

    def sees(self, area: Area) -> bool:
        return self.is_staff_over(area) or path_within(
            area.path, [v.path for v in self.home_villages]
        )


async def viewer(session: AsyncSession, person_id: str) -> Viewer:
    return Viewer(
        person_id=person_id,
        staff_paths=await scope_paths(session, person_id, STAFF_ROLES),
        home_villages=await LeaderboardRepository(session).home_villages(person_id),
    )


async def may_print(session: AsyncSession, person_id: str, area: Area) -> bool:
    return await has_role_over(session, person_id, PRINTERS, area.path)
