"""Running the hottest statements straight on the driver's connection, inside the session's
transaction.

A statement run through `AsyncSession.execute` crosses into a greenlet, is looked up in the
compiled cache by a freshly generated cache key, gets an execution context, a cursor wrapper
and a result object. For one indexed statement that costs 80–100 µs of CPU on SQLite and
about 340 µs on PostgreSQL, where the driver alone needs 18 and 130 µs (measured on this
project's two-core machines); a case report runs nine of them. Here a statement built once at
import is compiled once per dialect, and each call only fills in its parameters (the same
bind and result processors, column defaults and SQL the session would use) and runs it on the
connection the session's transaction already holds.

What it does not do, and why that is fine for the statements that use it:
- No autoflush: call it before the objects it depends on are added, or flush first
  (`flush_pending`). The hot paths it serves read rows the ORM does not hold.
- No ORM: rows come back as tuples of processed values; `attach` turns a table's row into a
  persistent object of the session when an object is wanted.
- Driver errors are raised as SQLAlchemy's (`IntegrityError`, `OperationalError`, …), as the
  session would, so callers and error handlers see no difference.

Writes whose answer nobody waits for can be deferred (`defer`, `defer_rows`), and a statement
whose answer is wanted later too (`defer_fetch`): on PostgreSQL they wait for the connection's
next round trip and travel with it, at the latest with the COMMIT; reads that do not need
each other's rows go together (`rows_together`) (core.deferred). Elsewhere (SQLite) each runs
at once. On PostgreSQL every statement here goes through core.deferred's scripts, deferred or
not, and so is prepared by name on its connection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, Table, inspect
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import ClauseElement

from jinghutong.core import deferred
from jinghutong.core.statements import bound, cursor_run, plan_for

_DRIVER = "direct.driver"


@dataclass(frozen=True, slots=True)
class _Held:
    """The session's transaction and what it runs on."""

    transaction: Any
    driver: Any
    dialect: Dialect
    queue: deferred.Queue | None  # None: not psycopg, a deferred statement runs at once


async def _driver(session: AsyncSession) -> _Held:
    """The driver connection of the session's current transaction (begun here if need be).
    Kept in the session's info for that transaction: asking the session costs two greenlet
    switches, more than running the statement. Keyed by the innermost transaction, so a
    savepoint the session has yet to emit is emitted (by `session.connection()`) first."""
    transaction = session.sync_session._transaction
    held: _Held | None = session.info.get(_DRIVER)
    if held is not None and transaction is not None and held.transaction is transaction:
        return held
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    queue = None
    if connection.dialect.driver == "psycopg":
        queue = deferred.queue_of(connection.info, raw.driver_connection, connection.dialect)
    held = _Held(
        session.sync_session._transaction, raw.driver_connection, connection.dialect, queue
    )
    session.info[_DRIVER] = held
    return held


async def _on_driver(
    driver: Any, dialect: Dialect, statement: ClauseElement, params: dict[str, Any], fetch: bool
) -> list[tuple[Any, ...]]:
    plan = plan_for(statement, dialect, None)
    sql, values = bound(plan, params)
    return await cursor_run(driver, dialect, sql, values, fetched_by=plan if fetch else None)


async def _run(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any], *, fetch: bool
) -> list[tuple[Any, ...]]:
    held = await _driver(session)
    if held.queue is not None:  # with whatever waits, prepared by name (core.deferred)
        plan = plan_for(statement, held.dialect, None)
        then = [(bound(plan, params), plan if fetch else None)]
        return (await deferred.send(held.queue, then=then))[0]
    return await _on_driver(held.driver, held.dialect, statement, params, fetch)


async def rows_together(
    session: AsyncSession, statements: Sequence[tuple[ClauseElement, dict[str, Any]]]
) -> list[list[tuple[Any, ...]]]:
    """The rows of each of several reads: on PostgreSQL in one round trip (one string of
    statements, core.deferred), elsewhere one after another. A read cannot use another's
    rows: give it a subquery instead."""
    held = await _driver(session)
    if held.queue is None:
        return [await _run(session, stmt, params, fetch=True) for stmt, params in statements]
    plans = [(plan_for(stmt, held.dialect, None), params) for stmt, params in statements]
    return await deferred.send(held.queue, then=[(bound(p, v), p) for p, v in plans])


async def scalar_on(
    connection: AsyncConnection, statement: ClauseElement, params: dict[str, Any]
) -> Any:
    """`scalar` on a connection of its own (no session), e.g. an autocommit one."""
    raw = await connection.get_raw_connection()
    found = await _on_driver(raw.driver_connection, connection.dialect, statement, params, True)
    return found[0][0] if found else None


