"""Every case query: loading and locking, lists, the per-day number, who holds a role over a
place, and the micro-grids nearest a point."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Select, String, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import direct
from jinghutong.core.db import autonomous_scalar
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    CaseCounter,
    CaseEvent,
    CaseStatus,
    Household,
    Membership,
    MembershipStatus,
    Person,
    RoleGrant,
    at_or_above,
)

EARTH_KM = 6371.0
OPEN_STATUSES = (CaseStatus.new, CaseStatus.assigned, CaseStatus.accepted)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


class CaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, case_id: str, *, for_update: bool = False) -> Case | None:
        query = select(Case).where(Case.id == case_id)
        if for_update:  # PostgreSQL: one actor (person or sweep) at a time; SQLite writes serially
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, case: Case) -> Case:
        self.session.add(case)
        await self.session.flush()
        return case

    async def next_number(self, day: str) -> int:
        """The next number of `day` (see `reserve_numbers`)."""
        return await self.reserve_numbers(day, 1)

    async def reserve_numbers(self, day: str, count: int) -> int:
        """Take `count` numbers of `day` at once, in one statement safe under concurrency (the
        upsert creates the day's row or bumps it under its row lock); returns the last one.

        On PostgreSQL the bump commits on its own at once (`autonomous_scalar`): inside the
        report's transaction the row lock would be held until that report commits, and every
        report of the day — the whole province's — would queue behind it (measured: a third of
        intake throughput at 64 concurrent reporters). The price is that a report whose write
        fails after this point leaves its number unused: numbers never repeat, but may skip.
        On SQLite (one writer at a time, nothing to gain) it stays inside the transaction and
        numbers have no gaps."""
        statement = for_session(_RESERVE_NUMBERS, self.session)
        params = {"day": day, "count": count}
        return int(await autonomous_scalar(self.session, statement, params))

    async def page(
        self,
        condition: ColumnElement[bool],
        *,
        status: str | None,
        kind: str | None,
        under_path: str | None,
        before: str | None,
        limit: int,
    ) -> list[Case]:
        query = select(Case).where(condition)
        if status:
            query = query.where(Case.status == status)
        if kind:
            query = query.where(Case.kind == kind)
        if under_path:
            query = query.where(Case.area_path.like(under_path + "%"))
        if before:
            query = query.where(Case.id < before)
        return list(await self.session.scalars(query.order_by(Case.id.desc()).limit(limit)))

    async def events(self, case_id: str) -> list[CaseEvent]:
        rows = await self.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.seq)
        )
        return list(rows.all())

    async def events_of_type(self, case_ids: Iterable[str], event_type: str) -> list[CaseEvent]:
        """The `event_type` events of several cases at once (for a list page)."""
        query = select(CaseEvent).where(
            CaseEvent.case_id.in_(list(case_ids)), CaseEvent.type == event_type
        )
        return list(await self.session.scalars(query.order_by(CaseEvent.case_id, CaseEvent.seq)))

    async def due(self, now: datetime, limit: int) -> list[Case]:
        """Open cases past their deadline, locked; rows another worker holds are skipped."""
        query = (
            select(Case)
            .where(Case.due_at.is_not(None), Case.due_at <= now, Case.status.in_(OPEN_STATUSES))
            .order_by(Case.due_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(await self.session.scalars(query))

    async def persons(self, ids: Iterable[str]) -> dict[str, Person]:
        wanted = [i for i in set(ids) if i]
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {p.id: p for p in rows}

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)


# The statements every report runs, built once (construction costs more CPU than the query),
# on the tables, not the mapped classes, and run straight on the driver (core.direct).
_COUNTERS = CaseCounter.__table__.c
_RESERVE_NUMBERS = per_dialect(
    lambda insert: (
        insert(CaseCounter.__table__)
        .values(day=bindparam("day"), last=bindparam("count"))
        .on_conflict_do_update(
            index_elements=[_COUNTERS.day], set_={"last": _COUNTERS.last + bindparam("count")}
        )
        .returning(_COUNTERS.last)
    )
)
_GRANTS, _AREAS, _PERSONS = RoleGrant.__table__.c, Area.__table__.c, Person.__table__.c


def _holders_over(path: ColumnElement[str]) -> Select[tuple[str, str]]:
    """Who holds the role `:role` on the area at `path` or an area above it, nearest first."""
    return (
        select(_GRANTS.person_id, _PERSONS.name)
        .join_from(RoleGrant.__table__, Area.__table__, _AREAS.id == _GRANTS.area_id)
        .join(Person.__table__, _PERSONS.id == _GRANTS.person_id)
        .where(
            _GRANTS.role == bindparam("role"),
            at_or_above(_AREAS.id, _AREAS.path, path),
            _PERSONS.is_active.is_(True),
        )
        .order_by(_AREAS.depth.desc(), _GRANTS.created_at, _GRANTS.id)
    )


_HOLDERS = _holders_over(bindparam("path", type_=String))
# A person's home: the household of their first active membership, and its area.
_MEMBERSHIP_OF_PERSON = (Membership.person_id == bindparam("person_id")) & (
    Membership.status == MembershipStatus.active
)
_FIRST_MEMBERSHIP = (Membership.created_at, Membership.id)
_HOME_OF = (
    select(*Household.__table__.columns, *Area.__table__.columns)
    .join_from(Household, Membership, Membership.household_id == Household.id)
    .join(Area, Area.id == Household.area_id)
    .where(_MEMBERSHIP_OF_PERSON)
    .order_by(*_FIRST_MEMBERSHIP)
    .limit(1)
)
# `_HOLDERS` of the place `_HOME_OF` finds, asked without waiting for it: read together.
_HOME_AREA = Area.__table__.alias("home_area")
_HOLDERS_OF_HOME = _holders_over(
    select(_HOME_AREA.c.path)
    .join_from(Membership, Household, Membership.household_id == Household.id)
    .join(_HOME_AREA, _HOME_AREA.c.id == Household.area_id)
    .where(_MEMBERSHIP_OF_PERSON)
    .order_by(*_FIRST_MEMBERSHIP)
    .limit(1)
    .correlate(None)
    .scalar_subquery()
)


class RoutingRepository:
    """Where a case belongs and who answers for that place."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def holders(self, role: str, path: str) -> list[str]:
        """People holding `role` on `path` or an area above it, nearest area first."""
        return list(await self.named_holders(role, path))

    async def named_holders(self, role: str, path: str) -> dict[str, str]:
        """`holders` as id → name, in the same order."""
        await direct.flush_pending(self.session)  # a grant just made counts
        return _named(await direct.rows(self.session, _HOLDERS, {"role": role, "path": path}))

    async def roles_over(self, person_id: str, path: str) -> set[str]:
        """The roles the person holds on `path` or an area above it."""
        rows = await self.session.scalars(
            select(RoleGrant.role)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.person_id == person_id, at_or_above(Area.id, Area.path, path))
        )
        return set(rows.all())

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def home_of(
        self, person_id: str, *, holders_of: str | None = None
    ) -> tuple[Household, Area, dict[str, str]] | None:
        """The person's household (their first active membership) and its area, as read-only
        snapshots outside the session (routing only reads them; every report asks) — and,
        when `holders_of` names a role, that role's `named_holders` for the home's area, read
        in the same round trip."""
        await direct.flush_pending(self.session)
        reads = [(_HOME_OF, {"person_id": person_id})]
        if holders_of is not None:
            reads.append((_HOLDERS_OF_HOME, {"person_id": person_id, "role": holders_of}))
        found = await direct.rows_together(self.session, reads)
        if not found[0]:
            return None
        household, area = direct.row_values(found[0][0], Household, Area)
        holders = _named(found[1]) if holders_of is not None else {}
        return Household(**household), Area(**area), holders

    async def is_member(self, person_id: str, household_id: str) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.person_id == person_id,
                Membership.household_id == household_id,
                Membership.status == MembershipStatus.active,
            )
        )
        return found is not None

    async def led_micro_grid(self, person_id: str) -> Area | None:
        """The micro-grid a 联户长 leads (their first)."""
        return await self.session.scalar(
            select(Area)
            .join(RoleGrant, RoleGrant.area_id == Area.id)
            .where(
                RoleGrant.person_id == person_id,
                RoleGrant.role == "group_leader",
                Area.level == AreaLevel.micro_grid,
            )
            .order_by(RoleGrant.created_at)
            .limit(1)
        )

    async def nearest_micro_grids(
        self, lat: float, lng: float, *, with_leader: bool, limit: int, exclude: Iterable[str] = ()
    ) -> list[Area]:
        """Micro-grids by distance of their centroid. A widening box keeps the scan local."""
        skip = set(exclude)
        for span in (0.05, 0.2, 1.0, 180.0):
            query = select(Area).where(
                Area.level == AreaLevel.micro_grid,
                Area.lat.between(lat - span, lat + span),
                Area.lng.between(lng - span * 1.2, lng + span * 1.2),
            )
            if with_leader:
                led = select(RoleGrant.area_id).where(RoleGrant.role == "group_leader")
                query = query.where(Area.id.in_(led))
            found = [a for a in await self.session.scalars(query) if a.id not in skip]
            found.sort(key=lambda a: haversine_km(lat, lng, a.lat or 0.0, a.lng or 0.0))
            # Only trust the box when the farthest pick lies inside the circle the box contains.
            inner_km = span * 111.0 * min(1.0, 1.2 * math.cos(math.radians(lat)))
            picked = found[:limit]
            if span == 180.0 or (
                len(picked) == limit
                and haversine_km(lat, lng, picked[-1].lat or 0.0, picked[-1].lng or 0.0) <= inner_km
            ):
                return picked
        return []


def _named(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    named: dict[str, str] = {}
    for pid, name in rows:
        named.setdefault(pid, name)  # a grant nearer the place comes first
    return named
