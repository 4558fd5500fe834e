"""Who may decide on a membership: an active member of the household, or the 联户长/村警 over
it. The first member of a household (no active members yet) can therefore only be approved by
the 联户长/村警. Nobody decides on their own application."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over
from jinghutong.memberships.repository import MembershipRepository
from jinghutong.models import Household, Membership, Role

APPROVER_ROLES = (Role.group_leader, Role.village_police)


async def oversees(session: AsyncSession, person_id: str, household: Household) -> bool:
    return await has_role_over(session, person_id, APPROVER_ROLES, household.area_path)


async def may_decide(
    session: AsyncSession, person_id: str, membership: Membership, household: Household
) -> bool:
    if membership.person_id == person_id:
        return False
    if await oversees(session, person_id, household):
        return True
    return await MembershipRepository(session).is_active_member(person_id, household.id)
