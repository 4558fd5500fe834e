"""Content-check rules: text now (msgSecCheck v2), media later (mediaCheckAsync + push)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.logging import get_logger
from jinghutong.integrations.wechat.errors import WechatError
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.jobs import enqueue
from jinghutong.media.repository import MediaRepository
from jinghutong.models import CheckStatus, Media

log = get_logger("jinghutong.content")

MEDIA_VERDICT_JOB = "content.media_verdict"
TEXT_LIMIT = 2500  # msgSecCheck's content limit (characters)
_SEVERITY = {"pass": 0, "review": 1, "risky": 2}
_STATUSES = {"pass": CheckStatus.passed, "review": CheckStatus.review, "risky": CheckStatus.risky}


@dataclass(frozen=True)
class Verdict:
    suggest: str  # "pass" | "review" | "risky"
    label: int | None  # WeChat's label of the worst part; None when not checked
    checked: bool  # False: WeChat was not asked (no openid) or could not answer

    @property
    def needs_review(self) -> bool:
        return self.suggest != "pass"


async def check_text(
    session: AsyncSession | None, wechat: WechatService, openid: str | None, text: str
) -> Verdict:
    """msgSecCheck v2 over the whole text (in 2500-character parts; the worst part wins).

    Never raises for WeChat trouble and never blocks: a report of fraud *is* about fraud. An
    unreachable WeChat gives `review` (a person looks); no openid (staff) gives an unchecked
    pass. `session` is not used: callers inside and outside a unit of work call it alike."""
    del session
    if not openid or not text.strip():
        return Verdict("pass", None, checked=False)
    worst = Verdict("pass", 100, checked=True)
    for start in range(0, len(text), TEXT_LIMIT):
        try:
            part = await wechat.check_text(openid, text[start : start + TEXT_LIMIT], scene=2)
        except WechatError as exc:
            log.warning("text_check_unavailable", error=repr(exc))
            return Verdict("review", None, checked=False)
        suggest = part.suggest if part.suggest in _SEVERITY else "review"
        if _SEVERITY[suggest] > _SEVERITY[worst.suggest]:
            worst = Verdict(suggest, part.label, checked=True)
    return worst


async def record_media_verdict(
    session: AsyncSession, trace_id: str, suggest: str, label: int | None
) -> Media | None:
    """Store WeChat's verdict on the media it was asked about, and queue the hook. The first
    verdict stands (a replayed or repeated push changes nothing). None: unknown trace id."""
    media = await MediaRepository(session).by_trace_id(trace_id)
    if media is None:
        return None
    if media.check_status != CheckStatus.pending:
        return media
    await _settle(session, media, suggest if suggest in _STATUSES else "review", label)
    return media


async def mark_unchecked(session: AsyncSession, media: Media, reason: str) -> None:
    """WeChat would not check it: a person looks instead (status review)."""
    log.warning("media_check_refused", media_id=media.id, reason=reason)
    await _settle(session, media, "review", None)


async def _settle(session: AsyncSession, media: Media, suggest: str, label: int | None) -> None:
    media.check_status = _STATUSES[suggest]
    media.check_label = label
    media.checked_at = clock.now()
    await session.flush()
    payload = {
        "media_id": media.id,
        "suggest": suggest,
        "label": label,
        "trace_id": media.check_trace_id,
    }
    await enqueue(session, MEDIA_VERDICT_JOB, payload, dedupe_key=f"media-verdict:{media.id}")
