"""What to do with each pushed event."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.content.service import record_media_verdict
from jinghutong.core.logging import get_logger

log = get_logger("jinghutong.wechat_push")


def media_verdict(event: dict[str, Any]) -> tuple[str, int | None]:
    """(suggest, label) from a v2 event; v1 events carry only `isrisky`."""
    result = event.get("result")
    if isinstance(result, dict) and result.get("suggest"):
        label = result.get("label")
        return str(result["suggest"]), int(label) if label not in (None, "") else None
    if "isrisky" in event:
        return ("risky" if str(event["isrisky"]) == "1" else "pass"), None
    return "review", None  # a verdict we cannot read: a person looks


async def handle(session: AsyncSession, event: dict[str, Any]) -> None:
    kind = event.get("Event") if event.get("MsgType") == "event" else event.get("MsgType")
    if kind == "wxa_media_check":
        trace_id = str(event.get("trace_id") or "")
        suggest, label = media_verdict(event)
        media = await record_media_verdict(session, trace_id, suggest, label)
        if media is None:
            log.warning("media_verdict_unknown_trace", trace_id=trace_id, suggest=suggest)
        else:
            log.info("media_verdict", media_id=media.id, suggest=suggest, label=label)
        return
    log.info("wechat_push_ignored", kind=kind)
