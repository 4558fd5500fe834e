"""Fixtures of the 社情民意 tests; the helpers are in support/visits.py."""

from __future__ import annotations

import pytest

from support.visits import Phones


@pytest.fixture
def phones(client, device) -> Phones:
    return Phones(client, device)
