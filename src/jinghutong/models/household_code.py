"""一户一码 bookkeeping beside `households.code_hash`: the hashes of retired scenes (so a rotated
code answers 410 instead of 404) and the cached code images, one per (household, version)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base


class HouseholdCodeRetired(Base):
    __tablename__ = "household_code_retired"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[str] = mapped_column(
        ID, ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    retired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class HouseholdCodeImage(Base):
    """WeChat's getUnlimited answer for one code version (only WeChat's, never the fallback)."""

    __tablename__ = "household_code_images"

    household_id: Mapped[str] = mapped_column(
        ID, ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
