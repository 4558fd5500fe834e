"""What the governance records share: their trail (全程留痕), the links between records (a visit's
finding became this hazard; a villager's report became this dispute), and human-facing numbers.

`GovernanceEvent` rows are append-only and chained per record (each carries the hash of the one
before it), like the case and petition trails. `GovernanceLink` is the one place a link between
two records lives, read from either end ("the link kept both ways")."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class RecordType(StrEnum):
    visit = "visit"  # 走访
    sentiment = "sentiment"  # 社情民意
    hazard = "hazard"  # 安全隐患
    dispute = "dispute"  # 矛盾纠纷
    case = "case"  # a case (cases domain)
    appointment = "appointment"  # a booking (appointments domain), e.g. a home visit


class GovernanceEvent(IdMixin, CreatedMixin, Base):
    __tablename__ = "governance_events"

    record_type: Mapped[str] = mapped_column(String(12))
    record_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    action: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("record_type", "record_id", "seq"),
        Index("ix_governance_events_actor_created", "actor_id", "created_at"),
    )


class GovernanceLink(IdMixin, CreatedMixin, Base):
    """source → target: (visit V) found (hazard H); (case C) became (dispute D)."""

    __tablename__ = "governance_links"

    source_type: Mapped[str] = mapped_column(String(12))
    source_id: Mapped[str] = mapped_column(ID)
    target_type: Mapped[str] = mapped_column(String(12))
    target_id: Mapped[str] = mapped_column(ID)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))

    __table_args__ = (
        UniqueConstraint("source_type", "source_id", "target_type", "target_id"),
        Index("ix_governance_links_target", "target_type", "target_id"),
    )


class RecordCounter(Base):
    """The last number handed out per prefix and day (`YH20261202`): YH-20261202-0001."""

    __tablename__ = "record_counters"

    key: Mapped[str] = mapped_column(String(16), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
