"""Fixtures of the hazard register's tests; the helpers are in support/hazards.py (the job runner:
tests/governance/conftest.py)."""

from __future__ import annotations

import pytest

from support.hazards import Hazards


@pytest.fixture
def hz(client, device) -> Hazards:
    return Hazards(client, device)
