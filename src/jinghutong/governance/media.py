"""Photos and voice attached to a governance record: whoever may see the record sees them —
except items WeChat flagged or a reviewer withheld, which only their uploader and the record's
handlers see. One rule for hazards, disputes and 社情民意 (visits apply the hidden statuses
with their own notion of staff)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.media.api import REVIEW_STATUSES, CheckStatus, register_media_access
from jinghutong.models import Media

HIDDEN_MEDIA = REVIEW_STATUSES | {CheckStatus.withheld}


class Standing(Protocol):
    """Where a person stands on a record, as far as its media are concerned."""

    @property
    def sees(self) -> bool: ...

    @property
    def handler(self) -> bool: ...


Record = TypeVar("Record")
Who = TypeVar("Who", bound=Standing)


def media_shown(media: Media, who: Standing, person_id: str) -> bool:
    return media.check_status not in HIDDEN_MEDIA or who.handler or media.owner_id == person_id


def register_record_media(
    subject: str,
    model: type[Record],
    standing: Callable[[AsyncSession, str, Record], Awaitable[Who]],
) -> None:
    """Let whoever sees a `model` record (`standing(...).sees`) fetch the media attached to
    it, the hidden ones only as `media_shown` allows."""

    async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
        record = await session.get(model, media.attached_to_id or "")
        if record is None:
            return False
        who = await standing(session, person_id, record)
        return who.sees and media_shown(media, who, person_id)

    register_media_access(subject, may_view_media)
