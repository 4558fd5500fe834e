"""Writing an award under the rule book and its caps (the sweep and approved claims use it).

- Staff earn nothing: anyone holding a STAFF_ROLES grant is evaluated instead (考评).
- The rule of the person's station's active book sets the points (a claim's approver sets them,
  bounded by the rule); the entry keeps that rule's id, so a later change of the book leaves it.
- Caps: per kind per person per calendar month (Asia/Shanghai, by when the entry is written)
  and the book's total of earned points (every AWARDABLE kind together). An award past a cap
  is still written, for the trail, with the points it can still carry — possibly 0 — and a
  reason that says so.
- The person is locked (LedgerRepository.lock_person) before the caps are read, and the entry
  is inserted with ON CONFLICT DO NOTHING on (person_id, award_key): no award is made twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import PointsEntry
from jinghutong.points.ledger.api import append_entry
from jinghutong.points.ledger.repository import LedgerRepository
from jinghutong.points.people import is_staff, standing
from jinghutong.points.rules.policy import AWARDABLE
from jinghutong.points.rules.repository import RuleBookRepository
from jinghutong.points.rules.service import Book, Rule, ensure_book


@dataclass(frozen=True)
class Award:
    person_id: str
    event_kind: str
    award_key: str
    source_type: str
    source_id: str
    reason: str
    points: int | None = None  # None: the rule's points; else at most the rule's
    approved_by: str | None = None
    already: int = 0  # points an award this one supersedes already gave (a clue → 抓获现行)


def month_start(at: datetime | None = None) -> datetime:
    """The start of the calendar month (Asia/Shanghai) that `at` (default: now) falls in."""
    local = (at or clock.now()).astimezone(clock.SHANGHAI)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(UTC)


@dataclass(frozen=True)
class Allowance:
    points: int
    note: str  # why fewer points than the rule gives, or ""


def allowance(wanted: int, rule: Rule, book: Book, earned: dict[str, int]) -> Allowance:
    """How much of `wanted` fits under the kind's cap and the book's total cap this month."""
    points, note = wanted, ""
    if rule.monthly_cap is not None:
        left = max(0, rule.monthly_cap - earned.get(rule.event_kind, 0))
        if left < points:
            points, note = left, f"本月该项积分已达上限{rule.monthly_cap}分"
    if book.monthly_cap is not None:
        left = max(0, book.monthly_cap - sum(earned.values()))
        if left < points:
            points, note = left, f"本月积分已达总上限{book.monthly_cap}分"
    return Allowance(points, note)


async def award(
    session: AsyncSession, item: Award, books: dict[str, Book] | None = None
) -> PointsEntry | None:
    """Write the award (once per person and key) or None: staff, no station, no such rule."""
    if await is_staff(session, item.person_id):
        return None  # staff are evaluated (考评), never awarded points
    where = await standing(session, item.person_id)
    station = await RuleBookRepository(session).station_of(where.area_path)
    if station is None:
        return None
    book = (books or {}).get(station.id) or await ensure_book(session, station.id)
    if books is not None:
        books[station.id] = book
    rule = book.rules.get(item.event_kind)
    if rule is None:  # the station's book gives nothing for this
        return None
    ledger = LedgerRepository(session)
    await ledger.lock_person(item.person_id)
    written = await ledger.by_key(item.person_id, item.award_key)
    if written is not None:
        return written
    wanted = rule.points if item.points is None else min(item.points, rule.points)
    wanted = max(0, wanted - item.already)
    earned = await ledger.earned_since(item.person_id, month_start(), AWARDABLE)
    fits = allowance(wanted, rule, book, earned)
    reason = (
        item.reason if not fits.note else f"{item.reason}（{fits.note}，本次记{fits.points}分）"
    )
    return await append_entry(
        session,
        person_id=item.person_id,
        household_id=where.household_id,
        area_path=where.area_path,
        event_kind=item.event_kind,
        points=fits.points,
        rule_id=rule.id,
        award_key=item.award_key,
        source_type=item.source_type,
        source_id=item.source_id,
        reason=reason[:200],
        approved_by=item.approved_by,
    )
