"""Who stands where on a 社情民意 item.

- Recorders over its place (the 联户长 of its micro-grid, the village's 村警, the officers over
  the village, the chief and admin) see it, and so does whoever recorded it.
- Handlers (recorders minus the 联户长) mark it handled. A 联户长 who sees it but asks to
  handle it gets 403: they know it exists; they may not decide it.
- Photos and voice: whoever sees the item — except items WeChat flagged or a reviewer withheld,
  which only their uploader and the handlers see.
Nobody else learns it exists (404)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import HANDLER_ROLES, roles_over
from jinghutong.media.api import REVIEW_STATUSES, CheckStatus, register_media_access
from jinghutong.models import Media, SentimentItem

MEDIA_SUBJECT = "sentiment"
HIDDEN_MEDIA = REVIEW_STATUSES | {CheckStatus.withheld}


@dataclass(frozen=True)
class Standing:
    recorder: bool  # a recorder role over the item's place
    handler: bool
    own: bool  # the caller recorded it

    @property
    def sees(self) -> bool:
        return self.recorder or self.own


async def standing(session: AsyncSession, person_id: str, item: SentimentItem) -> Standing:
    roles = await roles_over(session, person_id, item.area_path)
    return Standing(
        recorder=bool(roles),
        handler=any(r in HANDLER_ROLES for r in roles),
        own=item.recorder_id == person_id,
    )


def media_shown(media: Media, who: Standing, person_id: str) -> bool:
    return media.check_status not in HIDDEN_MEDIA or who.handler or media.owner_id == person_id


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    item = await session.get(SentimentItem, media.attached_to_id or "")
    if item is None:
        return False
    who = await standing(session, person_id, item)
    return who.sees and media_shown(media, who, person_id)


register_media_access(MEDIA_SUBJECT, may_view_media)
