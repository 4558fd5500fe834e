"""The governance tests' world (support/governance.py), and the job runner the registers'
tests share."""

from __future__ import annotations

import pytest

from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from support.governance import GovernanceWorld, make_governance_world


@pytest.fixture
async def gov(session, emulator, device) -> GovernanceWorld:
    return await make_governance_world(session, emulator)


@pytest.fixture
def run_jobs(app, database, app_settings: Settings):
    """Run every job due now (the periodic sweeps included) until none is left."""

    async def run() -> int:
        await ensure_periodic_jobs(database)
        ctx = JobContext(database, {"wechat": app.state.wechat, "settings": app_settings})
        total = 0
        while ran := await run_due_jobs(ctx):
            total += ran
        return total

    return run
