"""Who stands where on a petition. Only the chief over the sender's area reads the inbox; the
officer the chief assigned sees that one petition (while it is theirs); the sender sees their
own. Nobody else learns that it exists (404). Only the chief assigns and closes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.media.api import register_media_access
from jinghutong.models import Media, Petition, Role


@dataclass(frozen=True)
class Standing:
    sender: bool
    chief: bool
    officer: bool

    @property
    def sees(self) -> bool:
        return self.sender or self.chief or self.officer

    @property
    def staff_role(self) -> str | None:
        """How a reply by this person is labelled."""
        if self.chief:
            return "chief"
        if self.officer:
            return "officer"
        return None


async def standing(session: AsyncSession, person_id: str, petition: Petition) -> Standing:
    return Standing(
        sender=petition.sender_id == person_id,
        chief=await has_role_over(session, person_id, [Role.chief], petition.area_path),
        officer=petition.assignee_id == person_id,
    )


async def chief_scope(session: AsyncSession, person_id: str) -> list[str]:
    """The area paths whose petitions land in this person's inbox (empty: not a chief)."""
    return await scope_paths(session, person_id, [Role.chief])


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    """Photos and voice attached to a petition: whoever may see the petition."""
    petition = await session.get(Petition, media.attached_to_id)
    return petition is not None and (await standing(session, person_id, petition)).sees


register_media_access("petition", may_view_media)
