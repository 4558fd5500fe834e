"""Who may see and do what with a case (issue 4 item 8).

- The reporter sees their own cases.
- A 联户长 sees the cases of their micro-grid, but never who reported a clue.
- A 村警 sees their village's; area and auxiliary officers their villages'; the duty room and
  the chief the whole station. The current assignee always sees the case (a dispatch may go to
  the 联户长 of a neighbouring micro-grid).
- A clue's reporter (name, phone, household) is shown only to officers over the case; each such
  read is audited.
- Content WeChat flagged is reviewed (passed or upheld) by officers over the case and by the 村警
  of its village: FIELD.md has the 村警 handle the village's incidents (警情) and information
  for the station, from the village governance centre, so they act for the station there. A
  村警's grant is on their village, so they review that village's cases and no other (the area
  rule below). Reviewing is all it adds: a clue's reporter stays hidden from them. What is kept
  back (a flagged or withheld attachment, an upheld text) is shown to those who may review it
  and to whoever sent it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.moderation.repository import under_review
from jinghutong.cases.repository import RoutingRepository
from jinghutong.identity.access import scope_paths, within
from jinghutong.models import Case, CaseKind, Role

READ_ROLES = (
    Role.group_leader,
    Role.village_police,
    Role.area_officer,
    Role.auxiliary_officer,
    Role.duty_room,
    Role.chief,
)
# Police officers over the case: may see a clue's reporter (audited) and visit back.
OFFICER_ROLES = frozenset({Role.area_officer, Role.auxiliary_officer, Role.duty_room, Role.chief})
STAFF_HANDLERS = frozenset({Role.village_police, *OFFICER_ROLES})
# Who may pass or uphold flagged content over the case, and so see it (see the module note).
REVIEWER_ROLES = frozenset({Role.village_police, *OFFICER_ROLES})


@dataclass(frozen=True)
class CaseAccess:
    person_id: str
    is_reporter: bool
    is_assignee: bool
    roles: frozenset[str]
    kind: str

    @property
    def can_view(self) -> bool:
        return self.is_reporter or self.is_assignee or bool(self.roles)

    @property
    def is_officer(self) -> bool:
        return bool(self.roles & OFFICER_ROLES)

    @property
    def may_review(self) -> bool:
        """Pass or uphold flagged content; see what is kept back from others."""
        return bool(self.roles & REVIEWER_ROLES)

    @property
    def sees_withheld_text(self) -> bool:
        return self.is_reporter or self.may_review

    @property
    def sees_reporter(self) -> bool:
        return self.kind != CaseKind.clue or self.is_reporter or self.is_officer

    @property
    def may_handle(self) -> bool:
        """Accept, arrive, feed back, escalate, resolve, close."""
        if self.is_assignee or self.roles & STAFF_HANDLERS:
            return True
        return Role.group_leader in self.roles and self.kind != CaseKind.clue

    @property
    def may_revisit(self) -> bool:
        return bool(self.roles & (OFFICER_ROLES | {Role.village_police}))


async def access_to(session: AsyncSession, person_id: str, case: Case) -> CaseAccess:
    roles = await RoutingRepository(session).roles_over(person_id, case.area_path)
    return CaseAccess(
        person_id=person_id,
        is_reporter=case.reporter_id == person_id,
        is_assignee=case.assignee_id == person_id,
        roles=frozenset(r for r in roles if r in READ_ROLES),
        kind=case.kind,
    )


async def visible_condition(
    session: AsyncSession, person_id: str, scope: str
) -> ColumnElement[bool]:
    """The SQL condition for `GET /cases?scope=`: mine, assigned, area (my jurisdiction) or
    review (the content-review queue: reviewers only, within the areas they review)."""
    if scope == "mine":
        return Case.reporter_id == person_id
    if scope == "assigned":
        return Case.assignee_id == person_id
    if scope == "review":
        reviewer_paths = await scope_paths(session, person_id, REVIEWER_ROLES)
        return and_(within(Case.area_path, reviewer_paths), under_review())
    paths = await scope_paths(session, person_id, READ_ROLES)
    return or_(within(Case.area_path, paths), Case.assignee_id == person_id)


async def may_view_case(session: AsyncSession, person_id: str, case_id: str) -> bool:
    """For other domains (media links): may this person see this case?"""
    case = await session.get(Case, case_id)
    return case is not None and (await access_to(session, person_id, case)).can_view
