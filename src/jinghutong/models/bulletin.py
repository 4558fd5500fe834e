"""Bulletins (警讯资讯) and their deliveries: one row per (bulletin, person), never two.

A delivery row is both the person's feed entry and, where they hold a subscription quota, the
pending WeChat subscribe message: the delivery loop claims due rows (status, due_at) in batches;
`due_at` doubles as the claim's lease, so rows of a worker that died are claimed again when it
lapses."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, get_args

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin

# The one list of categories: the API's enum (bulletins/schemas.py) is this Literal.
BulletinCategory = Literal[
    "预防未成年人违法犯罪",
    "法治宣传教育",
    "全民禁毒",
    "反诈宣传",
    "防邪宣传",
    "平安建设",
    "扫黑除恶",
    "风险提示",
]
BULLETIN_CATEGORIES: tuple[str, ...] = get_args(BulletinCategory)


class BulletinStatus(StrEnum):
    draft = "draft"
    pending_approval = "pending_approval"
    scheduled = "scheduled"
    sending = "sending"
    sent = "sent"
    cancelled = "cancelled"


class DeliveryStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"
    refused = "refused"  # WeChat 43101: no quota on WeChat's side (ours is cleared)
    no_quota = "no_quota"  # feed only: no openid or no subscription quota
    cancelled = "cancelled"
    # The day's WeChat budget (wechat.daily_quota) could not carry it: due again at the start
    # of the next day (integrations/wechat/quota.py), or, for a bulletin marked
    # `feed_only_when_short`, ended in the in-app feed only.
    waiting_for_quota = "waiting_for_quota"
    feed_only = "feed_only"


class Bulletin(IdMixin, CreatedMixin, Base):
    __tablename__ = "bulletins"

    category: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    cover_media_id: Mapped[str | None] = mapped_column(ID, ForeignKey("media.id"))
    voice_media_id: Mapped[str | None] = mapped_column(ID, ForeignKey("media.id"))
    important: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the day's WeChat budget is short: end the message as feed_only (the feed still shows
    # it) instead of waiting for the next day's budget.
    feed_only_when_short: Mapped[bool] = mapped_column(Boolean, default=False)
    # {"areas": [...], "tags": [...], "households": [...], "persons": [...], "combine": …,
    #  "exclude": {...}} — see bulletins/audience/spec.py.
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Deepest area path containing everything the audience names: who may see and approve it.
    reach_path: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default=BulletinStatus.draft)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    approver_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index("ix_bulletins_status_id", "status", "id"),
        Index(
            "ix_bulletins_reach_path",
            "reach_path",
            postgresql_ops={"reach_path": "varchar_pattern_ops"},
        ),
    )


class Delivery(Base):
    __tablename__ = "deliveries"

    bulletin_id: Mapped[str] = mapped_column(
        ID, ForeignKey("bulletins.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(
        ID, ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[str | None] = mapped_column(ID)
    village_id: Mapped[str | None] = mapped_column(ID)
    channel: Mapped[str] = mapped_column(String(8))  # feed | wechat
    status: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The delivery loop's claim: due pending rows, oldest first.
        Index("ix_deliveries_status_due_at", "status", "due_at"),
        # Stats by status and village; the feed of one person.
        Index("ix_deliveries_bulletin_id_status", "bulletin_id", "status"),
        Index("ix_deliveries_person_id", "person_id", "bulletin_id"),
    )
