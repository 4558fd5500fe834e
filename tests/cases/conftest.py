"""A small jurisdiction for case tests: one station, two villages, a micro-grid in each with
its 联户长, the 村警, the area officer, the duty room and the chief; a villager household."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from jinghutong.models import Area, Household, Person
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


@dataclass
class World:
    tree: Tree
    household: Household
    villager: Person
    neighbour: Person  # a villager of the same micro-grid, another household
    leader: Person  # 联户长 of tree.micro_grid
    other_leader: Person  # 联户长 of tree.other_micro_grid (another village)
    village_police: Person
    officer: Person  # 防区民警 over tree.village
    other_officer: Person  # 防区民警 over tree.other_village only
    duty: Person
    chief: Person


@pytest.fixture
async def world(session) -> World:
    tree = await make_tree(session)
    # Centroids far enough apart that "nearest" is unambiguous.
    tree.micro_grid.lat, tree.micro_grid.lng = 29.60, 118.90
    tree.other_micro_grid.lat, tree.other_micro_grid.lng = 29.70, 119.00
    household = await make_household(session, tree.micro_grid)
    other_home = await make_household(session, tree.micro_grid, "上坊村下坞14号", "程金土")
    villager = await make_person(session, "方桂英", openid="o-villager", phone="13905710001")
    neighbour = await make_person(session, "程金土", openid="o-neighbour")
    await join(session, villager, household)
    await join(session, neighbour, other_home)
    leader = await make_person(session, "叶建国", openid="o-leader", phone="13905710002")
    other_leader = await make_person(session, "余水英", openid="o-other-leader")
    village_police = await make_person(session, "邵村警", username="cunjing")
    officer = await make_person(session, "王民警", username="minjing")
    other_officer = await make_person(session, "赵民警", username="minjing2")
    duty = await make_person(session, "值班员", username="zhiban")
    chief = await make_person(session, "李所长", username="suozhang")
    await grant(session, leader, "group_leader", tree.micro_grid)
    await grant(session, other_leader, "group_leader", tree.other_micro_grid)
    await grant(session, village_police, "village_police", tree.village)
    await grant(session, officer, "area_officer", tree.village)
    await grant(session, other_officer, "area_officer", tree.other_village)
    await grant(session, duty, "duty_room", tree.station)
    await grant(session, chief, "chief", tree.station)
    return World(
        tree, household, villager, neighbour, leader, other_leader, village_police, officer,
        other_officer, duty, chief,
    )  # fmt: skip


class Phones:
    """Logged-in clients by name: villagers through the emulator, staff by password."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def __call__(self, person: Person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                login = await wechat_login(self.client, self.device, person.openid)
            else:
                login = await password_login(self.client, person.username or "", STAFF_PASSWORD)
            self._headers[person.id] = bearer(login)
        return self._headers[person.id]


@pytest.fixture
def as_(client, device) -> Phones:
    return Phones(client, device)


@pytest.fixture
def run_jobs(app, database, app_settings: Settings):
    async def run() -> int:
        await ensure_periodic_jobs(database)
        ctx = JobContext(database, {"wechat": app.state.wechat, "settings": app_settings})
        total = 0
        while ran := await run_due_jobs(ctx):
            total += ran
        return total

    return run


@pytest.fixture
def report(client):
    """POST /cases as `headers`, with an Idempotency-Key when `key` is given."""

    async def post(headers, key: str | None = None, **body) -> httpx.Response:
        extra = {"Idempotency-Key": key} if key else {}
        return await client.post("/api/v1/cases", json=body, headers={**headers, **extra})

    return post


@pytest.fixture
def act(client):
    """POST /cases/{id}/{action} as `headers`."""

    async def post(headers, case_id: str, action: str, body: dict | None = None):
        return await client.post(f"/api/v1/cases/{case_id}/{action}", json=body, headers=headers)

    return post


def centre(area: Area) -> dict[str, float]:
    return {"lat": area.lat or 0.0, "lng": area.lng or 0.0}


@pytest.fixture
def place():
    return centre
