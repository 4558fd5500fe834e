"""The orphan sweep's query is served by the partial index on unattached uploads
(`ix_media_unattached_created_at`): its WHERE implies the index's, and the index gives the
sweep's order, so neither a scan of every photo ever attached nor a sort is needed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import text

from jinghutong.core import clock
from jinghutong.media.repository import MediaRepository

INDEX = "ix_media_unattached_created_at"


class _Capture:
    """Stands in for the session: keeps the query `orphans` would run."""

    query: Any = None

    async def scalars(self, query: Any) -> _Capture:
        self.query = query
        return self

    def all(self) -> list[Any]:
        return []


async def test_the_sweeps_query_uses_the_partial_index(session):
    capture = _Capture()
    await MediaRepository(capture).orphans(clock.now() - timedelta(hours=24), 100)  # type: ignore[arg-type]
    connection = await session.connection()
    sql = str(capture.query.compile(connection.engine, compile_kwargs={"literal_binds": True}))
    if connection.dialect.name == "sqlite":
        plan = [row[-1] for row in await session.execute(text("EXPLAIN QUERY PLAN " + sql))]
    else:
        # An empty test table is read whole whatever the indexes; forbid what a big table would
        # make dear (a full scan, a sort) so the plan shows which index can serve the query.
        # On a filled table the planner picks this index unasked (see the migration).
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            await session.execute(text(f"SET LOCAL {setting} = off"))
        plan = [row[0] for row in await session.execute(text("EXPLAIN " + sql))]
    assert any(INDEX in line for line in plan), plan
    assert not any("TEMP B-TREE" in line or line.strip().startswith("Sort") for line in plan)
