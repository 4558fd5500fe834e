"""Who sees and decides a claim: the claimant sees their own; the village's 村警 and the
officers over the claimant's area (防区民警, 辅警, the chief) review it. Nobody else learns it
exists (404). The claim's voice and photos are visible to the same people."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.media.api import register_media_access
from jinghutong.models import Media, PointsClaim, Role

MEDIA_TYPE = "points_claim"
REVIEWER_ROLES = (Role.village_police, Role.area_officer, Role.auxiliary_officer, Role.chief)


async def may_review(session: AsyncSession, person_id: str, claim: PointsClaim) -> bool:
    return await has_role_over(session, person_id, REVIEWER_ROLES, claim.area_path)


async def may_see(session: AsyncSession, person_id: str, claim: PointsClaim) -> bool:
    return claim.person_id == person_id or await may_review(session, person_id, claim)


async def review_scope(session: AsyncSession, person_id: str) -> list[str]:
    return await scope_paths(session, person_id, REVIEWER_ROLES)


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    """The voice and photos of a claim: whoever may see the claim."""
    claim = await session.get(PointsClaim, media.attached_to_id)
    return claim is not None and await may_see(session, person_id, claim)


register_media_access(MEDIA_TYPE, may_view_media)
