"""The migrations make exactly the schema the models describe (no drift in either direction)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from jinghutong.models import Base


async def test_migrated_schema_matches_the_models(engine):
    def diff(sync_connection):
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        changes = await connection.run_sync(diff)
    assert changes == []


async def test_partial_indexes_have_the_models_conditions(engine):
    """compare_metadata ignores an index's WHERE; a partial index that drifted would go unseen."""

    def where(value: object) -> str:
        return " ".join(str(value).replace("(", " ").replace(")", " ").lower().split())

    def reflected(sync_connection):
        inspector = inspect(sync_connection)
        return {
            (table, index["name"]): where(condition)
            for table in inspector.get_table_names()
            for index in inspector.get_indexes(table)
            for key, condition in index.get("dialect_options", {}).items()
            if key.endswith("_where") and condition is not None
        }

    async with engine.connect() as connection:
        found = await connection.run_sync(reflected)
        dialect = connection.dialect.name
    declared = {
        (table.name, index.name): where(index.dialect_options[dialect]["where"])
        for table in Base.metadata.sorted_tables
        for index in table.indexes
        if index.dialect_options[dialect]["where"] is not None
    }
    assert declared  # the media indexes at least
    assert found == declared
