"""考评: the 村警's monthly sheet from the records, confirmation, appeals, xlsx; the duty roster."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="", tags=["evaluation"])
