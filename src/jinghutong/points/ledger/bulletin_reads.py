"""bulletin_all_read: a 联户长 whose micro-grid's households all read an important bulletin.

The trigger: a bulletin marked important (bulletins.important), published at most WINDOW ago,
for which every household of the micro-grid that it reached (has a delivery for it) has at
least one member who opened it (deliveries.read_at). Deliveries have no id to follow and a
read is an update, so this is not a cursor sweep: every CHECK_EVERY the bulletins still inside
the window are counted again, per micro-grid, and each 联户长 of a micro-grid that is complete
is awarded once per bulletin (key `bulletin:<bulletin>`). After the window nothing more is
awarded for that bulletin: reading it a month later is not what the rule rewards."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import (
    Bulletin,
    BulletinStatus,
    Delivery,
    Household,
    PointsEvent,
    Role,
    RoleGrant,
)
from jinghutong.points.ledger import reasons
from jinghutong.points.ledger.awards import Award
from jinghutong.points.ledger.sweep import write_awards

WINDOW = timedelta(days=7)
CHECK_EVERY = timedelta(minutes=10)


async def award_bulletin_reads(session: AsyncSession) -> int:
    since = clock.now() - WINDOW
    bulletins = (
        await session.execute(
            select(Bulletin.id, Bulletin.title).where(
                Bulletin.important.is_(True),
                Bulletin.published_at >= since,
                Bulletin.status.in_([BulletinStatus.sending, BulletinStatus.sent]),
            )
        )
    ).all()
    awards = [
        Award(
            person_id=leader_id,
            event_kind=PointsEvent.bulletin_all_read,
            award_key=f"bulletin:{bulletin_id}",
            source_type="bulletin",
            source_id=bulletin_id,
            reason=reasons.bulletin_all_read(clock.now(), title),
        )
        for bulletin_id, title in bulletins
        for leader_id in await _leaders_of_complete_grids(session, bulletin_id)
    ]
    # Written together, person by person: the same lock order as the award sweep's.
    return await write_awards(session, awards, {})


async def _leaders_of_complete_grids(session: AsyncSession, bulletin_id: str) -> list[str]:
    read = case((Delivery.read_at.is_not(None), Delivery.household_id))
    grids = (
        select(Household.area_id)
        .join(Delivery, Delivery.household_id == Household.id)
        .where(Delivery.bulletin_id == bulletin_id)
        .group_by(Household.area_id)
        .having(func.count(distinct(Delivery.household_id)) == func.count(distinct(read)))
    )
    rows = await session.scalars(
        select(RoleGrant.person_id)
        .where(RoleGrant.role == Role.group_leader, RoleGrant.area_id.in_(grids))
        .distinct()
    )
    return sorted(rows.all())
