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

Writes whose answer nobody waits for can be deferred (`defer`, `defer_rows`): on PostgreSQL
(psycopg) they are queued and travel in one pipeline with whatever the connection sends next —
at the latest the COMMIT, which then goes in the same round trip. Each round trip costs the
server about 150 µs of CPU (a socket send, a poll registration, the wake-up), and a case report
ends with five writes and a commit. Nothing can overtake a deferred statement: every statement
on the connection (direct, ORM, Core, savepoints, the commit) sends the queue first, and a
rollback drops it. A deferred statement's error is raised by whatever sent it, at the latest
the commit — the transaction fails as a whole, as it would have. Elsewhere (SQLite) a deferred
statement runs at once."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, Table, event, inspect
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError, InvalidRequestError, StatementError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Mapper, make_transient_to_detached
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.util import await_only

Processor = Callable[[Any], Any]


@dataclass(slots=True)
class _Plan:
    """A statement compiled for one dialect, ready to be filled in."""

    statement: ClauseElement
    compiled: SQLCompiler
    sql: str
    positional: bool
    order: tuple[str, ...]  # bind names in the SQL's order (positional dialects)
    defaults: tuple[tuple[str, Any], ...]  # Python-side column defaults: (bind name, default)
    slots: tuple[_Slot, ...]  # every bind parameter, for the fast fill (no IN lists)
    expanding: bool  # IN lists rendered per call
    # Per result column; known at the first run (some depend on the type the driver reports).
    results: tuple[Processor | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Slot:
    """One bind parameter: where its value comes from and how the driver wants it."""

    name: str  # in the SQL (escaped)
    key: str  # in the caller's parameters
    bind: BindParameter[Any]
    default: Any  # the column's Python-side default (INSERT/UPDATE prefetch), or None
    process: Processor | None


_plans: dict[tuple[int, str, frozenset[str] | None], _Plan] = {}


def _slots(compiled: SQLCompiler, defaults: dict[str, Any]) -> tuple[_Slot, ...]:
    escaped: Mapping[str, str] = compiled.escaped_bind_names or {}
    processors = compiled._bind_processors
    return tuple(
        _Slot(
            name=escaped.get(name, name),
            key=bind.key,
            bind=bind,
            default=defaults.get(name),
            process=cast(Processor | None, processors.get(escaped.get(name, name))),
        )
        for bind, name in compiled.bind_names.items()
    )


def _plan(statement: ClauseElement, dialect: Dialect, keys: frozenset[str] | None) -> _Plan:
    cache_key = (id(statement), dialect.name, keys)
    plan = _plans.get(cache_key)
    if plan is not None and plan.statement is statement:
        return plan
    compiled = statement.compile(
        dialect=dialect, column_keys=sorted(keys) if keys is not None else None
    )
    assert isinstance(compiled, SQLCompiler)
    defaults = tuple(
        (column.key, column.default)
        for column in (*compiled.insert_prefetch, *compiled.update_prefetch)
    )
    expanding = bool(compiled.post_compile_params or compiled.literal_execute_params)
    plan = _Plan(
        statement=statement,
        compiled=compiled,
        sql=compiled.string,
        positional=compiled.positional,
        order=tuple(compiled.positiontup or ()),
        defaults=defaults,
        slots=() if expanding else _slots(compiled, dict(defaults)),
        expanding=expanding,
    )
    _plans[cache_key] = plan
    return plan


def default_value(default: Any) -> Any:
    """A column's Python-side default, worked out as the flush would (None: no default)."""
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg


def _filled(plan: _Plan, params: dict[str, Any]) -> dict[str, Any]:
    """Each bind parameter's value as `construct_params` and the execution context would
    give it (the caller's, else the column default, else the statement's own), processed."""
    values: dict[str, Any] = {}
    for slot in plan.slots:
        if slot.key in params:
            value = params[slot.key]
        elif slot.default is not None:
            value = default_value(slot.default)
        elif slot.bind.required:
            raise InvalidRequestError(f"A value is required for bind parameter {slot.key!r}")
        else:
            value = slot.bind.effective_value if slot.bind.callable else slot.bind.value
        values[slot.name] = value if slot.process is None else slot.process(value)
    return values


def _bound(plan: _Plan, params: dict[str, Any]) -> tuple[str, Sequence[Any] | dict[str, Any]]:
    """The SQL and the driver's parameters for one call."""
    if not plan.expanding:
        values = _filled(plan, params)
        if plan.positional:
            return plan.sql, tuple([values[name] for name in plan.order])
        return plan.sql, values
    # IN lists: SQLAlchemy renders the SQL for this many values.
    state = plan.compiled.construct_expanded_state(params)
    expanded: MutableMapping[str, Any] = dict(state.parameters)
    for name, default in plan.defaults:
        if expanded.get(name) is None and name not in params:
            expanded[name] = default_value(default)
    for name, process in state.processors.items():
        if name in expanded:
            expanded[name] = process(expanded[name])
    if plan.positional:
        return state.statement, tuple(expanded[name] for name in state.positiontup or ())
    return state.statement, dict(expanded)


_DRIVER = "direct.driver"
_DEFERRED = "direct.deferred"


@dataclass(slots=True)
class _Deferred:
    """Statements waiting for the connection's next round trip: (SQL, parameters, many)."""

    driver: Any
    dialect: Dialect
    items: list[tuple[str, Any, bool]]


@dataclass(frozen=True, slots=True)
class _Held:
    """The session's transaction and what it runs on."""

    transaction: Any
    driver: Any
    dialect: Dialect
    deferred: _Deferred | None  # None: the driver has no pipeline, deferred means now


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
    deferred = None
    if connection.dialect.driver == "psycopg":
        # One queue per connection, where its events find it (emptied by commit and rollback).
        deferred = connection.info.get(_DEFERRED)
        if deferred is None or deferred.driver is not raw.driver_connection:
            deferred = _Deferred(raw.driver_connection, connection.dialect, [])
            connection.info[_DEFERRED] = deferred
    held = _Held(
        session.sync_session._transaction, raw.driver_connection, connection.dialect, deferred
    )
    session.info[_DRIVER] = held
    return held


def _result_processors(plan: _Plan, dialect: Dialect, cursor: Any) -> tuple[Processor | None, ...]:
    """What SQLAlchemy's result would apply to each column, given the driver's column types
    (read once: psycopg builds its description anew on every access)."""
    if plan.results is None:
        entries = plan.compiled._result_columns
        types = [column[1] for column in cursor.description or ()] or [None] * len(entries)
        plan.results = tuple(
            entry.type._cached_result_processor(dialect, coltype)
            for entry, coltype in zip(entries, types, strict=True)
        )
    return plan.results


def _processed(
    processors: tuple[Processor | None, ...], rows: Iterable[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    if not any(processors):
        return [tuple(row) for row in rows]
    return [
        tuple(value if p is None else p(value) for p, value in zip(processors, row, strict=True))
        for row in rows
    ]


def _raised(
    driver: Any, dialect: Dialect, sql: str, values: Any, error: Exception
) -> StatementError:
    """The driver's error as SQLAlchemy would raise it (a dropped connection is marked so)."""
    return DBAPIError.instance(
        sql,
        values,
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=dialect.is_disconnect(cast(Any, error), driver, None),
        dialect=dialect,
    )


async def _cursor_run(
    driver: Any,
    dialect: Dialect,
    sql: str,
    values: Any,
    *,
    many: bool = False,
    fetched_by: _Plan | None = None,
) -> list[tuple[Any, ...]]:
    """Run `sql` on a cursor of its own: once, or once per parameter set (`many`); the rows
    (processed for `fetched_by`'s columns) when asked. Driver errors come out as SQLAlchemy's."""
    cursor = driver.cursor()
    try:
        if many:
            await cursor.executemany(sql, values)
        else:
            await cursor.execute(sql, values)
        if fetched_by is None:
            return []
        rows = await cursor.fetchall()
        processors = _result_processors(fetched_by, dialect, cursor)
    except dialect.loaded_dbapi.Error as error:
        raise _raised(driver, dialect, sql, values, error) from error
    finally:
        await cursor.close()
    return _processed(processors, rows)


async def _on_driver(
    driver: Any, dialect: Dialect, statement: ClauseElement, params: dict[str, Any], fetch: bool
) -> list[tuple[Any, ...]]:
    plan = _plan(statement, dialect, None)
    sql, values = _bound(plan, params)
    return await _cursor_run(driver, dialect, sql, values, fetched_by=plan if fetch else None)


async def _run(
    session: AsyncSession, statement: ClauseElement, params: dict[str, Any], *, fetch: bool
) -> list[tuple[Any, ...]]:
    held = await _driver(session)
    if held.deferred is not None and held.deferred.items:
        await _send(held.deferred, commit=False)
    return await _on_driver(held.driver, held.dialect, statement, params, fetch)


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
    plan = _plan(statement, held.dialect, frozenset(rows_[0]) if by_columns else None)
    many = len(rows_) > 1
    values: Any
    if many:
        sql, values = plan.sql, [_bound(plan, row)[1] for row in rows_]
    else:
        sql, values = _bound(plan, rows_[0])
    queue = held.deferred
    if queue is not None and defer:
        queue.items.append((sql, values, many))
        return
    if queue is not None and queue.items:
        await _send(queue, commit=False)
    await _cursor_run(held.driver, held.dialect, sql, values, many=many)


async def _send(deferred: _Deferred, *, commit: bool) -> None:
    """Every queued statement (and the COMMIT) in one round trip: one string of statements,
    their values bound by psycopg's own client-side binding (`ClientCursor.mogrify`, the
    quoting and adaptation its `ClientCursor` executes with), sent by the simple query
    protocol. A pipeline would do it too, but psycopg's polls the socket after every
    statement, which costs nearly as much as the round trips saved."""
    from psycopg import AsyncClientCursor  # only ever here with psycopg

    items, deferred.items = deferred.items, []
    driver, dialect = deferred.driver, deferred.dialect
    binder = AsyncClientCursor(driver)
    script = [
        binder.mogrify(sql, one)
        for sql, values, many in items
        for one in (values if many else [values])
    ]
    if commit:
        script.append("COMMIT")  # the dialect's commit then finds the transaction over
    cursor = driver.cursor()
    try:
        await cursor.execute(";\n".join(script), prepare=False)
    except dialect.loaded_dbapi.Error as error:
        if commit:
            # A COMMIT that fails ends the transaction; SQLAlchemy counts on that and will not
            # roll back a connection whose commit it saw fail.
            with contextlib.suppress(dialect.loaded_dbapi.Error):
                await driver.rollback()
        sql = ";\n".join(item[0] for item in items)
        raise _raised(driver, dialect, sql, None, error) from error
    finally:
        await cursor.close()


# The connection's events keep deferred statements in order with everything else (all of
# SQLAlchemy's own execution on an async engine runs in a greenlet: `await_only` works there).


def _pending(conn: Connection) -> _Deferred | None:
    deferred: _Deferred | None = conn.info.get(_DEFERRED) if conn.info else None
    return deferred if deferred is not None and deferred.items else None


@event.listens_for(Engine, "before_cursor_execute")
def _send_before_statement(conn: Connection, *_: Any) -> None:
    if (deferred := _pending(conn)) is not None:
        await_only(_send(deferred, commit=False))


@event.listens_for(Engine, "savepoint")
@event.listens_for(Engine, "release_savepoint")
def _send_before_savepoint(conn: Connection, *_: Any) -> None:
    if (deferred := _pending(conn)) is not None:
        await_only(_send(deferred, commit=False))


@event.listens_for(Engine, "commit")
def _send_with_commit(conn: Connection) -> None:
    if (deferred := _pending(conn)) is not None:
        await_only(_send(deferred, commit=True))


@event.listens_for(Engine, "rollback")
@event.listens_for(Engine, "rollback_savepoint")
def _drop_on_rollback(conn: Connection, *_: Any) -> None:
    # Since the last savepoint only: the queue was sent when the savepoint was made.
    if (deferred := _pending(conn)) is not None:
        deferred.items.clear()


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
