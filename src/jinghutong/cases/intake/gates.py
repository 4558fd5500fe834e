"""What cases take from the media and content domains, behind two small interfaces (each side
was built and tested on its own; these adapters are the only place they meet).

- `MediaClaimer`: attach the caller's own, still-free uploads to the case, all or none
  (`media.api.claim_media`; 422 `MediaUnavailable` otherwise) → (ids, the items WeChat has
  already flagged: the caller puts the case under review for them).
- `TextChecker`: msgSecCheck v2 (`content.api.check_text`, which never raises: WeChat trouble
  comes back as "review", and a person looks) → (suggest, label)."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.content.api import check_text
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.media.api import REVIEW_STATUSES, claim_media
from jinghutong.models import Media


class MediaClaimer(Protocol):
    async def __call__(
        self, session: AsyncSession, person_id: str, media_ids: list[str], case_id: str
    ) -> tuple[list[str], list[Media]]: ...


class TextChecker(Protocol):
    async def __call__(
        self, wechat: WechatService, openid: str, text: str
    ) -> tuple[str, int | None]: ...


async def claim_for_case(
    session: AsyncSession, person_id: str, media_ids: list[str], case_id: str
) -> tuple[list[str], list[Media]]:
    rows = await claim_media(session, person_id, media_ids, "case", case_id)
    return [m.id for m in rows], [m for m in rows if m.check_status in REVIEW_STATUSES]


async def check_case_text(wechat: WechatService, openid: str, text: str) -> tuple[str, int | None]:
    verdict = await check_text(None, wechat, openid, text)
    return verdict.suggest, verdict.label


def media_claimer() -> MediaClaimer:
    return claim_for_case


def text_checker() -> TextChecker:
    return check_case_text
