"""Verdict hooks: the domain that owns a media item's attachment ("case", "petition") is told
when WeChat's verdict on it arrives, from the `content.media_verdict` job (durable, retried;
a handler error fails the job visibly — a verdict is never silently dropped)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Media


@dataclass(frozen=True)
class MediaVerdict:
    media_id: str
    suggest: str  # "pass" | "review" | "risky"
    label: int | None  # WeChat's label (100 normal, 20002 porn …); None when unchecked
    trace_id: str | None

    @property
    def needs_review(self) -> bool:
        return self.suggest != "pass"


# (session of the job's unit of work, the media (reloaded), the verdict) -> None. Must be
# idempotent: the job may run again after a crash.
VerdictHandler = Callable[[AsyncSession, Media, MediaVerdict], Awaitable[None]]
_handlers: dict[str, VerdictHandler] = {}


def register_verdict_handler(attached_to_type: str, handler: VerdictHandler) -> None:
    """Call at import time (e.g. in cases/tasks.py, loaded by the app and the worker)."""
    _handlers[attached_to_type] = handler


def handler_for(attached_to_type: str) -> VerdictHandler | None:
    return _handlers.get(attached_to_type)
