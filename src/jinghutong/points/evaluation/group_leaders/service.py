"""联户长 yearly: per 联户长 of an area, the calendar year's (Asia/Shanghai) counts of their
work — dispatches accepted and fed back, visits, hazards found, disputes recorded and settled
in their micro-grid(s), points earned, the mean rating of the cases they took. A read-only
table for the chief and the officers: there is no sheet to confirm and no appeal (the station
evaluates its 村警 monthly; its 联户长 are volunteers, rewarded by points)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.governance.access import scope
from jinghutong.governance.work_summary.auth import OVERSEERS
from jinghutong.identity.access import path_within
from jinghutong.models import Area
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.group_leaders.repository import YearRepository, leaders
from jinghutong.points.evaluation.group_leaders.schemas import LeadersYearOut, LeaderYear
from jinghutong.points.evaluation.schemas import AreaRef, PersonRef

NOTE = "只读统计表：联户长按年度统计工作量，不需确认、不设申诉"


class LeaderAreaNotFound(NotFound):
    detail = "找不到这个区域，或您没有权限查看"


class ChooseArea(ValidationFailed):
    detail = "请选择要查看哪个区域的联户长"


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = datetime(year, 1, 1, tzinfo=clock.SHANGHAI).astimezone(UTC)
    return start, datetime(year + 1, 1, 1, tzinfo=clock.SHANGHAI).astimezone(UTC)


async def _area(session: AsyncSession, paths: list[str], area_id: str | None) -> Area:
    if area_id is None:
        if len(paths) != 1:
            raise ChooseArea(fields={"area_id": "请选择区域"})
        area_id = paths[0].rstrip("/").rsplit("/", 1)[-1]
    area = await session.get(Area, area_id)
    if area is None or not path_within(area.path, paths):
        raise LeaderAreaNotFound()
    return area


async def _rows(repo: YearRepository, people: list[tuple[str, str]]) -> list[LeaderYear]:
    grids = await repo.grids()
    counts = {
        "dispatches": await repo.dispatches_fed_back(),
        "visits": await repo.visits(),
        "hazards": await repo.hazards_found(),
        "recorded": await repo.disputes_recorded(),
        "settled": await repo.disputes_settled(),
        "points": await repo.points_earned(),
    }
    ratings = await repo.ratings()
    return [
        LeaderYear(
            person=PersonRef(id=pid, name=name),
            micro_grids=[AreaRef(id=i, name=n) for i, n in grids.get(pid, [])],
            dispatches_fed_back=counts["dispatches"].get(pid, 0),
            visits=counts["visits"].get(pid, 0),
            hazards_found=counts["hazards"].get(pid, 0),
            disputes_recorded=counts["recorded"].get(pid, 0),
            disputes_settled=counts["settled"].get(pid, 0),
            points_earned=counts["points"].get(pid, 0),
            rated_cases=ratings.get(pid, (0, 0.0))[0],
            mean_rating=round(ratings[pid][1], 2) if pid in ratings else None,
        )
        for pid, name in people
    ]


async def year_table(
    session: AsyncSession,
    person_id: str,
    *,
    year: int | None,
    area_id: str | None,
    cursor: str | None,
    limit: int,
) -> LeadersYearOut:
    after = decode_cursor(cursor) if cursor else None
    paths = await scope(session, person_id, OVERSEERS)
    if not paths:
        raise e.NotAnEvaluationReader()
    area = await _area(session, paths, area_id)
    year = year or clock.now().astimezone(clock.SHANGHAI).year
    people = await leaders(session, area.path, after, limit + 1)
    more, people = len(people) > limit, people[:limit]
    start, end = _year_bounds(year)
    repo = YearRepository(session, [pid for pid, _ in people], area.path, start, end)
    return LeadersYearOut(
        year=year,
        area=AreaRef(id=area.id, name=area.name),
        items=await _rows(repo, people),
        next_cursor=encode_cursor(people[-1][0]) if more and people else None,
        note=NOTE,
    )
