"""Loading the demo jurisdiction into a migrated database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from jinghutong.core import crypto
from jinghutong.core.db import Database
from jinghutong.core.ids import new_id
from jinghutong.demo.loader import DatabaseNotEmpty, database_is_empty, load_demo
from jinghutong.models import Area, Household, HouseholdTag, Membership, Person, RoleGrant

SEED = 20261128
HASH = "$argon2id$v=19$m=65536,t=3,p=4$demo$demo"


async def count(db: Database, model: type) -> int:
    async with db.session(read_only=True) as s:
        return (await s.scalar(select(func.count()).select_from(model))) or 0


async def test_demo_loads_into_an_empty_database(database: Database) -> None:
    assert await database_is_empty(database)

    summary = await load_demo(database, SEED, HASH)

    assert not await database_is_empty(database)
    areas = 1 + summary["townships"] + summary["villages"] + summary["grids"]  # type: ignore[operator]
    assert await count(database, Area) == areas + summary["micro_grids"]  # type: ignore[operator]
    assert await count(database, Household) == summary["households"]
    assert await count(database, Person) == summary["persons"]
    assert await count(database, Membership) == summary["memberships"]
    assert await count(database, RoleGrant) == summary["role_grants"]
    assert await count(database, HouseholdTag) == sum(summary["tags"].values())  # type: ignore[attr-defined]

    async with database.session(read_only=True) as s:
        chief = (await s.scalars(select(Person).where(Person.username == "chief"))).one()
        assert chief.password_hash == HASH
        assert chief.created_at.tzinfo is not None
        assert chief.phone is not None and len(chief.phone) == 11
        assert chief.phone_index == crypto.blind_index(chief.phone)
        found = await s.scalar(select(Person.id).where(Person.phone_index == chief.phone_index))
        assert found == chief.id
        stored = await s.scalar(text("SELECT phone FROM persons WHERE username = 'chief'"))
        assert stored.startswith("v1.") and chief.phone not in stored

        leader = (await s.scalars(select(Person).where(Person.openid == "demo-leader-0001"))).one()
        assert leader.password_hash is None and leader.is_active
        members = select(func.count()).select_from(Membership).where(Membership.status == "active")
        assert await s.scalar(members) == summary["memberships"]


async def test_demo_refuses_a_database_that_already_has_areas(database: Database) -> None:
    async with database.session() as s:
        area_id = new_id()
        s.add(Area(id=area_id, level="station", name="别的派出所", path=f"/{area_id}/", depth=0))

    with pytest.raises(DatabaseNotEmpty):
        await load_demo(database, SEED, HASH)
    assert await count(database, Household) == 0
