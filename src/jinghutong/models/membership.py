"""Membership: a person in a household, with its approval state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class MembershipStatus(StrEnum):
    pending = "pending"
    active = "active"
    rejected = "rejected"
    left = "left"
    removed = "removed"


class Membership(IdMixin, CreatedMixin, Base):
    __tablename__ = "memberships"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    household_id: Mapped[str] = mapped_column(ID, ForeignKey("households.id"))
    status: Mapped[str] = mapped_column(String(12), default=MembershipStatus.pending)
    # 户主 head, 配偶, 子女, 父母, 其他 … as the applicant or register states it.
    relation: Mapped[str] = mapped_column(String(12), default="家庭成员")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))

    __table_args__ = (
        UniqueConstraint("person_id", "household_id"),
        Index("ix_memberships_household_status", "household_id", "status"),
    )
