"""The points tests' world: the governance world (support/governance.py) plus a duty room, and
helpers to log in, run the worker's jobs and read the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from jinghutong.models import PointsEntry, Role
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD, grant, make_person
from support.governance import GovernanceWorld, make_governance_world

API = "/api/v1"
# The leader's micro-grid is where the domestic dispute is (cases/dispatch picks the nearest).
NEAR_THE_LEADER = {"lat": 29.601, "lng": 118.901, "address": "桃林村下坞桥头"}


@dataclass
class PointsWorld:
    gov: GovernanceWorld
    duty: object  # 值班室 of the station (password zhiban-pts)

    def __getattr__(self, name: str):  # gov.leader as world.leader
        return getattr(self.gov, name)


async def make_points_world(session, emulator) -> PointsWorld:
    gov = await make_governance_world(session, emulator)
    gov.tree.other_micro_grid.lat, gov.tree.other_micro_grid.lng = 29.9, 119.3
    duty = await make_person(session, "值班员", username="zhiban-pts")
    await grant(session, duty, Role.duty_room, gov.tree.station)
    await session.flush()
    return PointsWorld(gov, duty)


class Phones:
    """Logged-in headers by person: villagers through the emulator, staff by password."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def __call__(self, person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                login = await wechat_login(self.client, self.device, person.openid)
            else:
                login = await password_login(self.client, person.username or "", STAFF_PASSWORD)
            self._headers[person.id] = bearer(login)
        return self._headers[person.id]


def job_runner(app, database, settings):
    async def run() -> int:
        """What the worker does now: every due job, until none is due."""
        await ensure_periodic_jobs(database)
        ctx = JobContext(database, {"wechat": app.state.wechat, "settings": settings})
        total = 0
        while ran := await run_due_jobs(ctx):
            total += ran
        return total

    return run


def later() -> None:
    """Past the award sweep's period, so the next run_jobs runs it again."""
    clock.advance(timedelta(seconds=31))


async def entries_of(database, person) -> list[PointsEntry]:
    async with database.session() as s:
        rows = await s.scalars(
            select(PointsEntry).where(PointsEntry.person_id == person.id).order_by(PointsEntry.id)
        )
        return list(rows.all())
