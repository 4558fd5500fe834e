"""`at_or_above`: the areas at a place or above it are exactly those whose path is a prefix of
the place's path — on PostgreSQL found by the path's segments (primary-key lookups), on SQLite
by the prefix itself."""

from __future__ import annotations

from sqlalchemy import literal, select
from sqlalchemy.dialects import postgresql

from jinghutong.models import Area, at_or_above
from support.factories import make_tree


async def test_the_areas_at_or_above_a_place_are_its_path_s_prefixes(session) -> None:
    tree = await make_tree(session)
    everywhere = list((await session.scalars(select(Area))).all())
    for place in everywhere:
        expected = {area.id for area in everywhere if place.path.startswith(area.path)}
        by_value = await session.scalars(
            select(Area.id).where(at_or_above(Area.id, Area.path, place.path))
        )
        assert set(by_value) == expected
        # A path given as SQL (a subquery, a column) as well as a value.
        by_sql = await session.scalars(
            select(Area.id).where(at_or_above(Area.id, Area.path, literal(place.path)))
        )
        assert set(by_sql) == expected
    # A place's own micro-grid: itself, its grid, village, township and station; not the
    # other village's.
    found = set(
        await session.scalars(
            select(Area.id).where(at_or_above(Area.id, Area.path, tree.micro_grid.path))
        )
    )
    assert tree.station.id in found and tree.micro_grid.id in found
    assert tree.other_village.id not in found and len(found) == 5


def test_on_postgresql_the_segments_are_looked_up_by_id() -> None:
    sql = str(
        select(Area.id)
        .where(at_or_above(Area.id, Area.path, "/a/b/"))
        .compile(dialect=postgresql.psycopg.dialect())
    )
    assert "areas.id = any(string_to_array(" in sql and "LIKE" not in sql
