"""People: villagers (a WeChat identity) and staff (a password login), often both.

Phone and ID number are sensitive: encrypted at rest, looked up by blind index, masked on the
wire, and every read of the clear value is audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import Encrypted, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class Person(IdMixin, CreatedMixin, Base):
    __tablename__ = "persons"

    name: Mapped[str] = mapped_column(String(50), default="")
    openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(Encrypted)
    phone_index: Mapped[str | None] = mapped_column(String(40), index=True)
    id_number: Mapped[str | None] = mapped_column(Encrypted)
    id_number_index: Mapped[str | None] = mapped_column(String(40), index=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
