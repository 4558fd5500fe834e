"""The rule book: read (the active version, or the defaults a station has until it writes one),
created lazily on first use, replaced as a whole by a new version. Entries keep the rule they
were made under (rule_id), so a change applies to new entries only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import PointsRule, PointsRuleBook
from jinghutong.points.rules.defaults import DEFAULT_MONTHLY_CAP, DEFAULT_RULES
from jinghutong.points.rules.errors import BookChangedMeanwhile
from jinghutong.points.rules.policy import check_rule
from jinghutong.points.rules.repository import RuleBookRepository

DEFAULT_NOTE = "默认规则"


@dataclass(frozen=True)
class Rule:
    id: str | None
    event_kind: str
    points: int
    monthly_cap: int | None
    description: str


@dataclass(frozen=True)
class Book:
    id: str | None  # None: the defaults, not yet written for this station
    station_id: str
    version: int
    monthly_cap: int | None
    note: str | None
    rules: dict[str, Rule]


@dataclass(frozen=True)
class RuleSpec:
    event_kind: str
    points: int
    monthly_cap: int | None
    description: str


def _defaults(station_id: str) -> Book:
    rules = {
        r.event_kind: Rule(None, r.event_kind, r.points, r.monthly_cap, r.description)
        for r in DEFAULT_RULES
    }
    return Book(None, station_id, 1, DEFAULT_MONTHLY_CAP, DEFAULT_NOTE, rules)


def _book(row: PointsRuleBook, rules: Sequence[PointsRule]) -> Book:
    by_kind = {
        r.event_kind: Rule(r.id, r.event_kind, r.points, r.monthly_cap, r.description)
        for r in rules
    }
    return Book(row.id, row.station_id, row.version, row.monthly_cap, row.note, by_kind)


async def current_book(session: AsyncSession, station_id: str) -> Book:
    """The station's active book without writing anything (the defaults if it has none)."""
    repo = RuleBookRepository(session)
    row = await repo.active(station_id)
    if row is None:
        return _defaults(station_id)
    return _book(row, await repo.rules(row.id))


async def ensure_book(session: AsyncSession, station_id: str) -> Book:
    """The station's active book, writing the defaults as version 1 if it has none (a second
    worker doing the same at once finds the first one's)."""
    repo = RuleBookRepository(session)
    row = await repo.active(station_id)
    if row is None:
        defaults = [
            RuleSpec(r.event_kind, r.points, r.monthly_cap, r.description) for r in DEFAULT_RULES
        ]
        made = await repo.add_version(station_id, 1, DEFAULT_MONTHLY_CAP, None, DEFAULT_NOTE)
        if made is not None:
            await repo.add_rules(_rules(made, defaults))
        row = await repo.active(station_id)
        assert row is not None
    return _book(row, await repo.rules(row.id))


async def replace_book(
    session: AsyncSession,
    station_id: str,
    author_id: str,
    monthly_cap: int | None,
    note: str | None,
    specs: Sequence[RuleSpec],
) -> Book:
    """A new version of the whole book; the one before it becomes inactive."""
    for index, spec in enumerate(specs):
        check_rule(index, spec.event_kind, spec.points)
    repo = RuleBookRepository(session)
    await ensure_book(session, station_id)
    version = await repo.last_version(station_id) + 1
    book_id = await repo.add_version(station_id, version, monthly_cap, author_id, note)
    if book_id is None:
        raise BookChangedMeanwhile()
    await repo.add_rules(_rules(book_id, specs))
    await repo.retire_others(station_id, book_id)
    return await current_book(session, station_id)


def _rules(book_id: str, specs: Sequence[RuleSpec]) -> list[PointsRule]:
    return [
        PointsRule(
            book_id=book_id,
            event_kind=s.event_kind,
            points=s.points,
            monthly_cap=s.monthly_cap,
            description=s.description,
        )
        for s in specs
    ]
