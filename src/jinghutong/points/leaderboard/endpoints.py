"""光荣榜: the quarter's or year's points per village and micro-grid, and its A4 PDF."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/points/leaderboard", tags=["points"])
