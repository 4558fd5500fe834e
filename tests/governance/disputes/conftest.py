"""Fixtures of the dispute register's tests; the helpers are in support/disputes.py (the job runner:
tests/governance/conftest.py)."""

from __future__ import annotations

import pytest

from support.disputes import Disputes


@pytest.fixture
def jf(client, device) -> Disputes:
    return Disputes(client, device)
