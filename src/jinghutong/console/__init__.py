"""The station console in a browser (`/console`): server-rendered pages for the people at desks —
the duty room, officers, the chief, the admin — on top of the same services and permission
rule as the API. `mount_console(app)` adds its routes and static files to the app.

The console is its own small FastAPI app mounted at /console (static files at
/console/static): its errors are pages, not the API's JSON (console/handlers.py), and its
routes stay out of openapi.yaml. It shares the parent's `app.state` — one database, one
storage, one set of settings — so `jinghutong serve` and `jinghutong api` both serve it.
How to add a page: console/README.md."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse


def mount_console(app: FastAPI) -> None:
    """/console → the console app (its pages, and static files under /console/static)."""
    from jinghutong.console.app import create_console

    async def to_console() -> RedirectResponse:
        return RedirectResponse("/console/", status_code=307)

    app.add_api_route("/console", to_console, include_in_schema=False)
    app.mount("/console", create_console(app))
