"""Who may do what with evaluation sheets.

- Read: the chief, the admin and the area officers the sheets of the 村警 of their villages
  (the same reach as the 五件事: governance/work_summary/auth.py), a 村警 their own. Anyone
  else is told a sheet does not exist (404).
- Compute and export: the chief or the admin, over the 村警 of their station.
- Confirm and decide appeals: the chief only (an officer who can read a sheet gets 403).
- Appeal: the sheet's 村警 only."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import scope
from jinghutong.governance.work_summary.auth import Reach, reach
from jinghutong.identity.access import has_role_over, path_within
from jinghutong.models import EvaluationSheet, Role

COMPUTERS = (Role.chief, Role.admin)
CONFIRMERS = (Role.chief,)

__all__ = ["Reach", "compute_scope", "is_chief_over", "reach", "sees"]


def sees(who: Reach, sheet: EvaluationSheet, village_path: str | None) -> bool:
    if sheet.person_id == who.self_id:
        return True
    return village_path is not None and path_within(village_path, who.paths)


async def is_chief_over(session: AsyncSession, person_id: str, village_path: str | None) -> bool:
    if village_path is None:
        return False
    return await has_role_over(session, person_id, CONFIRMERS, village_path)


async def compute_scope(session: AsyncSession, person_id: str) -> list[str]:
    """The areas (outermost) whose 村警 the person may compute and export sheets for."""
    return await scope(session, person_id, COMPUTERS)
