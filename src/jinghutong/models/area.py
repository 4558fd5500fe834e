"""The area tree: (province → city → county →) station → township → village → grid → micro-grid.

`path` is materialized: the ids from the root down, `/a/b/c/`. "Everything under X" is one
indexed prefix query: `path LIKE X.path || '%'`."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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
