"""The 纵横斜 roster and cameras of a village, and the notices owed by phone."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="", tags=["roster"])
