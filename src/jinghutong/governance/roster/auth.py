"""Who may see and keep a village's roster, and who works through the notices owed by phone.

- Seeing the roster (and calling the people on it): anyone holding a recorder role over the
  village or inside it — the 联户长 of one of its micro-grids, its 村警, its officers, the
  chief, the admin. A 联户长's grant is below the village, so "over" alone would miss them.
- Keeping it (add, edit, retire): the admin, the chief and the village's 村警
  (`ROSTER_KEEPERS` over the member's area). Someone who sees the roster but may not keep it
  is told so (403); someone who does not see it learns nothing (404).
- Phone notices: handlers (`HANDLER_ROLES`, no 联户长) over the area of the hazard or dispute
  the notice is about. The subject, not the member: a notice may name a contact written on the
  record, with no roster member behind it, and the subject's handlers are the ones who must
  see the person told."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import (
    HANDLER_ROLES,
    RECORDER_ROLES,
    ROSTER_KEEPERS,
    may,
    scope,
    touches,
)


async def sees_roster(session: AsyncSession, person_id: str, village_path: str) -> bool:
    return touches(await scope(session, person_id, RECORDER_ROLES), village_path)


async def keeps_roster(session: AsyncSession, person_id: str, area_path: str) -> bool:
    return await may(session, person_id, ROSTER_KEEPERS, area_path)


async def notice_scope(session: AsyncSession, person_id: str) -> list[str]:
    """The area paths whose hazards' and disputes' notices this person works through."""
    return await scope(session, person_id, HANDLER_ROLES)
