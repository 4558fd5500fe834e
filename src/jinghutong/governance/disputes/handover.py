"""交办: to whom a dispute may be handed, and the rung it reaches by that.

Three ways to name the assignee (DisputeAssignIn): an account — someone holding a governance
role over the dispute's place (a 联户长, the 村警, an officer, the chief), whose rung is that of
their most responsible role there (ROLE_LEVEL); a member of the village's 纵横斜 roster such as
a village mediator (governance.roster.api.member_for), at 村 (镇 or 派出所 for a roster kept
above the village); or another unit by name (司法所, 镇综治中心, 镇人民调解委员会 …), at the
level the body names, 镇 by default.

`level` only ever rises: it is the highest rung the dispute reached, and at settlement the rung
it was settled at — the number behind "小事不出联户网格、大事不出镇"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import RECORDER_ROLES, ROLE_LEVEL, roles_over
from jinghutong.governance.disputes.errors import AssigneeUnavailable
from jinghutong.governance.disputes.schemas import DisputeAssignIn
from jinghutong.governance.repository import PlacesRepository
from jinghutong.governance.roster.api import member_for
from jinghutong.identity.access import holders_over
from jinghutong.models import DISPUTE_LEVELS, AreaLevel, Dispute, DisputeLevel, Person, Role

# Whom a dispute may go to by account: the people who work the place (not the admin, who
# keeps the area tree and the registers).
ASSIGNABLE_ROLES = RECORDER_ROLES - {Role.admin}
_AREA_RUNG = {AreaLevel.township: DisputeLevel.township}
_VILLAGE_AND_BELOW = frozenset({AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid})


@dataclass(frozen=True)
class Target:
    kind: str  # person · member · unit
    id: str | None
    name: str
    level: DisputeLevel

    def trail(self) -> dict[str, Any]:
        out = {"kind": self.kind, "name": self.name}
        return {**out, "id": self.id} if self.id else out


def height(level: str) -> int:
    return DISPUTE_LEVELS.index(DisputeLevel(level))


def higher(a: str, b: str) -> DisputeLevel:
    return DisputeLevel(a) if height(a) >= height(b) else DisputeLevel(b)


def rung(roles: tuple[Role, ...] | list[Role]) -> DisputeLevel | None:
    """The rung of the most responsible of these roles (None without a role)."""
    return DisputeLevel(ROLE_LEVEL[roles[0]]) if roles else None


async def candidates(
    session: AsyncSession, dispute: Dispute, person_id: str, *, leader_only: bool
) -> list[tuple[Person, Role, DisputeLevel]]:
    """The accounts this dispute may be handed to, each with their most responsible role there
    and the rung that puts it on — nearest rung first. A 联户长 handing over (`leader_only`)
    passes it up: only those above 联户网格. The caller is left out."""
    holders = await holders_over(session, ASSIGNABLE_ROLES, dispute.area_path)
    people = await PlacesRepository(session).persons(h for h in holders if h != person_id)
    out = []
    for person in people.values():
        roles = await roles_over(session, person.id, dispute.area_path, ASSIGNABLE_ROLES)
        level = rung(roles)
        if not person.is_active or level is None:
            continue
        if leader_only and height(level) <= height(DisputeLevel.micro_grid):
            continue
        out.append((person, roles[0], level))
    return sorted(out, key=lambda c: (height(c[2]), c[0].name))


async def _account(session: AsyncSession, dispute: Dispute, person_id: str) -> Target:
    person = (await PlacesRepository(session).persons([person_id])).get(person_id)
    roles = await roles_over(session, person_id, dispute.area_path, ASSIGNABLE_ROLES)
    level = rung(roles)
    if person is None or not person.is_active or level is None:
        raise AssigneeUnavailable(
            fields={"assignee_id": "须是对纠纷所在地有职责的联户长、村警或民警"}
        )
    return Target("person", person.id, person.name, level)


async def _member(session: AsyncSession, dispute: Dispute, member_id: str) -> Target:
    member = await member_for(session, member_id, dispute.area_path, field="assignee_member_id")
    area = await PlacesRepository(session).area(member.area_id)
    level = DisputeLevel.village
    if area is not None and area.level not in _VILLAGE_AND_BELOW:
        level = _AREA_RUNG.get(AreaLevel(area.level), DisputeLevel.station)
    return Target("member", member.id, member.name, level)


async def resolve(session: AsyncSession, dispute: Dispute, body: DisputeAssignIn) -> Target:
    """Check the assignee named in the body and the rung it stands on (422 naming the field)."""
    if body.assignee_id is not None:
        return await _account(session, dispute, body.assignee_id)
    if body.assignee_member_id is not None:
        return await _member(session, dispute, body.assignee_member_id)
    assert body.assignee_unit is not None
    return Target("unit", None, body.assignee_unit, body.level or DisputeLevel.township)


def hand_to(dispute: Dispute, target: Target) -> None:
    """Name the assignee (forgetting any earlier one) and raise the level to its rung."""
    dispute.assignee_id = target.id if target.kind == "person" else None
    dispute.assignee_member_id = target.id if target.kind == "member" else None
    dispute.assignee_unit = target.name if target.kind == "unit" else None
    dispute.level = higher(dispute.level, target.level)
