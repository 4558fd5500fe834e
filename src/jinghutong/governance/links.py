"""Links between records, kept once and read from either end: a visit's finding became this
hazard; a villager's report (a case) became this dispute; a visit led to a home-visit booking."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import GovernanceLink


@dataclass(frozen=True)
class Linked:
    """The record at the other end, and which way the link runs from here."""

    type: str
    id: str
    direction: str  # "from": it led to this record · "to": this record led to it


async def link(
    session: AsyncSession,
    source: tuple[str, str],
    target: tuple[str, str],
    created_by: str | None,
) -> None:
    session.add(
        GovernanceLink(
            source_type=source[0],
            source_id=source[1],
            target_type=target[0],
            target_id=target[1],
            created_by=created_by,
        )
    )


async def linked(session: AsyncSession, record_type: str, record_id: str) -> list[Linked]:
    """Every record linked to this one, oldest link first."""
    query = (
        select(GovernanceLink)
        .where(
            or_(
                (GovernanceLink.source_type == record_type)
                & (GovernanceLink.source_id == record_id),
                (GovernanceLink.target_type == record_type)
                & (GovernanceLink.target_id == record_id),
            )
        )
        .order_by(GovernanceLink.id)
    )
    out = []
    for row in (await session.scalars(query)).all():
        if row.source_type == record_type and row.source_id == record_id:
            out.append(Linked(row.target_type, row.target_id, "to"))
        else:
            out.append(Linked(row.source_type, row.source_id, "from"))
    return out
