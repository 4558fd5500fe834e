"""村警 五件事: the month's work counted per 村警."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/work-summary", tags=["work-summary"])
