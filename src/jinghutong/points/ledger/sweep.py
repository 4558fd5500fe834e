"""The award sweep: read each source of recorded events after its cursor and write the awards.

- The cursor (PointsCursor) is the last id read; the sweep reads from a margin before it
  (MARGIN) as well, because ids follow creation time but a transaction may commit a little
  after a later one: an event made before the cursor and committed after the last sweep is
  still seen. The ledger's unique (person, award key) makes the re-read harmless.
- The cursor row is locked for the sweep (a second worker waits, then starts where the first
  left off); awards are written person by person, each under the person's lock, with
  ON CONFLICT DO NOTHING — so a replay, a re-read, a crash and retry or two workers never
  award twice.
- Caught supersedes valid (一案一奖 for clues): a valid award after a caught one is nothing; a
  caught award after a valid one carries only the difference (sources.clue_key)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.ids import first_id_at
from jinghutong.models import PointsEvent
from jinghutong.points.ledger import reasons
from jinghutong.points.ledger.awards import Award, award
from jinghutong.points.ledger.repository import LedgerRepository
from jinghutong.points.ledger.sources import (
    CLUE_CAUGHT,
    CLUE_VALID,
    SOURCES,
    Batch,
    Source,
    clue_key,
)
from jinghutong.points.rules.service import Book

MARGIN = timedelta(minutes=5)
BATCH = 500
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def id_time(value: str) -> datetime:
    """When an id was made (its first 48 bits are milliseconds; core.ids)."""
    number = 0
    for char in value.upper():
        number = number * 32 + _ALPHABET.index(char)
    return datetime.fromtimestamp((number >> 80) / 1000, UTC)


def margin_start(cursor_id: str) -> str:
    """Where a re-read before `cursor_id` starts: MARGIN earlier (any machine's clock)."""
    if not cursor_id:
        return ""
    return first_id_at(id_time(cursor_id) - MARGIN)


async def sweep(session: AsyncSession) -> int:
    """One pass over every source; returns how many entries were written. Every source is
    read first and the awards written together, person by person: one lock order for all."""
    awards: list[Award] = []
    for source in SOURCES:
        awards.extend(await read_source(session, source))
    return await write_awards(session, awards, {})


async def read_source(session: AsyncSession, source: Source) -> list[Award]:
    """The awards recorded after the source's cursor (and in the margin before it); the cursor
    moves on in the same unit of work as the awards are written."""
    cursor = await LedgerRepository(session).cursor_for_update(source.name)
    high = await source.high(session)
    if high is None:
        return []
    old = cursor.last_id
    fresh = await source.read(session, old, high, BATCH) if high > old else Batch([], 0, None)
    again = await source.read(session, margin_start(old), old, None) if old else Batch([], 0, None)
    # A full batch: more may follow, resume after it; otherwise everything up to `high` is read.
    last = fresh.last_id if fresh.rows == BATCH and fresh.last_id else high
    if last > old:
        cursor.last_id = last
    return [*again.awards, *fresh.awards]


async def write_awards(
    session: AsyncSession, awards: Iterable[Award], books: dict[str, Book]
) -> int:
    ledger = LedgerRepository(session)
    firsts: dict[tuple[str, str], Award] = {}
    for item in awards:  # the first occurrence of each key, in the order recorded
        firsts.setdefault((item.person_id, item.award_key), item)
    todo = list(firsts.values())
    done = await ledger.keys_written((a.person_id, a.award_key) for a in todo)
    # Person by person in id order: two sweeps lock people in the same order, never deadlock.
    todo = sorted((a for a in todo if (a.person_id, a.award_key) not in done), key=_person)
    written = 0
    for item in todo:
        final = await _supersede(ledger, item)
        if final is not None and await award(session, final, books) is not None:
            written += 1
    return written


def _person(item: Award) -> str:
    return item.person_id


async def _supersede(ledger: LedgerRepository, item: Award) -> Award | None:
    """Caught supersedes valid for one clue (see the module note)."""
    if item.event_kind not in (PointsEvent.clue_valid, PointsEvent.caught_in_act):
        return item
    case_id = item.award_key.split(":")[1]
    if item.event_kind == PointsEvent.clue_valid:
        caught = await ledger.by_key(item.person_id, clue_key(case_id, CLUE_CAUGHT))
        return None if caught is not None else item
    valid = await ledger.by_key(item.person_id, clue_key(case_id, CLUE_VALID))
    if valid is None:
        return item
    reason = reasons.topped_up(item.reason, valid.points)
    return dataclasses.replace(item, already=valid.points, reason=reason)
