"""矛盾纠纷 and their 交办: a quarrel recorded, handed to someone to mediate, mediated in
sessions, settled by an agreement (调解协议) or given up and referred on, then followed up (回访).

open (已登记) → assigned (已交办) → mediating (调解中) → settled (已调解) | failed (调解不成,
referred) → closed after the follow-up. `level` is the rung the dispute has reached — 联户网格,
村, 镇, 派出所 — raised by each hand-over; at settlement it is the level the matter ended at, the
number behind "小事不出联户网格、大事不出镇". Parties are people with names and phones: the phones
are encrypted at rest and masked on the wire like every phone."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, Encrypted, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class DisputeCategory(StrEnum):
    neighbour = "neighbour"  # 邻里纠纷
    family = "family"  # 婚姻家庭
    land = "land"  # 土地山林
    homestead = "homestead"  # 宅基地
    debt = "debt"  # 债务
    labour = "labour"  # 劳资
    traffic = "traffic"  # 交通事故
    other = "other"  # 其他


DISPUTE_CATEGORY_NAMES = {
    DisputeCategory.neighbour: "邻里纠纷",
    DisputeCategory.family: "婚姻家庭",
    DisputeCategory.land: "土地山林",
    DisputeCategory.homestead: "宅基地",
    DisputeCategory.debt: "债务",
    DisputeCategory.labour: "劳资",
    DisputeCategory.traffic: "交通事故",
    DisputeCategory.other: "其他",
}


class DisputeStatus(StrEnum):
    open = "open"
    assigned = "assigned"
    mediating = "mediating"
    settled = "settled"
    failed = "failed"
    closed = "closed"


DISPUTE_STATUS_NAMES = {
    DisputeStatus.open: "已登记",
    DisputeStatus.assigned: "已交办",
    DisputeStatus.mediating: "调解中",
    DisputeStatus.settled: "已调解",
    DisputeStatus.failed: "调解不成",
    DisputeStatus.closed: "已结案",
}


class DisputeLevel(StrEnum):
    """The rungs in order: the index is the height."""

    micro_grid = "micro_grid"  # 联户网格
    village = "village"  # 村
    township = "township"  # 镇
    station = "station"  # 派出所


DISPUTE_LEVELS = list(DisputeLevel)
DISPUTE_LEVEL_NAMES = {
    DisputeLevel.micro_grid: "联户网格",
    DisputeLevel.village: "村",
    DisputeLevel.township: "镇",
    DisputeLevel.station: "派出所",
}


class Dispute(IdMixin, CreatedMixin, Base):
    __tablename__ = "disputes"

    number: Mapped[str] = mapped_column(String(24), unique=True)  # JF-YYYYMMDD-NNNN
    category: Mapped[str] = mapped_column(String(12))
    summary: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    reporter_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    status: Mapped[str] = mapped_column(String(10), default=DisputeStatus.open)
    level: Mapped[str] = mapped_column(String(12), default=DisputeLevel.micro_grid)
    # 交办: to an account (officer, 村警, 联户长), to someone on the roster (a village mediator),
    # or to another unit by name (司法所, 镇综治中心 …).
    assignee_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    assignee_member_id: Mapped[str | None] = mapped_column(ID, ForeignKey("roster_members.id"))
    assignee_unit: Mapped[str | None] = mapped_column(String(50))
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agreement_text: Mapped[str | None] = mapped_column(Text)
    agreement_media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_reason: Mapped[str | None] = mapped_column(String(500))
    referred_to: Mapped[str | None] = mapped_column(String(50))  # 司法所, 法院 …
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_disputes_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_disputes_due_at", "due_at"),
        Index("ix_disputes_assignee_id", "assignee_id", "id"),
    )


class DisputeParty(IdMixin, CreatedMixin, Base):
    __tablename__ = "dispute_parties"

    dispute_id: Mapped[str] = mapped_column(ID, ForeignKey("disputes.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(Encrypted)
    phone_index: Mapped[str | None] = mapped_column(String(40), index=True)
    side: Mapped[str] = mapped_column(String(20), default="当事人")  # 申请人, 被申请人 …
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))


class MediationSession(IdMixin, CreatedMixin, Base):
    """One sitting: who mediated, who came, what was said and agreed (append-only)."""

    __tablename__ = "mediation_sessions"

    dispute_id: Mapped[str] = mapped_column(ID, ForeignKey("disputes.id"), index=True)
    recorder_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mediators: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)
    agreed: Mapped[str | None] = mapped_column(Text)
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    on_site: Mapped[bool] = mapped_column(Boolean, default=False)  # 现场调解 (checked the ground)
