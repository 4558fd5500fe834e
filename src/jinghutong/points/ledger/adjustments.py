"""Manual entries (表彰, or a deduction for a false report): proposed by staff over the person's
area, decided by a SECOND person holding the chief's or an officer's role there (the proposer
gets 403; the CHECK second_person backs it). Only an approval writes the ledger entry.
What may be deducted for is points.rules.policy.check_manual_entry's to say."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.identity.access import has_role_over, scope_paths
from jinghutong.models import Case, DecisionStatus, Person, PointsAdjustment, PointsEvent, Role
from jinghutong.notifications.service import notify
from jinghutong.points.ledger import errors as e
from jinghutong.points.ledger.api import append_entry
from jinghutong.points.ledger.schemas import AdjustmentIn, AdjustmentOut
from jinghutong.points.people import holders_over, is_staff, standing
from jinghutong.points.rules.policy import check_manual_entry

PROPOSER_ROLES = (Role.village_police, Role.area_officer, Role.auxiliary_officer, Role.chief)
DECIDER_ROLES = (Role.area_officer, Role.auxiliary_officer, Role.chief)


def out(row: PointsAdjustment) -> AdjustmentOut:
    return AdjustmentOut.model_validate(row, from_attributes=True)


async def _person_area(session: AsyncSession, person_id: str) -> str | None:
    if await session.get(Person, person_id) is None:
        return None
    return (await standing(session, person_id)).area_path or None


async def propose(session: AsyncSession, me_id: str, body: AdjustmentIn) -> AdjustmentOut:
    path = await _person_area(session, body.person_id)
    if path is None or not await has_role_over(session, me_id, PROPOSER_ROLES, path):
        if not await scope_paths(session, me_id, PROPOSER_ROLES):
            raise e.NotProposer()
        raise e.PersonNotFound()  # outside my area: not told apart from nobody
    if body.points == 0:
        raise e.ZeroPoints(fields={"points": "不能为0"})
    if await is_staff(session, body.person_id):
        raise e.StaffEarnNoPoints(fields={"person_id": "工作人员不参与积分"})
    own_report = await _own_report(session, me_id, body)
    check_manual_entry(body.points, body.source_type, own_report)
    row = PointsAdjustment(
        person_id=body.person_id,
        points=body.points,
        reason=body.reason,
        source_type=body.source_type,
        source_id=body.source_id,
        proposed_by=me_id,
        status=DecisionStatus.pending,
    )
    session.add(row)
    await session.flush()
    deciders = await _deciders(session, path, skip=me_id)
    await notify(session, deciders, "points.adjustment", "有一条人工奖扣待审核", body.reason)
    return out(row)


async def _own_report(session: AsyncSession, me_id: str, body: AdjustmentIn) -> bool:
    """Whether the case named is the person's own report (a case I cannot see: 422)."""
    if body.source_type != "case":
        return False
    if body.source_id is None:
        raise e.SourceNotFound(fields={"source_id": "请填写案件"})
    case = await session.get(Case, body.source_id)
    if case is None or not await has_role_over(session, me_id, PROPOSER_ROLES, case.area_path):
        raise e.SourceNotFound(fields={"source_id": "案件不存在或不在您负责的范围内"})
    return case.reporter_id == body.person_id


async def _deciders(session: AsyncSession, path: str, skip: str) -> list[str]:
    return [p for p in await holders_over(session, DECIDER_ROLES, path) if p != skip]


async def decide(
    session: AsyncSession, me_id: str, adjustment_id: str, approve: bool, note: str
) -> AdjustmentOut:
    row = await session.scalar(
        select(PointsAdjustment).where(PointsAdjustment.id == adjustment_id).with_for_update()
    )
    path = await _person_area(session, row.person_id) if row is not None else None
    if row is None or path is None:
        raise e.AdjustmentNotFound()
    if not await has_role_over(session, me_id, DECIDER_ROLES, path):
        if await has_role_over(session, me_id, PROPOSER_ROLES, path):
            raise e.SecondPersonOnly("只有所长或民警可以审核人工奖扣")
        raise e.AdjustmentNotFound()
    if row.proposed_by == me_id:
        raise e.SecondPersonOnly()
    if row.status != DecisionStatus.pending:
        raise e.AlreadyDecided()
    row.status = DecisionStatus.approved if approve else DecisionStatus.rejected
    row.decided_by, row.decided_at, row.decision_note = me_id, clock.now(), note or None
    if approve:
        entry = await append_entry(
            session,
            person_id=row.person_id,
            event_kind=PointsEvent.manual,
            points=row.points,
            award_key=f"adjustment:{row.id}",
            source_type=row.source_type or "adjustment",
            source_id=row.source_id or row.id,
            reason=row.reason,
            approved_by=me_id,
        )
        row.entry_id = entry.id
    await session.flush()
    title = "人工奖扣已通过" if approve else "人工奖扣未通过"
    await notify(session, [row.proposed_by], "points.adjustment", title, row.reason)
    if approve:
        change = f"获得{row.points}积分" if row.points > 0 else f"被扣除{-row.points}积分"
        await notify(session, [row.person_id], "points.entry", f"您{change}", row.reason)
    return out(row)
