"""The points world (support/points_world.py): the governance world plus a duty room."""

from __future__ import annotations

import pytest

from support.points_world import Phones, PointsWorld, job_runner, make_points_world


@pytest.fixture
async def world(session, emulator, device) -> PointsWorld:
    return await make_points_world(session, emulator)


@pytest.fixture
def gov(world):
    return world.gov


@pytest.fixture
def as_(client, device) -> Phones:
    return Phones(client, device)


@pytest.fixture
def run_jobs(app, database, app_settings):
    return job_runner(app, database, app_settings)


@pytest.fixture
def act(client):
    """POST /cases/{id}/{action} as `headers`."""

    async def post(headers, case_id: str, action: str, body: dict | None = None):
        return await client.post(f"/api/v1/cases/{case_id}/{action}", json=body, headers=headers)

    return post
