"""Which domains have work for the engine. Importing a `tasks` module registers its handlers."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Coroutine
from typing import Any

TASK_MODULES = (
    "jinghutong.petitions.tasks",
    "jinghutong.appointments.tasks",
    "jinghutong.identity.tasks",
    "jinghutong.notifications.tasks",
    "jinghutong.idempotency.tasks",
    "jinghutong.media.tasks",
    "jinghutong.content.tasks",
    "jinghutong.cases.intake.tasks",
    "jinghutong.cases.escalation.tasks",
    "jinghutong.bulletins.delivery.tasks",
    "jinghutong.governance.hazards.tasks",
    "jinghutong.governance.disputes.tasks",
    "jinghutong.points.ledger.tasks",
    "jinghutong.points.evaluation.tasks",
    "jinghutong.statistics.incidents.tasks",
    "jinghutong.retention.tasks",
)
# Long-running loops a worker process runs next to the job loop: modules with
# `async def run(ctx: JobContext, stop: asyncio.Event)` (the bulletin delivery loop drains the
# `deliveries` table itself, see bulletins/delivery/loop.py).
SERVICE_LOOPS = ("jinghutong.bulletins.delivery.loop",)


def load_task_modules() -> None:
    for name in TASK_MODULES:
        importlib.import_module(name)


def service_loops(ctx: Any, stop: asyncio.Event) -> list[Coroutine[Any, Any, None]]:
    return [importlib.import_module(name).run(ctx, stop) for name in SERVICE_LOOPS]
