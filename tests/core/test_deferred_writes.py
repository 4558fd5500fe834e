"""core.direct's deferred writes: on PostgreSQL they wait for the connection's next round trip
and travel with it (at the latest, with the COMMIT, in one round trip); on SQLite they run at
once. Either way nothing overtakes them, a rollback drops them, and their errors fail the
transaction. Committed for real (a Database of its own, not the test's rolled-back one), so
every test removes what it wrote."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import psycopg
import pytest
from psycopg import AsyncClientCursor
from psycopg.types.json import Jsonb
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError

from jinghutong.core import deferred, direct
from jinghutong.core.db import Database
from jinghutong.core.ids import new_id
from jinghutong.models import Notification, Person

_NOTES = Notification.__table__
_PERSONS = Person.__table__
_INSERT_NOTE = insert(_NOTES)
_RETITLE = update(_NOTES).where(_NOTES.c.id == bindparam("nid")).values(title=bindparam("title"))
_TITLE = select(_NOTES.c.title).where(_NOTES.c.id == bindparam("nid"))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
async def person_id(db: Database) -> AsyncIterator[str]:
    async with db.session() as s:
        person = Person(name="延后写入")
        s.add(person)
        await s.flush()
        pid = person.id
    yield pid
    async with db.session() as s:
        await s.execute(delete(Notification).where(Notification.person_id == pid))
        await s.execute(delete(Person).where(Person.id == pid))


def _note(person_id: str, title: str) -> dict[str, object]:
    return {"id": new_id(), "person_id": person_id, "kind": "k", "title": title}


async def _titles(db: Database, person_id: str) -> list[str]:
    async with db.session(read_only=True) as s:
        found = await s.scalars(
            select(Notification.title).where(Notification.person_id == person_id)
        )
        return sorted(found)


async def test_deferred_writes_are_committed_in_order(db: Database, person_id: str) -> None:
    rows = [_note(person_id, "一"), _note(person_id, "二")]
    async with db.session() as s:
        await direct.defer_rows(s, _INSERT_NOTE, rows)
        # The UPDATE must find the rows the INSERT before it wrote.
        await direct.defer(s, _RETITLE, {"nid": rows[1]["id"], "title": "二（改）"})
    assert await _titles(db, person_id) == ["一", "二（改）"]


async def test_every_later_statement_sees_them(db: Database, person_id: str) -> None:
    row = _note(person_id, "先写的")
    async with db.session() as s:
        await direct.defer_rows(s, _INSERT_NOTE, [row])
        assert await direct.scalar(s, _TITLE, {"nid": row["id"]}) == "先写的"  # direct
        await direct.defer(s, _RETITLE, {"nid": row["id"], "title": "改过"})
        assert await s.scalar(select(Notification.title)) is not None  # the session's own
        assert await s.scalar(select(Notification.title).where(Notification.id == row["id"])) == (
            "改过"
        )
        await direct.defer(s, _RETITLE, {"nid": row["id"], "title": "再改"})
        # An ORM flush that depends on the deferred row (the foreign key) comes after it.
        s.add(Notification(person_id=person_id, kind="k", title="ORM 加的"))
        await s.flush()
        await direct.defer(s, _RETITLE, {"nid": row["id"], "title": "最后"})
        async with s.begin_nested():  # a savepoint sends them first too
            assert await s.scalar(_TITLE, {"nid": row["id"]}) == "最后"
    assert await _titles(db, person_id) == ["ORM 加的", "最后"]


async def test_a_rollback_drops_them_and_they_never_leak_into_the_next_transaction(
    db: Database, person_id: str
) -> None:
    with pytest.raises(RuntimeError):
        async with db.session() as s:
            await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "不该留下")])
            raise RuntimeError("the unit of work fails")
    async with db.session() as s:  # very likely the same pooled connection
        await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "留下")])
    assert await _titles(db, person_id) == ["留下"]


async def test_a_rolled_back_savepoint_drops_only_what_came_after_it(
    db: Database, person_id: str
) -> None:
    async with db.session() as s:
        await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "之前")])
        savepoint = await s.begin_nested()
        await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "之后")])
        await savepoint.rollback()
    assert await _titles(db, person_id) == ["之前"]


async def test_a_failing_deferred_write_fails_the_commit_and_nothing_is_kept(
    db: Database, person_id: str
) -> None:
    with pytest.raises(IntegrityError):  # the foreign key, as SQLAlchemy reports it
        async with db.session() as s:
            await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "好的")])
            await direct.defer_rows(s, _INSERT_NOTE, [_note("no-such-person", "坏的")])
    assert await _titles(db, person_id) == []
    async with db.session() as s:  # the connection is usable afterwards
        await direct.defer_rows(s, _INSERT_NOTE, [_note(person_id, "再来")])
    assert await _titles(db, person_id) == ["再来"]


async def test_a_failing_deferred_write_fails_the_next_statement_of_the_session(
    db: Database, person_id: str
) -> None:
    with pytest.raises(IntegrityError):
        async with db.session() as s:
            await direct.defer_rows(s, _INSERT_NOTE, [_note("no-such-person", "坏的")])
            await s.scalar(select(Person.name).where(Person.id == person_id))  # sends it
    assert await _titles(db, person_id) == []


async def test_values_are_bound_safely(db: Database, person_id: str) -> None:
    """PostgreSQL binds the deferred values client-side: quotes, backslashes, percent signs
    and placeholders in the text are data, never SQL."""
    nasty = "它's 100% \\ %(title)s ); DROP TABLE persons; --"
    row = _note(person_id, nasty)
    async with db.session() as s:
        await direct.defer_rows(s, _INSERT_NOTE, [row])
    assert await _titles(db, person_id) == [nasty]


async def test_on_postgresql_statements_are_prepared_once_and_outlive_rollbacks(
    database_url: str, person_id: str, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each statement is prepared by name once per connection; psycopg's own preparing is
    off, so no ROLLBACK it sees (a savepoint's, a session's, a failed commit's) drops ours;
    a script that failed gives the statements it introduced new names."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite prepares nothing of ours")
    sent: list[str] = []
    execute = psycopg.AsyncCursor.execute

    async def recording(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.extend((query.decode() if isinstance(query, bytes) else str(query)).split(";\n"))
        return await execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.AsyncCursor, "execute", recording)
    one = Database(database_url, pool_size=1)  # one connection: every session on it
    move = update(_NOTES).where(_NOTES.c.id == bindparam("nid")).values(person_id=bindparam("pid"))
    rows = [_note(person_id, title) for title in ("一", "二", "三")]
    try:
        async with one.session() as s:
            await direct.defer_rows(s, _INSERT_NOTE, [rows[0]])
        async with one.session() as s:  # a savepoint rolled back, psycopg sees ROLLBACK
            savepoint = await s.begin_nested()
            for _ in range(6):  # often enough for psycopg's preparing, were it on
                await s.execute(select(_PERSONS.c.name))
            await savepoint.rollback()
            await direct.defer_rows(s, _INSERT_NOTE, [rows[1]])
        with pytest.raises(RuntimeError):
            async with one.session() as s:  # the session rolled back
                await direct.first(s, _TITLE, {"nid": rows[0]["id"]})
                raise RuntimeError("the unit of work fails")
        with pytest.raises(IntegrityError):  # a new statement whose script fails
            async with one.session() as s:
                await direct.defer(s, move, {"nid": rows[0]["id"], "pid": "no-such-person"})
        with pytest.raises(DataError):  # a new statement with a value psycopg will not write
            async with one.session() as s:
                await direct.defer(s, _RETITLE, {"nid": rows[0]["id"], "title": "空\x00字符"})
        async with one.session() as s:
            await direct.defer_rows(s, _INSERT_NOTE, [rows[2]])
            await direct.defer(s, move, {"nid": rows[0]["id"], "pid": person_id})
            assert await direct.scalar(s, _TITLE, {"nid": rows[1]["id"]}) == "二"
            await direct.defer(s, _RETITLE, {"nid": rows[1]["id"], "title": "二（改）"})
    finally:
        monkeypatch.undo()
        await one.dispose()
    assert await _titles(db, person_id) == ["一", "三", "二（改）"]
    prepared = [statement.split()[1] for statement in sent if statement.startswith("PREPARE")]
    inserts = [s for s in sent if s.startswith("PREPARE") and "INSERT INTO notifications" in s]
    moves = [s for s in sent if s.startswith("PREPARE") and "SET person_id" in s]
    retitles = [s for s in sent if s.startswith("PREPARE") and "SET title" in s]
    assert len(retitles) == 1  # the refused value's script never went: prepared when it did
    assert len(inserts) == 1  # prepared once, executed three times
    assert len(moves) == 2 and moves[0].split()[1] != moves[1].split()[1]  # renamed
    assert len(prepared) == len(set(prepared))  # no name ever prepared twice
    assert not any(s.startswith("DEALLOCATE") for s in sent)


async def test_values_are_written_as_psycopg_would_write_them(database_url: str) -> None:
    """A statement is prepared once with `$n` parameters, and each value of its EXECUTE is
    written as psycopg's own ClientCursor.mogrify writes it, for every kind of value the
    models bind; only the transformer is kept for the connection's life."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite binds on the server")
    sql = (
        "SELECT %(text)s::text, %(quote)s::text, %(none)s::text, %(n)s::int, %(x)s::float8, "
        "%(yes)s::bool, %(at)s::timestamptz, %(doc)s::jsonb, %(money)s::numeric, "
        "%(tags)s::text[], %(text)s::text, '100%%' AS pct"
    )
    values = {
        "text": "它's 100% \\ %(n)s %s $1",
        "quote": "'); DROP TABLE persons; --",
        "none": None,
        "n": -42,
        "x": 1.5,
        "yes": True,
        "at": datetime(2026, 11, 29, 6, 8, 58, 236169, tzinfo=UTC),
        "doc": Jsonb({"案": ["一", 2, None]}),
        "money": Decimal("12.30"),
        "tags": ["a", "b'"],
    }
    driver = await psycopg.AsyncConnection.connect(
        database_url.replace("+psycopg", ""), autocommit=True
    )
    try:
        literals = deferred._Literals(driver)
        prepare = literals.prepare(sql)
        assert literals.prepare(sql) is None  # once per connection
        assert prepare is not None and prepare.decode() == (
            "PREPARE jht_0 AS SELECT $1::text, $2::text, $3::text, $4::int, $5::float8, "
            "$6::bool, $7::timestamptz, $8::jsonb, $9::numeric, $10::text[], $1::text, "
            "'100%' AS pct"
        )
        each = [
            AsyncClientCursor(driver).mogrify("%(v)s", {"v": value}) for value in values.values()
        ]
        execute = literals.execute(sql, values)
        assert execute.decode() == "EXECUTE jht_0(" + ", ".join(each) + ")"
        assert literals.execute(sql, values) == execute  # the kept transformer again
        cursor = driver.cursor()
        await cursor.execute(prepare)
        await cursor.execute(execute)
        row = await cursor.fetchone()
        assert row is not None
        assert row[:3] == (values["text"], values["quote"], None)
        assert row[3:6] == (-42, 1.5, True) and row[6] == values["at"]
        assert row[7] == {"案": ["一", 2, None]} and row[8] == values["money"]
        assert row[9:] == (["a", "b'"], values["text"], "100%")
    finally:
        await driver.close()


