"""Every query the household code needs: households by id and code hash, retired scenes,
cached images, and the set-based backfill of missing hashes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import (
    Household,
    HouseholdCodeImage,
    HouseholdCodeRetired,
    Membership,
    MembershipStatus,
)


class CodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def by_code_hash(self, code_hash: str) -> Household | None:
        return await self.session.scalar(select(Household).where(Household.code_hash == code_hash))

    async def retired(self, code_hash: str) -> HouseholdCodeRetired | None:
        return await self.session.get(HouseholdCodeRetired, code_hash)

    async def is_active_member(self, person_id: str, household_id: str) -> bool:
        found = await self.session.scalar(
            select(Membership.id).where(
                Membership.person_id == person_id,
                Membership.household_id == household_id,
                Membership.status == MembershipStatus.active,
            )
        )
        return found is not None

    async def advance_version(self, household_id: str, version: int, new_hash: str) -> bool:
        """Move the household from `version` to the next one; False if another request did."""
        result = await self.session.execute(
            update(Household)
            .where(Household.id == household_id, Household.code_version == version)
            .values(code_version=version + 1, code_hash=new_hash, updated_at=clock.now())
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def retire(self, household_id: str, version: int, code_hash: str) -> None:
        self.session.add(
            HouseholdCodeRetired(
                code_hash=code_hash,
                household_id=household_id,
                version=version,
                retired_at=clock.now(),
            )
        )
        await self.session.flush()

    async def missing_codes(
        self, after: str, limit: int, ids: Sequence[str] | None = None
    ) -> list[tuple[str, int]]:
        """(id, version) of households without a code hash, in id order after `after`."""
        query = select(Household.id, Household.code_version).where(
            Household.code_hash.is_(None), Household.id > after
        )
        if ids is not None:
            query = query.where(Household.id.in_(list(ids)))
        rows = await self.session.execute(query.order_by(Household.id).limit(limit))
        return [(hid, version) for hid, version in rows.all()]

    async def set_code_hashes(self, rows: list[dict[str, str]]) -> None:
        """One executemany UPDATE; `rows` as [{"b_id", "b_hash"}]. Never overwrites a hash."""
        if not rows:
            return
        table = Household.__table__
        assert isinstance(table, Table)
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.code_hash.is_(None))
            .values(code_hash=bindparam("b_hash"))
        )
        await self.session.execute(statement, rows)

    async def cached_image(self, household_id: str, version: int) -> bytes | None:
        return await self.session.scalar(
            select(HouseholdCodeImage.png).where(
                HouseholdCodeImage.household_id == household_id,
                HouseholdCodeImage.version == version,
            )
        )

    async def save_image(self, household_id: str, version: int, png: bytes) -> None:
        self.session.add(HouseholdCodeImage(household_id=household_id, version=version, png=png))
        await self.session.flush()

    async def drop_images(self, household_id: str) -> None:
        await self.session.execute(
            delete(HouseholdCodeImage).where(HouseholdCodeImage.household_id == household_id)
        )
