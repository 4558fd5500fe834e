"""The 村级治理中心's 值班 roster.

- Planned by the chief, the admin or the village's 村警: a 村警 of that village, on a day
  from today on (Asia/Shanghai), once per person and day (409 after).
- Read by the staff over the village (所长, 管理员, 民警, 辅警, the village's 村警).
- Removed only before its day (on the day it is owed, after it it is a record).
- Checked in by the person on duty, on the day, once. A shift whose day passed without a
  check-in is missed: the month's evaluation deducts for it (rules.py, 值班缺勤)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import BadCursor, decode_keyed_cursor, encode_cursor
from jinghutong.governance.access import scope
from jinghutong.governance.work_summary.service import month_window
from jinghutong.identity.access import has_role_over, path_within
from jinghutong.models import Area, AreaLevel, Role
from jinghutong.notifications.service import notify
from jinghutong.points.evaluation.duty import errors as e
from jinghutong.points.evaluation.duty.repository import DutyRepository, Placed
from jinghutong.points.evaluation.duty.schemas import (
    SHIFT_STATUS_NAMES,
    ShiftIn,
    ShiftOut,
    ShiftPage,
    ShiftState,
)
from jinghutong.points.evaluation.schemas import AreaRef, PersonRef

PLANNERS = (Role.chief, Role.admin, Role.village_police)
VIEWERS = (*PLANNERS, Role.area_officer, Role.auxiliary_officer)
FURTHEST = timedelta(days=366)


def today() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def _state(placed: Placed) -> ShiftState:
    if placed.shift.checked_in_at is not None:
        return "checked_in"
    day, now = placed.shift.day, today()
    return "planned" if day > now else "today" if day == now else "missed"


def out(placed: Placed, me: str, planning: list[str]) -> ShiftOut:
    """The shift as `me` reads it; `planning`: the paths under which `me` plans duty."""
    shift, state = placed.shift, _state(placed)
    return ShiftOut(
        id=shift.id,
        village=AreaRef(id=placed.village.id, name=placed.village.name),
        person=PersonRef(id=shift.person_id, name=placed.person_name),
        day=shift.day,
        status=state,
        status_name=SHIFT_STATUS_NAMES[state],
        checked_in_at=shift.checked_in_at,
        created_by=shift.created_by,
        created_at=shift.created_at,
        can_check_in=state == "today" and shift.person_id == me,
        can_remove=shift.day > today() and path_within(placed.village.path, planning),
    )


async def _village(session: AsyncSession, person_id: str, village_id: str) -> Area:
    area = await session.get(Area, village_id)
    if area is None or not await has_role_over(session, person_id, VIEWERS, area.path):
        raise e.VillageNotFound()
    if area.level != AreaLevel.village:
        raise e.NotAVillage(fields={"village_id": "请选择行政村"})
    return area


async def plan(session: AsyncSession, person_id: str, body: ShiftIn) -> ShiftOut:
    village = await _village(session, person_id, body.village_id)
    if not await has_role_over(session, person_id, PLANNERS, village.path):
        raise e.NotAPlanner()
    repo = DutyRepository(session)
    if not await repo.is_village_police(body.person_id, village.id):
        raise e.NotVillagePolice(fields={"person_id": "不是本村村警"})
    if body.day < today():
        raise e.DayPassed(fields={"day": "不能早于今天"})
    if body.day > today() + FURTHEST:
        raise e.DayTooFar(fields={"day": "太远了"})
    shift_id = await repo.insert(
        id=new_id(), village_id=village.id, person_id=body.person_id, day=body.day,
        created_by=person_id, created_at=clock.now(),
    )  # fmt: skip
    if shift_id is None:
        raise e.ShiftExists()
    placed = await repo.get(shift_id)
    assert placed is not None
    shown = out(placed, person_id, [village.path])
    if body.person_id != person_id:
        day = f"{body.day.month}月{body.day.day}日"
        await notify(session, [body.person_id], "duty.planned", f"您被安排在{day}值班",
                     f"{village.name}村级治理中心")  # fmt: skip
    return shown


def _month_days(month: str | None) -> tuple[date, date]:
    _, start, end = month_window(month)
    return start.astimezone(clock.SHANGHAI).date(), end.astimezone(clock.SHANGHAI).date()


def _after(cursor: str | None) -> tuple[date, str] | None:
    if cursor is None:
        return None
    key, last_id = decode_keyed_cursor(cursor)
    try:
        return date.fromisoformat(key), last_id
    except ValueError:
        raise BadCursor(fields={"cursor": "格式不正确"}) from None


async def list_shifts(
    session: AsyncSession,
    person_id: str,
    *,
    village_id: str | None,
    month: str | None,
    cursor: str | None,
    limit: int,
) -> ShiftPage:
    after = _after(cursor)
    if village_id is not None:
        paths = [(await _village(session, person_id, village_id)).path]
    else:
        paths = await scope(session, person_id, VIEWERS)
        if not paths:
            raise e.NotADutyViewer()
    planning = await scope(session, person_id, PLANNERS)
    first, following = _month_days(month)
    rows = await DutyRepository(session).page(paths, first, following, after, limit + 1)
    more, rows = len(rows) > limit, rows[:limit]
    last = rows[-1].shift if rows else None
    return ShiftPage(
        items=[out(r, person_id, planning) for r in rows],
        next_cursor=(
            encode_cursor(last.id, key=last.day.isoformat()) if more and last is not None else None
        ),
    )


async def _visible(session: AsyncSession, person_id: str, shift_id: str) -> Placed:
    placed = await DutyRepository(session).get(shift_id, for_update=True)
    if placed is None:
        raise e.ShiftNotFound()
    if placed.shift.person_id != person_id and not await has_role_over(
        session, person_id, VIEWERS, placed.village.path
    ):
        raise e.ShiftNotFound()
    return placed


async def remove(session: AsyncSession, person_id: str, shift_id: str) -> ShiftOut:
    placed = await _visible(session, person_id, shift_id)
    if not await has_role_over(session, person_id, PLANNERS, placed.village.path):
        raise e.NotAPlanner()
    if placed.shift.day <= today():
        raise e.ShiftStarted()
    shown = out(placed, "", [])  # gone: nothing more to do with it
    await DutyRepository(session).delete(placed.shift)
    return shown


async def check_in(session: AsyncSession, person_id: str, shift_id: str) -> ShiftOut:
    placed = await _visible(session, person_id, shift_id)
    if placed.shift.person_id != person_id:
        raise e.NotYourShift()
    if placed.shift.checked_in_at is not None:
        raise e.AlreadyCheckedIn()
    if placed.shift.day != today():
        raise e.NotTheDay()
    placed.shift.checked_in_at = clock.now()
    await session.flush()
    return out(placed, person_id, [])  # checked in, on its day: neither step is left
