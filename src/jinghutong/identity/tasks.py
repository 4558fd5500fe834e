"""Identity housekeeping done by the worker."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.identity.repository import TokenRepository
from jinghutong.jobs import JobContext, periodic_job

PURGE_TOKENS = "identity.purge_dead_tokens"


@periodic_job(PURGE_TOKENS, every=timedelta(hours=24))
async def purge_dead_tokens(
    session: AsyncSession, _payload: dict[str, Any], _ctx: JobContext
) -> None:
    """Delete tokens that died more than a week ago (kept that long for the audit trail)."""
    await TokenRepository(session).purge_dead(clock.now() - timedelta(days=7))
