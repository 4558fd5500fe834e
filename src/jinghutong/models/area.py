"""The area tree: (province → city → county →) station → township → village → grid → micro-grid.

`path` is materialized: the ids from the root down, `/a/b/c/`. "Everything under X" is one
indexed prefix query: `path LIKE X.path || '%'`. "X and everything above it" is `at_or_above`:
the areas whose ids are X's path's segments."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from jinghutong.core.sqltypes import ID
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class AreaLevel(StrEnum):
    province = "province"
    city = "city"
    county = "county"
    station = "station"
    township = "township"
    village = "village"
    grid = "grid"
    micro_grid = "micro_grid"


AREA_LEVEL_NAMES = {
    AreaLevel.province: "省",
    AreaLevel.city: "市",
    AreaLevel.county: "县（市、区）公安局",
    AreaLevel.station: "派出所",
    AreaLevel.township: "乡镇",
    AreaLevel.village: "行政村",
    AreaLevel.grid: "网格",
    AreaLevel.micro_grid: "微网格",
}


class Area(IdMixin, CreatedMixin, Base):
    __tablename__ = "areas"

    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("areas.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    # Administrative division code where there is one (村 12 digits), for CAP geocodes and imports.
    code: Mapped[str | None] = mapped_column(String(20), index=True)
    path: Mapped[str] = mapped_column(String(400), unique=True)
    depth: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_areas_level_path", "level", "path"),
        Index("ix_areas_path_prefix", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    def contains_path(self, other_path: str) -> bool:
        return other_path.startswith(self.path)


class at_or_above(FunctionElement[bool]):
    """SQL: the area whose `id` and `path` columns are given is the one at `path` (a string or
    a SQL expression) or one above it — who holds a role over a place, whose scope covers it.

    The areas at or above a path are exactly its segments. PostgreSQL looks them up by id
    (`id = ANY(string_to_array(path, '/'))`: primary-key lookups), where the obvious
    `path LIKE areas.path || '%'` can use no index and reads every area of a province (tens of
    thousands) on every report; SQLite (one station's few hundred areas) keeps the LIKE."""

    type = Boolean()
    name = "at_or_above"
    inherit_cache = True


@compiles(at_or_above)
def _at_or_above_by_prefix(element: at_or_above, compiler: SQLCompiler, **kw: Any) -> str:
    _area_id, area_path, path = element.clauses
    return compiler.process(path.like(area_path + "%"), **kw)


@compiles(at_or_above, "postgresql")
def _at_or_above_by_id(element: at_or_above, compiler: SQLCompiler, **kw: Any) -> str:
    area_id, _area_path, path = element.clauses
    return compiler.process(area_id == func.any(func.string_to_array(path, "/")), **kw)
