"""Cases (one workflow for everything that needs handling) and their append-only trail.

`CaseEvent` rows are never updated or deleted by the code: each carries the hash of the one
before it (per case), so `jinghutong audit verify` shows any altered or missing row. The case
keeps the head of its chain (`trail_seq`, `trail_hash`), so a deleted last event shows too."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class CaseKind(StrEnum):
    alarm = "alarm"  # 报警
    clue = "clue"  # 线索
    hazard = "hazard"  # 隐患
    dispute = "dispute"  # 纠纷
    help = "help"  # 求助
    consult = "consult"  # 咨询
    sentiment = "sentiment"  # 社情民意


CASE_KIND_NAMES: dict[str, str] = {
    CaseKind.alarm: "报警",
    CaseKind.clue: "线索",
    CaseKind.hazard: "隐患",
    CaseKind.dispute: "纠纷",
    CaseKind.help: "求助",
    CaseKind.consult: "咨询",
    CaseKind.sentiment: "社情民意",
}


class CaseStatus(StrEnum):
    new = "new"
    assigned = "assigned"
    accepted = "accepted"
    on_site = "on_site"
    resolved = "resolved"
    closed = "closed"


CASE_STATUS_NAMES: dict[str, str] = {
    CaseStatus.new: "待分派",
    CaseStatus.assigned: "待接单",
    CaseStatus.accepted: "已接单",
    CaseStatus.on_site: "已到场",
    CaseStatus.resolved: "已办结",
    CaseStatus.closed: "已关闭",
}


class ReviewStatus(StrEnum):
    pending = "pending"  # the content check has not answered yet
    passed = "passed"
    flagged = "flagged"  # under review by staff; the case is handled all the same
    upheld = "upheld"  # staff looked and kept something flagged from non-officers
    not_required = "not_required"  # written by staff


class Case(IdMixin, CreatedMixin, Base):
    __tablename__ = "cases"

    # Human-facing number JA-YYYYMMDD-NNNN (Asia/Shanghai day), from `case_counters`.
    number: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(12), default="report")  # report | dispatch
    text: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    reporter_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    # The routing target: a micro-grid; `area_path` copies its path for scope queries.
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(12), default=CaseStatus.new)
    assignee_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    assigned_role: Mapped[str | None] = mapped_column(String(20))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # Micro-grids whose 联户长 a dispatch has already gone to (nearest first).
    dispatch_tried: Mapped[list[str] | None] = mapped_column(JSON)
    # The current deadline; NULL when no clock runs (acknowledged, or nobody left to escalate to).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    review_status: Mapped[str] = mapped_column(String(14), default=ReviewStatus.pending)
    review_label: Mapped[int | None] = mapped_column(Integer)
    trail_seq: Mapped[int] = mapped_column(Integer, default=0)
    trail_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_cases_area_path", "area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        ),
        Index("ix_cases_reporter_id", "reporter_id", "id"),
        Index("ix_cases_assignee_id", "assignee_id", "id"),
        Index("ix_cases_due_at", "due_at"),
    )


class CaseEvent(IdMixin, CreatedMixin, Base):
    __tablename__ = "case_events"

    case_id: Mapped[str] = mapped_column(ID, ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    actor_kind: Mapped[str] = mapped_column(String(8))  # person | system
    type: Mapped[str] = mapped_column(String(24))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("case_id", "seq"),)


class CaseCounter(Base):
    """The last number handed out per day: an upsert `… SET last = last + 1 … RETURNING last`."""

    __tablename__ = "case_counters"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
