"""The station rule book: event kind → points, caps; versioned; no rule deducts."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/points/rules", tags=["points"])
