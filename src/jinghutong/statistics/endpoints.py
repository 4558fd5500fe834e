"""All statistics routes, a list the app includes straight under /api/v1."""

from jinghutong.statistics.figures.endpoints import router as figures_router
from jinghutong.statistics.incidents.endpoints import router as incidents_router

routers = [incidents_router, figures_router]
