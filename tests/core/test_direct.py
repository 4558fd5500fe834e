"""core.direct: statements run straight on the driver give what the session gives — the same
processed values (time zones, JSON, encrypted columns, floats), the same column defaults, the
same errors — inside the session's transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import direct
from jinghutong.core.db import Database
from jinghutong.models import Area, Notification, Person
from support.factories import make_person, make_tree

_NOTES = Notification.__table__
_PERSONS = Person.__table__
_AREAS = Area.__table__
_NOTE_BY_ID = select(*_NOTES.columns).where(_NOTES.c.id == bindparam("id"))
_PEOPLE_IN = select(_PERSONS.c.id, _PERSONS.c.phone).where(
    _PERSONS.c.id.in_(bindparam("ids", expanding=True))
)
_AREA_ROW = select(*_AREAS.columns).where(_AREAS.c.id == bindparam("id"))
_RENAME = update(_PERSONS).where(_PERSONS.c.id == bindparam("pid")).values(name=bindparam("nm"))
_INSERT_NOTE = insert(_NOTES)


async def test_rows_match_what_the_session_reads(session: AsyncSession) -> None:
    person = await make_person(session, "村民", phone="13800001111")
    tree = await make_tree(session)
    note = Notification(person_id=person.id, kind="case.assigned", title="标题", link="/c/1")
    session.add(note)
    await session.flush()

    got = await direct.first(session, _NOTE_BY_ID, {"id": note.id})
    expected = (await session.execute(_NOTE_BY_ID, {"id": note.id})).first()
    assert got == tuple(expected)
    created = got[list(_NOTES.columns.keys()).index("created_at")]
    assert created.tzinfo is not None and created.utcoffset() == UTC.utcoffset(None)

    # Encrypted at rest, decrypted on the way out; an IN list of any length.
    people = await direct.rows(session, _PEOPLE_IN, {"ids": [person.id, "nobody"]})
    assert people == [(person.id, "13800001111")]
    assert await direct.rows(session, _PEOPLE_IN, {"ids": [person.id, person.id, "x"]}) == people

    # Floats (PostgreSQL reports their type to pick the processor) and nullable columns.
    area = await direct.first(session, _AREA_ROW, {"id": tree.micro_grid.id})
    assert area == tuple((await session.execute(_AREA_ROW, {"id": tree.micro_grid.id})).first())
    assert await direct.first(session, _AREA_ROW, {"id": "none"}) is None
    assert await direct.scalar(session, _AREA_ROW, {"id": "none"}) is None


async def test_inserts_apply_column_defaults_and_bind_processors(session: AsyncSession) -> None:
    person = await make_person(session, "村民")
    rows = [
        {"person_id": person.id, "kind": "k", "title": f"第{i}条", "id": f"N{i:025d}"}
        for i in (1, 2)
    ]
    await direct.insert_rows(session, _INSERT_NOTE, rows)

    stored = (
        await session.scalars(select(Notification).where(Notification.person_id == person.id))
    ).all()
    assert sorted(n.title for n in stored) == ["第1条", "第2条"]
    # created_at came from the column's Python default, timezone-aware like every time.
    assert all(n.created_at is not None and n.created_at.tzinfo is not None for n in stored)


async def test_a_statement_sees_the_transaction_and_changes_stay_in_it(
    database: Database,
) -> None:
    async with database.session() as s:
        person = await make_person(s, "旧名")
        await direct.execute(s, _RENAME, {"pid": person.id, "nm": "新名"})
        assert await s.scalar(select(Person.name).where(Person.id == person.id)) == "新名"
        pid = person.id
    with pytest.raises(RuntimeError):
        async with database.session() as s:
            await direct.execute(s, _RENAME, {"pid": pid, "nm": "不该留下"})
            raise RuntimeError("the unit of work fails")
    async with database.session(read_only=True) as s:
        assert await s.scalar(select(Person.name).where(Person.id == pid)) == "新名"


async def test_a_session_used_after_commit_runs_in_its_new_transaction(
    database: Database,
) -> None:
    async with database.session() as s:
        person = await make_person(s, "甲")
        await s.commit()  # the driver connection noted for the first transaction is stale now
        await direct.execute(s, _RENAME, {"pid": person.id, "nm": "乙"})
        await s.commit()
        assert (
            await direct.scalar(s, select(_PERSONS.c.name).where(_PERSONS.c.id == person.id), {})
            == "乙"
        )


async def test_driver_errors_are_raised_as_sqlalchemy_errors(database: Database) -> None:
    row = {"person_id": "no-such-person", "kind": "k", "title": "t", "id": "N" * 26}
    with pytest.raises(IntegrityError):  # the foreign key, as the session would report it
        async with database.session() as s:
            await direct.insert_rows(s, _INSERT_NOTE, [row])
    async with database.session(read_only=True) as s:  # nothing half-written
        assert await s.scalar(select(Notification.id).where(Notification.id == "N" * 26)) is None


async def test_attach_gives_a_persistent_object_and_prefers_the_one_held(
    session: AsyncSession,
) -> None:
    tree = await make_tree(session)
    area_id = tree.micro_grid.id
    # The object the session holds wins: no second object for one row.
    row = await direct.first(session, _AREA_ROW, {"id": area_id})
    assert row is not None
    assert direct.attach(session, Area, direct.row_values(row, Area)[0]) is tree.micro_grid

    session.expunge(tree.micro_grid)
    attached = direct.attach(session, Area, direct.row_values(row, Area)[0])
    assert attached is not tree.micro_grid and attached.path == tree.micro_grid.path
    assert attached in session and not session.new and not session.dirty
    attached.name = "改名的网格"  # flushed as an UPDATE, as for a loaded object
    await session.flush()
    assert await session.scalar(select(Area.name).where(Area.id == area_id)) == "改名的网格"


async def test_pending_objects_are_flushed_first_unless_autoflush_is_off(
    session: AsyncSession,
) -> None:
    person = Person(name="刚加的")
    session.add(person)
    by_name = select(_PERSONS.c.id).where(_PERSONS.c.name == bindparam("nm"))
    with session.no_autoflush:
        await direct.flush_pending(session)
        assert await direct.scalar(session, by_name, {"nm": "刚加的"}) is None
    await direct.flush_pending(session)
    assert await direct.scalar(session, by_name, {"nm": "刚加的"}) == person.id
