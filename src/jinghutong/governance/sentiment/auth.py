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
from jinghutong.governance.media import register_record_media
from jinghutong.models import SentimentItem

MEDIA_SUBJECT = "sentiment"


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


register_record_media(MEDIA_SUBJECT, SentimentItem, standing)
