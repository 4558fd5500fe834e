"""The migrations make exactly the schema the models describe (no drift in either direction)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from jinghutong.models import Base


async def test_migrated_schema_matches_the_models(engine):
    def diff(sync_connection):
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert changes == []
