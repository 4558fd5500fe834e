"""Who must act on a hazard, and telling them.

Three ways to name them (NotifyIn): an account — someone holding a role on the place, above
it or anywhere in its village, or a member of the hazard's household; a member of the
village's 纵横斜 roster (governance.roster.api.member_for); or a name and phone written down
on the spot (the phone encrypted, masked on the wire). A roster member or a named contact may
have no WeChat: each thing they must be told is recorded as a notice owed by phone; a roster
member with an account is told in the app as well."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import village_of
from jinghutong.governance.hazards import notices, views
from jinghutong.governance.hazards.errors import ResponsibleUnavailable
from jinghutong.governance.hazards.repository import PlacesRepository
from jinghutong.governance.hazards.schemas import NotifyIn
from jinghutong.governance.roster.api import member_for
from jinghutong.models import Hazard, RosterMember


async def _check_person(session: AsyncSession, hazard: Hazard, person_id: str) -> str:
    places = PlacesRepository(session)
    person = (await places.persons([person_id])).get(person_id)
    if person is not None and person.is_active:
        village = await village_of(session, hazard.area_path)
        near = await places.has_role_around(
            person.id, hazard.area_path, village.path if village else None
        )
        if near or (hazard.household_id and await places.is_member(person.id, hazard.household_id)):
            return person.name
    raise ResponsibleUnavailable(
        fields={"responsible_person_id": "须是本村有职责的人员，或这一户的成员"}
    )


async def assign_responsible(
    session: AsyncSession, hazard: Hazard, body: NotifyIn
) -> dict[str, Any]:
    """Check and set who must act; what the trail records of them (never a phone)."""
    hazard.responsible_person_id = hazard.responsible_member_id = None
    hazard.responsible_name = hazard.responsible_phone = None
    if body.responsible_person_id is not None:
        name = await _check_person(session, hazard, body.responsible_person_id)
        hazard.responsible_person_id = body.responsible_person_id
        return {"kind": "person", "id": body.responsible_person_id, "name": name}
    if body.responsible_member_id is not None:
        member = await member_for(
            session, body.responsible_member_id, hazard.area_path, field="responsible_member_id"
        )
        hazard.responsible_member_id = member.id
        return {"kind": "member", "id": member.id, "name": member.name}
    hazard.responsible_name = body.responsible_name
    hazard.responsible_phone = body.responsible_phone
    return {"kind": "contact", "name": body.responsible_name}


async def _member(session: AsyncSession, hazard: Hazard) -> RosterMember | None:
    if hazard.responsible_member_id is None:
        return None
    return await PlacesRepository(session).member(hazard.responsible_member_id)


async def where_of(session: AsyncSession, hazard: Hazard) -> str:
    places = PlacesRepository(session)
    household = await places.household(hazard.household_id) if hazard.household_id else None
    return views.where(hazard, household)


async def tell_responsible(
    session: AsyncSession, hazard: Hazard, actor_id: str | None, kind: str, text: str
) -> None:
    """In the app if they have an account; by phone (a notice owed) if on the roster or named."""
    member = await _member(session, hazard)
    account = hazard.responsible_person_id or (member.person_id if member else None)
    await notices.tell(session, [account], kind, hazard, text, skip=actor_id)
    await notices.owe_by_phone(session, hazard, text, actor_id, member=member)
