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

The price is on the server: a script's statements are parsed and planned on every request,
where psycopg's own prepared statements were planned once per connection. Measured for a text
report (in-process, 8 concurrent): the API's CPU 3.8–4.0 → 2.6–2.7 ms, PostgreSQL's 1.3–1.4 →
1.9–2.0 ms; together 12 % less, and the database, the part a province shares, 45 % more. At a
province's report rates that is far from the database's limits; preparing the scripts'
statements by name (`PREPARE`/`EXECUTE`) would win it back, but psycopg runs `DEALLOCATE ALL`
whenever it sees a ROLLBACK (a savepoint's included) while it holds prepared statements of its
own, so such names must be forgotten with psycopg's — not done yet.

Nothing overtakes a queued statement: a statement of core.direct carries the queue in front
of it; every other statement on the connection (ORM, Core, savepoints) sends the queue first,
the commit carries it; a rollback drops it. A queued statement's error is raised by whatever
sent it — at the latest the commit, so the transaction fails as a whole, as it would have."""

from __future__ import annotations

import contextlib
import functools
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
    """A statement with its values written in as SQL literals, as psycopg's `ClientCursor`
    would send it — the quoting is psycopg's (`Transformer.as_literal`: its escaping, through
    libpq, and its adapters) — but with one transformer kept for the connection's life, so each
    type's adapter is looked up once, not once per statement (`ClientCursor.mogrify` makes a
    new one per call: measured at 40 % of a report's binding time). Placeholders are
    SQLAlchemy's pyformat (`%(name)s`, a literal `%` written `%%`): each is replaced in one
    pass of bytes formatting, so nothing in a value is ever read as a placeholder."""

    def __init__(self, driver: Any) -> None:
        from psycopg.adapt import Transformer  # only ever here with psycopg

        self._literal = Transformer(driver).as_literal
        self.encoding: str = driver.info.encoding

    def bind(self, sql: str, values: dict[str, Any]) -> bytes:
        template, names = _template(sql, self.encoding)
        literal = self._literal
        return template % tuple(
            b"NULL" if (value := values[name]) is None else literal(value) for name in names
        )


_PLACEHOLDER = re.compile(r"%%|%\(([^)]+)\)s")


@functools.lru_cache(maxsize=1024)
def _template(sql: str, encoding: str) -> tuple[bytes, tuple[str, ...]]:
    """`sql` with its placeholders as positional `%s` (bytes formatting), and their names in
    order. A `%` that is neither `%%` nor a placeholder is refused by the formatting."""
    names: list[str] = []

    def positional(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "%%"
        names.append(match.group(1))
        return "%s"

    return _PLACEHOLDER.sub(positional, sql).encode(encoding), tuple(names)


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


def _script(queue: Queue, items: list[Item], commit: bool) -> bytes:
    literals = queue.literals
    if literals is None:
        literals = queue.literals = _Literals(queue.driver)
    script = []
    for item in items:
        if item.values is None:
            script.append(item.sql.encode(literals.encoding))
            continue
        values = item.values if item.many else [item.values]
        script.extend(literals.bind(item.sql, one) for one in values)
    if commit:
        script.append(b"COMMIT")  # the dialect's commit then finds the transaction over
    return b";\n".join(script)


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
    try:
        # Binding may refuse a value (a NUL in text): raised as the driver's errors are.
        await cursor.execute(_script(queue, items, commit), prepare=False)
        if any(item.answer is not None for item in items):
            for item in items:  # each statement has one result, in order
                if item.answer is not None:
                    rows = await cursor.fetchall()
                    processors = result_processors(item.answer.plan, dialect, cursor)
                    item.answer.rows = processed(processors, rows)
                for _ in range(len(item.values) if item.many else 1):
                    cursor.nextset()
    except dialect.loaded_dbapi.Error as error:
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
