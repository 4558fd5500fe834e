"""Content-check work: submit new media to WeChat; hand verdicts to the attaching domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.content import service
from jinghutong.content.verdicts import MediaVerdict, handler_for
from jinghutong.core.config import Settings
from jinghutong.core.logging import get_logger
from jinghutong.integrations.wechat.errors import WechatBusy, WechatError, WechatTokenInvalid
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.jobs import JobContext, PermanentFailure, RetryLater, job_handler
from jinghutong.media import links
from jinghutong.media.repository import MediaRepository
from jinghutong.media.service import MEDIA_CHECK_JOB
from jinghutong.models import CheckStatus, Person

log = get_logger("jinghutong.content")

# media_check_async: 1 audio, 2 image.
_MEDIA_TYPES = {"voice": 1, "image": 2}


@job_handler(MEDIA_CHECK_JOB)
async def submit_media_check(
    session: AsyncSession, payload: dict[str, Any], ctx: JobContext
) -> None:
    """Ask WeChat to check one upload; it fetches the bytes from our expiring public link."""
    media = await MediaRepository(session).get(str(payload["media_id"]))
    if media is None or media.check_status != CheckStatus.pending or media.check_trace_id:
        return
    owner = await session.get(Person, media.owner_id)
    if owner is None or not owner.openid:
        media.check_status = CheckStatus.none
        return
    settings: Settings = ctx["settings"]
    wechat: WechatService = ctx["wechat"]
    url = links.signed_url(settings, media.id, settings.media.check_link_ttl_seconds)
    try:
        media.check_trace_id = await wechat.check_media_async(
            owner.openid, url, _MEDIA_TYPES[media.kind], scene=2
        )
    except (WechatBusy, WechatTokenInvalid) as exc:
        raise RetryLater(repr(exc), getattr(exc, "retry_after", None)) from exc
    except WechatError as exc:
        await service.mark_unchecked(session, media, repr(exc))
        return
    await session.flush()


@job_handler(service.MEDIA_VERDICT_JOB)
async def dispatch_media_verdict(
    session: AsyncSession, payload: dict[str, Any], ctx: JobContext
) -> None:
    """Tell the domain the media is attached to. Unattached media needs nobody told: whoever
    claims it later reads `check_status` at claim time (media.api.claim_media)."""
    media = await MediaRepository(session).get(str(payload["media_id"]))
    if media is None:
        return
    verdict = MediaVerdict(
        media_id=media.id,
        suggest=str(payload["suggest"]),
        label=payload.get("label"),
        trace_id=payload.get("trace_id"),
    )
    if media.attached_to_type is None:
        log.info("media_verdict_unattached", media_id=media.id, suggest=verdict.suggest)
        return
    handler = handler_for(media.attached_to_type)
    if handler is None:
        # Loud on purpose: the job ends failed and stays in the jobs table for an operator.
        raise PermanentFailure(f"no verdict handler for {media.attached_to_type!r}")
    await handler(session, media, verdict)
