"""The review queue's query, and taking an upheld text out of what people were already told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.notices import fallback_body, link
from jinghutong.cases.withheld import PLACEHOLDER
from jinghutong.core.ids import first_id_at
from jinghutong.media.api import REVIEW_STATUSES
from jinghutong.models import Case, Media, Notification, ReviewStatus

CLOCK_MARGIN = timedelta(minutes=5)


def under_review() -> ColumnElement[bool]:
    """SQL condition: the case is flagged, or has an attachment still waiting for a person.
    The second half catches media flagged before it was attached (no verdict hook ran then)."""
    open_media = (
        select(Media.id)
        .where(Media.attached_to_type == "case", Media.attached_to_id == Case.id)
        .where(Media.check_status.in_(sorted(REVIEW_STATUSES)))
    )
    return or_(Case.review_status == ReviewStatus.flagged, exists(open_media))


async def withhold_text_in_notifications(session: AsyncSession, case: Case) -> None:
    """In-app notices about `case` that quoted its text (those with no words of their own,
    `notices.tell`) now read the placeholder — except the reporter's own. A subscribe message
    not pushed yet is built from the row, so it goes without the text too."""
    quoted = fallback_body(case)
    if not quoted:
        return
    statement = (
        update(Notification)
        # Ids follow creation time (ULIDs): none about the case is older than the case, and
        # the range keeps this to the primary key's newest rows, not the whole table. Another
        # process's clock may lag this one's: a margin, so that none of its notices is missed.
        .where(Notification.id >= first_id_at(case.created_at - CLOCK_MARGIN))
        .where(Notification.link == link(case), Notification.body == quoted)
        .where(Notification.person_id != case.reporter_id)
        .values(body=PLACEHOLDER)
        .execution_options(synchronize_session=False)
    )
    await session.execute(statement)
