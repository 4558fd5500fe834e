"""All bulletin routes: authoring (/bulletins …) and reading (/feed, stats, CAP)."""

from jinghutong.bulletins.authoring.endpoints import router as authoring_router
from jinghutong.bulletins.reading.endpoints import router as reading_router

# A list, not a parent router: the app includes each directly (see app.api_routers).
routers = [reading_router, authoring_router]
