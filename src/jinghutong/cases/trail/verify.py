"""`jinghutong audit verify`: walk every case's chain and report what does not hold.

- tampered: an event whose stored hash is not the hash of its content, or whose prev_hash is
  not the previous event's hash;
- missing: a gap in the sequence, or events missing at the end (the case's trail head says
  more were written)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.trail.hashing import GENESIS, event_hash
from jinghutong.core.db import Database
from jinghutong.models import Case, CaseEvent

BATCH = 500


@dataclass
class Problem:
    case_id: str
    number: str
    seq: int
    kind: str  # "tampered" | "missing"
    reason: str


@dataclass
class Report:
    cases: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_chain(case: Case, events: list[CaseEvent]) -> list[Problem]:
    """The problems in one case's chain (events ordered by seq)."""
    problems: list[Problem] = []

    def problem(seq: int, kind: str, reason: str) -> None:
        problems.append(Problem(case.id, case.number, seq, kind, reason))

    expected, prev = 1, GENESIS
    for event in events:
        if event.seq != expected:
            problem(expected, "missing", f"events {expected}..{event.seq - 1} are missing")
        elif event.prev_hash != prev:
            problem(event.seq, "tampered", "prev_hash does not match the previous event")
        recomputed = event_hash(
            case_id=event.case_id,
            seq=event.seq,
            actor_id=event.actor_id,
            actor_kind=event.actor_kind,
            type=event.type,
            payload=event.payload,
            created_at=event.created_at,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            problem(event.seq, "tampered", "hash does not match the event's content")
        expected, prev = event.seq + 1, event.hash
    if case.trail_seq >= expected:
        problem(expected, "missing", f"events {expected}..{case.trail_seq} are missing")
    elif case.trail_hash is not None and case.trail_hash != prev:
        problem(case.trail_seq, "tampered", "the last event is not the one the case recorded")
    return problems


async def _cases(session: AsyncSession) -> AsyncIterator[list[Case]]:
    after = ""
    while True:
        rows = list(
            (
                await session.scalars(
                    select(Case).where(Case.id > after).order_by(Case.id).limit(BATCH)
                )
            ).all()
        )
        if not rows:
            return
        yield rows
        after = rows[-1].id


async def verify(db: Database) -> Report:
    report = Report()
    async with db.session(read_only=True) as session:
        async for cases in _cases(session):
            by_case: dict[str, list[CaseEvent]] = {c.id: [] for c in cases}
            events = await session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id.in_(list(by_case)))
                .order_by(CaseEvent.case_id, CaseEvent.seq)
            )
            for event in events:
                by_case[event.case_id].append(event)
            for case in cases:
                report.cases += 1
                report.events += len(by_case[case.id])
                report.problems += check_chain(case, by_case[case.id])
    return report
