"""The petition's trail (全程留痕): append-only events, each carrying the hash of the one before
it, so an edited or removed event breaks the chain (`verify`)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import Petition, PetitionEvent
from jinghutong.petitions.repository import PetitionRepository

GENESIS = "0" * 64


def _digest(prev_hash: str, event: PetitionEvent) -> str:
    canonical = json.dumps(
        {
            "petition_id": event.petition_id,
            "seq": event.seq,
            "action": event.action,
            "actor_id": event.actor_id,
            "detail": event.detail,
            "at": event.created_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


async def append(
    session: AsyncSession,
    petition: Petition,
    actor_id: str | None,
    action: str,
    detail: dict[str, Any] | None = None,
) -> PetitionEvent:
    """Add one event to the trail; the petition's last activity moves with it."""
    repo = PetitionRepository(session)
    last = await repo.last_event(petition.id)
    prev_hash = GENESIS if last is None else last.hash
    event = PetitionEvent(
        petition_id=petition.id,
        seq=1 if last is None else last.seq + 1,
        actor_id=actor_id,
        action=action,
        detail=detail or {},
        prev_hash=prev_hash,
        created_at=clock.now(),
    )
    event.hash = _digest(prev_hash, event)
    petition.last_activity_at = event.created_at
    return await repo.add_event(event)


def verify(events: list[PetitionEvent]) -> bool:
    """True when the events form an unbroken chain from the first."""
    prev_hash = GENESIS
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq or event.prev_hash != prev_hash:
            return False
        if _digest(prev_hash, event) != event.hash:
            return False
        prev_hash = event.hash
    return True
