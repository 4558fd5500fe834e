"""Households (户) and their tags. A household belongs to a micro-grid; `area_path` copies the
micro-grid's path so targeting and scopes are one prefix scan on this table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin

# The tags the station uses for 精准宣防 and care. Free tags are allowed too.
KNOWN_HOUSEHOLD_TAGS = (
    "独居老人",
    "留守儿童",
    "重点关注",
    "空巢老人",
    "残疾人",
    "低保户",
    "外来人员",
    "出租房",
)


class Household(IdMixin, CreatedMixin, Base):
    __tablename__ = "households"

    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"), index=True)
    area_path: Mapped[str] = mapped_column(String(400))
    address: Mapped[str] = mapped_column(String(200))
    # The head of household as the village register writes it; masked on the wire for non-staff.
    head_name: Mapped[str] = mapped_column(String(50))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    member_count: Mapped[int] = mapped_column(Integer, default=1)
    # 一户一码: only a keyed hash of the current scene is stored; version counts rotations.
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        # varchar_pattern_ops: PostgreSQL uses the index for `LIKE 'prefix%'` in any locale.
        Index(
            "ix_households_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_households_address", "area_id", "address", unique=True),
    )


class HouseholdTag(Base):
    __tablename__ = "household_tags"

    household_id: Mapped[str] = mapped_column(
        ID, ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(20), primary_key=True)

    __table_args__ = (Index("ix_household_tags_tag", "tag", "household_id"),)
