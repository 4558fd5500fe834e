"""Reading the ledger: my balance, my household's pooled balance, this month's caps, entries."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.identity.access import has_role_over
from jinghutong.models import STAFF_ROLES, Person
from jinghutong.points.ledger.api import balance, household_balance
from jinghutong.points.ledger.awards import month_start
from jinghutong.points.ledger.errors import PersonNotFound
from jinghutong.points.ledger.repository import LedgerRepository
from jinghutong.points.ledger.schemas import EntryOut, EntryPage, KindLeft, MeOut
from jinghutong.points.people import standing
from jinghutong.points.rules.policy import AWARDABLE
from jinghutong.points.rules.repository import RuleBookRepository
from jinghutong.points.rules.schemas import kind_name
from jinghutong.points.rules.service import current_book


def _left(cap: int | None, used: int) -> int | None:
    return None if cap is None else max(0, cap - used)


async def me(session: AsyncSession, person_id: str) -> MeOut:
    where = await standing(session, person_id)
    earned = await LedgerRepository(session).earned_since(person_id, month_start(), AWARDABLE)
    total = sum(earned.values())
    station = await RuleBookRepository(session).station_of(where.area_path)
    book = await current_book(session, station.id) if station is not None else None
    kinds = [
        KindLeft(
            event_kind=rule.event_kind,
            name=kind_name(rule.event_kind),
            earned=earned.get(rule.event_kind, 0),
            cap=rule.monthly_cap,
            left=_left(rule.monthly_cap, earned.get(rule.event_kind, 0)),
        )
        for rule in (book.rules.values() if book else [])
    ]
    pooled = await household_balance(session, where.household_id) if where.household_id else None
    cap = book.monthly_cap if book else None
    return MeOut(
        balance=await balance(session, person_id),
        household_id=where.household_id,
        household_balance=pooled,
        month_earned=total,
        month_cap=cap,
        month_left=_left(cap, total),
        kinds=kinds,
    )


async def entries(
    session: AsyncSession, me_id: str, person_id: str | None, cursor: str | None, limit: int
) -> EntryPage:
    """Mine by default; staff over the person's area read another's (404 for anyone else)."""
    whose = person_id or me_id
    if whose != me_id:
        person = await session.get(Person, whose)
        where = await standing(session, whose) if person is not None else None
        if (
            where is None
            or not where.area_path
            or not await has_role_over(session, me_id, STAFF_ROLES, where.area_path)
        ):
            raise PersonNotFound()
    before = decode_cursor(cursor) if cursor else None
    rows = await LedgerRepository(session).page(whose, before, limit + 1)
    items = [
        EntryOut(
            id=e.id,
            event_kind=e.event_kind,
            name=kind_name(e.event_kind),
            points=e.points,
            reason=e.reason,
            source_type=e.source_type,
            source_id=e.source_id,
            created_at=e.created_at,
        )
        for e in rows[:limit]
    ]
    more = len(rows) > limit
    return EntryPage(items=items, next_cursor=encode_cursor(rows[limit - 1].id) if more else None)
