"""矛盾纠纷 and 交办: record, assign, mediate, settle, fail, follow-up."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/disputes", tags=["disputes"])
