"""Turning disputes into the summaries a list shows: Chinese names beside the codes, phones
masked, the assignee however it was named (a person, a roster member, a unit)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.masking import mask_phone
from jinghutong.governance.disputes.repository import UNDER_DEADLINE
from jinghutong.governance.disputes.schemas import (
    DisputeAssigneeOut,
    DisputeOut,
)
from jinghutong.governance.repository import PlacesRepository
from jinghutong.governance.views import person_out, village_ref
from jinghutong.models import (
    DISPUTE_CATEGORY_NAMES,
    DISPUTE_LEVEL_NAMES,
    DISPUTE_STATUS_NAMES,
    POSITION_NAMES,
    Area,
    Dispute,
    DisputeCategory,
    DisputeLevel,
    DisputeStatus,
    Person,
    RosterMember,
    RosterPosition,
)


@dataclass(frozen=True)
class Around:
    """What the summaries of a page need, read once for the page."""

    persons: dict[str, Person]
    members: dict[str, RosterMember]
    villages: dict[str, Area]


async def around(session: AsyncSession, disputes: list[Dispute]) -> Around:
    places = PlacesRepository(session)
    return Around(
        persons=await places.persons(
            [d.reporter_id for d in disputes] + [d.assignee_id for d in disputes]
        ),
        members=await places.members(d.assignee_member_id for d in disputes),
        villages=await places.villages_on(d.area_path for d in disputes),
    )


def assignee_out(dispute: Dispute, ctx: Around) -> DisputeAssigneeOut | None:
    if dispute.assignee_id:
        person = ctx.persons.get(dispute.assignee_id)
        return DisputeAssigneeOut(
            kind="person",
            id=dispute.assignee_id,
            name=person.name if person else "",
            phone=mask_phone(person.phone) if person else None,
            has_wechat=bool(person and person.openid),
        )
    if dispute.assignee_member_id:
        member = ctx.members.get(dispute.assignee_member_id)
        if member is None:
            return DisputeAssigneeOut(
                kind="member", id=dispute.assignee_member_id, name="", has_wechat=False
            )
        position = POSITION_NAMES.get(RosterPosition(member.position), member.position)
        return DisputeAssigneeOut(
            kind="member",
            id=member.id,
            name=member.name,
            title=member.title or position,
            phone=mask_phone(member.phone),
            has_wechat=member.person_id is not None,
        )
    if dispute.assignee_unit:
        return DisputeAssigneeOut(kind="unit", name=dispute.assignee_unit, has_wechat=False)
    return None


def is_overdue(dispute: Dispute) -> bool:
    return (
        dispute.status in UNDER_DEADLINE
        and dispute.deadline_at is not None
        and dispute.deadline_at < clock.now()
    )


def summary(dispute: Dispute, ctx: Around) -> DisputeOut:
    reporter = person_out(ctx.persons.get(dispute.reporter_id), dispute.reporter_id)
    assert reporter is not None
    return DisputeOut(
        id=dispute.id,
        number=dispute.number,
        category=DisputeCategory(dispute.category),
        category_name=DISPUTE_CATEGORY_NAMES[DisputeCategory(dispute.category)],
        summary=dispute.summary,
        status=DisputeStatus(dispute.status),
        status_name=DISPUTE_STATUS_NAMES[DisputeStatus(dispute.status)],
        level=DisputeLevel(dispute.level),
        level_name=DISPUTE_LEVEL_NAMES[DisputeLevel(dispute.level)],
        village=village_ref(dispute.area_path, ctx.villages),
        area_id=dispute.area_id,
        address=dispute.address,
        reporter=reporter,
        assignee=assignee_out(dispute, ctx),
        deadline_at=dispute.deadline_at,
        overdue=is_overdue(dispute),
        created_at=dispute.created_at,
        settled_at=dispute.settled_at,
    )


async def summaries(session: AsyncSession, disputes: list[Dispute]) -> list[DisputeOut]:
    ctx = await around(session, disputes)
    return [summary(d, ctx) for d in disputes]
