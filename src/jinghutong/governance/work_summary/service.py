"""村警 五件事: per 村警 within the caller's reach, the month's work in five counts.

- 警情一件事: distinct cases on whose trail they accepted, fed back or resolved.
- 代办一件事: appointments they booked on a villager's behalf (booked_by ≠ the villager).
- 矛调一件事: disputes they mediated (a session they recorded) or saw settled (mediated in,
  or handed to them).
- 信息一件事: visits they recorded and sentiment items (社情民意) they collected.
- 宣防一件事: bulletins they wrote that went out. FIELD.md speaks of bulletins *forwarded*;
  the system has no forwarding (a bulletin reaches its audience directly), so what a 村警 can
  be credited with is publishing one.

Months are Asia/Shanghai calendar months. Only counts leave here, no lists of records: the
evaluation (a later issue) scores these numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.errors import Forbidden, NotFound
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.governance.work_summary.auth import reach
from jinghutong.governance.work_summary.repository import Counts, PoliceRepository, WorkRepository
from jinghutong.governance.work_summary.schemas import (
    AreaRef,
    Part,
    PersonRef,
    PoliceWork,
    Thing,
    WorkSummary,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


class NotAnOverseer(Forbidden):
    detail = "只有所长、管理员、防区民警和村警本人可以查看五件事"


class PoliceNotFound(NotFound):
    detail = "找不到这位村警，或您没有权限查看"


def month_window(month: str | None) -> tuple[str, datetime, datetime]:
    """The month (this one when None) and its first and next month's first instant, in UTC."""
    if month is None:
        month = clock.now().astimezone(SHANGHAI).strftime("%Y-%m")
    year, number = (int(x) for x in month.split("-"))
    start = datetime(year, number, 1, tzinfo=SHANGHAI)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=SHANGHAI)
    return month, start.astimezone(UTC), end.astimezone(UTC)


async def summary(
    session: AsyncSession,
    me: str,
    *,
    person_id: str | None,
    month: str | None,
    cursor: str | None,
    limit: int,
) -> WorkSummary:
    """Every 村警 within reach (or the one asked for), with their five counts."""
    month, start, end = month_window(month)
    after = decode_cursor(cursor) if cursor else None
    who = await reach(session, me)
    if who.empty:
        raise NotAnOverseer()
    police = await PoliceRepository(session).page(
        who.paths, who.self_id, person_id, after, limit + 1
    )
    if person_id is not None and not police:
        raise PoliceNotFound()
    more = len(police) > limit
    police = police[:limit]
    ids = [pid for pid, _ in police]
    villages = await PoliceRepository(session).villages(ids)
    counts = await _counts(WorkRepository(session, ids, start, end))
    items = [_work(pid, name, villages.get(pid, []), counts) for pid, name in police]
    return WorkSummary(
        month=month,
        starts_at=start,
        ends_at=end,
        items=items,
        next_cursor=encode_cursor(ids[-1]) if more and ids else None,
    )


async def _counts(work: WorkRepository) -> dict[str, Counts]:
    # One after another: a session runs one statement at a time.
    return {
        "cases": await work.cases_handled(),
        "errands": await work.errands(),
        "worked": await work.disputes_worked(),
        "mediated": await work.disputes_mediated(),
        "settled": await work.disputes_settled(),
        "visits": await work.visits(),
        "sentiment": await work.sentiment(),
        "bulletins": await work.bulletins(),
    }


def _work(
    pid: str, name: str, villages: list[tuple[str, str]], counts: dict[str, Counts]
) -> PoliceWork:
    def n(key: str) -> int:
        return counts[key].get(pid, 0)

    def part(key: str, label: str) -> Part:
        return Part(key=key, name=label, count=n(key))

    things = [
        Thing(key="incidents", name="警情一件事", count=n("cases"),
              parts=[part("cases", "经手处置的警情")]),
        Thing(key="errands", name="代办一件事", count=n("errands"),
              parts=[part("errands", "代群众预约办理")]),
        Thing(key="mediation", name="矛调一件事", count=n("worked"),
              parts=[part("mediated", "调解的纠纷"), part("settled", "调解成功的纠纷")]),
        Thing(key="information", name="信息一件事", count=n("visits") + n("sentiment"),
              parts=[part("visits", "走访"), part("sentiment", "社情民意")]),
        Thing(key="publicity", name="宣防一件事", count=n("bulletins"),
              parts=[part("bulletins", "发布的警讯")]),
    ]  # fmt: skip
    return PoliceWork(
        person=PersonRef(id=pid, name=name),
        villages=[AreaRef(id=i, name=v) for i, v in villages],
        things=things,
        total=sum(t.count for t in things),
    )
