"""Queries for the register: households, their tags and members, the areas they sit in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ARRAY, ColumnElement, String, bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, Household, HouseholdTag, Membership, MembershipStatus, Person


class HouseholdRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_visible(
        self, household_id: str, visible: ColumnElement[bool]
    ) -> Household | None:
        return await self.session.scalar(
            select(Household).where(Household.id == household_id, visible)
        )

    async def page(
        self,
        visible: ColumnElement[bool],
        *,
        under_path: str | None,
        q: str | None,
        tag: str | None,
        after_id: str | None,
        limit: int,
    ) -> list[Household]:
        query = select(Household).where(visible)
        if under_path:
            query = query.where(Household.area_path.like(under_path + "%"))
        if q:
            query = query.where(
                Household.address.contains(q, autoescape=True)
                | Household.head_name.contains(q, autoescape=True)
            )
        if tag:
            tagged = select(HouseholdTag.household_id).where(HouseholdTag.tag == tag)
            query = query.where(Household.id.in_(tagged))
        if after_id:
            query = query.where(Household.id > after_id)
        return list(await self.session.scalars(query.order_by(Household.id).limit(limit)))

    async def tags_for(self, household_ids: Iterable[str]) -> dict[str, list[str]]:
        ids = list(household_ids)
        out: dict[str, list[str]] = defaultdict(list)
        if not ids:
            return out
        rows = await self.session.execute(
            select(HouseholdTag.household_id, HouseholdTag.tag)
            .where(HouseholdTag.household_id.in_(ids))
            .order_by(HouseholdTag.household_id, HouseholdTag.tag)
        )
        for household_id, tag in rows.all():
            out[household_id].append(tag)
        return out

    async def replace_tags(self, household_id: str, tags: list[str]) -> None:
        await self.session.execute(
            delete(HouseholdTag).where(HouseholdTag.household_id == household_id)
        )
        self.session.add_all(HouseholdTag(household_id=household_id, tag=t) for t in tags)

    async def replace_tags_many(self, tags_by_household: dict[str, list[str]]) -> None:
        if not tags_by_household:
            return
        await self.session.execute(
            delete(HouseholdTag).where(HouseholdTag.household_id.in_(list(tags_by_household)))
        )
        self.session.add_all(
            HouseholdTag(household_id=household_id, tag=tag)
            for household_id, tags in tags_by_household.items()
            for tag in tags
        )

    async def tag_counts(self, visible: ColumnElement[bool]) -> dict[str, int]:
        rows = await self.session.execute(
            select(HouseholdTag.tag, func.count())
            .join(Household, Household.id == HouseholdTag.household_id)
            .where(visible)
            .group_by(HouseholdTag.tag)
        )
        return {tag: int(count) for tag, count in rows.all()}

    async def address_taken(self, area_id: str, address: str, except_id: str | None = None) -> bool:
        query = select(Household.id).where(
            Household.area_id == area_id, Household.address == address
        )
        if except_id:
            query = query.where(Household.id != except_id)
        return (await self.session.scalar(query.limit(1))) is not None

    async def members(self, household_id: str) -> list[tuple[Membership, Person]]:
        rows = await self.session.execute(
            select(Membership, Person)
            .join(Person, Person.id == Membership.person_id)
            .where(
                Membership.household_id == household_id,
                Membership.status.in_([MembershipStatus.active, MembershipStatus.pending]),
            )
            .order_by(Membership.created_at, Membership.id)
        )
        return [(m, p) for m, p in rows.all()]

    async def by_keys(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Household]:
        """Households with these (micro-grid, address) keys: one query for the whole set."""
        if not keys:
            return {}
        ordered = sorted(keys)
        if self.session.get_bind().dialect.name == "postgresql":
            # Join against the keys as a table: an index lookup per key. An IN list, compared
            # row by row once psycopg prepares the statement (generic plan), costs seconds.
            wanted = (
                func.unnest(
                    bindparam("key_areas", [a for a, _ in ordered], type_=ARRAY(String)),
                    bindparam("key_addresses", [b for _, b in ordered], type_=ARRAY(String)),
                )
                .table_valued("area_id", "address")
                .render_derived(name="wanted")
            )
            query = select(Household).join(
                wanted,
                (Household.area_id == wanted.c.area_id) & (Household.address == wanted.c.address),
            )
        else:
            query = select(Household).where(
                Household.area_id.in_({a for a, _ in ordered}),
                Household.address.in_({b for _, b in ordered}),
            )
        rows = await self.session.scalars(query)
        return {(h.area_id, h.address): h for h in rows if (h.area_id, h.address) in keys}


class AreaRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def trail(self, area: Area) -> list[Area]:
        """The area and its ancestors, from the root down (ids are the segments of the path)."""
        ids = [segment for segment in area.path.split("/") if segment]
        rows = {a.id: a for a in await self.session.scalars(select(Area).where(Area.id.in_(ids)))}
        return [rows[i] for i in ids if i in rows]

    async def under(self, area: Area, level: str) -> list[Area]:
        return list(
            await self.session.scalars(
                select(Area)
                .where(Area.level == level, Area.path.like(area.path + "%"))
                .order_by(Area.path)
            )
        )
