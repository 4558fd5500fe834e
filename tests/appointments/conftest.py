"""A station with its chief, an area officer, a 村警, an elderly villager and a neighbour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import AppointmentService, Household, Person, Role
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
class Station:
    tree: Tree
    chief: Person
    officer: Person
    village_police: Person
    other_police: Person
    elder: Person
    neighbour: Person
    elder_home: Household
    chief_h: dict[str, str]
    officer_h: dict[str, str]
    police_h: dict[str, str]
    other_police_h: dict[str, str]
    elder_h: dict[str, str]
    neighbour_h: dict[str, str]


@pytest.fixture
async def station(client, device, session) -> Station:
    tree = await make_tree(session)
    chief = await make_person(session, "叶建国", username="chief")
    await grant(session, chief, Role.chief, tree.station)
    officer = await make_person(session, "王志强", username="officer")
    await grant(session, officer, Role.area_officer, tree.village)
    police = await make_person(session, "徐丽华", username="cunjing")
    await grant(session, police, Role.village_police, tree.village)
    other_police = await make_person(session, "程国平", username="cunjing2")
    await grant(session, other_police, Role.village_police, tree.other_village)
    elder = await make_person(session, "方桂英", openid="o-elder")
    home = await make_household(session, tree.micro_grid, "上坊村下坞12号", "方桂英")
    await join(session, elder, home)
    neighbour = await make_person(session, "余水根", openid="o-neighbour")
    await join(session, neighbour, await make_household(session, tree.micro_grid, "下坞14号"))

    async def staff(username: str) -> dict[str, str]:
        return bearer(await password_login(client, username, STAFF_PASSWORD))

    return Station(
        tree=tree,
        chief=chief,
        officer=officer,
        village_police=police,
        other_police=other_police,
        elder=elder,
        neighbour=neighbour,
        elder_home=home,
        chief_h=await staff("chief"),
        officer_h=await staff("officer"),
        police_h=await staff("cunjing"),
        other_police_h=await staff("cunjing2"),
        elder_h=bearer(await wechat_login(client, device, "o-elder")),
        neighbour_h=bearer(await wechat_login(client, device, "o-neighbour")),
    )


async def service_id(session, code: str) -> str:
    """The seeded catalogue entry (the migration put it there)."""
    return await session.scalar(
        select(AppointmentService.id).where(AppointmentService.code == code)
    )


def local_day(days_ahead: int) -> date:
    return (clock.now().astimezone(clock.SHANGHAI) + timedelta(days=days_ahead)).date()


def local_instant(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.SHANGHAI).astimezone(UTC)


@pytest.fixture
def open_slot(client, station):
    """`await open_slot(service_id, days_ahead, "09:00", "10:00", capacity)` → the slot."""

    async def make(sid: str, days_ahead: int = 3, start="09:00", end="10:00", capacity=2) -> dict:
        response = await client.post(
            f"{API}/appointment-services/{sid}/slots",
            json={
                "date": local_day(days_ahead).isoformat(),
                "start": start,
                "end": end,
                "capacity": capacity,
            },
            headers=station.chief_h,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


class Kit:
    """Helpers the tests reach through the `kit` fixture (test modules cannot import this one)."""

    API = API
    service_id = staticmethod(service_id)
    local_day = staticmethod(local_day)
    local_instant = staticmethod(local_instant)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
