"""安全隐患: the register of risks found in the villages and their rectification.

reported (已登记) → notified (已告知整改, with a deadline) → rectified (已报整改, photos) →
accepted (验收通过) → closed (已销号). A rejected rectification (验收不通过) goes back to notified
with a new deadline. `due_at` is the escalation clock: the rectification deadline while one
runs; the sweep moves an overdue hazard up (escalation_level) and sets the next due time, as it
does for cases. Every change is an event on the governance trail."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, Encrypted, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class HazardKind(StrEnum):
    housing = "housing"  # 房屋
    fire = "fire"  # 消防
    traffic = "traffic"  # 交通
    geological = "geological"  # 地质灾害
    electrical = "electrical"  # 用电
    gas = "gas"  # 燃气
    water = "water"  # 水域
    other = "other"  # 其他


HAZARD_KIND_NAMES = {
    HazardKind.housing: "房屋",
    HazardKind.fire: "消防",
    HazardKind.traffic: "交通",
    HazardKind.geological: "地质灾害",
    HazardKind.electrical: "用电",
    HazardKind.gas: "燃气",
    HazardKind.water: "水域",
    HazardKind.other: "其他",
}


class HazardGrade(StrEnum):
    general = "general"  # 一般
    major = "major"  # 较大
    severe = "severe"  # 重大


HAZARD_GRADE_NAMES = {
    HazardGrade.general: "一般",
    HazardGrade.major: "较大",
    HazardGrade.severe: "重大",
}


class HazardStatus(StrEnum):
    reported = "reported"
    notified = "notified"
    rectified = "rectified"
    accepted = "accepted"
    closed = "closed"


HAZARD_STATUS_NAMES = {
    HazardStatus.reported: "已登记",
    HazardStatus.notified: "整改中",
    HazardStatus.rectified: "待验收",
    HazardStatus.accepted: "验收通过",
    HazardStatus.closed: "已销号",
}


class Hazard(IdMixin, CreatedMixin, Base):
    __tablename__ = "hazards"

    number: Mapped[str] = mapped_column(String(24), unique=True)  # YH-YYYYMMDD-NNNN
    kind: Mapped[str] = mapped_column(String(12))
    grade: Mapped[str] = mapped_column(String(8), default=HazardGrade.general)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    place: Mapped[str | None] = mapped_column(String(200))  # when it is no household's
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    reporter_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    status: Mapped[str] = mapped_column(String(10), default=HazardStatus.reported)
    # Who must act: an account, someone on the village roster, or a name and phone.
    responsible_person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    responsible_member_id: Mapped[str | None] = mapped_column(ID, ForeignKey("roster_members.id"))
    responsible_name: Mapped[str | None] = mapped_column(String(50))
    responsible_phone: Mapped[str | None] = mapped_column(Encrypted)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    rectified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_hazards_area_path", "area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        ),
        Index("ix_hazards_due_at", "due_at"),
        Index("ix_hazards_status_id", "status", "id"),
    )
