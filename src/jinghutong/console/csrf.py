"""CSRF protection for the console's cookie session.

Every state-changing console request (a form, an htmx POST) must carry a token derived from the
session: HMAC-SHA256 of the session's bearer token under a key of its own
(`derived_key(b"console-csrf")`). Forms carry it in a hidden field (`csrf_token`); htmx sends
it in the `X-CSRF-Token` header, set once for the whole page in the layout (`hx-headers` on
<body>). Nothing is stored: the token is recomputed from the cookie, so it works on any number
of `jinghutong api` replicas and dies with the session (logout, expiry).

Why not SameSite=Lax alone: Lax keeps the cookie off cross-site POSTs, but "site" is the
registrable domain, not the origin — any other host under the same domain (another county
system on the same government domain, a page on another port of this machine) is same-site and
its forms would still be sent with our cookie; and the station's PCs may run old or
"compatibility mode" browsers that ignore SameSite altogether. The token is what an attacker's
page cannot know."""

from __future__ import annotations

import hashlib
import hmac

from starlette.datastructures import FormData
from starlette.requests import Request

from jinghutong.console.errors import CsrfRefused
from jinghutong.core.crypto import derived_key

HEADER = "X-CSRF-Token"
FIELD = "csrf_token"


def token_for(raw_session_token: str) -> str:
    key = derived_key(b"console-csrf")
    return hmac.new(key, raw_session_token.encode("utf-8"), hashlib.sha256).hexdigest()


def check(request: Request, form: FormData, raw_session_token: str) -> None:
    """403 (a page in Chinese) unless the request carries this session's token."""
    given = request.headers.get(HEADER) or form.get(FIELD)
    if not isinstance(given, str) or not given:
        raise CsrfRefused()
    if not hmac.compare_digest(given, token_for(raw_session_token)):
        raise CsrfRefused()
