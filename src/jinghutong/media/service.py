"""Media rules: accept an upload, serve it to those allowed, hand it to what claims it.

Nothing half-saved: the object is written before the row; if writing fails no row is added,
and if the row cannot be flushed or committed the object is deleted again (`stored` below; the
upload endpoint commits inside it). Keys are random, so an object whose process died between
the two steps is unreachable and harmless."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.core.logging import get_logger
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.integrations.storage import ObjectMissing, Storage, StorageError
from jinghutong.jobs import enqueue
from jinghutong.media import links
from jinghutong.media.auth import may_view
from jinghutong.media.errors import MediaNotFound, MediaPurged, StorageUnavailable
from jinghutong.media.inspect import Inspected, inspect_upload
from jinghutong.media.repository import MediaRepository
from jinghutong.media.schemas import MediaOut, MediaView
from jinghutong.models import CheckStatus, Media, Person

log = get_logger("jinghutong.media")

MEDIA_CHECK_JOB = "content.media_check"
TOO_MANY_UPLOADS = "上传太频繁了，请过一会儿再传"


async def admit_upload(limiter: RateLimiter, settings: Settings, person_id: str) -> None:
    """Count this upload against the person's allowance; 429 once it is used up."""
    rule, key = settings.media.upload_limit, f"media:upload:{person_id}"
    await limiter.check(rule, key, detail=TOO_MANY_UPLOADS)
    await limiter.hit(rule, key)


async def inspect(data: bytes, kind: str, settings: Settings) -> Inspected:
    """Judge and clean the upload off the event loop (Pillow and mutagen are synchronous)."""
    return await anyio.to_thread.run_sync(inspect_upload, data, kind, settings.media)


def new_storage_key(extension: str) -> str:
    token = secrets.token_urlsafe(24)  # 192 random bits
    return f"{token[:2]}/{token}.{extension}"


@asynccontextmanager
async def stored(storage: Storage, inspected: Inspected) -> AsyncIterator[str]:
    """Put the object, yield its key; if the block fails (flush, commit …) delete it again."""
    key = new_storage_key(inspected.extension)
    try:
        await storage.put(key, inspected.data, inspected.content_type)
    except StorageError as exc:
        log.warning("media_put_failed", error=str(exc))
        raise StorageUnavailable() from exc
    try:
        yield key
    except BaseException:
        try:
            await storage.delete(key)
        except StorageError as exc:  # unreachable random key: harmless, but say so
            log.error("media_orphaned", key=key, error=str(exc))
        raise


async def record(
    session: AsyncSession, owner: Person, inspected: Inspected, storage_key: str
) -> Media:
    """The row for a stored upload, and the content-check job when WeChat can check it."""
    checkable = bool(owner.openid)
    media = await MediaRepository(session).add(
        Media(
            owner_id=owner.id,
            kind=inspected.kind,
            content_type=inspected.content_type,
            size=len(inspected.data),
            sha256=inspected.sha256,
            duration_ms=inspected.duration_ms,
            width=inspected.width,
            height=inspected.height,
            storage_key=storage_key,
            check_status=CheckStatus.pending if checkable else CheckStatus.none,
        )
    )
    if checkable:
        await enqueue(session, MEDIA_CHECK_JOB, {"media_id": media.id})
    return media


async def visible(session: AsyncSession, person_id: str, media_id: str) -> Media:
    """The media if this person may see it; 404 otherwise (existence is not revealed)."""
    media = await MediaRepository(session).get(media_id)
    if media is None or not await may_view(session, person_id, media):
        raise MediaNotFound()
    return media


PURGED_NOTICE = "已过保存期限"


async def content(storage: Storage, media: Media) -> bytes:
    if media.check_status == CheckStatus.purged:
        raise MediaPurged()
    try:
        return await storage.get(media.storage_key)
    except ObjectMissing as exc:
        log.error("media_object_missing", media_id=media.id)
        raise MediaNotFound() from exc
    except StorageError as exc:
        raise StorageUnavailable(detail="文件暂时无法读取，请稍后再试") from exc


async def viewing_url(storage: Storage, settings: Settings, media: Media) -> str:
    """Where a viewer's browser goes: the bucket's own signed URL (S3), or our signed link."""
    if media.check_status == CheckStatus.purged:
        raise MediaPurged()
    ttl = settings.media.link_ttl_seconds
    if settings.media.redirect_to_storage:
        try:
            url = await storage.signed_url(media.storage_key, timedelta(seconds=ttl))
        except StorageError as exc:
            raise StorageUnavailable(detail="文件暂时无法读取，请稍后再试") from exc
        if url is not None:
            return url
    return links.signed_url(settings, media.id, ttl)


async def view(storage: Storage, settings: Settings, media: Media) -> MediaView:
    if media.check_status == CheckStatus.purged:
        return MediaView(**MediaOut.of(media).model_dump(), url_expires_in=0, notice=PURGED_NOTICE)
    return MediaView(
        **MediaOut.of(media).model_dump(),
        url=await viewing_url(storage, settings, media),
        url_expires_in=settings.media.link_ttl_seconds,
    )


async def sweep_orphans(
    session: AsyncSession, storage: Storage, created_before: datetime, limit: int
) -> int:
    """Delete up to `limit` uploads nothing claimed that were made before `created_before`:
    the object first, then the row. An object the store would not delete keeps its row, so the
    next sweep tries again; if the commit fails after the objects went, the rows stay too and
    the next sweep deletes them (deleting a missing object is harmless). Returns rows deleted."""
    repository = MediaRepository(session)
    gone: list[str] = []
    for media in await repository.orphans(created_before, limit):
        try:
            await storage.delete(media.storage_key)
        except StorageError as exc:
            log.warning("media_orphan_delete_failed", media_id=media.id, error=str(exc))
            continue
        gone.append(media.id)
    deleted = await repository.delete_unattached(gone)
    if deleted:
        log.info("media_orphans_deleted", count=deleted)
    return deleted
