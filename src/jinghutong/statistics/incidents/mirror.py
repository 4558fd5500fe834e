"""The mirror of cases: every case reported or dispatched in 警户通 is a 警情 (source "case").

A periodic sweep (tasks.py), never the report's own transaction: intake stays one write per
table (bench/intake.py). It reads the case trail after its cursor — and a margin before it
(MARGIN), because ids follow creation time but a transaction may commit a little after a
later one — takes every case those events belong to and recomputes its incident from the
case row and its trail, then inserts, updates or leaves it. The upsert is by case_id and
idempotent: a re-read, a crash and retry, or a second sweep changes nothing. The cursor row
is locked for the sweep, so two workers run one after the other.

What the incident says:
- number = the case number, reported_at = the case's creation, area = its village (the
  station when the case sits above any village), accepted_at / arrived_at = the first
  `accepted` / `arrived` events of its trail;
- category = the mapping of its kind (categories.decide_case) — or of `kind:outcome` when the
  officer's finding has a row: a clue resolved with outcome "invalid" is 无效报警. The last
  `resolved` decides; a `reopened` after it withdraws the finding until the case is resolved
  again. No case is closed "as invalid" otherwise: `close` carries no finding;
- every change of day, place or category moves the rollup (−1 old, +1 new) in the same
  transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.core.ids import first_id_at, new_id
from jinghutong.core.logging import get_logger
from jinghutong.models import CASE_KIND_NAMES, CASE_STATUS_NAMES, Area, AreaLevel, Case
from jinghutong.models import IncidentSource as Source
from jinghutong.statistics.incidents.categories import CASE, decide_case
from jinghutong.statistics.incidents.repository import (
    IncidentRepository,
    MappingRepository,
    MirrorRepository,
    PlaceRepository,
)
from jinghutong.statistics.incidents.rollup import RollupDeltas
from jinghutong.statistics.incidents.upsert import china_day

log = get_logger("jinghutong.statistics.mirror")
CURSOR = "case_events"
MARGIN = timedelta(minutes=5)
BATCH = 2000
OUTCOME_NAMES = {"valid": "核查有效", "caught": "抓获现行", "invalid": "核查无效"}
_COUNTED = ("day", "area_id", "category")
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def margin_start(cursor_id: str) -> str:
    """Where the re-read before `cursor_id` starts: MARGIN earlier than the id was made."""
    if not cursor_id:
        return ""
    number = 0
    for char in cursor_id.upper():
        number = number * 32 + _ALPHABET.index(char)
    made = datetime.fromtimestamp((number >> 80) / 1000, UTC)
    return first_id_at(made - MARGIN)


async def mirror_cases(session: AsyncSession) -> int:
    """One pass; returns how many incidents were created or changed."""
    repo = MirrorRepository(session)
    cursor = await repo.cursor_for_update(CURSOR)
    high = await repo.last_event_id()
    if high is None:
        return 0
    old = cursor.last_id
    fresh: set[str] = set()
    read, last = 0, None
    if high > old:
        fresh, read, last = await repo.cases_with_events(old, high, BATCH)
    again = (await repo.cases_with_events(margin_start(old), old, None))[0] if old else set()
    changed = await sync_cases(session, fresh | again)
    # A full batch: more may follow, resume after it; otherwise everything up to `high` is read.
    moved_to = last if read == BATCH and last else high
    if moved_to > old:
        cursor.last_id, cursor.updated_at = moved_to, now()
    return changed


async def sync_cases(session: AsyncSession, case_ids: set[str]) -> int:
    """Make these cases' incidents say what the cases and their trails say."""
    if not case_ids:
        return 0
    reader = MirrorRepository(session)
    cases = await reader.cases(case_ids)
    trails = await reader.trails(case_ids)
    places = await PlaceRepository(session).stations_and_villages(c.area_path for c in cases)
    mapping = await MappingRepository(session).lookup(CASE)
    incidents = IncidentRepository(session)
    existing = await incidents.by_case_ids(case_ids)
    deltas, created, changed = RollupDeltas(), [], 0
    for case in cases:
        values = incident_values(case, trails.get(case.id, []), places, mapping)
        if values is None:
            continue
        incident = existing.get(case.id)
        if incident is None:
            created.append({"id": new_id(), "created_at": now(), "case_id": case.id, **values})
            continue
        changes = {k: v for k, v in values.items() if getattr(incident, k) != v}
        if changes:
            changed += 1
            _update(incident, changes, deltas)
    await session.flush()
    await incidents.insert_many(created)
    for row in created:
        deltas.count_in(row, +1)
    await deltas.apply(session)
    return changed + len(created)


def _update(incident: Any, changes: dict[str, Any], deltas: RollupDeltas) -> None:
    counted = any(k in changes for k in _COUNTED)
    if counted:
        deltas.count_in(incident, -1)
    for name, value in changes.items():
        setattr(incident, name, value)
    if counted:
        deltas.count_in(incident, +1)


def incident_values(
    case: Case, trail: list[Row[Any]], places: dict[str, Area], mapping: dict[str, str]
) -> dict[str, Any] | None:
    segments = [places[s] for s in case.area_path.split("/") if s in places]
    station = next((a for a in segments if a.level == AreaLevel.station), None)
    if station is None:  # a case outside any station's tree: nothing to count it under
        log.warning("case outside any station", case_id=case.id)
        return None
    area = next((a for a in segments if a.level == AreaLevel.village), station)
    outcome = finding(trail)
    category, key = decide_case(mapping, case.kind, outcome)
    result = CASE_STATUS_NAMES.get(case.status, case.status)
    if outcome in OUTCOME_NAMES:
        result += f"（{OUTCOME_NAMES[outcome]}）"
    return {
        "station_id": station.id,
        "area_id": area.id,
        "area_path": area.path,
        "source": Source.case.value,
        "number": case.number,
        "reported_at": case.created_at,
        "day": china_day(case.created_at),
        "category": category,
        "mapped_from": key,
        "subcategory": CASE_KIND_NAMES.get(case.kind, case.kind)
        + ("（值班室派警）" if case.origin == "dispatch" else ""),
        "address": (case.address or "")[:200],
        "result": result,
        "accepted_at": _first(trail, "accepted"),
        "arrived_at": _first(trail, "arrived"),
    }


def finding(trail: list[Row[Any]]) -> str | None:
    """The officer's outcome of the last resolution, unless the case was reopened since."""
    outcome: str | None = None
    for event in trail:
        if event.type == "resolved":
            outcome = (event.payload or {}).get("outcome")
        elif event.type == "reopened":
            outcome = None
    return outcome


def _first(trail: list[Row[Any]], kind: str) -> datetime | None:
    return next((e.created_at for e in trail if e.type == kind), None)
