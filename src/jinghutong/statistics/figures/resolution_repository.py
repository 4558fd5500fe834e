"""Every query of the resolution figures, over the records each domain keeps: cases (the rung
they ended at, their escalations on the trail), the incidents' report/accept/arrive times,
所长直通车 letters, bulletin deliveries. Disputes come from the disputes domain's own query
(DisputeRepository.settled_by_level). Plain selects of rows: statistics calls no service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, distinct, extract, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, Bulletin, Case, CaseEvent, Delivery, DeliveryStatus, Incident
from jinghutong.models import Petition as Letter
from jinghutong.statistics.figures.percentiles import FRACTIONS, percentile_cont
from jinghutong.statistics.figures.periods import Period

# The three spans of a response, as (later, earlier) columns.
PHASES: dict[str, tuple[Any, Any]] = {
    "to_accept": (Incident.accepted_at, Incident.reported_at),
    "to_arrive": (Incident.arrived_at, Incident.accepted_at),
    "report_to_arrive": (Incident.arrived_at, Incident.reported_at),
}
PhaseStats = tuple[int, float | None, float | None]  # n, p50 and p90 in seconds
Times = dict[str | None, dict[str, PhaseStats]]  # area id (None: all of them) → phase → stats


def _seconds(later: Any, earlier: Any) -> ColumnElement[Any]:
    """The span in seconds; NULL when a time is missing or out of order (a bad import)."""
    return case((later >= earlier, cast(extract("epoch", later - earlier), Float)))


class ResolutionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def cases_by_role(self, path: str, since: datetime, until: datetime) -> dict[str, int]:
        """Cases resolved in [since, until), by the rung (assigned role) they were resolved at."""
        query = (
            select(Case.assigned_role, func.count())
            .where(
                Case.area_path.like(path + "%"),
                Case.resolved_at >= since,
                Case.resolved_at < until,
            )
            .group_by(Case.assigned_role)
        )
        return {role or "": int(n) for role, n in (await self.session.execute(query)).all()}

    def _timed(self, path: str, period: Period) -> ColumnElement[bool]:
        return and_(
            Incident.area_path.like(path + "%"),
            Incident.day.between(period.start, period.end),
            or_(Incident.accepted_at.is_not(None), Incident.arrived_at.is_not(None)),
        )

    async def response_times(self, path: str, period: Period) -> Times:
        if self._postgres:
            return await self._times_in_sql(path, period)
        return await self._times_in_python(path, period)

    async def _times_in_sql(self, path: str, period: Period) -> Times:
        columns: list[Any] = []
        for later, earlier in PHASES.values():
            seconds = _seconds(later, earlier)
            columns.append(func.count(seconds))
            columns += [func.percentile_cont(f).within_group(seconds) for f in FRACTIONS]
        out: Times = {}
        grouped = (
            select(Incident.area_id, *columns)
            .where(self._timed(path, period))
            .group_by(Incident.area_id)
        )
        for area_id, *values in (await self.session.execute(grouped)).all():
            out[area_id] = _phase_stats(values)
        overall = await self.session.execute(select(*columns).where(self._timed(path, period)))
        out[None] = _phase_stats(list(overall.one()))
        return out

    async def _times_in_python(self, path: str, period: Period) -> Times:
        query = select(
            Incident.area_id, Incident.reported_at, Incident.accepted_at, Incident.arrived_at
        ).where(self._timed(path, period))
        spans: dict[str | None, dict[str, list[float]]] = {None: {p: [] for p in PHASES}}
        for area_id, reported, accepted, arrived in (await self.session.execute(query)).all():
            times = {"reported_at": reported, "accepted_at": accepted, "arrived_at": arrived}
            mine = spans.setdefault(area_id, {p: [] for p in PHASES})
            for phase, (later, earlier) in PHASES.items():
                a, b = times[later.key], times[earlier.key]
                if a is not None and b is not None and a >= b:
                    seconds = (a - b).total_seconds()
                    mine[phase].append(seconds)
                    spans[None][phase].append(seconds)
        return {
            area_id: {phase: _from_values(values) for phase, values in phases.items()}
            for area_id, phases in spans.items()
        }

    async def escalations(
        self, path: str, since: datetime, until: datetime
    ) -> list[tuple[str, int, int, int]]:
        """Per case area path: cases escalated in [since, until), escalations, and how many of
        those the deadline sweep made (a system event: nobody accepted in time)."""
        query = (
            select(
                Case.area_path,
                func.count(distinct(CaseEvent.case_id)),
                func.count(),
                func.count(case((CaseEvent.actor_id.is_(None), 1))),
            )
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                CaseEvent.type == "escalated",
                CaseEvent.created_at >= since,
                CaseEvent.created_at < until,
                Case.area_path.like(path + "%"),
            )
            .group_by(Case.area_path)
        )
        return [(p, int(c), int(e), int(s)) for p, c, e, s in await self.session.execute(query)]

    async def letters(self, path: str, since: datetime, until: datetime) -> list[Any]:
        """所长直通车 letters written in [since, until): their deadline and answer times."""
        query = select(Letter.created_at, Letter.deadline_at, Letter.answered_at).where(
            Letter.area_path.like(path + "%"),
            Letter.created_at >= since,
            Letter.created_at < until,
        )
        return list((await self.session.execute(query)).all())

    async def deliveries(
        self, path: str, since: datetime, until: datetime
    ) -> tuple[int, list[tuple[str | None, int, int, int, int]]]:
        """Bulletins published in [since, until) with deliveries to people under `path` (a
        delivery without a village counts where the bulletin reached), and per village:
        targeted, sent, read, reached (sent or read). Cancelled deliveries do not count."""
        place = func.coalesce(Area.path, Bulletin.reach_path)
        condition = and_(
            Bulletin.published_at >= since,
            Bulletin.published_at < until,
            Delivery.status != DeliveryStatus.cancelled,
            place.like(path + "%"),
        )
        base = (
            select()
            .select_from(Delivery)
            .join(Bulletin, Bulletin.id == Delivery.bulletin_id)
            .outerjoin(Area, Area.id == Delivery.village_id)
            .where(condition)
        )
        sent = Delivery.status == DeliveryStatus.sent
        grouped = base.add_columns(
            Delivery.village_id,
            func.count(),
            func.count(case((sent, 1))),
            func.count(Delivery.read_at),
            func.count(case((or_(sent, Delivery.read_at.is_not(None)), 1))),
        ).group_by(Delivery.village_id)
        rows = [
            (v, int(t), int(s), int(r), int(h))
            for v, t, s, r, h in await self.session.execute(grouped)
        ]
        bulletins = await self.session.scalar(
            base.add_columns(func.count(distinct(Delivery.bulletin_id)))
        )
        return int(bulletins or 0), rows


def _from_values(values: list[float]) -> PhaseStats:
    ordered = sorted(values)
    return (len(ordered), *(percentile_cont(ordered, f) for f in FRACTIONS))  # type: ignore[return-value]


def _phase_stats(values: Sequence[Any]) -> dict[str, PhaseStats]:
    out: dict[str, PhaseStats] = {}
    for i, phase in enumerate(PHASES):
        n, p50, p90 = values[3 * i : 3 * i + 3]
        out[phase] = (int(n), _float(p50), _float(p90))
    return out


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
