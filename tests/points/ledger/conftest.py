"""The ledger tests' world: the governance world (support/governance.py)."""

from __future__ import annotations

import pytest

from support.governance import GovernanceWorld, make_governance_world


@pytest.fixture
async def gov(session, emulator, device) -> GovernanceWorld:
    return await make_governance_world(session, emulator)
