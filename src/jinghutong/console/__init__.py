"""The station console in a browser (`/console`): server-rendered pages for the people at desks —
the duty room, officers, the chief, the admin — on top of the same services and permission
rule as the API. `mount_console(app)` adds its routes and static files to the app."""

from __future__ import annotations

from fastapi import FastAPI


def mount_console(app: FastAPI) -> None:
    """Nothing yet: the console's routes and static files are added here."""
