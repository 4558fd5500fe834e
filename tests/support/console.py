"""The console over HTTP the way a browser uses it: a cookie jar per person, forms posted as
forms, the CSRF token read from the page it was given on."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi import FastAPI

from support.factories import STAFF_PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class ConsoleBrowser:
    """One person's browser on the console (its own cookies)."""

    def __init__(self, app: FastAPI) -> None:
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )

    async def login(self, username: str, password: str = STAFF_PASSWORD, **extra: str):
        form = {"username": username, "password": password, **extra}
        return await self.http.post("/console/login", data=form)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get("/console" + path, **kwargs)

    async def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        token_from: str | None = None,
        htmx: bool = False,
    ) -> httpx.Response:
        """A form POST carrying the CSRF token of the page at `token_from` (None: no token)."""
        data = dict(data or {})
        if token_from is not None:
            data["csrf_token"] = csrf_of((await self.get(token_from)).text)
        headers = {"HX-Request": "true"} if htmx else {}
        return await self.http.post("/console" + path, data=data, headers=headers)

    @property
    def session_token(self) -> str | None:
        return next((c.value for c in self.http.cookies.jar if c.name == "jht_console"), None)

    async def aclose(self) -> None:
        await self.http.aclose()
