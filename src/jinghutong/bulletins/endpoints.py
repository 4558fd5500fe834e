"""All bulletin routes: authoring (/bulletins …) and reading (/feed, stats, CAP)."""

from fastapi import APIRouter

from jinghutong.bulletins.authoring.endpoints import router as authoring_router
from jinghutong.bulletins.reading.endpoints import router as reading_router

router = APIRouter()
router.include_router(reading_router)
router.include_router(authoring_router)
