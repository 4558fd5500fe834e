"""What the day's WeChat subscribe-message budget has spent, by priority: one row per day of
the station (its time zone), taken from with one upsert (integrations/wechat/quota.py)."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.models.base import Base


class WechatQuotaDay(Base):
    __tablename__ = "wechat_quota_days"

    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # YYYY-MM-DD, station time
    warning: Mapped[int] = mapped_column(BigInteger, default=0)
    progress: Mapped[int] = mapped_column(BigInteger, default=0)
    routine: Mapped[int] = mapped_column(BigInteger, default=0)
    # What the last take was granted: the upsert's own answer (its SET sees the row before it).
    granted: Mapped[int] = mapped_column(BigInteger, default=0)
