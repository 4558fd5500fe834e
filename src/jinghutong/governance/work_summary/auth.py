"""Whose 五件事 a person may read: the chief and the admin every 村警 of their station, an area
officer the 村警 of their villages, a 村警 only their own. Anyone else is refused (403); a
person_id outside one's reach is not found (404), as everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import scope
from jinghutong.models import Role

OVERSEERS = (Role.chief, Role.admin, Role.area_officer)


@dataclass(frozen=True)
class Reach:
    paths: list[str]  # 村警 whose village lies under these
    self_id: str | None  # and the caller, when a 村警

    @property
    def empty(self) -> bool:
        return not self.paths and self.self_id is None


async def reach(session: AsyncSession, person_id: str) -> Reach:
    paths = await scope(session, person_id, OVERSEERS)
    is_police = bool(await scope(session, person_id, [Role.village_police]))
    return Reach(paths, person_id if is_police else None)
