"""Writing a unit of work's new rows without the ORM's flush, for the hottest paths.

The flush works out, object by object, what changed and in which order to write it: for a
case report (a case, its first trail links, a notification) that bookkeeping cost more CPU
than the INSERTs themselves. `insert_pending` writes every new object with one plain INSERT
per table (straight on the driver, deferred: on PostgreSQL they travel with the connection's
next round trip, see core.direct), parents before children, then registers
them with the session as its flush does: reading them needs no query, and a later change
to one is flushed as an UPDATE as usual. Column defaults are applied here (and set on the
objects), as the flush would."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, MetaData, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import instance_state

from jinghutong.core import direct
from jinghutong.core.statements import default_value


@cache
def _insert(table: Table) -> Insert:
    """One statement object per table: core.direct compiles it once per set of columns."""
    return insert(table)


@cache
def _dependency_order(metadata: MetaData) -> dict[Table, int]:
    """Table → its position in `metadata`'s dependency order (parents first)."""
    return {table: index for index, table in enumerate(metadata.sorted_tables)}


def _complete_row(obj: Any) -> tuple[Table, dict[str, Any]]:
    """The object's row, column defaults filled in on the object as well. A column never set
    and without a default is left out of the row, so it is SQL NULL — as the flush does (set
    to None, a JSON column would store JSON's `null` instead). The object is new, so its
    values go straight into its dict (no history to keep: it is not in the database yet)."""
    shape = direct.table_shape(type(obj))
    loaded = obj.__dict__
    row: dict[str, Any] = {}
    for attribute, column in zip(shape.attributes, shape.columns, strict=True):
        if attribute in loaded:
            row[column.key] = loaded[attribute]
            continue
        value = default_value(column.default)
        if column.default is not None:
            row[column.key] = value
        loaded[attribute] = value
    return shape.table, row


async def insert_pending(session: AsyncSession) -> None:
    """INSERT every new object of `session`, one statement per table; see the module."""
    pending = list(session.new)
    if not pending:
        return
    # One statement per table and set of columns given (an executemany needs the same keys).
    rows: dict[tuple[Table, frozenset[str]], list[dict[str, Any]]] = {}
    for obj in pending:
        table, row = _complete_row(obj)
        rows.setdefault((table, frozenset(row)), []).append(row)
    order = _dependency_order(next(iter(rows))[0].metadata)
    for table, columns in sorted(rows, key=lambda group: order[group[0]]):
        await direct.defer_rows(session, _insert(table), rows[table, columns])
    # Persistent now, as after the ORM's own flush (the session's bookkeeping for it: identity
    # map, committed state, and on rollback the objects are let go like any flushed new row).
    session.sync_session._register_persistent({instance_state(obj) for obj in pending})
