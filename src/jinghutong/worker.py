"""Which domains have work for the engine. Importing a `tasks` module registers its handlers."""

from __future__ import annotations

import importlib

TASK_MODULES = (
    "jinghutong.identity.tasks",
    "jinghutong.idempotency.tasks",
)


def load_task_modules() -> None:
    for name in TASK_MODULES:
        importlib.import_module(name)
