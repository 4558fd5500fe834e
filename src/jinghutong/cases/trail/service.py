"""Appending to a case's trail. The only write path for `case_events`: there is no update or
delete anywhere in the code. Callers hold the case row (locked for update, or just created), so
`trail_seq`/`trail_hash` on the case give the next link without reading the last event."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.trail.hashing import GENESIS, event_hash
from jinghutong.core import clock
from jinghutong.models import Case, CaseEvent

PERSON = "person"
SYSTEM = "system"


async def append(
    session: AsyncSession,
    case: Case,
    type: str,
    payload: dict[str, Any] | None = None,
    *,
    actor_id: str | None,
) -> CaseEvent:
    """Add the next event of `case`'s chain. `actor_id=None` marks a system event."""
    body = dict(payload or {})
    seq = case.trail_seq + 1
    prev = case.trail_hash or GENESIS
    created_at = clock.now()
    actor_kind = PERSON if actor_id else SYSTEM
    digest = event_hash(
        case_id=case.id,
        seq=seq,
        actor_id=actor_id,
        actor_kind=actor_kind,
        type=type,
        payload=body,
        created_at=created_at,
        prev_hash=prev,
    )
    event = CaseEvent(
        case_id=case.id,
        seq=seq,
        actor_id=actor_id,
        actor_kind=actor_kind,
        type=type,
        payload=body,
        created_at=created_at,
        prev_hash=prev,
        hash=digest,
    )
    case.trail_seq, case.trail_hash = seq, digest
    session.add(event)
    return event
