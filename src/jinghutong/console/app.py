"""The console app: pages, static files, error pages and the security headers of every page."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jinghutong.console.handlers import install_page_errors
from jinghutong.console.pages import routers
from jinghutong.console.templating import STATIC

# Scripts only from our own files (no inline script, no eval: htmx's hx-on is not used);
# styles inline are allowed for ECharts and htmx's indicator; media links may be presigned
# URLs of the object store, hence img/media from anywhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src * data: blob:; media-src * data: blob:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
PAGE_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]


class PageHeaders:
    """Security headers on every console answer; pages (not static files) are never cached:
    after logout, the browser's Back button must not show a case."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/console/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(PAGE_HEADERS)
                if not static:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_console(parent: FastAPI) -> FastAPI:
    console = FastAPI(title="警户通 控制台", openapi_url=None, docs_url=None, redoc_url=None)
    console.state = parent.state  # one database, storage and settings for API and console
    console.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routers:
        console.include_router(router)
    install_page_errors(console)
    console.add_middleware(PageHeaders)
    return console
