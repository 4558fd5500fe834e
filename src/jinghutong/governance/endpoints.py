"""All governance routes, a list the app includes straight under /api/v1 (see app.api_routers)."""

from jinghutong.governance.disputes.endpoints import router as disputes_router
from jinghutong.governance.hazards.endpoints import router as hazards_router
from jinghutong.governance.roster.endpoints import router as roster_router
from jinghutong.governance.sentiment.endpoints import router as sentiment_router
from jinghutong.governance.visits.endpoints import router as visits_router
from jinghutong.governance.work_summary.endpoints import router as work_summary_router

routers = [
    visits_router,
    sentiment_router,
    hazards_router,
    disputes_router,
    roster_router,
    work_summary_router,
]
