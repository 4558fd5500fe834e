"""The app's route table, flattened: every (method, path template) an HTTP client can call."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

# FastAPI's own pages (the schema and its viewers) and HEAD twins of GET routes.
FRAMEWORK_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every endpoint the app serves through its routers, in matching order.
    Mounted sub-applications (the console's pages, the WeChat emulator) are not routers of
    this app and are not listed; the console's own entry route is."""
    out: list[tuple[str, str]] = []
    for route in iter_route_contexts(app.routes):
        if route.path in FRAMEWORK_PATHS or not isinstance(route.original_route, APIRoute):
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                out.append((method, route.path))
    return out
