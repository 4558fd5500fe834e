"""Appending to a case's trail. The only write path for `case_events`: there is no update or
delete anywhere in the code. Callers hold the case row (locked for update, or just created), so
`trail_seq`/`trail_hash` on the case give the next link without reading the last event.

Two forms of the same links: `append` adds one as an ORM object (written by the unit of
work's flush, readable back as an object); `new_links` + `write_links` make a new case's first
links as plain rows (no objects: their construction and the session's bookkeeping were a
tenth of a report's CPU), written once the case row itself is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.trail.hashing import GENESIS, event_hash
from jinghutong.core import clock, direct
from jinghutong.core.ids import new_id
from jinghutong.models import Case, CaseEvent

PERSON = "person"
SYSTEM = "system"

_INSERT_EVENTS = insert(cast(Table, CaseEvent.__table__))


@dataclass(frozen=True, slots=True)
class Link:
    """What one event says. `actor_id=None` marks a system event."""

    type: str
    payload: dict[str, Any]
    actor_id: str | None


def _next_row(case: Case, link: Link) -> dict[str, Any]:
    """The next event's whole row, and `case`'s chain head moved onto it."""
    body = dict(link.payload)
    seq = case.trail_seq + 1
    prev = case.trail_hash or GENESIS
    created_at = clock.now()
    actor_kind = PERSON if link.actor_id else SYSTEM
    digest = event_hash(
        case_id=case.id,
        seq=seq,
        actor_id=link.actor_id,
        actor_kind=actor_kind,
        type=link.type,
        payload=body,
        created_at=created_at,
        prev_hash=prev,
    )
    case.trail_seq, case.trail_hash = seq, digest
    return {
        "id": new_id(),
        "case_id": case.id,
        "seq": seq,
        "actor_id": link.actor_id,
        "actor_kind": actor_kind,
        "type": link.type,
        "payload": body,
        "created_at": created_at,
        "prev_hash": prev,
        "hash": digest,
    }


async def append(
    session: AsyncSession,
    case: Case,
    type: str,
    payload: dict[str, Any] | None = None,
    *,
    actor_id: str | None,
) -> CaseEvent:
    """Add the next event of `case`'s chain. `actor_id=None` marks a system event."""
    event = CaseEvent(**_next_row(case, Link(type, payload or {}, actor_id)))
    session.add(event)
    return event


def new_links(case: Case, links: list[Link]) -> list[dict[str, Any]]:
    """The rows of `links`, chained on from `case`'s head (which moves on): for a case not yet
    written, so that its row goes out with its final chain head. `write_links` writes them."""
    return [_next_row(case, link) for link in links]


async def write_links(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Write `new_links`' rows, after their case's row (they refer to it): one INSERT, sent
    with the unit of work's next round trip (core.direct)."""
    await direct.defer_rows(session, _INSERT_EVENTS, rows)
