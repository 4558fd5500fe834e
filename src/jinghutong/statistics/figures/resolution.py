"""The resolution figures: where disputes and cases ended (联户网格 / 村 / 镇 / 派出所 —
"小事不出联户网格、大事不出镇"), response times (报警 → 接警 → 到场, p50 and p90 by village),
escalations, 所长直通车 letters answered in time, bulletin reach and read rates.

What falls in the period: disputes settled in it, cases resolved in it (at the rung they sat
on: governance.access.ROLE_LEVEL — a 联户长's case ended in the grid, a 村警's in the village,
an officer's, the duty room's or the chief's at the station), 警情 reported in it (their
times), escalations made in it, letters written in it, bulletins published in it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.clock import now
from jinghutong.governance.access import ROLE_LEVEL
from jinghutong.governance.disputes.repository import DisputeRepository
from jinghutong.models import DISPUTE_LEVEL_NAMES, Area, AreaLevel, DisputeLevel, Person
from jinghutong.statistics.figures import auth
from jinghutong.statistics.figures.numbers import share
from jinghutong.statistics.figures.percentiles import minutes
from jinghutong.statistics.figures.periods import Period
from jinghutong.statistics.figures.repository import AreaRepository
from jinghutong.statistics.figures.resolution_repository import (
    PHASES,
    PhaseStats,
    ResolutionRepository,
)
from jinghutong.statistics.figures.schemas import (
    BulletinLine,
    Bulletins,
    EscalationLine,
    Escalations,
    LevelCount,
    LevelTable,
    Petitions,
    ResolutionFigures,
    Times,
    TimesLine,
)
from jinghutong.statistics.figures.service import area_ref, period_of, period_out

UNPLACED = "未定位到村"
ALL = "合计"


async def resolution_figures(
    session: AsyncSession, person: Person, *, area_id: str | None, start: date | None,
    end: date | None,
) -> ResolutionFigures:  # fmt: skip
    area = await auth.figure_area(session, person, area_id)
    return await resolution_of(session, area, period_of(start, end))


async def resolution_of(session: AsyncSession, area: Area, period: Period) -> ResolutionFigures:
    """The figures of an area the caller may read (the console calls this too)."""
    since, until = period.bounds()
    villages = await AreaRepository(session).at_level(area, AreaLevel.village)
    repo = ResolutionRepository(session)
    disputes = await DisputeRepository(session).settled_by_level(area.path, since, until)
    by_role = await repo.cases_by_role(area.path, since, until)
    cases: dict[DisputeLevel, int] = {level: 0 for level in DisputeLevel}
    for role, n in by_role.items():
        cases[rung_of(role)] += n
    return ResolutionFigures(
        area=area_ref(area),
        period=period_out(period),
        disputes=level_table(disputes),
        cases=level_table(cases),
        response_times=await _times(repo, area, period, villages),
        escalations=await _escalations(repo, area, since, until, villages),
        petitions=_letters(await repo.letters(area.path, since, until)),
        bulletins=await _bulletins(repo, area, since, until, villages),
    )


def rung_of(role: str) -> DisputeLevel:
    """The rung a case assigned to `role` stands on (the duty room, or nobody: the station)."""
    level = next((rung for r, rung in ROLE_LEVEL.items() if r == role), "station")
    return DisputeLevel(level)


def level_table(counts: dict[DisputeLevel, int]) -> LevelTable:
    total = sum(counts.values())
    up_to_township = (DisputeLevel.micro_grid, DisputeLevel.village, DisputeLevel.township)
    return LevelTable(
        total=total,
        levels=[
            LevelCount(
                level=level.value,
                name=DISPUTE_LEVEL_NAMES[level],
                count=counts.get(level, 0),
                share_pct=share(counts.get(level, 0), total),
            )
            for level in DisputeLevel
        ],
        in_grid_pct=share(counts.get(DisputeLevel.micro_grid, 0), total),
        in_township_pct=share(sum(counts.get(level, 0) for level in up_to_township), total),
    )


def _times_of(stats: dict[str, PhaseStats] | None) -> dict[str, Times]:
    out = {}
    for phase in PHASES:
        n, p50, p90 = (stats or {}).get(phase, (0, None, None))
        out[phase] = Times(n=n, p50=minutes(p50), p90=minutes(p90))
    return out


async def _times(
    repo: ResolutionRepository, area: Area, period: Period, villages: list[Area]
) -> list[TimesLine]:
    times = await repo.response_times(area.path, period)
    lines = [TimesLine(area_id=None, name=ALL, **_times_of(times.get(None)))]
    lines += [TimesLine(area_id=v.id, name=v.name, **_times_of(times.get(v.id))) for v in villages]
    known = {v.id for v in villages}
    lines += [
        TimesLine(area_id=area_id, name=f"{UNPLACED}的警情", **_times_of(stats))
        for area_id, stats in times.items()
        if area_id is not None and area_id not in known
    ]
    return lines


def _village_on(path: str, ids: set[str]) -> str | None:
    return next((segment for segment in path.split("/") if segment in ids), None)


async def _escalations(
    repo: ResolutionRepository,
    area: Area,
    since: datetime,
    until: datetime,
    villages: list[Area],
) -> Escalations:
    ids = {v.id for v in villages}
    sums: dict[str | None, list[int]] = {}
    for path, cases, escalations, by_deadline in await repo.escalations(area.path, since, until):
        acc = sums.setdefault(_village_on(path, ids), [0, 0, 0])
        for i, n in enumerate((cases, escalations, by_deadline)):
            acc[i] += n

    def line(area_id: str | None, name: str, counts: Iterable[int]) -> EscalationLine:
        cases, escalations, by_deadline = counts
        return EscalationLine(
            area_id=area_id, name=name, cases=cases, escalations=escalations,
            by_deadline=by_deadline, by_handler=escalations - by_deadline,
        )  # fmt: skip

    total = [sum(values[i] for values in sums.values()) for i in range(3)]
    lines = [line(v.id, v.name, sums.get(v.id, [0, 0, 0])) for v in villages]
    if None in sums:
        lines.append(line(None, UNPLACED, sums[None]))
    return Escalations(total=line(None, ALL, total), villages=lines)


def _letters(rows: list[Any]) -> Petitions:
    moment = now()
    timed = [r for r in rows if r.deadline_at is not None]
    answered = [r for r in rows if r.answered_at is not None]
    in_time = sum(1 for r in timed if r.answered_at is not None and r.answered_at <= r.deadline_at)
    late = sum(1 for r in timed if r.answered_at is not None and r.answered_at > r.deadline_at)
    overdue = sum(1 for r in timed if r.answered_at is None and r.deadline_at < moment)
    hours = [(r.answered_at - r.created_at).total_seconds() / 3600 for r in answered]
    return Petitions(
        written=len(rows),
        with_deadline=len(timed),
        answered_in_time=in_time,
        answered_late=late,
        overdue=overdue,
        waiting=len(timed) - in_time - late - overdue,
        in_time_pct=share(in_time, len(timed)),
        answered=len(answered),
        mean_hours_to_answer=round(sum(hours) / len(hours), 1) if hours else None,
    )


async def _bulletins(
    repo: ResolutionRepository,
    area: Area,
    since: datetime,
    until: datetime,
    villages: list[Area],
) -> Bulletins:
    count, rows = await repo.deliveries(area.path, since, until)
    ids = {v.id for v in villages}
    sums: dict[str | None, list[int]] = {}
    for village_id, *values in rows:
        acc = sums.setdefault(village_id if village_id in ids else None, [0, 0, 0, 0])
        for i, n in enumerate(values):
            acc[i] += n

    def line(area_id: str | None, name: str, values: list[int]) -> BulletinLine:
        targeted, sent, read, reached = values
        return BulletinLine(
            area_id=area_id, name=name, targeted=targeted, sent=sent, read=read,
            reach_pct=share(reached, targeted), read_pct=share(read, targeted),
        )  # fmt: skip

    total = [sum(values[i] for values in sums.values()) for i in range(4)]
    lines = [line(v.id, v.name, sums.get(v.id, [0, 0, 0, 0])) for v in villages]
    if None in sums:
        lines.append(line(None, UNPLACED, sums[None]))
    return Bulletins(bulletins=count, total=line(None, ALL, total), villages=lines)
