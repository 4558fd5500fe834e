"""Media: a photo or voice clip a person uploaded, stored under a random key, checked by WeChat,
and attached (once, by its uploader) to the case or petition it belongs to."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class MediaKind(StrEnum):
    image = "image"
    voice = "voice"


class CheckStatus(StrEnum):
    none = "none"  # not sent to WeChat (the uploader has no openid: staff)
    pending = "pending"  # submitted (or about to be); the verdict comes by push
    passed = "pass"
    review = "review"  # WeChat is unsure, or could not check: a person looks
    risky = "risky"  # under review for staff; never shown to neighbours
    withheld = "withheld"  # staff upheld the flag: shown to the uploader and reviewers only
    # Past the station's retention period (jinghutong.retention): the file is deleted, the row
    # stays so the record still lists it, as 已过保存期限.
    purged = "purged"


# The conditions of the two partial indexes below (written the same in the migration).
ATTACHED = "attached_to_type IS NOT NULL"
UNATTACHED = "attached_to_type IS NULL"


class Media(IdMixin, CreatedMixin, Base):
    __tablename__ = "media"

    owner_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    # Random (192 bits), never derived from the id, the owner or the file name.
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    check_status: Mapped[str] = mapped_column(String(8), default=CheckStatus.pending)
    check_trace_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    check_label: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What claimed it ("case", "petition", …) — set once, by the uploader only.
    attached_to_type: Mapped[str | None] = mapped_column(String(32))
    attached_to_id: Mapped[str | None] = mapped_column(ID)
    attached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_media_owner_id_id", "owner_id", "id"),
        # The two partial indexes split the table: claimed rows by what claimed them, and the
        # uploads nothing claimed yet, oldest first, for the orphan sweep (repository.orphans).
        # Split, the sweep's `attached_to_type IS NULL` can use only the second, which gives its
        # order too (SQLite has no statistics and chose the first, then sorted).
        Index(
            "ix_media_attached_to",
            "attached_to_type",
            "attached_to_id",
            postgresql_where=text(ATTACHED),
            sqlite_where=text(ATTACHED),
        ),
        Index(
            "ix_media_unattached_created_at",
            "created_at",
            "id",
            postgresql_where=text(UNATTACHED),
            sqlite_where=text(UNATTACHED),
        ),
    )
