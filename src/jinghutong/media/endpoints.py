"""Media endpoints: upload a photo or voice clip; fetch it by an expiring link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import RedirectResponse, Response

from jinghutong.core.clock import now
from jinghutong.core.config import Settings
from jinghutong.core.deps import AppSettings, Limiter, Session
from jinghutong.core.errors import (
    NotAuthenticated,
    TokenInvalid,
    TooManyRequests,
    ValidationFailed,
    errors,
)
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.integrations.storage import Storage, get_storage
from jinghutong.media import errors as media_errors
from jinghutong.media import links, service
from jinghutong.media.auth import OptionalPrincipal
from jinghutong.media.repository import MediaRepository
from jinghutong.media.schemas import MediaKindName, MediaOut

router = APIRouter(tags=["media"])
_auth = (NotAuthenticated, TokenInvalid)
AppStorage = Annotated[Storage, Depends(get_storage)]


async def media_context(storage: AppStorage, settings: AppSettings) -> tuple[Storage, Settings]:
    """Where media live and the settings their links are signed with, as one parameter for
    the endpoints whose work claims media and answers with expiring links."""
    return storage, settings


MediaContext = Annotated[tuple[Storage, Settings], Depends(media_context)]


@router.post(
    "/media",
    status_code=201,
    responses=errors(
        *_auth,
        ValidationFailed,
        media_errors.EmptyFile,
        media_errors.DamagedFile,
        media_errors.FileTooLarge,
        media_errors.UnsupportedFile,
        media_errors.StorageUnavailable,
        TooManyRequests,
    ),
)
async def upload_media(
    file: Annotated[UploadFile, File(description="照片（JPG/PNG/WebP）或语音（MP3/AAC/M4A/WAV）")],
    kind: Annotated[MediaKindName, Form()],
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    limiter: Limiter,
) -> MediaOut:
    """Upload a photo or a voice clip (≤ 10 MB; voice ≤ 10 minutes); returns its id."""
    await service.admit_upload(limiter, settings, me.person.id)
    data = await file.read(settings.media.max_bytes + 1)
    inspected = await service.inspect(data, kind, settings)
    async with service.stored(storage, inspected) as key:
        media = await service.record(session, me.person, inspected, key)
        # Committed here, inside `stored`, so a failed commit deletes the object again.
        await session.commit()
    return MediaOut.of(media)


@router.get(
    "/media/{media_id}",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}, "audio/mpeg": {}}, "description": "the bytes"},
        307: {"description": "redirect to an expiring link"},
        **errors(
            *_auth,
            media_errors.MediaNotFound,
            media_errors.LinkInvalid,
            media_errors.LinkExpired,
            media_errors.MediaPurged,
            media_errors.StorageUnavailable,
        ),
    },
)
async def get_media(
    media_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: OptionalPrincipal,
    exp: Annotated[int | None, Query(description="link expiry (unix seconds)")] = None,
    sig: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """With a token: 307 to an expiring link. With `exp`+`sig`: the bytes."""
    if exp is not None or sig is not None:
        links.verify(media_id, exp, sig)
        media = await MediaRepository(session).get(media_id)
        if media is None:
            raise media_errors.MediaNotFound()
        remaining = max(0, exp - int(now().timestamp())) if exp else 0
        return Response(
            await service.content(storage, media),
            media_type=media.content_type,
            headers={
                "Cache-Control": f"private, max-age={remaining}",
                "X-Content-Type-Options": "nosniff",
                "Content-Disposition": "inline",
            },
        )
    if me is None:
        raise NotAuthenticated()
    media = await service.visible(session, me.person.id, media_id)
    return RedirectResponse(await service.viewing_url(storage, settings, media), status_code=307)
