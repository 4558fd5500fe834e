"""Every query of the 警情 register: the mapping, incidents by number or case, the places of a
station, the mirror's cursor and the recorded cases it reads (plain selects of their rows:
statistics never calls the cases domain's services)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import Area, AreaLevel, Case, CaseEvent, CategoryMapping, Incident
from jinghutong.models.incident import IncidentCursor

_IN_CHUNK = 500
# The trail events that decide what a case's incident says (times, an officer's finding).
TRAIL_TYPES = ("accepted", "arrived", "resolved", "reopened")
_NEW_CURSOR = per_dialect(
    lambda ins: ins(IncidentCursor).on_conflict_do_nothing(index_elements=["source"])
)


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _IN_CHUNK):
        yield ordered[start : start + _IN_CHUNK]


class MappingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all(self) -> list[CategoryMapping]:
        rows = await self.session.scalars(
            select(CategoryMapping).order_by(CategoryMapping.source, CategoryMapping.kind)
        )
        return list(rows.all())

    async def lookup(self, source: str) -> dict[str, str]:
        """kind → category for one source."""
        rows = await self.session.execute(
            select(CategoryMapping.kind, CategoryMapping.category).where(
                CategoryMapping.source == source
            )
        )
        return {kind: category for kind, category in rows.all()}

    async def get_for_update(self, source: str, kind: str) -> CategoryMapping | None:
        return await self.session.scalar(
            select(CategoryMapping)
            .where(CategoryMapping.source == source, CategoryMapping.kind == kind)
            .with_for_update()
        )


class IncidentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_numbers(
        self, station_id: str, source: str, numbers: Iterable[str]
    ) -> dict[str, Incident]:
        """The station's incidents of `source` with these numbers, locked until the unit of
        work ends (a mapping applied to history at the same time waits, or is waited for)."""
        found: dict[str, Incident] = {}
        for chunk in _chunks(numbers):
            rows = await self.session.scalars(
                select(Incident)
                .where(
                    Incident.station_id == station_id,
                    Incident.source == source,
                    Incident.number.in_(chunk),
                )
                .order_by(Incident.number)
                .with_for_update()
            )
            found.update((i.number, i) for i in rows.all())
        return found

    async def by_case_ids(self, case_ids: Iterable[str]) -> dict[str, Incident]:
        found: dict[str, Incident] = {}
        for chunk in _chunks(case_ids):
            rows = await self.session.scalars(
                select(Incident)
                .where(Incident.case_id.in_(chunk))
                .order_by(Incident.case_id)
                .with_for_update()
            )
            found.update((str(i.case_id), i) for i in rows.all())
        return found

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), _IN_CHUNK):
            await self.session.execute(insert(Incident), list(rows[start : start + _IN_CHUNK]))

    async def decided_by(
        self, source: str, kind: str, other_than: str, *, lock: bool
    ) -> list[Incident]:
        """Incidents whose category came from the mapping row (source, kind) and differs
        from `other_than`."""
        query = select(Incident).where(
            Incident.source == source,
            Incident.mapped_from == kind,
            Incident.category != other_than,
        )
        if lock:
            query = query.order_by(Incident.id).with_for_update()
        return list((await self.session.scalars(query)).all())

    async def count_decided_by(self, source: str, kind: str, other_than: str) -> int:
        return (
            await self.session.scalar(
                select(func.count())
                .select_from(Incident)
                .where(
                    Incident.source == source,
                    Incident.mapped_from == kind,
                    Incident.category != other_than,
                )
            )
            or 0
        )

    async def lock_station_imports(self, station_id: str) -> None:
        """One import per station at a time (PostgreSQL: a transaction-scoped advisory lock;
        SQLite writes one transaction at a time anyway): the second sees the first's rows."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"incidents-import:{station_id}"},
            )


class PlaceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def under(self, station: Area, levels: Sequence[str]) -> list[Area]:
        rows = await self.session.scalars(
            select(Area)
            .where(Area.path.like(station.path + "%"), Area.level.in_(levels))
            .order_by(Area.path)
        )
        return list(rows.all())

    async def names_outside(self, station: Area) -> set[str]:
        """The names of every station, township and village not under `station`."""
        rows = await self.session.scalars(
            select(Area.name)
            .where(
                Area.level.in_([AreaLevel.station, AreaLevel.township, AreaLevel.village]),
                Area.path.not_like(station.path + "%"),
            )
            .distinct()
        )
        return set(rows.all())

    async def stations_under(self, paths: Iterable[str]) -> list[Area]:
        """The stations at or below these paths (a county bureau's staff: all of its own)."""
        found: dict[str, Area] = {}
        for path in sorted(set(paths)):
            rows = await self.session.scalars(
                select(Area).where(Area.level == AreaLevel.station, Area.path.like(path + "%"))
            )
            found.update((a.id, a) for a in rows.all())
        for path in paths:  # a grant below a station: the station above it
            ids = [segment for segment in path.split("/") if segment]
            rows = await self.session.scalars(
                select(Area).where(Area.id.in_(ids), Area.level == AreaLevel.station)
            )
            found.update((a.id, a) for a in rows.all())
        return sorted(found.values(), key=lambda a: a.path)

    async def all_station_paths(self) -> list[str]:
        rows = await self.session.scalars(select(Area.path).where(Area.level == AreaLevel.station))
        return list(rows.all())

    async def stations_and_villages(self, paths: Iterable[str]) -> dict[str, Area]:
        """The stations and villages on these paths, by id (a case's places)."""
        ids = {segment for path in paths for segment in path.split("/") if segment}
        found: dict[str, Area] = {}
        for chunk in _chunks(ids):
            rows = await self.session.scalars(
                select(Area).where(
                    Area.id.in_(chunk), Area.level.in_([AreaLevel.station, AreaLevel.village])
                )
            )
            found.update((a.id, a) for a in rows.all())
        return found


class MirrorRepository:
    """The mirror's cursor and the recorded cases and trail events it reads."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def cursor_for_update(self, source: str) -> IncidentCursor:
        await self.session.execute(
            for_session(_NEW_CURSOR, self.session),
            [{"source": source, "last_id": "", "updated_at": now()}],
        )
        cursor = await self.session.scalar(
            select(IncidentCursor)
            .where(IncidentCursor.source == source)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert cursor is not None  # inserted just above if it was missing
        return cursor

    async def last_event_id(self) -> str | None:
        return await self.session.scalar(select(func.max(CaseEvent.id)))

    async def cases_with_events(
        self, after: str, up_to: str, limit: int | None
    ) -> tuple[set[str], int, str | None]:
        """The cases that have events in (after, up_to], how many events were read and the
        last one's id (the limit applies to events)."""
        rows = (
            await self.session.execute(
                select(CaseEvent.id, CaseEvent.case_id)
                .where(CaseEvent.id > after, CaseEvent.id <= up_to)
                .order_by(CaseEvent.id)
                .limit(limit)
            )
        ).all()
        return {r.case_id for r in rows}, len(rows), rows[-1].id if rows else None

    async def cases(self, case_ids: Iterable[str]) -> list[Case]:
        found: list[Case] = []
        for chunk in _chunks(case_ids):
            rows = await self.session.scalars(select(Case).where(Case.id.in_(chunk)))
            found.extend(rows.all())
        return sorted(found, key=lambda c: c.id)

    async def trails(self, case_ids: Iterable[str]) -> dict[str, list[Row[Any]]]:
        """Each case's deciding events (TRAIL_TYPES), in order."""
        found: dict[str, list[Row[Any]]] = {}
        for chunk in _chunks(case_ids):
            rows = await self.session.execute(
                select(CaseEvent.case_id, CaseEvent.type, CaseEvent.payload, CaseEvent.created_at)
                .where(CaseEvent.case_id.in_(chunk), CaseEvent.type.in_(TRAIL_TYPES))
                .order_by(CaseEvent.case_id, CaseEvent.seq)
            )
            for row in rows.all():
                found.setdefault(row.case_id, []).append(row)
        return found
