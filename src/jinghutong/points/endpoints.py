"""All points and evaluation routes, a list the app includes straight under /api/v1.
Fixed paths (/points/rules, /points/claims, /points/leaderboard) come before /points/…."""

from jinghutong.points.claims.endpoints import router as claims_router
from jinghutong.points.evaluation.duty.endpoints import router as duty_router
from jinghutong.points.evaluation.endpoints import router as evaluation_router
from jinghutong.points.evaluation.group_leaders.endpoints import router as group_leaders_router
from jinghutong.points.leaderboard.endpoints import router as leaderboard_router
from jinghutong.points.ledger.endpoints import router as ledger_router
from jinghutong.points.rewards.endpoints import router as rewards_router
from jinghutong.points.rules.endpoints import router as rules_router

routers = [
    rules_router,
    claims_router,
    leaderboard_router,
    ledger_router,
    rewards_router,
    duty_router,
    # /evaluations/group-leaders before /evaluations/{sheet_id}.
    group_leaders_router,
    evaluation_router,
]
