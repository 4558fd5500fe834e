"""Bearer tokens (opaque; only a keyed hash is stored) and the shared WeChat access token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, Encrypted, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class ApiToken(IdMixin, CreatedMixin, Base):
    __tablename__ = "api_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    # "wechat" (mini-program) or "password" (staff browser console)
    method: Mapped[str] = mapped_column(String(12))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WechatAccessToken(Base):
    """The stable access token, shared by every process when no Redis is configured."""

    __tablename__ = "wechat_access_tokens"

    app_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    access_token: Mapped[str] = mapped_column(Encrypted)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
