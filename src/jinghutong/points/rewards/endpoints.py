"""Rewards and redemptions at the 警务室: catalogue, redeem (points held), fulfil, cancel."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="", tags=["rewards"])
