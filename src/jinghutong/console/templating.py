"""Jinja2 rendering for the console.

Why server-rendered templates: the station's PCs need pages, not an app to build. Jinja2 pages
with htmx for the live parts (and ECharts for charts) need no Node.js at install time — the two
libraries are committed under static/vendor/ at pinned versions (scripts/vendor-console-assets.py)
— so `pip install -e . && jinghutong serve` serves the console; and the pages call the same
Python services as the API, so there is no second client of the API to keep in step.

`render()` gives every template: `me` (the ConsoleUser or None), `menu`, `current` (the page
key, for the menu), `csrf_token`, `station_name`, `now`; helpers `static()`, `url()`,
`form_guard()` (templates/_macros.html) and the filters `bj` (a time in Beijing) and `ago`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from jinghutong import __version__
from jinghutong.console.session import ConsoleUser
from jinghutong.core import clock

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PREFIX = "/console"


def static(path: str) -> str:
    # The version in the query: a new release's CSS and scripts are fetched, old ones cached.
    return f"{PREFIX}/static/{path}?v={__version__}"


def url(path: str) -> str:
    return PREFIX + path


def bj(value: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    """A UTC time as the station reads it (Asia/Shanghai)."""
    if value is None:
        return ""
    return value.astimezone(clock.SHANGHAI).strftime(fmt)


def ago(value: datetime | None) -> str:
    if value is None:
        return ""
    minutes = int((clock.now() - value).total_seconds() // 60)
    if minutes < 1:
        return "刚刚"
    if minutes < 60:
        return f"{minutes}分钟前"
    if minutes < 24 * 60:
        return f"{minutes // 60}小时前"
    return f"{minutes // (24 * 60)}天前"


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "svg"]),
    undefined=StrictUndefined,  # a misspelt variable fails the test, not the page silently
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals.update(static=static, url=url)
env.filters.update(bj=bj, ago=ago)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    me: ConsoleUser | None = None,
    current: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    settings = request.app.state.settings
    values = {
        "request": request,
        "me": me,
        "menu": me.menu if me else [],
        "current": current,
        "csrf_token": me.csrf_token if me else "",
        "station_name": settings.station_name,
        "now": clock.now(),
        **(context or {}),
    }
    html = env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
