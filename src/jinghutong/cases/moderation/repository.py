"""The review queue's query."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select

from jinghutong.media.api import REVIEW_STATUSES
from jinghutong.models import Case, Media, ReviewStatus


def under_review() -> ColumnElement[bool]:
    """SQL condition: the case is flagged, or has an attachment still waiting for a person.
    The second half catches media flagged before it was attached (no verdict hook ran then)."""
    open_media = (
        select(Media.id)
        .where(Media.attached_to_type == "case", Media.attached_to_id == Case.id)
        .where(Media.check_status.in_(sorted(REVIEW_STATUSES)))
    )
    return or_(Case.review_status == ReviewStatus.flagged, exists(open_media))
