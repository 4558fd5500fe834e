"""The work engine's rows (ARCHITECTURE §5): the database is the queue."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class JobState(StrEnum):
    pending = "pending"
    done = "done"
    failed = "failed"


class Job(IdMixin, CreatedMixin, Base):
    __tablename__ = "jobs"

    kind: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=JobState.pending)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Set while a worker holds the row; a crashed worker's claim lapses and the row is retried.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # At most one pending job per key (periodic jobs, "remind case X"): a second enqueue is a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_jobs_state_due", "state", "due_at"),)
