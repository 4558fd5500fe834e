"""In-app notifications (the list every person always has) and WeChat subscribe-message quotas
(what `wx.requestSubscribeMessage` granted: one message per "accept", or long-term)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class Notification(IdMixin, CreatedMixin, Base):
    __tablename__ = "notifications"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(String(500), default="")
    # A mini-program page, e.g. "pages/household/members?household_id=…".
    link: Mapped[str | None] = mapped_column(String(300))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the WeChat subscribe message went out: a retried job sees it and stops.
    pushed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_notifications_person_id_id", "person_id", "id"),)


class SubscriptionQuota(Base):
    __tablename__ = "subscription_quotas"

    person_id: Mapped[str] = mapped_column(
        ID, ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    template_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    remaining: Mapped[int] = mapped_column(Integer, default=0)
    long_term: Mapped[bool] = mapped_column(Boolean, default=False)
