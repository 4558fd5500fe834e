"""The figures: counts by category, place and month with 同比/环比, resolution, as JSON and xlsx."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/statistics", tags=["statistics"])
