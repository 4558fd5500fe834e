"""Fixtures of the dispute register's tests; the helpers are in support/disputes.py."""

from __future__ import annotations

import pytest

from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from support.disputes import Disputes


@pytest.fixture
def jf(client, device) -> Disputes:
    return Disputes(client, device)


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
