"""Who stands where on a dispute.

- Recorders over its place (the 联户长 of its micro-grid, the village's 村警, the officers over
  the village, the chief and admin) see it; so do whoever recorded it and whoever it is handed
  to (an account, or a roster member with an account). Nobody else learns it exists (404).
- 交办: handlers (recorders minus the 联户长); a 联户长 passes up what they cannot settle, but
  not a dispute someone else now carries.
- A mediation session is recorded by the assignee, a handler or the 联户长 of the place; the
  outcome (settle, fail) by the same, except that a 联户长 does not conclude a dispute handed
  to someone else. The 回访 by the assignee, a handler or the 联户长.
- Parties' clear phones: handlers and the assignee (each read audited).
- Photos and voice attached to a dispute: whoever may see the dispute — except items WeChat
  flagged or a reviewer withheld, which only the uploader and the handlers see.

Those who see a dispute but may not act get 403: they know it exists; they may not decide it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import HANDLER_ROLES, roles_over
from jinghutong.governance.media import register_record_media
from jinghutong.governance.repository import PlacesRepository
from jinghutong.models import Dispute, Role

MEDIA_SUBJECT = "dispute"


@dataclass(frozen=True)
class Standing:
    roles: tuple[Role, ...]  # governance roles over the dispute's place, most responsible first
    reporter: bool
    assignee: bool  # it is handed to this person (their account or their roster entry)
    held_by_other: bool  # it is handed to someone (or some unit) other than this person

    @property
    def recorder(self) -> bool:
        return bool(self.roles)

    @property
    def handler(self) -> bool:
        return any(r in HANDLER_ROLES for r in self.roles)

    @property
    def leader(self) -> bool:
        return Role.group_leader in self.roles

    @property
    def sees(self) -> bool:
        return self.recorder or self.reporter or self.assignee

    @property
    def may_assign(self) -> bool:
        return self.handler or (self.leader and not self.held_by_other)

    @property
    def may_mediate(self) -> bool:
        return self.handler or self.assignee or self.leader

    @property
    def may_conclude(self) -> bool:
        return self.handler or self.assignee or (self.leader and not self.held_by_other)

    @property
    def may_read_phones(self) -> bool:
        return self.handler or self.assignee


def is_handed(dispute: Dispute) -> bool:
    return any((dispute.assignee_id, dispute.assignee_member_id, dispute.assignee_unit))


async def assignee_account(session: AsyncSession, dispute: Dispute) -> str | None:
    """The account the dispute is handed to: the person, or the roster member's account."""
    if dispute.assignee_id:
        return dispute.assignee_id
    member = await PlacesRepository(session).member(dispute.assignee_member_id)
    return member.person_id if member else None


async def standing(session: AsyncSession, person_id: str, dispute: Dispute) -> Standing:
    roles = await roles_over(session, person_id, dispute.area_path)
    mine = await assignee_account(session, dispute) == person_id
    return Standing(
        roles=tuple(roles),
        reporter=dispute.reporter_id == person_id,
        assignee=mine,
        held_by_other=is_handed(dispute) and not mine,
    )


register_record_media(MEDIA_SUBJECT, Dispute, standing)
