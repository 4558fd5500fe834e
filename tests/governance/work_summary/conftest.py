"""The roster tests: the governance world, logged in as whoever a test needs (once each)."""

from __future__ import annotations

import pytest

from support.governance import GovernanceWorld
from support.roster import Logins


@pytest.fixture
def as_(client, device, gov: GovernanceWorld) -> Logins:
    return Logins(client, device)
