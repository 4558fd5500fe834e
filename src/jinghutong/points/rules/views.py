"""The rule book endpoints' work: who is asking, the book, its wire shape."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.points.rules.auth import station_for_keeper, station_for_reader
from jinghutong.points.rules.errors import DuplicateRule
from jinghutong.points.rules.schemas import RuleBookIn, RuleBookOut, RuleOut, kind_name
from jinghutong.points.rules.service import Book, RuleSpec, current_book, replace_book


def book_out(book: Book) -> RuleBookOut:
    return RuleBookOut(
        station_id=book.station_id,
        version=book.version,
        monthly_cap=book.monthly_cap,
        note=book.note,
        rules=[
            RuleOut(
                event_kind=r.event_kind,
                name=kind_name(r.event_kind),
                points=r.points,
                monthly_cap=r.monthly_cap,
                description=r.description,
            )
            for r in book.rules.values()
        ],
    )


async def read(session: AsyncSession, person_id: str, station_id: str | None) -> RuleBookOut:
    station = await station_for_reader(session, person_id, station_id)
    return book_out(await current_book(session, station.id))


async def replace(
    session: AsyncSession, person_id: str, station_id: str | None, body: RuleBookIn
) -> RuleBookOut:
    station = await station_for_keeper(session, person_id, station_id)
    seen: set[str] = set()
    for index, rule in enumerate(body.rules):
        if rule.event_kind in seen:
            raise DuplicateRule(fields={f"rules[{index}].event_kind": "重复"})
        seen.add(rule.event_kind)
    specs = [RuleSpec(r.event_kind, r.points, r.monthly_cap, r.description) for r in body.rules]
    book = await replace_book(session, station.id, person_id, body.monthly_cap, body.note, specs)
    return book_out(book)
