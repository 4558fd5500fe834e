"""What other domains (cases, petitions) use from media. Import from here, nothing deeper.

    from jinghutong.media.api import claim_media, media_views, register_media_access

- `claim_media(session, person_id, media_ids, "case", case.id)` at creation: attaches the
  caller's own, still-free uploads, all or nothing; raises `MediaUnavailable` (422, field
  `media_ids`) for an unknown id, someone else's, or one already attached elsewhere. Returns
  the Media rows in the order given, so you can read `check_status` (flagged: one of
  `REVIEW_STATUSES`).
- `register_media_access("case", checker)`: who besides the uploader may GET attached media.
- `media_views(session, storage, settings, "case", case.id)`: the attached items with
  expiring URLs, for a case's detail response.
- Verdicts arriving later: `jinghutong.content.api.register_verdict_handler`.
- `record_review(media, passed=…)`: a person's decision on a flagged item (pass or withheld)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.integrations.storage import Storage
from jinghutong.media import service
from jinghutong.media.auth import MediaAccessChecker, may_view, register_media_access
from jinghutong.media.errors import MediaUnavailable
from jinghutong.media.repository import MediaRepository
from jinghutong.media.schemas import MediaOut, MediaView
from jinghutong.models import CheckStatus, Media, MediaKind

__all__ = [
    "REVIEW_STATUSES",
    "CheckStatus",
    "MediaAccessChecker",
    "MediaKind",
    "MediaOut",
    "MediaUnavailable",
    "MediaView",
    "attached_media",
    "claim_media",
    "may_view",
    "media_views",
    "record_review",
    "register_media_access",
]

# Flagged: WeChat was unsure (or could not check) or judged it risky, and no person decided yet.
REVIEW_STATUSES = frozenset({CheckStatus.review, CheckStatus.risky})


async def claim_media(
    session: AsyncSession,
    person_id: str,
    media_ids: Sequence[str],
    attached_to_type: str,
    attached_to_id: str,
    *,
    field: str = "media_ids",
    kind: MediaKind | None = None,
) -> list[Media]:
    """Attach `media_ids` (the uploader's own, not yet attached) to one thing, all or none.
    `field` names the request field in the 422; `kind` (image or voice), when given, must be
    every item's. Call it before flushing a row that refers to the media by foreign key: an
    unknown id is then this 422, not the database's refusal at commit."""
    ids = list(dict.fromkeys(media_ids))
    if not ids:
        return []
    repository = MediaRepository(session)
    attached = await repository.attach(person_id, ids, attached_to_type, attached_to_id)
    if attached != len(ids):
        # The caller's unit of work rolls back with this error, undoing the partial update.
        raise MediaUnavailable(fields={field: "附件无效、不属于您或已被使用"})
    by_id = {m.id: m for m in await repository.many(ids)}
    if kind is not None and any(m.kind != kind for m in by_id.values()):
        wanted = "照片" if kind == MediaKind.image else "语音"
        raise MediaUnavailable(f"这里只能放{wanted}", fields={field: f"应为{wanted}"})
    return [by_id[i] for i in ids]


async def attached_media(
    session: AsyncSession, attached_to_type: str, attached_to_id: str
) -> list[Media]:
    return await MediaRepository(session).attached_to(attached_to_type, attached_to_id)


async def media_views(
    session: AsyncSession,
    storage: Storage,
    settings: Settings,
    attached_to_type: str,
    attached_to_id: str,
) -> list[MediaView]:
    """The attached items with expiring links, for a detail response (caller checked access)."""
    rows = await attached_media(session, attached_to_type, attached_to_id)
    return [await service.view(storage, settings, m) for m in rows]


def record_review(media: Media, *, passed: bool) -> None:
    """A person looked at a flagged item: passed, it is shown to whoever may see what it is
    attached to; otherwise it is withheld for good (its uploader and reviewers only)."""
    media.check_status = CheckStatus.passed if passed else CheckStatus.withheld
