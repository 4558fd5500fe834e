"""The ledger: the award sweep over recorded events, balances and entries, manual entries."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/points", tags=["points"])
