"""积分申报: work nothing recorded, claimed with evidence, approved or rejected."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/points/claims", tags=["points"])
