"""Idempotency keys: a retried submission on a bad rural connection gets the first answer back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class IdempotencyRecord(IdMixin, CreatedMixin, Base):
    __tablename__ = "idempotency_records"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    key: Mapped[str] = mapped_column(String(100))
    # sha256 of method, path and the canonical body: the same key with another body is a 409.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer, default=0)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        UniqueConstraint("person_id", "key"),
        Index("ix_idempotency_records_created_at", "created_at"),
    )
