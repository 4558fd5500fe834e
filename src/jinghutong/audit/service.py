"""Recording who read or changed personal information (PIPL: reads of sensitive data logged)."""

from __future__ import annotations

from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import AuditEvent


async def record(
    session: AsyncSession,
    *,
    actor_id: str | None,
    action: str,
    subject_type: str,
    subject_id: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to the caller's unit of work (it commits with what it describes).

    `action` is a short verb phrase such as "read_phone" or "export_register"."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            request_id=request_id,
            detail=detail or {},
        )
    )
