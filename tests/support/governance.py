"""A small world for the governance tests: one station, two villages, and the people who record
and decide — logged in the way they log in (staff by password, the 联户长 through WeChat); the
API as each of them reaches it (Logins), and the rows and bodies every register's tests use."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import (
    Area,
    Household,
    Notification,
    Person,
    Role,
    RosterMember,
    Visit,
    VisitHousehold,
)
from jinghutong.models.roster import POSITION_AXIS, RosterPosition
from support.auth import bearer, password_login, wechat_login
from support.factories import (
    STAFF_PASSWORD,
    Tree,
    grant,
    join,
    make_household,
    make_person,
    make_tree,
)

API = "/api/v1"


@dataclass
class GovernanceWorld:
    tree: Tree
    leader: Person  # 联户长 of tree.micro_grid (WeChat o-gov-leader)
    village_police: Person  # 村警 of tree.village (password cj-gov)
    officer: Person  # 防区民警 of tree.village (password mj-gov)
    chief: Person  # 所长 of the station (password chief-gov)
    admin: Person  # 管理员 of the station (password admin-gov)
    other_police: Person  # 村警 of tree.other_village (password cj-other)
    villager: Person  # a member of h1 (WeChat o-gov-villager)
    h1: Household  # tree.micro_grid
    h2: Household  # tree.micro_grid
    h3: Household  # tree.other_micro_grid


async def make_governance_world(session, emulator) -> GovernanceWorld:
    tree = await make_tree(session)
    leader = await make_person(session, "余春花", openid="o-gov-leader", phone="13900000001")
    village_police = await make_person(session, "方建军", username="cj-gov", phone="13900000002")
    officer = await make_person(session, "陈建国", username="mj-gov", phone="13900000003")
    chief = await make_person(session, "王所长", username="chief-gov")
    admin = await make_person(session, "管理员", username="admin-gov")
    other_police = await make_person(session, "汪小林", username="cj-other")
    villager = await make_person(session, "叶土根", openid="o-gov-villager")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    await grant(session, village_police, Role.village_police, tree.village)
    await grant(session, officer, Role.area_officer, tree.village)
    await grant(session, chief, Role.chief, tree.station)
    await grant(session, admin, Role.admin, tree.station)
    await grant(session, other_police, Role.village_police, tree.other_village)
    h1 = await make_household(session, tree.micro_grid, "桃林村下坞1号", "叶土根")
    h2 = await make_household(session, tree.micro_grid, "桃林村下坞2号", "叶春生")
    h3 = await make_household(session, tree.other_micro_grid, "桐坑源村3号", "方有才")
    await join(session, villager, h1)
    emulator.state.login("o-gov-leader")
    return GovernanceWorld(
        tree, leader, village_police, officer, chief, admin, other_police, villager, h1, h2, h3
    )


async def staff_headers(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return bearer(await password_login(client, username, STAFF_PASSWORD))


async def wechat_headers(
    client: httpx.AsyncClient, device: httpx.AsyncClient, openid: str
) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))


class Logins:
    """The API as each person reaches it: logged in the way they log in. Tokens are fetched
    again after the clock moves (staff tokens last 12 hours, WeChat logins 30 days)."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def as_(self, person: Person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                headers = await wechat_headers(self.client, self.device, person.openid)
            else:
                headers = await staff_headers(self.client, person.username or "")
            self._headers[person.id] = headers
        return self._headers[person.id]

    def later(self, delta: timedelta) -> None:
        clock.advance(delta)
        self._headers.clear()

    async def send(
        self, person: Person, url: str, body: Any, key: str | None = None
    ) -> httpx.Response:
        """POST `body` to `url` as `person`, with the Idempotency-Key `key` if one is given."""
        extra = {"Idempotency-Key": key} if key else {}
        headers = {**await self.as_(person), **extra}
        return await self.client.post(url, json=body, headers=headers)

    async def photo(self, person: Person, shade: int = 40) -> str:
        out = io.BytesIO()
        Image.new("RGB", (32, 32), (120, 80, shade)).save(out, format="JPEG")
        return await self.upload(person, ("IMG_0001.jpg", out.getvalue(), "image/jpeg"), "image")

    async def upload(self, person: Person, file: tuple[str, bytes, str], kind: str) -> str:
        response = await self.client.post(
            f"{API}/media",
            headers=await self.as_(person),
            files={"file": file},
            data={"kind": kind},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


def in_days(days: float) -> str:
    return (clock.now() + timedelta(days=days)).isoformat()


def deadline(days: float = 3, **changes: Any) -> dict[str, Any]:
    return {"deadline_at": in_days(days), **changes}


async def roster_member(
    session,
    area: Area,
    name: str = "叶建华",
    position: RosterPosition = RosterPosition.director,
    phone: str | None = "13900001111",
    person: Person | None = None,
) -> RosterMember:
    member = RosterMember(
        area_id=area.id,
        area_path=area.path,
        axis=POSITION_AXIS[position],
        position=position,
        name=name,
        phone=phone,
        person_id=person.id if person else None,
    )
    session.add(member)
    await session.flush()
    return member


async def visit(
    session, gov: GovernanceWorld, visitor: Person, at: datetime | None = None
) -> Visit:
    """A 联户长's round as its row, for the records found on it."""
    when = at or clock.now() - timedelta(hours=1)
    row = Visit(
        area_id=gov.h1.area_id,
        area_path=gov.h1.area_path,
        visitor_id=visitor.id,
        visitor_role="group_leader",
        visited_at=when,
        topics=["hazard", "care"],
        met="叶土根",
        text="后墙开裂，劝老人搬到村避灾安置点",
    )
    session.add(row)
    await session.flush()
    session.add(VisitHousehold(visit_id=row.id, household_id=gov.h1.id, visited_at=when))
    await session.flush()
    return row


async def notified_kinds(session, person: Person) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind)
        .where(Notification.person_id == person.id)
        .order_by(Notification.id)
    )
    return list(rows)
