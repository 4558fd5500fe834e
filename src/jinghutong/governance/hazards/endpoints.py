"""安全隐患 register: report, notify (告知整改), report-rectified, accept, reject, close."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/hazards", tags=["hazards"])
