"""Deferred statements on PostgreSQL (psycopg): what nobody waits for travels with whatever the
connection sends next, in one round trip.

Each round trip costs the client 90–100 µs of CPU whatever the statement (psycopg's send, poll
registration and wake-up; measured with `SELECT 1` on this project's machines), more than most
statements. Several kinds of statement need no round trip of their own:
- the transaction's BEGIN (`defer_begin`): it goes with the transaction's first statement;
- writes whose outcome nobody reads before the commit (core.direct's `defer`, `defer_rows`):
  a case report's INSERTs and its idempotency answer go with the COMMIT;
- statements whose answer is wanted, but later (core.direct's `defer_fetch`: a report's
  idempotency claim goes with its first read), and reads that do not need each other's rows
  (core.direct's `rows_together`).

They wait in a queue kept with the connection, and are sent as one string of statements by the
simple query protocol, each value written as a literal by psycopg's own adaptation
(`Transformer.as_literal`, what its `ClientCursor` quotes with; `_Literals` below). (A pipeline
would send them together too, but psycopg's polls the socket after every statement, which costs
nearly as much as the round trips saved.)

Every statement of core.direct is sent this way on PostgreSQL, and prepared by name on the
connection the first time (`PREPARE`, then `EXECUTE` with the literals; `_Literals`): the
server parses and plans it once per connection. Measured for a text report (in-process, 64
concurrent): PostgreSQL's CPU 1.7–1.9 → 0.9–1.0 ms (planning the routing reads was most of
it). psycopg's own preparing is turned off on these connections: it runs `DEALLOCATE ALL`
whenever it sees a ROLLBACK (a savepoint's included) while it holds prepared statements of its
own, which would drop ours. The ORM's statements (not core.direct's) are therefore planned
each time they run; the hot paths use core.direct.

Nothing overtakes a queued statement: a statement of core.direct carries the queue in front
of it; every other statement on the connection (ORM, Core, savepoints) sends the queue first,
the commit carries it; a rollback drops it. A queued statement's error is raised by whatever
sent it — at the latest the commit, so the transaction fails as a whole, as it would have."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

from jinghutong.core.statements import Plan, processed, raised, result_processors

BEGIN = "BEGIN"
_QUEUE = "deferred.queue"


@dataclass(slots=True)
class Answer:
    """The rows of a queued statement, processed by `plan`: None until the queue is sent."""

    plan: Plan
    rows: list[tuple[Any, ...]] | None = None


@dataclass(slots=True)
class Item:
    """A queued statement: its SQL and values (None: no parameters; a list with `many`: once
    per set), and where its rows go when they are wanted."""

    sql: str
    values: Any
    many: bool = False
    answer: Answer | None = None


class _Literals:
    """Statements with their values written in as SQL literals, as psycopg's `ClientCursor`
    would send them — the quoting is psycopg's (`Transformer.as_literal`: its escaping, through
    libpq, and its adapters) — with one transformer kept for the connection's life, so each
    type's adapter is looked up once, not once per statement (`ClientCursor.mogrify` makes a
    new one per call: measured at 40 % of a report's binding time). Placeholders are
    SQLAlchemy's pyformat (`%(name)s`, a literal `%` written `%%`).

    Each statement is prepared on the connection the first time it is sent (`PREPARE jht_N AS
    …` with `$n` parameters, in the same script) and sent as `EXECUTE jht_N(literal, …)` from
    then on: the server parses and plans it once per connection, not once per request
    (planning was ~0.6 ms of PostgreSQL's ~2.3 ms per case report). Names are never reused: a
    script that failed may or may not have run its PREPAREs, so the statements it introduced
    get new names next time (`forget`); an orphan costs the server a little memory until the
    connection closes. psycopg's own preparing is off on these connections (`defer_begin`):
    it runs `DEALLOCATE ALL` whenever it sees a ROLLBACK while it holds prepared statements,
    which would drop ours."""

    def __init__(self, driver: Any) -> None:
        from psycopg.adapt import Transformer  # only ever here with psycopg

        self._literal = Transformer(driver).as_literal
        self.encoding: str = driver.info.encoding
        self._named: dict[str, tuple[bytes, tuple[str, ...]]] = {}  # SQL → (EXECUTE …, names)
        self._next_name = 0

    def prepare(self, sql: str) -> bytes | None:
        """The PREPARE `sql` needs before its first EXECUTE on this connection, or None."""
        if sql in self._named:
            return None
        name = f"jht_{self._next_name}"
        self._next_name += 1
        body, names = _numbered(sql)
        execute = f"EXECUTE {name}" + ("(" if names else "")
        self._named[sql] = (execute.encode(self.encoding), names)
        return f"PREPARE {name} AS {body}".encode(self.encoding)

    def execute(self, sql: str, values: dict[str, Any]) -> bytes:
        """`sql`'s EXECUTE with `values` (after its `prepare`)."""
        execute, names = self._named[sql]
        if not names:
            return execute
        return execute + b", ".join(self._values(names, values)) + b")"

    def forget(self, sqls: Sequence[str]) -> None:
        for sql in sqls:
            self._named.pop(sql, None)

    def _values(self, names: tuple[str, ...], values: dict[str, Any]) -> tuple[bytes, ...]:
        literal = self._literal
        return tuple(
            b"NULL" if (value := values[name]) is None else literal(value) for name in names
        )


_PLACEHOLDER = re.compile(r"%%|%\(([^)]+)\)s")


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """`sql` with `$n` parameters (each name once, numbered in order of first use) and a
    literal `%` for `%%`; and the names, in parameter order."""
    names: list[str] = []

    def numbered(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PLACEHOLDER.sub(numbered, sql), tuple(names)


@dataclass(slots=True)
class Queue:
    """Statements waiting for the connection's next round trip."""

    driver: Any
    dialect: Dialect
    items: list[Item]
    literals: _Literals | None = field(default=None, repr=False)  # made on first use

    @property
    def waiting(self) -> bool:
        return bool(self.items)


def queue_of(info: dict[Any, Any], driver: Any, dialect: Dialect) -> Queue:
    """The queue of the connection whose `info` this is (made on first use)."""
    queue: Queue | None = info.get(_QUEUE)
    if queue is None or queue.driver is not driver:
        queue = info[_QUEUE] = Queue(driver, dialect, [])
    return queue


@dataclass(slots=True)
class _Script:
    """One round trip's statements, and how many PREPAREs stand before each item's first
    result (their own results are skipped)."""

    sql: bytes
    prepares: list[int]
    introduced: list[str]  # statements prepared by this script


def _script(queue: Queue, items: list[Item], commit: bool) -> _Script:
    literals = queue.literals
    if literals is None:
        literals = queue.literals = _Literals(queue.driver)
    statements: list[bytes] = []
    prepares: list[int] = []
    introduced: list[str] = []
    try:
        for item in items:
            if item.values is None:  # BEGIN: nothing to prepare
                statements.append(item.sql.encode(literals.encoding))
                prepares.append(0)
                continue
            prepare = literals.prepare(item.sql)
            if prepare is not None:
                statements.append(prepare)
                introduced.append(item.sql)
            prepares.append(0 if prepare is None else 1)
            values = item.values if item.many else [item.values]
            statements.extend(literals.execute(item.sql, one) for one in values)
    except Exception:  # a value psycopg refuses (a NUL in text): nothing was sent
        literals.forget(introduced)
        raise
    if commit:
        statements.append(b"COMMIT")  # the dialect's commit then finds the transaction over
    return _Script(b";\n".join(statements), prepares, introduced)


async def send(
    queue: Queue,
    *,
    commit: bool = False,
    then: Sequence[tuple[tuple[str, Any], Plan | None]] = (),
) -> list[list[tuple[Any, ...]]]:
    """Everything queued, then each of `then` ((SQL, values), and the plan to process its
    rows by, or None for a statement whose rows are not wanted), then the COMMIT if asked:
    one round trip. Fills in the queued statements' answers; returns the rows of `then`'s."""
    if commit and not then and len(queue.items) == 1 and queue.items[0].sql == BEGIN:
        queue.items.clear()  # a transaction that never did anything: nothing to send
        return []
    answers = [Answer(plan) if plan is not None else None for _, plan in then]
    after = zip(then, answers, strict=True)
    items = queue.items + [Item(sql, values, answer=answer) for ((sql, values), _), answer in after]
    queue.items = []
    driver, dialect = queue.driver, queue.dialect
    cursor = driver.cursor()
    script = None
    try:
        # Binding may refuse a value (a NUL in text): raised as the driver's errors are.
        script = _script(queue, items, commit)
        await cursor.execute(script.sql, prepare=False)
        if any(item.answer is not None for item in items):
            # Each statement has one result, in order (a PREPARE's is skipped).
            for item, prepares in zip(items, script.prepares, strict=True):
                for _ in range(prepares):
                    cursor.nextset()
                if item.answer is not None:
                    rows = await cursor.fetchall()
                    processors = result_processors(item.answer.plan, dialect, cursor)
                    item.answer.rows = processed(processors, rows)
                for _ in range(len(item.values) if item.many else 1):
                    cursor.nextset()
    except dialect.loaded_dbapi.Error as error:
        if script is not None and queue.literals is not None:
            queue.literals.forget(script.introduced)
        if commit:
            # A COMMIT that fails ends the transaction; SQLAlchemy counts on that and will not
            # roll back a connection whose commit it saw fail.
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                await driver.rollback()
        sql = ";\n".join(item.sql for item in items)
        raise raised(driver, dialect, sql, None, error) from error
    finally:
        await cursor.close()
    return [answer.rows or [] if answer is not None else [] for answer in answers]


def defer_begin(engine: AsyncEngine) -> None:
    """`engine`'s transactions begin with a queued BEGIN, sent with their first statement:
    psycopg runs in autocommit mode (so it sends no BEGIN of its own, in a round trip of its
    own) and the transaction block is ours. Commit and rollback are psycopg's as ever: it
    sends them when the server says a transaction is open. (An isolation level other than
    the server's default would have to be named in this BEGIN: none is used.)"""

    @event.listens_for(engine.sync_engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.autocommit = True
        # Statements are prepared by name by the scripts (`_Literals`), not by psycopg.
        dbapi_connection.driver_connection.prepare_threshold = None

    @event.listens_for(engine.sync_engine, "begin")
    def _queue_begin(conn: Connection) -> None:
        driver = conn.connection.driver_connection
        # Whatever a finished transaction left behind is void: this one starts clean.
        queue_of(conn.info, driver, conn.dialect).items[:] = [Item(BEGIN, None)]


# The connection's events keep queued statements in order with everything else (all of
# SQLAlchemy's own execution on an async engine runs in a greenlet: `await_only` works there).


def _waiting(conn: Connection) -> Queue | None:
    queue: Queue | None = conn.info.get(_QUEUE) if conn.info else None
    return queue if queue is not None and queue.items else None


@event.listens_for(Engine, "before_cursor_execute")
@event.listens_for(Engine, "savepoint")
@event.listens_for(Engine, "release_savepoint")
def _send_first(conn: Connection, *_: Any) -> None:
    if (queue := _waiting(conn)) is not None:
        await_only(send(queue))


@event.listens_for(Engine, "commit")
def _send_with_commit(conn: Connection) -> None:
    if (queue := _waiting(conn)) is not None:
        await_only(send(queue, commit=True))


@event.listens_for(Engine, "rollback")
@event.listens_for(Engine, "rollback_savepoint")
def _drop_on_rollback(conn: Connection, *_: Any) -> None:
    # To a savepoint: only what came after it is queued (making it sent the queue).
    if (queue := _waiting(conn)) is not None:
        queue.items.clear()
