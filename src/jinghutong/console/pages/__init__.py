"""The console's pages, one module each; `routers` is what console/app.py includes, in order.
A new page adds its module's router here (console/README.md)."""

from __future__ import annotations

from jinghutong.console.pages import (
    auth,
    bulletins,
    cases,
    desk,
    governance,
    households,
    petitions,
    points,
    statistics,
)

routers = [
    auth.router,
    desk.router,
    cases.router,
    households.router,
    petitions.router,
    bulletins.router,
    governance.router,
    points.router,
    statistics.router,
]
