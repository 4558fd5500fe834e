"""积分 — the points work of src/jinghutong/points/ at a desk, one tab each: claims to review
(approve with points, reject with a reason), manual entries decided by a second person,
redemptions handed over against the villager's 10-digit code, the station's rule book (read;
the chief and admin write a new version), the 光荣榜 (printable, and its A4 PDF) and the 村警
考评 sheets (compute, confirm, appeal, decide as the sheet's flags allow). Every tab calls the
service its API endpoint calls."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from jinghutong.console.pages.points_adjustments import router as adjustments
from jinghutong.console.pages.points_books import router as books
from jinghutong.console.pages.points_claims import router as desk
from jinghutong.console.pages.points_common import Viewer
from jinghutong.console.pages.points_evaluations import router as evaluations
from jinghutong.console.templating import url

router = APIRouter(prefix="/points")


@router.get("")
async def points_home(me: Viewer) -> RedirectResponse:
    return RedirectResponse(url("/points/claims"), status_code=303)


router.include_router(desk)
router.include_router(adjustments)
router.include_router(books)
router.include_router(evaluations)
