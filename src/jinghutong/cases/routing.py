"""Where a case goes: the micro-grid it belongs to, and the rung of the escalation ladder that
answers for it (联户长 → 村警 → area officer → chief, configurable per kind)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.repository import RoutingRepository
from jinghutong.core import clock
from jinghutong.core.config import CaseSettings
from jinghutong.core.errors import ValidationFailed
from jinghutong.governance.access import RECORDER_ROLES
from jinghutong.identity.access import has_role_over
from jinghutong.models import Area, Case, CaseKind, CaseStatus, Household, Person

# The first rung each kind goes to (issue 4 item 3).
FIRST_ROLE = {
    CaseKind.alarm: "group_leader",
    CaseKind.clue: "area_officer",
    CaseKind.hazard: "group_leader",
    CaseKind.dispute: "group_leader",
    CaseKind.help: "group_leader",
    CaseKind.consult: "group_leader",
    CaseKind.sentiment: "village_police",
}
# An alarm reaches these at once, whoever is assigned.
ALARM_ROLES = ("duty_room", "area_officer", "group_leader")


class NowhereToRoute(ValidationFailed):
    detail = "无法确定您所在的网格：请先扫户码加入家庭，或在地图上选择位置"


@dataclass
class Target:
    area: Area
    household: Household | None
    # Holders already read for `area`, by role (`assign_from` needs not ask again).
    known_holders: dict[str, dict[str, str]] = field(default_factory=dict)


async def target_for(
    session: AsyncSession,
    reporter: Person,
    household_id: str | None,
    location: tuple[float, float] | None,
    *,
    holders_of: str | None = None,
) -> Target:
    """The location's micro-grid when given, else the reporter's household's, else (for a
    联户长 reporting) the micro-grid they lead. With `holders_of` (a role), the holders of
    that role are read with the household when the household's area is the target (the
    common case: a villager reporting from home; one round trip less)."""
    repo = RoutingRepository(session)
    household, area, known = None, None, {}
    if household_id is not None:
        household = await repo.household(household_id)
        if household is None or not await _may_report_for(session, reporter, household):
            raise ValidationFailed(fields={"household_id": "您不是这户的成员"})
    else:
        wanted = holders_of if location is None else None  # a location decides the area
        home = await repo.home_of(reporter.id, holders_of=wanted)
        if home is not None:
            household, area, holders = home
            known = {wanted: holders} if wanted is not None else {}
    if location is not None:
        nearest = await repo.nearest_micro_grids(*location, with_leader=False, limit=1)
        if nearest:
            return Target(nearest[0], household)
    if household is not None:
        area = area or await session.get(Area, household.area_id)
        if area is not None:
            return Target(area, household, known)
    led = await repo.led_micro_grid(reporter.id)
    if led is None:
        raise NowhereToRoute()
    return Target(led, None)


async def _may_report_for(session: AsyncSession, reporter: Person, household: Household) -> bool:
    """A member reports for their household; so may a 联户长, 村警 or officer over it, on
    its behalf (what a visit turns up: governance.visits.findings)."""
    if await RoutingRepository(session).is_member(reporter.id, household.id):
        return True
    return await has_role_over(session, reporter.id, RECORDER_ROLES, household.area_path)


def first_level(settings: CaseSettings, kind: str) -> int:
    ladder = settings.ladder_for(kind)
    role = FIRST_ROLE.get(kind, ladder[0])  # type: ignore[call-overload]
    return ladder.index(role) if role in ladder else 0


async def assign_from(
    session: AsyncSession,
    settings: CaseSettings,
    case: Case,
    level: int,
    known_holders: dict[str, dict[str, str]] | None = None,
) -> dict[str, str]:
    """Give the case to the first rung at or above `level` that has someone for its place.
    Returns everyone holding that rung's role, id → name (all are told; the first is the
    assignee). `known_holders`: holders already read for the case's place, by role."""
    ladder = settings.ladder_for(case.kind)
    repo = RoutingRepository(session)
    known = known_holders or {}
    for index in range(level, len(ladder)):
        role = ladder[index]
        holders = known[role] if role in known else await repo.named_holders(role, case.area_path)
        if holders:
            case.assignee_id, case.assigned_role = next(iter(holders)), role
            case.escalation_level, case.status = index, CaseStatus.assigned
            top = index == len(ladder) - 1
            minutes = settings.minutes_for(case.kind)
            case.due_at = None if top else clock.now() + timedelta(minutes=minutes)
            return holders
    # Nobody anywhere up the ladder: leave it for the duty room's lists, no clock to run.
    case.assignee_id, case.assigned_role, case.status, case.due_at = (
        None,
        None,
        CaseStatus.new,
        None,
    )
    return {}
