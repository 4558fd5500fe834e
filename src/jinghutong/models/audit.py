"""Audit log: who read or changed sensitive personal information, when, and why."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class AuditEvent(IdMixin, CreatedMixin, Base):
    __tablename__ = "audit_events"

    actor_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)
