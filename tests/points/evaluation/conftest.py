"""The evaluation tests' world: the governance world (support/governance.py), logins that can
be made again after the clock moves, and the worker's jobs on demand."""

from __future__ import annotations

import pytest

from support.evaluation import Logins
from support.governance import GovernanceWorld, make_governance_world
from support.points_world import job_runner


@pytest.fixture
async def gov(session, emulator, device) -> GovernanceWorld:
    return await make_governance_world(session, emulator)


@pytest.fixture
def as_(client, device) -> Logins:
    return Logins(client, device)


@pytest.fixture
def run_jobs(app, database, app_settings):
    return job_runner(app, database, app_settings)
