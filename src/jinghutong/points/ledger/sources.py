"""The recorded events the sweep reads, each source by its own ids (ids follow creation time),
turned into awards. Points never call the other domains' services: these are plain selects of
their recorded rows (ARCHITECTURE §11).

- case_events: `feedback` on a dispatched case (origin "dispatch") by the 联户长 who accepted it
  → dispatch_feedback, key `dispatch:<case>` — feeding back twice is one award (一案一奖);
  `resolved` of a clue with the officer's outcome → the reporter's clue_valid or caught_in_act.
- governance_events: a hazard's first `notified` (staff confirmed it and told someone to
  rectify) → its reporter's hazard_confirmed, key `hazard:<hazard>`; a dispute's `settled`
  while at level micro_grid → the settler's dispute_settled, key `dispute:<dispute>`.
- visits: each visit → the visitor's visit_recorded, key `visit:<visit>`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from jinghutong.models import (
    Case,
    CaseEvent,
    CaseKind,
    Dispute,
    DisputeLevel,
    GovernanceEvent,
    Hazard,
    PointsEvent,
    Visit,
    VisitHousehold,
)
from jinghutong.points.ledger import reasons
from jinghutong.points.ledger.awards import Award

# Outcomes an officer records when resolving a clue (cases/handling).
CLUE_VALID, CLUE_CAUGHT = "valid", "caught"


@dataclass(frozen=True)
class Batch:
    awards: list[Award]
    rows: int  # how many recorded rows were read (the limit applies to these)
    last_id: str | None  # the last of them


class Source(Protocol):
    name: str

    async def high(self, session: AsyncSession) -> str | None: ...

    async def read(
        self, session: AsyncSession, after: str, up_to: str, limit: int | None
    ) -> Batch: ...


def clue_key(case_id: str, outcome: str) -> str:
    """Caught supersedes valid: two keys, and the sweep writes the one for caught as a top-up
    of what the valid one gave (see sweep._supersede), so a case never totals more than the
    caught_in_act rule, and a valid after a caught is nothing."""
    return f"clue:{case_id}:{outcome}"


def _window(column: InstrumentedAttribute[str], after: str, up_to: str) -> ColumnElement[bool]:
    return and_(column > after, column <= up_to)


async def _high(session: AsyncSession, column: InstrumentedAttribute[str]) -> str | None:
    return await session.scalar(select(func.max(column)))


class CaseEvents:
    name = "case_events"

    async def high(self, session: AsyncSession) -> str | None:
        return await _high(session, CaseEvent.id)

    async def read(self, session: AsyncSession, after: str, up_to: str, limit: int | None) -> Batch:
        query = (
            select(CaseEvent, Case.kind, Case.origin, Case.number, Case.reporter_id)
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                _window(CaseEvent.id, after, up_to),
                or_(
                    and_(CaseEvent.type == "feedback", Case.origin == "dispatch"),
                    and_(CaseEvent.type == "resolved", Case.kind == CaseKind.clue),
                ),
            )
            .order_by(CaseEvent.id)
            .limit(limit)
        )
        rows = (await session.execute(query)).all()
        accepted = await self._accepted(
            session, {r[0].case_id for r in rows if r[0].type == "feedback"}
        )
        awards = [a for r in rows if (a := _case_award(r, accepted)) is not None]
        return Batch(awards, len(rows), rows[-1][0].id if rows else None)

    async def _accepted(self, session: AsyncSession, case_ids: set[str]) -> set[tuple[str, str]]:
        """(case, person) for everyone who accepted one of these cases."""
        if not case_ids:
            return set()
        rows = await session.execute(
            select(CaseEvent.case_id, CaseEvent.actor_id).where(
                CaseEvent.case_id.in_(sorted(case_ids)), CaseEvent.type == "accepted"
            )
        )
        return {(c, p) for c, p in rows.all() if p is not None}


def _case_award(row: Sequence[Any], accepted: set[tuple[str, str]]) -> Award | None:
    event, kind, _origin, number, reporter_id = row
    if event.type == "feedback":
        if event.actor_id is None or (event.case_id, event.actor_id) not in accepted:
            return None  # only the one who took the dispatch and went
        return Award(
            person_id=event.actor_id,
            event_kind=PointsEvent.dispatch_feedback,
            award_key=f"dispatch:{event.case_id}",
            source_type="case_event",
            source_id=event.id,
            reason=reasons.dispatch_feedback(event.created_at, kind, number),
        )
    outcome = (event.payload or {}).get("outcome")
    if outcome == CLUE_VALID:
        event_kind, reason = PointsEvent.clue_valid, reasons.clue_valid(event.created_at, number)
    elif outcome == CLUE_CAUGHT:
        event_kind = PointsEvent.caught_in_act
        reason = reasons.caught_in_act(event.created_at, number)
    else:
        return None
    return Award(
        person_id=reporter_id,
        event_kind=event_kind,
        award_key=clue_key(event.case_id, outcome),
        source_type="case_event",
        source_id=event.id,
        reason=reason,
    )


class GovernanceEvents:
    name = "governance_events"

    async def high(self, session: AsyncSession) -> str | None:
        return await _high(session, GovernanceEvent.id)

    async def read(self, session: AsyncSession, after: str, up_to: str, limit: int | None) -> Batch:
        query = (
            select(GovernanceEvent)
            .where(
                _window(GovernanceEvent.id, after, up_to),
                or_(
                    and_(
                        GovernanceEvent.record_type == "hazard",
                        GovernanceEvent.action == "notified",
                    ),
                    and_(
                        GovernanceEvent.record_type == "dispute",
                        GovernanceEvent.action == "settled",
                    ),
                ),
            )
            .order_by(GovernanceEvent.id)
            .limit(limit)
        )
        events = list((await session.scalars(query)).all())
        hazards = await _by_id(
            session, Hazard, {e.record_id for e in events if e.record_type == "hazard"}
        )
        disputes = await _by_id(
            session, Dispute, {e.record_id for e in events if e.record_type == "dispute"}
        )
        awards = []
        for event in events:
            made = (
                _hazard_award(event, hazards.get(event.record_id))
                if event.record_type == "hazard"
                else _dispute_award(event, disputes.get(event.record_id))
            )
            if made is not None:
                awards.append(made)
        return Batch(awards, len(events), events[-1].id if events else None)


def _is(record_type: str, action: str) -> ColumnElement[bool]:
    return and_(GovernanceEvent.record_type == record_type, GovernanceEvent.action == action)


def _ids(events: list[GovernanceEvent], record_type: str) -> set[str]:
    return {e.record_id for e in events if e.record_type == record_type}


async def _by_id(session: AsyncSession, model: Any, ids: set[str]) -> dict[str, Any]:
    if not ids:
        return {}
    rows = await session.scalars(select(model).where(model.id.in_(sorted(ids))))
    return {row.id: row for row in rows.all()}


def _hazard_award(event: GovernanceEvent, hazard: Hazard | None) -> Award | None:
    if hazard is None:
        return None
    return Award(
        person_id=hazard.reporter_id,
        event_kind=PointsEvent.hazard_confirmed,
        award_key=f"hazard:{hazard.id}",
        source_type="governance_event",
        source_id=event.id,
        reason=reasons.hazard_confirmed(event.created_at, hazard.number, hazard.title),
    )


def _dispute_award(event: GovernanceEvent, dispute: Dispute | None) -> Award | None:
    if dispute is None or event.actor_id is None:
        return None
    level = (event.detail or {}).get("level", dispute.level)
    if level != DisputeLevel.micro_grid:  # "small matters stay inside the household group"
        return None
    return Award(
        person_id=event.actor_id,
        event_kind=PointsEvent.dispute_settled,
        award_key=f"dispute:{dispute.id}",
        source_type="governance_event",
        source_id=event.id,
        reason=reasons.dispute_settled(event.created_at, dispute.number, dispute.summary),
    )


class Visits:
    name = "visits"

    async def high(self, session: AsyncSession) -> str | None:
        return await _high(session, Visit.id)

    async def read(self, session: AsyncSession, after: str, up_to: str, limit: int | None) -> Batch:
        households = (
            select(func.count())
            .where(VisitHousehold.visit_id == Visit.id)
            .correlate(Visit)
            .scalar_subquery()
        )
        query = (
            select(Visit.id, Visit.visitor_id, Visit.visited_at, households)
            .where(_window(Visit.id, after, up_to))
            .order_by(Visit.id)
            .limit(limit)
        )
        rows = (await session.execute(query)).all()
        awards = [
            Award(
                person_id=visitor_id,
                event_kind=PointsEvent.visit_recorded,
                award_key=f"visit:{visit_id}",
                source_type="visit",
                source_id=visit_id,
                reason=reasons.visit_recorded(visited_at, int(count or 0)),
            )
            for visit_id, visitor_id, visited_at, count in rows
        ]
        return Batch(awards, len(rows), rows[-1][0] if rows else None)


SOURCES: tuple[Source, ...] = (CaseEvents(), GovernanceEvents(), Visits())
