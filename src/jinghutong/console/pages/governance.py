"""村级治理 — the governance records of src/jinghutong/governance/ at a desk, one tab each:
安全隐患 and 矛盾纠纷 (lists, one record with its trail and media, the actions), 走访 and the
households nobody visited lately, 社情民意, the 纵横斜 roster with its cameras, and the 村警
五件事 month (printable). Every tab calls the service its API endpoint calls."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from jinghutong.console.pages.governance_common import Viewer
from jinghutong.console.pages.governance_disputes import router as disputes
from jinghutong.console.pages.governance_hazards import router as hazards
from jinghutong.console.pages.governance_notices import router as notices
from jinghutong.console.pages.governance_records import router as records
from jinghutong.console.templating import url

router = APIRouter(prefix="/governance")


@router.get("")
async def governance_home(me: Viewer) -> RedirectResponse:
    return RedirectResponse(url("/governance/hazards"), status_code=303)


router.include_router(hazards)
router.include_router(disputes)
router.include_router(records)
router.include_router(notices)
