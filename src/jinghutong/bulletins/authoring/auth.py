"""Who may write, see, publish, approve and cancel a bulletin.

Authors are 村警, 防区民警, the chief and admin. A bulletin is visible to its author and to
staff holding a role on its reach (the area containing its whole audience). Publishing within
one's own villages goes straight out; anything wider in the station waits for the chief."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.audience.spec import APPROVE_ROLES, PUBLISH_ROLES
from jinghutong.bulletins.errors import BulletinNotFound, NotAnAuthor, NotApprover
from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.media.api import register_media_access
from jinghutong.models import STAFF_ROLES, Bulletin, Delivery, Media, Person


async def require_author(session: AsyncSession, person: Person) -> None:
    if not await scope_paths(session, person.id, PUBLISH_ROLES):
        raise NotAnAuthor()


async def require_visible(
    session: AsyncSession, person: Person, bulletin: Bulletin | None
) -> Bulletin:
    if bulletin is not None and (
        bulletin.author_id == person.id
        or await has_role_over(session, person.id, STAFF_ROLES, bulletin.reach_path)
    ):
        return bulletin
    raise BulletinNotFound()


async def is_approver(session: AsyncSession, person: Person, bulletin: Bulletin) -> bool:
    return await has_role_over(session, person.id, APPROVE_ROLES, bulletin.reach_path)


async def require_approver(session: AsyncSession, person: Person, bulletin: Bulletin) -> None:
    if not await is_approver(session, person, bulletin):
        raise NotApprover()


async def require_manager(session: AsyncSession, person: Person, bulletin: Bulletin) -> None:
    """Edit, publish, cancel: the author, or a publisher over the bulletin's whole reach."""
    if bulletin.author_id == person.id:
        return
    if not await has_role_over(session, person.id, PUBLISH_ROLES, bulletin.reach_path):
        raise NotApprover("只有发布人或其上级可以操作这条警讯资讯")


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    """A bulletin's cover and voice: for everyone it was delivered to, and staff who see it."""
    bulletin_id = media.attached_to_id or ""
    delivered = await session.scalar(
        select(Delivery.person_id)
        .where(Delivery.bulletin_id == bulletin_id, Delivery.person_id == person_id)
        .limit(1)
    )
    if delivered is not None:
        return True
    bulletin = await session.get(Bulletin, bulletin_id)
    person = await session.get(Person, person_id)
    if bulletin is None or person is None:
        return False
    try:
        await require_visible(session, person, bulletin)
    except BulletinNotFound:
        return False
    return True


register_media_access("bulletin", may_view_media)
