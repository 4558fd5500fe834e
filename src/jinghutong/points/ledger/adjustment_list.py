"""Reading manual entries (人工奖扣) for a desk: the ones over the caller's area, newest first,
each saying whether the caller may decide it now — by adjustments.decide's own rule: a SECOND
person holding a decider role over the person's area (never the proposer), while it is pending.
A station has a handful pending at a time: the newest rows are read and the ones outside the
caller's area dropped (an adjustment has no area column; it lives where its person does)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over
from jinghutong.models import DecisionStatus, Person, PointsAdjustment
from jinghutong.points.ledger.adjustments import DECIDER_ROLES, PROPOSER_ROLES
from jinghutong.points.people import standing

READ_AT_MOST = 200


class AdjustmentRow(BaseModel):
    id: str
    person_name: str
    points: int
    reason: str
    proposer_name: str
    status: str
    decider_name: str | None
    decided_at: datetime | None
    decision_note: str | None
    created_at: datetime
    may_decide: bool
    mine: bool  # proposed by the caller


async def list_adjustments(
    session: AsyncSession, me_id: str, status: str | None, limit: int = 50
) -> list[AdjustmentRow]:
    query = select(PointsAdjustment).order_by(PointsAdjustment.created_at.desc())
    if status:
        query = query.where(PointsAdjustment.status == status)
    rows = list(await session.scalars(query.limit(READ_AT_MOST)))
    ids = {r.person_id for r in rows} | {r.proposed_by for r in rows}
    ids |= {r.decided_by for r in rows if r.decided_by}
    people = {p.id: p for p in await session.scalars(select(Person).where(Person.id.in_(ids)))}
    out: list[AdjustmentRow] = []
    for row in rows:
        path = (await standing(session, row.person_id)).area_path
        if not path or not await has_role_over(session, me_id, PROPOSER_ROLES, path):
            continue
        decider = await has_role_over(session, me_id, DECIDER_ROLES, path)
        out.append(
            AdjustmentRow(
                id=row.id,
                person_name=people[row.person_id].name,
                points=row.points,
                reason=row.reason,
                proposer_name=people[row.proposed_by].name,
                status=row.status,
                decider_name=people[row.decided_by].name if row.decided_by else None,
                decided_at=row.decided_at,
                decision_note=row.decision_note,
                created_at=row.created_at,
                may_decide=decider
                and row.proposed_by != me_id
                and row.status == DecisionStatus.pending,
                mine=row.proposed_by == me_id,
            )
        )
        if len(out) >= limit:
            break
    return out
