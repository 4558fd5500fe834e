"""Cases' hooks into the media and content domains:

- who may GET media attached to a case: whoever may see the case — except that an item
  WeChat flagged (review/risky) is shown only to the uploader and those who may review it
  (officers over the case, the village's 村警) until a person has looked at it
  (cases/moderation), and for good when that person withheld it (the case's text likewise:
  cases/withheld.py);
- WeChat's verdict on attached media arriving later: a flagged item puts the case under review
  (handled all the same, never dropped) and the uploader gets a kind explanation."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.auth import access_to
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.trail.service import append
from jinghutong.content.api import MediaVerdict, messages, register_verdict_handler
from jinghutong.media.api import REVIEW_STATUSES, CheckStatus, register_media_access
from jinghutong.models import Case, Media, ReviewStatus

HIDDEN = REVIEW_STATUSES | {CheckStatus.withheld}  # from all but the uploader and reviewers


async def may_view_case_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    case = await CaseRepository(session).get(media.attached_to_id or "")
    if case is None:
        return False
    access = await access_to(session, person_id, case)
    if not access.can_view:
        return False
    return media.check_status not in HIDDEN or access.may_review


async def on_media_verdict(session: AsyncSession, media: Media, verdict: MediaVerdict) -> None:
    if not verdict.needs_review:
        return
    case = await CaseRepository(session).get(media.attached_to_id or "", for_update=True)
    if case is None:
        return
    events = await CaseRepository(session).events(case.id)
    if any(e.type == "content_flagged" and e.payload.get("media_id") == media.id for e in events):
        return  # the job ran before (a retry after a crash)
    await flag_media(session, case, media, verdict.suggest, verdict.label)


async def flag_media(
    session: AsyncSession, case: Case, media: Media, suggest: str, label: int | None
) -> None:
    """An attachment WeChat flagged — its verdict arriving after the attaching, or already
    known when it was attached: the case goes under review (handled all the same), the trail
    says which item and why, and the uploader is told kindly."""
    case.review_status = ReviewStatus.flagged
    payload = {"media_id": media.id, "suggest": suggest, "label": label}
    await append(session, case, "content_flagged", payload, actor_id=None)
    await notices.tell(
        session,
        case,
        [media.owner_id],
        "case.review",
        messages.UNDER_REVIEW_TITLE,
        messages.explanation("media"),
    )


register_media_access("case", may_view_case_media)
register_verdict_handler("case", on_media_verdict)
