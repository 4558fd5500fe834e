"""What the governance records' notices share: the times they spell out for people, and one
notice to each person concerned but the one acting. Each record kind keeps its own phrases,
titles and links (hazards.notices, disputes.notices); pushes use the case-progress template
(notifications.templates.register_progress)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.notifications.service import notify


def shanghai(at: datetime) -> str:
    """A deadline or a date as a notice says it: 2026年12月02日 18:02, Shanghai time."""
    return at.astimezone(clock.SHANGHAI).strftime("%Y年%m月%d日 %H:%M")


async def tell_once_each(
    session: AsyncSession,
    person_ids: Iterable[str | None],
    kind: str,
    title: str,
    body: str,
    link: str,
    *,
    skip: str | None = None,
) -> None:
    """One notice per person named (once, however often named), not to `skip`."""
    recipients = [p for p in dict.fromkeys(person_ids) if p and p != skip]
    await notify(session, recipients, kind, title, body, link)
