"""The trail of a governance record (全程留痕): append-only events, each carrying the hash of the
one before it (per record), so an edited or removed event breaks the chain (`verify`)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import GovernanceEvent

GENESIS = "0" * 64


def _digest(prev_hash: str, event: GovernanceEvent) -> str:
    canonical = json.dumps(
        {
            "record": f"{event.record_type}:{event.record_id}",
            "seq": event.seq,
            "action": event.action,
            "actor_id": event.actor_id,
            "detail": event.detail,
            "at": event.created_at.astimezone(UTC).isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


async def events(session: AsyncSession, record_type: str, record_id: str) -> list[GovernanceEvent]:
    query = (
        select(GovernanceEvent)
        .where(GovernanceEvent.record_type == record_type, GovernanceEvent.record_id == record_id)
        .order_by(GovernanceEvent.seq)
    )
    return list((await session.scalars(query)).all())


async def append(
    session: AsyncSession,
    record_type: str,
    record_id: str,
    actor_id: str | None,
    action: str,
    detail: dict[str, Any] | None = None,
) -> GovernanceEvent:
    """Add one event to the record's trail, in the caller's unit of work. Two writers of the
    same record at once collide on (record, seq) and one is refused: callers hold the record's
    row lock (`with_for_update`) while they change it."""
    last = await session.scalar(
        select(GovernanceEvent)
        .where(GovernanceEvent.record_type == record_type, GovernanceEvent.record_id == record_id)
        .order_by(GovernanceEvent.seq.desc())
        .limit(1)
    )
    prev_hash = GENESIS if last is None else last.hash
    event = GovernanceEvent(
        record_type=record_type,
        record_id=record_id,
        seq=1 if last is None else last.seq + 1,
        actor_id=actor_id,
        action=action,
        detail=detail or {},
        prev_hash=prev_hash,
        created_at=clock.now(),
    )
    event.hash = _digest(prev_hash, event)
    session.add(event)
    await session.flush()
    return event


def verify(chain: list[GovernanceEvent]) -> bool:
    """True when every event follows the one before it and its hash is its own."""
    prev = GENESIS
    for expected_seq, event in enumerate(chain, start=1):
        if (
            event.seq != expected_seq
            or event.prev_hash != prev
            or _digest(prev, event) != event.hash
        ):
            return False
        prev = event.hash
    return True
