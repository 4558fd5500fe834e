"""Who sees a visit, and what of it.

- The visitor sees their own visits.
- Recorders over the visit's area (the 联户长 of its micro-grid, the village's 村警, the
  officers over the village, the chief and admin) see it, and so does a recorder over one of
  the households visited: a household's page shows every visit to it.
- A 联户长 is a villager among neighbours: the head of household's name is masked for them
  (张*), as the model and the printed sheets do; staff over the household see it whole.
- Photos and voice: whoever sees the visit — except items WeChat flagged or a reviewer
  withheld, which only their uploader and staff over the visit see.
Nobody else learns a visit exists (404)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.masking import mask_name
from jinghutong.governance.access import HANDLER_ROLES, RECORDER_ROLES, scope
from jinghutong.governance.media import HIDDEN_MEDIA
from jinghutong.identity.access import path_within
from jinghutong.media.api import register_media_access
from jinghutong.models import Household, Media, Visit, VisitHousehold

MEDIA_SUBJECT = "visit"


@dataclass(frozen=True)
class Reach:
    """Where one caller records (any recorder role) and where they are staff (not 联户长)."""

    person_id: str
    paths: list[str]
    staff_paths: list[str]

    def records(self, path: str) -> bool:
        return path_within(path, self.paths)

    def staff_over(self, path: str) -> bool:
        return path_within(path, self.staff_paths)

    def head_name(self, household: Household) -> str:
        # As the household register shows it: whole to those who record over the household
        # (its 联户长 calls on these neighbours by name — "各家各户串一串"), masked to anyone else
        # who sees the visit (its visitor, after their grant moved elsewhere).
        if self.records(household.area_path):
            return household.head_name
        return mask_name(household.head_name) or ""

    def sees(self, visit: Visit, household_paths: Iterable[str]) -> bool:
        return (
            visit.visitor_id == self.person_id
            or self.records(visit.area_path)
            or any(self.records(p) for p in household_paths)
        )

    def media_shown(self, visit: Visit, media: Media) -> bool:
        return (
            media.check_status not in HIDDEN_MEDIA
            or media.owner_id == self.person_id
            or self.staff_over(visit.area_path)
        )


async def reach_of(session: AsyncSession, person_id: str) -> Reach:
    return Reach(
        person_id,
        await scope(session, person_id, RECORDER_ROLES),
        await scope(session, person_id, HANDLER_ROLES),
    )


async def household_paths(session: AsyncSession, visit_id: str) -> list[str]:
    query = (
        select(Household.area_path)
        .join(VisitHousehold, VisitHousehold.household_id == Household.id)
        .where(VisitHousehold.visit_id == visit_id)
    )
    return list((await session.scalars(query)).all())


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    visit = await session.get(Visit, media.attached_to_id or "")
    if visit is None:
        return False
    reach = await reach_of(session, person_id)
    paths = await household_paths(session, visit.id)
    return reach.sees(visit, paths) and reach.media_shown(visit, media)


register_media_access(MEDIA_SUBJECT, may_view_media)
