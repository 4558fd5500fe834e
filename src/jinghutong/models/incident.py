"""警情 for statistics: one row per incident, whatever it came from — the 110 接处警 system's
history imported from Excel, or a case reported in 警户通 — in the categories public-security
statistics use, and the rollup the dashboard reads.

- `incident_category_map` is the one table that says which category each source's kind falls
  in (a case's kind, a dispute, a hazard, a 110 类别 text); the admin reads it.
- `incidents.day` is the China day of `reported_at`, so that rollups, 同比 and 环比 count the
  days people count.
- `incident_counts` holds, per area at every level of the path (village up to province), per
  day and per calendar month, how many incidents of each category there were under the area:
  written in the same unit of work as each incident (or its change of category), rebuilt from
  the raw rows by one command, and checked equal to a GROUP BY over them on both databases."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.area import AreaLevel
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class IncidentCategory(StrEnum):
    criminal = "criminal"  # 刑事
    public_order = "public_order"  # 治安
    traffic = "traffic"  # 交通
    fire = "fire"  # 火警
    dispute = "dispute"  # 纠纷
    help = "help"  # 群众求助
    report = "report"  # 举报投诉
    other = "other"  # 其他
    invalid = "invalid"  # 无效报警 (not a 有效警情)


INCIDENT_CATEGORY_NAMES = {
    IncidentCategory.criminal: "刑事",
    IncidentCategory.public_order: "治安",
    IncidentCategory.traffic: "交通",
    IncidentCategory.fire: "火警",
    IncidentCategory.dispute: "纠纷",
    IncidentCategory.help: "群众求助",
    IncidentCategory.report: "举报投诉",
    IncidentCategory.other: "其他",
    IncidentCategory.invalid: "无效报警",
}
# 有效警情 = 刑事 + 治安 + 交通 + 火警 + 纠纷 + 群众求助 + 举报投诉 + 其他.
VALID_CATEGORIES = frozenset(IncidentCategory) - {IncidentCategory.invalid}


class IncidentSource(StrEnum):
    imported = "110"  # the 110 接处警 system's records, imported
    case = "case"  # a case reported or dispatched in 警户通


class CategoryMapping(Base):
    __tablename__ = "incident_category_map"

    # case (a case kind) · dispute · hazard · 110 (a 类别 or 细类 as the 110 system writes it)
    source: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(200), default="")


class Incident(IdMixin, CreatedMixin, Base):
    __tablename__ = "incidents"

    station_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    # The village (or below) when known, else the station; `area_path` copies its path.
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    source: Mapped[str] = mapped_column(String(8))
    number: Mapped[str] = mapped_column(String(40))  # 警情号, or the case number
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    day: Mapped[date] = mapped_column(Date)  # Asia/Shanghai
    category: Mapped[str] = mapped_column(String(16))
    # The mapping row's `kind` the category came from (the 110 类别 or 细类 text, normalized;
    # a case's kind, or kind:outcome): re-applying a changed mapping to history finds its rows.
    mapped_from: Mapped[str] = mapped_column(String(40), default="")
    subcategory: Mapped[str] = mapped_column(String(50), default="")  # 细类 as recorded
    address: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str] = mapped_column(String(200), default="")  # 处理结果
    case_id: Mapped[str | None] = mapped_column(ID, ForeignKey("cases.id"), unique=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("station_id", "source", "number"),
        Index(
            "ix_incidents_area_path_day",
            "area_path",
            "day",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_incidents_day", "day"),
    )


class IncidentCursor(Base):
    """How far the mirror of cases has read a source of recorded rows (an id: ids follow
    creation time); the mirror re-reads a margin before it, its upsert by case_id makes the
    re-read harmless."""

    __tablename__ = "incident_cursors"

    source: Mapped[str] = mapped_column(String(24), primary_key=True)
    last_id: Mapped[str] = mapped_column(ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RollupGrain(StrEnum):
    day = "day"
    month = "month"  # first_day is the 1st of the month


# The levels of the area path the rollup counts at (never below a village: an incident's place
# is a village, or its station when the village is not known).
ROLLUP_LEVELS = (
    AreaLevel.province,
    AreaLevel.city,
    AreaLevel.county,
    AreaLevel.station,
    AreaLevel.township,
    AreaLevel.village,
)
# One count column per category, named by its code (incident_counts.<code>).
ROLLUP_CATEGORIES: tuple[str, ...] = tuple(str(c) for c in IncidentCategory)


class IncidentCount(Base):
    """How many 警情 of each category an area had on a day (grain "day") or in a calendar
    month ("month"), counting everything under the area — at every level of the path
    (ROLLUP_LEVELS). Why this shape: statistics/incidents/rollup.py."""

    __tablename__ = "incident_counts"

    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"), primary_key=True)
    grain: Mapped[str] = mapped_column(String(8), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)  # the day, or the 1st
    level: Mapped[str] = mapped_column(String(16))  # the area's
    area_path: Mapped[str] = mapped_column(String(400))  # the area's
    criminal: Mapped[int] = mapped_column(Integer, default=0)
    public_order: Mapped[int] = mapped_column(Integer, default=0)
    traffic: Mapped[int] = mapped_column(Integer, default=0)
    fire: Mapped[int] = mapped_column(Integer, default=0)
    dispute: Mapped[int] = mapped_column(Integer, default=0)
    help: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[int] = mapped_column(Integer, default=0)
    other: Mapped[int] = mapped_column(Integer, default=0)
    invalid: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        # The rows of one level under an area (group_by township / village): by path for a
        # small area, by day for a wide one (a province's villages on a period's ragged edges
        # are a few days of every village, not all the days of every village).
        Index(
            "ix_incident_counts_grain_level_path",
            "grain",
            "level",
            "area_path",
            "first_day",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_incident_counts_grain_level_day", "grain", "level", "first_day"),
    )
