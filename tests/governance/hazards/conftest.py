"""Fixtures of the hazard register's tests; the helpers are in support/hazards.py."""

from __future__ import annotations

import pytest

from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from support.hazards import Hazards


@pytest.fixture
def hz(client, device) -> Hazards:
    return Hazards(client, device)


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
