"""A person's decision on flagged content. WeChat's doubtful or risky verdict put the case (its
text) or one attachment under review; a reviewer over the case now passes it (shown again to
everyone who may see the case) or upholds it (the attachment or the text stays with whoever sent
it and the reviewers for good — cases/withheld.py; the case itself is handled all the same).
Reviewers are officers over the case and the 村警 of its village (cases/auth.py). Each decision
is a trail event and the person who sent the content is told, kindly. The case row is locked
for the decision, so two reviewers deciding at once take turns and the second is told it was
already decided."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.moderation import errors as e
from jinghutong.cases.moderation.repository import withhold_text_in_notifications
from jinghutong.cases.moderation.schemas import ReviewIn
from jinghutong.cases.presenter import detail_out
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.schemas import CaseDetail
from jinghutong.cases.service import load_visible
from jinghutong.cases.trail.service import append
from jinghutong.cases.withheld import FLAGGED_EVENT, REVIEWED_EVENT, text_events, text_withheld
from jinghutong.content.api import messages
from jinghutong.media.api import REVIEW_STATUSES, CheckStatus, attached_media, record_review
from jinghutong.models import CaseEvent, Media, ReviewStatus


async def review(session: AsyncSession, person_id: str, case_id: str, body: ReviewIn) -> CaseDetail:
    case, access = await load_visible(session, person_id, case_id, for_update=True)
    if not access.may_review:
        raise e.ReviewersOnly()
    events = await CaseRepository(session).events(case.id)
    attachments = await attached_media(session, "case", case.id)
    passed = body.decision == "pass"
    if body.media_id is not None:
        media = _attachment(attachments, body.media_id)
        if media.check_status not in REVIEW_STATUSES:
            raise e.NotUnderReview()
        record_review(media, passed=passed)
        subject, sender = "media", media.owner_id
    else:
        if not _text_open(events):
            raise e.NotUnderReview(e.TEXT_NOT_UNDER_REVIEW)
        subject, sender = "text", case.reporter_id
        if not passed:  # what neighbours were already told of the text goes too
            await withhold_text_in_notifications(session, case)
    payload = {"decision": body.decision, "media_id": body.media_id, "note": body.note}
    event = await append(session, case, REVIEWED_EVENT, payload, actor_id=person_id)
    case.review_status = _summary(case.review_status, [*events, event], attachments)
    await notices.tell(
        session,
        case,
        [sender],
        "case.reviewed",
        messages.REVIEWED_TITLE,
        messages.reviewed(subject, passed),
        skip=person_id,
    )
    await session.flush()
    return await detail_out(session, case, access)


def _attachment(attachments: Sequence[Media], media_id: str) -> Media:
    for media in attachments:
        if media.id == media_id:
            return media
    raise e.UnknownAttachment(fields={"media_id": "不是这个案件的附件"})


def _text_open(events: Sequence[CaseEvent]) -> bool:
    """The text check flagged the case and no person has decided on the text yet."""
    return bool(text_events(events, FLAGGED_EVENT)) and not text_events(events, REVIEWED_EVENT)


def _summary(current: str, events: Sequence[CaseEvent], attachments: Sequence[Media]) -> str:
    """The case's review status after a decision, from what is still open and what was kept."""
    if _text_open(events) or any(m.check_status in REVIEW_STATUSES for m in attachments):
        return ReviewStatus.flagged
    if current == ReviewStatus.pending:
        return current  # the text check has not answered yet; it sets the status when it does
    if text_withheld(events) or any(m.check_status == CheckStatus.withheld for m in attachments):
        return ReviewStatus.upheld
    return ReviewStatus.passed