async def rows(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Every row `statement` returns, as tuples of processed values."""
    return await _run(session, statement, params or {}, fetch=True)


async def first(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> tuple[Any, ...] | None:
    found = await _run(session, statement, params or {}, fetch=True)
    return found[0] if found else None


async def scalar(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> Any:
    """The first column of the first row, or None."""
    row = await first(session, statement, params)
    return None if row is None else row[0]


async def execute(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> None:
    """A statement that returns no rows (UPDATE, DELETE, INSERT without RETURNING)."""
    await _run(session, statement, params or {}, fetch=False)


async def defer_fetch(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> deferred.Answer:
    """A statement whose rows are wanted, but not yet: on PostgreSQL it travels with the
    connection's next round trip (the answer's `rows` stay None until then; `send_queued`
    sends at once); elsewhere it runs now."""
    held = await _driver(session)
    plan = plan_for(statement, held.dialect, None)
    answer = deferred.Answer(plan)
    sql, values = bound(plan, params or {})
    if held.queue is None:
        answer.rows = await cursor_run(held.driver, held.dialect, sql, values, fetched_by=plan)
    else:
        held.queue.items.append(deferred.Item(sql, values, answer=answer))
    return answer


async def send_queued(session: AsyncSession) -> None:
    """Send what waits for the session's connection now (one round trip, if anything waits)."""
    held = await _driver(session)
    if held.queue is not None and held.queue.waiting:
        await deferred.send(held.queue)


async def insert_rows(
    session: AsyncSession, statement: ClauseElement, rows_: list[dict[str, Any]]
) -> None:
    """One INSERT for many rows, all with the same keys (`statement` is an `insert(table)`)."""
    if rows_:
        await _write(session, statement, rows_, by_columns=True, defer=False)


async def defer(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any] | None = None
) -> None:
    """`execute`, sent with the connection's next round trip (see the module)."""
    await _write(session, statement, [params or {}], by_columns=False, defer=True)


async def defer_rows(
    session: AsyncSession, statement: ClauseElement, rows_: list[dict[str, Any]]
) -> None:
    """`insert_rows`, sent with the connection's next round trip (see the module)."""
    if rows_:
        await _write(session, statement, rows_, by_columns=True, defer=True)


async def _write(
    session: AsyncSession,
    statement: ClauseElement,
    rows_: list[dict[str, Any]],
    *,
    by_columns: bool,
    defer: bool,
) -> None:
    """Run (or queue) `statement` once per row; `by_columns`: an `insert(table)` whose
    columns are the rows' keys."""
    held = await _driver(session)
    plan = plan_for(statement, held.dialect, frozenset(rows_[0]) if by_columns else None)
    many = len(rows_) > 1
    values: Any
    if many:
        sql, values = plan.sql, [bound(plan, row)[1] for row in rows_]
    else:
        sql, values = bound(plan, rows_[0])
    queue = held.queue
    if queue is None:
        await cursor_run(held.driver, held.dialect, sql, values, many=many)
        return
    queue.items.append(deferred.Item(sql, values, many))
    if not defer:
        await deferred.send(queue)


@dataclass(frozen=True, slots=True)
class TableShape:
    """What the row-level helpers (`attach`, `row_values`, core.bulk) need of a mapped class,
    worked out once per class."""

    mapper: Mapper[Any]
    table: Table
    columns: tuple[Column[Any], ...]  # the table's, in order
    attributes: tuple[str, ...]  # the attribute mapping each of `columns`
    primary_key: tuple[str, ...]  # attributes


_shapes: dict[type, TableShape] = {}


def table_shape(model: type) -> TableShape:
    shape = _shapes.get(model)
    if shape is None:
        mapper: Mapper[Any] = inspect(model)
        table = cast(Table, mapper.local_table)
        by_column: dict[Any, str] = {
            c: mapper.get_property_by_column(c).key for c in mapper.columns
        }
        shape = _shapes[model] = TableShape(
            mapper=mapper,
            table=table,
            columns=tuple(table.columns),
            attributes=tuple(by_column[column] for column in table.columns),
            primary_key=tuple(by_column[column] for column in mapper.primary_key),
        )
    return shape


def attach(session: AsyncSession, model: type[Any], values: dict[str, Any]) -> Any:
    """`values` (attribute → value, a whole row) as a persistent object of `session`, as if the
    session had loaded it: a change to it is flushed as an UPDATE, an attribute left out is
    loaded when read. The object the session already holds for that row wins."""
    shape = table_shape(model)
    key = identity_key(model, tuple(values[name] for name in shape.primary_key))
    held = session.identity_map.get(key)
    if held is not None:
        return held
    # As the ORM's loading makes them: no __init__, the row straight into the instance's dict
    # (setting each attribute through its instrumentation cost more than the query).
    obj = shape.mapper.class_manager.new_instance()
    obj.__dict__.update(values)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


def row_values(row: Sequence[Any], *models: type[Any]) -> list[dict[str, Any]]:
    """A row of `select(*A.__table__.columns, *B.__table__.columns, …)` as one
    attribute → value dict per model, in order (for `attach` or the model's constructor)."""
    found, offset = [], 0
    for model in models:
        names = table_shape(model).attributes
        found.append(dict(zip(names, row[offset : offset + len(names)], strict=True)))
        offset += len(names)
    if offset != len(row):
        raise ValueError(f"the row has {len(row)} columns, the models {offset}")
    return found


async def flush_pending(session: AsyncSession) -> None:
    """What `session.execute` would have flushed first (autoflush), when there is any."""
    if session.sync_session.autoflush and (session.new or session.dirty or session.deleted):
        await session.flush()
