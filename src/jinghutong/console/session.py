"""The console's cookie session, on top of the API's bearer tokens.

Logging in calls the same service as `POST /api/v1/auth/password`; the token it issues is kept
in a cookie (HttpOnly: page scripts cannot read it; SameSite=Lax; Secure when the public base
URL is https; Path=/console: the API never sees it, so the API stays bearer-only and immune to
CSRF; lifetime = the staff token's). Every page resolves the cookie with the API's own
`authenticate()` — a revoked or expired token is no session — and checks the page's roles
(console/menu.py); what the page then shows is decided by the services, with the same scope
rules as the API.

Page endpoints take the user from one of two dependencies:
- `viewer("desk")` for a GET: no session → the login page (and back after);
- `actor("desk")` for a POST: no session → the login page keeping the typed fields
  (console/drafts.py); then the CSRF token (console/csrf.py); then the page's roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Depends, Request, Response

from jinghutong.console import csrf, drafts
from jinghutong.console.errors import LoginRequired, PageForbidden, SessionExpired
from jinghutong.console.menu import PAGES, Page, pages_for
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.deps import Session
from jinghutong.identity.schemas import RoleGrantOut
from jinghutong.identity.service import Principal, authenticate, describe
from jinghutong.models import STAFF_ROLES, Person

COOKIE = "jht_console"
COOKIE_PATH = "/console"


@dataclass(frozen=True)
class ConsoleUser:
    principal: Principal
    raw_token: str
    grants: list[RoleGrantOut]
    # Copied while the unit of work is open: an error page renders after it has closed.
    name: str
    person_id: str

    @property
    def person(self) -> Person:
        return self.principal.person

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    @property
    def csrf_token(self) -> str:
        return csrf.token_for(self.raw_token)

    @property
    def menu(self) -> list[Page]:
        return pages_for(self.roles)

    def may_open(self, key: str) -> bool:
        return bool(PAGES[key].roles & self.roles)

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


async def resolve(request: Request, session: Any) -> ConsoleUser | None:
    """The cookie's live session, or None (no cookie, expired, revoked, no staff role)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    principal = await authenticate(session, raw)
    if principal is None:
        return None
    me = await describe(session, principal.person)
    grants = [g for g in me.roles if g.role in STAFF_ROLES]
    if not grants:
        return None
    user = ConsoleUser(principal, raw, grants, principal.person.name, principal.person.id)
    request.state.person_id = principal.person.id  # for the access log, as the API does
    request.state.console_user = user  # error pages keep the menu
    return user


def _require_page(user: ConsoleUser, key: str | None) -> None:
    if key is not None and not user.may_open(key):
        raise PageForbidden(PAGES[key].label)


def viewer(key: str | None) -> Any:
    """Dependency for a page's GETs: the logged-in user who may open page `key` (None: any
    staff member)."""

    async def dependency(request: Request, session: Session) -> ConsoleUser:
        user = await resolve(request, session)
        if user is None:
            raise LoginRequired()
        _require_page(user, key)
        return user

    return Depends(dependency)


def actor(key: str | None) -> Any:
    """Dependency for a page's POSTs: a live session (else the typed fields are kept for after
    the login), this session's CSRF token, and a role that may open page `key`."""

    async def dependency(request: Request, session: Session) -> ConsoleUser:
        form = await request.form()  # starlette keeps it: the endpoint's Form() reads it again
        user = await resolve(request, session)
        if user is None:
            raise SessionExpired(drafts.keep(request, form))
        csrf.check(request, form, user.raw_token)
        _require_page(user, key)
        return user

    return Depends(dependency)


def set_cookie(response: Response, settings: Settings, token: str, expires_at: datetime) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=max(0, round((expires_at - clock.now()).total_seconds())),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.public_base_url.lower().startswith("https://"),
    )


def clear_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        COOKIE,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.public_base_url.lower().startswith("https://"),
    )
