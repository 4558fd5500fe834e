"""社情民意 items: record, list, handle, the roll-up per village."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/sentiments", tags=["sentiment"])
