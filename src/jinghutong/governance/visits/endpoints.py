"""走访 visits: record, list, one visit, findings, households nobody visited lately."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/visits", tags=["visits"])
