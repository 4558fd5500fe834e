"""Statements compiled once per dialect and filled in per call, run straight on a driver
connection (the layer under core.direct and core.deferred).

A plan holds what SQLAlchemy's execution would work out for each call — the SQL, each bind
parameter's processor and column default, the result columns' processors — so a call only
fills in values. Driver errors are raised as SQLAlchemy's, as a session would raise them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, InvalidRequestError, StatementError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter

Processor = Callable[[Any], Any]


@dataclass(slots=True)
class Plan:
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


_plans: dict[tuple[int, str, frozenset[str] | None], Plan] = {}


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


def plan_for(statement: ClauseElement, dialect: Dialect, keys: frozenset[str] | None) -> Plan:
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
    plan = Plan(
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


def _filled(plan: Plan, params: dict[str, Any]) -> dict[str, Any]:
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


def bound(plan: Plan, params: dict[str, Any]) -> tuple[str, Sequence[Any] | dict[str, Any]]:
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


def result_processors(plan: Plan, dialect: Dialect, cursor: Any) -> tuple[Processor | None, ...]:
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


def processed(
    processors: tuple[Processor | None, ...], rows: Iterable[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    if not any(processors):
        return [tuple(row) for row in rows]
    return [
        tuple(value if p is None else p(value) for p, value in zip(processors, row, strict=True))
        for row in rows
    ]


def raised(
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


async def cursor_run(
    driver: Any,
    dialect: Dialect,
    sql: str,
    values: Any,
    *,
    many: bool = False,
    fetched_by: Plan | None = None,
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
        processors = result_processors(fetched_by, dialect, cursor)
    except dialect.loaded_dbapi.Error as error:
        raise raised(driver, dialect, sql, values, error) from error
    finally:
        await cursor.close()
    return processed(processors, rows)