async def test_on_postgresql_the_writes_and_the_commit_are_one_round_trip(
    db: Database, person_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs a deferred write at once: nothing to travel with")
    sent: list[str] = []
    execute = psycopg.AsyncCursor.execute

    async def counting(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(query.decode() if isinstance(query, bytes) else str(query))
        return await execute(self, query, *args, **kwargs)

    rows = [_note(person_id, "一"), _note(person_id, "二")]
    async with db.session() as s:
        await s.scalar(select(_PERSONS.c.id).where(_PERSONS.c.id == person_id))  # begun
        monkeypatch.setattr(psycopg.AsyncCursor, "execute", counting)
        await direct.defer_rows(s, _INSERT_NOTE, rows)
        await direct.defer(s, _RETITLE, {"nid": rows[0]["id"], "title": "一（改）"})
        assert sent == []  # nothing sent yet
    monkeypatch.undo()
    assert len(sent) == 1 and sent[0].endswith("COMMIT")
    assert await _titles(db, person_id) == ["一（改）", "二"]


async def test_reads_together_see_the_queue_and_on_postgresql_share_its_round_trip(
    db: Database, person_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    execute = psycopg.AsyncCursor.execute

    async def counting(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(query.decode() if isinstance(query, bytes) else str(query))
        return await execute(self, query, *args, **kwargs)

    row = _note(person_id, "一起读")
    by_person = select(_NOTES.c.title).where(_NOTES.c.person_id == bindparam("pid"))
    name = select(_PERSONS.c.name).where(_PERSONS.c.id == bindparam("pid"))
    async with db.session() as s:
        await s.scalar(select(_PERSONS.c.id).where(_PERSONS.c.id == person_id))  # begun
        monkeypatch.setattr(psycopg.AsyncCursor, "execute", counting)
        await direct.defer_rows(s, _INSERT_NOTE, [row])
        found = await direct.rows_together(
            s, [(by_person, {"pid": person_id}), (name, {"pid": person_id})]
        )
        assert found == [[("一起读",)], [("延后写入",)]]
        monkeypatch.undo()
    if db.dialect == "postgresql":
        assert len(sent) == 1  # the INSERT and both reads
