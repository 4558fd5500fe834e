"""The 光荣榜: the top people by points earned in a quarter or year, per village (a station's or
township's board) or per micro-grid (a village's board), from the ledger's entries as they were
stamped when earned (`area_path`: the person's micro-grid then)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.core.masking import mask_name
from jinghutong.models import Area, AreaLevel, Person
from jinghutong.points.leaderboard import auth, pdf
from jinghutong.points.leaderboard.periods import Period, PeriodKind, period_of, today
from jinghutong.points.leaderboard.repository import LeaderboardRepository
from jinghutong.points.leaderboard.schemas import AreaRef, BoardEntry, BoardGroup, LeaderboardOut

BY_MICRO_GRID = (AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid)


class BoardAreaNotFound(NotFound):
    detail = "没有找到这个区域的光荣榜，或您无权查看"


class ChooseArea(ValidationFailed):
    detail = "请选择要查看哪个区域的光荣榜"


class DayOutOfRange(ValidationFailed):
    detail = "日期超出了可查询的范围（2000—2099 年）"


FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def _period(kind: PeriodKind, at: date | None) -> Period:
    day = at or today()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayOutOfRange(fields={"at": "请填写 2000—2099 年之间的日期"})
    return period_of(kind, day)


@dataclass(frozen=True)
class Row:
    rank: int
    person_id: str
    name: str
    village: str
    micro_grid: str | None
    points: int


@dataclass(frozen=True)
class Board:
    area: Area
    period: Period
    grouped_by: AreaLevel
    groups: list[tuple[Area, list[Row]]]


def _ranked(totals: dict[str, int], names: dict[str, str], top: int) -> list[tuple[int, str, int]]:
    """(rank, person, points), best first; equal points share a rank (1, 1, 3)."""
    order = sorted(
        ((p, pts) for p, pts in totals.items() if pts > 0),
        key=lambda item: (-item[1], names.get(item[0], ""), item[0]),
    )[:top]
    out: list[tuple[int, str, int]] = []
    for index, (person, points) in enumerate(order):
        rank = out[-1][0] if out and out[-1][2] == points else index + 1
        out.append((rank, person, points))
    return out


async def compute(session: AsyncSession, area: Area, period: Period, top: int) -> Board:
    repo = LeaderboardRepository(session)
    level = AreaLevel.micro_grid if area.level in BY_MICRO_GRID else AreaLevel.village
    groups = await repo.areas_under(area.path, level)
    by_id = {g.id: g for g in groups}
    village = await repo.above(area.path, AreaLevel.village) if level == "micro_grid" else None
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for person, path, points in await repo.earned(area.path, period.starts_at, period.ends_at):
        group_id = next((s for s in path.split("/") if s in by_id), None)
        if group_id is not None:
            totals[group_id][person] += points
    names = await repo.names(p for people in totals.values() for p in people)
    board: list[tuple[Area, list[Row]]] = []
    for group in groups:
        village_name = village.name if village is not None else group.name
        micro = group.name if level == AreaLevel.micro_grid else None
        rows = [
            Row(rank, person, names.get(person, ""), village_name, micro, points)
            for rank, person, points in _ranked(totals.get(group.id, {}), names, top)
        ]
        board.append((group, rows))
    return Board(area, period, level, board)


async def _area_for(session: AsyncSession, who: auth.Viewer, area_id: str | None) -> Area:
    repo = LeaderboardRepository(session)
    if area_id is None:
        if len(who.staff_paths) == 1:
            found = await repo.area(who.staff_paths[0].rstrip("/").rsplit("/", 1)[-1])
        elif not who.staff_paths and len(who.home_villages) == 1:
            found = who.home_villages[0]
        else:
            raise ChooseArea(fields={"area_id": "请选择区域"})
        assert found is not None
        return found
    area = await repo.area(area_id)
    if area is None or not who.sees(area):
        raise BoardAreaNotFound()
    return area


def _out(board: Board, who: auth.Viewer, full_names: bool) -> LeaderboardOut:
    def entry(row: Row) -> BoardEntry:
        mine = row.person_id == who.person_id
        return BoardEntry(
            rank=row.rank,
            name=row.name if full_names or mine else mask_name(row.name) or "",
            village=row.village,
            micro_grid=row.micro_grid,
            points=row.points,
            is_me=mine,
            person_id=row.person_id if full_names else None,
        )

    return LeaderboardOut(
        area=AreaRef(id=board.area.id, name=board.area.name, level=board.area.level),
        period=board.period.kind,
        label=board.period.label,
        first_day=board.period.first_day,
        last_day=board.period.last_day,
        grouped_by="micro_grid" if board.grouped_by == AreaLevel.micro_grid else "village",
        full_names=full_names,
        groups=[
            BoardGroup(
                area=AreaRef(id=g.id, name=g.name, level=g.level),
                entries=[entry(r) for r in rows],
            )
            for g, rows in board.groups
        ],
    )


async def leaderboard(
    session: AsyncSession,
    me: Person,
    area_id: str | None,
    kind: PeriodKind,
    at: date | None,
    top: int,
) -> LeaderboardOut:
    who = await auth.viewer(session, me.id)
    area = await _area_for(session, who, area_id)
    board = await compute(session, area, _period(kind, at), top)
    return _out(board, who, full_names=who.is_staff_over(area))


async def leaderboard_pdf(
    session: AsyncSession,
    me: Person,
    settings: Settings,
    area_id: str | None,
    kind: PeriodKind,
    at: date | None,
    top: int,
) -> bytes:
    """The board for the village's notice board: A4, full names (staff print it)."""
    who = await auth.viewer(session, me.id)
    area = await _area_for(session, who, area_id)
    if not await auth.may_print(session, me.id, area):
        raise BoardAreaNotFound()
    board = await compute(session, area, _period(kind, at), top)
    sheet = pdf.Sheet(
        title=f"{board.period.label}积分光荣榜",
        place=await _place(session, area),
        station=settings.station_name,
        groups=[
            (g.name, [pdf.Line(r.rank, r.name, r.points) for r in rows]) for g, rows in board.groups
        ],
        printed_on=clock.now().astimezone(clock.SHANGHAI).strftime("%Y年%m月%d日"),
    )
    return await anyio.to_thread.run_sync(pdf.render, sheet)


async def _place(session: AsyncSession, area: Area) -> str:
    """大墅镇 上坊村 (· 上坊村第1微网格) for a village's board; the area's name above it."""
    repo = LeaderboardRepository(session)
    village = await repo.above(area.path, AreaLevel.village)
    if village is None:
        return area.name
    township = await repo.above(village.path, AreaLevel.township)
    place = f"{township.name} {village.name}" if township is not None else village.name
    return place if area.id == village.id else f"{place} · {area.name}"
