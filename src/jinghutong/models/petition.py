"""所长直通车: a villager writes straight to the station chief.

Nothing about a petition is ever changed, only added to (全程留痕): its messages and events are
append-only (the mapper refuses to update or delete them), and the few fields of the petition
that move (status, assignment, deadline, read receipt, rating) each move together with a new
event. Each event carries the hash of the one before it, so a removed or edited event shows.
There is no delete path at all."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class PetitionStatus(StrEnum):
    open = "open"  # waiting for the chief
    assigned = "assigned"  # the chief handed it to an officer
    answered = "answered"  # the chief or the officer replied
    closed = "closed"  # only the chief closes


class Petition(IdMixin, CreatedMixin, Base):
    __tablename__ = "petitions"

    sender_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    # The sender's village (the inbox filters by it) and the household's area path (scope).
    village_id: Mapped[str | None] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default=PetitionStatus.open)
    read_by_chief_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    # Set by the chief; shown to the sender; past it (and not yet answered) the inbox flags it.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(String(200))
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
        Index(
            "ix_petitions_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_petitions_status_id", "status", "id"),
    )


class PetitionMessage(IdMixin, CreatedMixin, Base):
    """What the sender wrote, and every reply (append-only)."""

    __tablename__ = "petition_messages"

    petition_id: Mapped[str] = mapped_column(ID, ForeignKey("petitions.id"))
    author_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    # sender 来信人 · chief 所长 · officer the officer the chief assigned
    author_role: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)

    __table_args__ = (Index("ix_petition_messages_petition_id_id", "petition_id", "id"),)


class PetitionEvent(IdMixin, CreatedMixin, Base):
    """The trail: created, read, assigned, replied, rated, closed … (append-only, hash-chained)."""

    __tablename__ = "petition_events"

    petition_id: Mapped[str] = mapped_column(ID, ForeignKey("petitions.id"))
    # 1, 2, 3 … per petition: the chain's order (ids made in the same millisecond do not sort).
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    action: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("petition_id", "seq"),)


class AppendOnly(RuntimeError):
    pass


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    raise AppendOnly(f"{type(target).__name__} rows are append-only")


for _model in (PetitionMessage, PetitionEvent):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
