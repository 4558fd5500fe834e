"""Who may do what with an appointment.

- The villager it is for, and whoever booked it (a 村警's 代办), see it and may cancel it.
- Staff over the household's area (or the slot's station) and the officer it is assigned to
  manage it: confirm, reschedule, complete, cancel.
- Everyone else: 404 (its existence is not revealed)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over
from jinghutong.models import Appointment, Role

MANAGER_ROLES = (
    Role.area_officer,
    Role.village_police,
    Role.auxiliary_officer,
    Role.duty_room,
    Role.chief,
    Role.admin,
)
# Who may book on a villager's behalf (代办), over that villager's household.
PROXY_ROLES = (Role.village_police, Role.area_officer, Role.auxiliary_officer)
# Who sets up the counter's slots at a station.
SLOT_KEEPER_ROLES = (Role.admin, Role.chief, Role.duty_room, Role.area_officer)
# Who a home-visit request goes to: the area officer over the household, else the 村警.
HOME_VISIT_ROLES = ((Role.area_officer,), (Role.village_police,))


@dataclass(frozen=True)
class Standing:
    owner: bool  # the villager, or who booked for them
    manager: bool

    @property
    def sees(self) -> bool:
        return self.owner or self.manager


async def standing(session: AsyncSession, person_id: str, appointment: Appointment) -> Standing:
    owner = person_id in (appointment.person_id, appointment.booked_by_id)
    manager = appointment.assignee_id == person_id or await has_role_over(
        session, person_id, MANAGER_ROLES, appointment.area_path
    )
    return Standing(owner=owner, manager=manager)


async def may_book_for(session: AsyncSession, person_id: str, household_path: str) -> bool:
    return await has_role_over(session, person_id, PROXY_ROLES, household_path)
