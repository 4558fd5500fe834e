"""The 警情 register for statistics: import from the 110 system, the category mapping."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/incidents", tags=["statistics"])
