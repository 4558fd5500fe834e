"""Deferred statements on PostgreSQL (psycopg): what nobody waits for travels with whatever the
connection sends next, in one round trip.

Each round trip costs the server about 150 µs of CPU (a socket send, a poll registration, the
wake-up) — more than most statements. Two kinds of statement need no answer of their own:
- the transaction's BEGIN (`defer_begin`): it goes with the transaction's first statement;
- writes whose outcome nobody reads before the commit (core.direct's `defer`, `defer_rows`):
  a case report's INSERTs and its idempotency answer go with the COMMIT.

They wait in a queue kept with the connection, and are sent as one string of statements: the
values bound by psycopg's own client-side binding (`ClientCursor.mogrify`, the quoting and
adaptation its `ClientCursor` executes with), by the simple query protocol. (A pipeline would
send them together too, but psycopg's polls the socket after every statement, which costs
nearly as much as the round trips saved.)

Nothing overtakes a queued statement: a statement of core.direct carries the queue in front
of it; every other statement on the connection (ORM, Core, savepoints) sends the queue first,
the commit carries it; a rollback drops it. A queued statement's error is raised by whatever
sent it — at the latest the commit, so the transaction fails as a whole, as it would have."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

from jinghutong.core.statements import Plan, processed, raised, result_processors

BEGIN = "BEGIN"
_QUEUE = "deferred.queue"


@dataclass(slots=True)
class Queue:
    """Statements waiting for the connection's next round trip: (SQL, values, many); values
    None for a statement without parameters."""

    driver: Any
    dialect: Dialect
    items: list[tuple[str, Any, bool]]

    @property
    def waiting(self) -> bool:
        return bool(self.items)


def queue_of(info: dict[Any, Any], driver: Any, dialect: Dialect) -> Queue:
    """The queue of the connection whose `info` this is (made on first use)."""
    queue: Queue | None = info.get(_QUEUE)
    if queue is None or queue.driver is not driver:
        queue = info[_QUEUE] = Queue(driver, dialect, [])
    return queue


def _script(
    driver: Any,
    items: list[tuple[str, Any, bool]],
    then: Sequence[tuple[str, Any]],
    commit: bool,
) -> list[str]:
    from psycopg import AsyncClientCursor  # only ever here with psycopg

    binder = AsyncClientCursor(driver)
    script = []
    for sql, values, many in items:
        if values is None:
            script.append(sql)
            continue
        script.extend(binder.mogrify(sql, one) for one in (values if many else [values]))
    script.extend(binder.mogrify(sql, values) for sql, values in then)
    if commit:
        script.append("COMMIT")  # the dialect's commit then finds the transaction over
    return script


async def send(
    queue: Queue,
    *,
    commit: bool = False,
    then: Sequence[tuple[tuple[str, Any], Plan | None]] = (),
) -> list[list[tuple[Any, ...]]]:
    """Everything queued, then each of `then` ((SQL, values), and the plan to process its
    rows by, or None for a statement whose rows are not wanted), then the COMMIT if asked:
    one round trip. Returns the rows of each of `then`."""
    if commit and not then and queue.items == [(BEGIN, None, False)]:
        queue.items.clear()  # a transaction that never did anything: nothing to send
        return []
    sent, queue.items = queue.items, []
    driver, dialect = queue.driver, queue.dialect
    cursor = driver.cursor()
    found: list[list[tuple[Any, ...]]] = []
    try:
        # Binding may refuse a value (a NUL in text): raised as the driver's errors are.
        script = _script(driver, sent, [statement for statement, _ in then], commit)
        await cursor.execute(";\n".join(script), prepare=False)
        if then:
            for _ in range(len(script) - len(then) - commit):  # one result per statement
                cursor.nextset()
            for index, (_, plan) in enumerate(then):
                if index:
                    cursor.nextset()
                if plan is None:
                    found.append([])
                    continue
                rows = await cursor.fetchall()
                found.append(processed(result_processors(plan, dialect, cursor), rows))
    except dialect.loaded_dbapi.Error as error:
        if commit:
            # A COMMIT that fails ends the transaction; SQLAlchemy counts on that and will not
            # roll back a connection whose commit it saw fail.
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                await driver.rollback()
        statements = [item[0] for item in sent] + [sql for (sql, _), _ in then]
        raise raised(driver, dialect, ";\n".join(statements), None, error) from error
    finally:
        await cursor.close()
    return found


def defer_begin(engine: AsyncEngine) -> None:
    """`engine`'s transactions begin with a queued BEGIN, sent with their first statement:
    psycopg runs in autocommit mode (so it sends no BEGIN of its own, in a round trip of its
    own) and the transaction block is ours. Commit and rollback are psycopg's as ever: it
    sends them when the server says a transaction is open."""

    @event.listens_for(engine.sync_engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.autocommit = True

    @event.listens_for(engine.sync_engine, "begin")
    def _queue_begin(conn: Connection) -> None:
        driver = conn.connection.driver_connection
        # Whatever a finished transaction left behind is void: this one starts clean.
        queue_of(conn.info, driver, conn.dialect).items[:] = [(BEGIN, None, False)]


# The connection's events keep queued statements in order with everything else (all of
# SQLAlchemy's own execution on an async engine runs in a greenlet: `await_only` works there).


def _waiting(conn: Connection) -> Queue | None:
    queue: Queue | None = conn.info.get(_QUEUE) if conn.info else None
    return queue if queue is not None and queue.items else None


@event.listens_for(Engine, "before_cursor_execute")
def _send_before_statement(conn: Connection, *_: Any) -> None:
    if (queue := _waiting(conn)) is not None:
        await_only(send(queue))


@event.listens_for(Engine, "savepoint")
@event.listens_for(Engine, "release_savepoint")
def _send_before_savepoint(conn: Connection, *_: Any) -> None:
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
