"""Loading the demo jurisdiction into a migrated database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from jinghutong.core import crypto
from jinghutong.core.db import Database
from jinghutong.core.ids import new_id
from jinghutong.core.passwords import hash_password
from jinghutong.demo.loader import DatabaseNotEmpty, database_is_empty, load_demo
from jinghutong.models import (
    Area,
    Camera,
    Household,
    HouseholdTag,
    Membership,
    Person,
    RoleGrant,
    RosterMember,
)
from support.auth import bearer, password_login
from support.factories import STAFF_PASSWORD

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
    assert await count(database, RosterMember) == summary["roster_members"]
    assert await count(database, Camera) == summary["cameras"]

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


async def test_every_village_is_loaded_with_its_roster_and_cameras(database: Database) -> None:
    await load_demo(database, SEED, HASH)

    async with database.session(read_only=True) as s:
        villages = set(await s.scalars(select(Area.path).where(Area.level == "village")))
        members = await s.execute(
            select(RosterMember.area_path, func.count())
            .where(RosterMember.active.is_(True))
            .group_by(RosterMember.area_path)
        )
        cameras = await s.execute(select(Camera.area_path, func.count()).group_by(Camera.area_path))
        per_village = dict(members.all())
        assert set(per_village) == villages and len(villages) == 44
        assert all(12 <= n <= 14 for n in per_village.values())  # 3 cadres, 2–4 heads, 7 posts
        assert set(dict(cameras.all())) == villages
        member = (await s.scalars(select(RosterMember).limit(1))).one()
        assert member.phone_index == crypto.blind_index(member.phone)
        stored = await s.scalar(
            text("SELECT phone FROM roster_members WHERE id = :id"), {"id": member.id}
        )
        assert stored.startswith("v1.") and member.phone not in stored
        contact = await s.scalar(text("SELECT contact_phone FROM cameras LIMIT 1"))
        assert contact.startswith("v1.")


async def test_a_demo_village_police_opens_their_villages_roster(client, database) -> None:
    await load_demo(database, SEED, hash_password(STAFF_PASSWORD))
    async with database.session(read_only=True) as s:
        village = await s.scalar(
            select(Area)
            .join(RoleGrant, RoleGrant.area_id == Area.id)
            .join(Person, Person.id == RoleGrant.person_id)
            .where(Person.username == "cj01")
        )
    headers = bearer(await password_login(client, "cj01", STAFF_PASSWORD))

    response = await client.get(f"/api/v1/areas/{village.id}/roster", headers=headers)

    assert response.status_code == 200, response.text
    roster = response.json()
    assert roster["village"]["name"] == village.name and roster["can_edit"] is True
    labels = [m["label"] for m in roster["vertical"]]
    assert labels[:3] == ["村党支部书记", "村委会主任", "妇女主任"] or labels[0] == "村党总支书记"
    assert {"护林员", "清洁员", "管水员", "村电工", "乡村医生"} <= {
        m["label"] for m in roster["horizontal"]
    }
    assert any(m["on_wechat"] for m in roster["vertical"])
    assert {c["kind"] for c in roster["cameras"]} == {"xueliang", "household"}
