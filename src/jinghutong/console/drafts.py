"""What was typed into a form whose session had expired, kept across the login.

Nothing is stored on the server (the API processes are stateless and may be many): the fields
travel inside the login page as one hidden field, sealed with an HMAC so the server only
accepts back what it wrote. After a successful login the console answers with a small page
(templates/resume.html) that hands them to the browser's sessionStorage and goes back to the
form's page, where console.js fills the form in again and says so. Passwords, CSRF tokens and
files are never kept; the text stays out of URLs and access logs.

The form's page comes from the hidden `_page` field that `form_guard()` writes into every
console form, else htmx's `HX-Current-URL`, else the Referer; only console paths are accepted
(no open redirect)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request

from jinghutong.core.crypto import derived_key

PREFIX = "/console"
CONTROL_FIELDS = frozenset({"csrf_token", "_page", "_form", "password", "draft", "next"})
MAX_CHARS = 20_000  # a case summary is at most 2,000 characters; a form has a few fields


@dataclass(frozen=True)
class Draft:
    page: str  # the console path (and query) of the page the form was on
    form: str  # the form's `_form` name, so the right form is filled in
    fields: list[tuple[str, str]]


def safe_next(target: str | None, default: str = PREFIX + "/") -> str:
    """A path inside the console, or `default`: never another site, never `//host`."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return default
    path = parts.path
    if not (path == PREFIX or path.startswith(PREFIX + "/")) or path.startswith("//"):
        return default
    return path + (f"?{parts.query}" if parts.query else "")


def _page_of(request: Request, form: FormData) -> str | None:
    for candidate in (form.get("_page"), request.headers.get("HX-Current-URL")):
        if isinstance(candidate, str) and candidate:
            return candidate
    return request.headers.get("Referer")


def keep(request: Request, form: FormData) -> Draft | None:
    """The typed fields of `form`, or None when there is nothing worth keeping."""
    page = safe_next(_page_of(request, form), default="")
    if not page:
        return None
    fields = [
        (name, value)
        for name, value in form.multi_items()
        if isinstance(value, str) and name not in CONTROL_FIELDS
    ]
    if not fields or sum(len(n) + len(v) for n, v in fields) > MAX_CHARS:
        return None
    name = form.get("_form")
    return Draft(page=page, form=name if isinstance(name, str) else "", fields=fields)


def _mac(body: bytes) -> str:
    return hmac.new(derived_key(b"console-draft"), body, hashlib.sha256).hexdigest()


def seal(draft: Draft) -> str:
    body = json.dumps(
        {"page": draft.page, "form": draft.form, "fields": draft.fields}, ensure_ascii=False
    ).encode("utf-8")
    return base64.urlsafe_b64encode(body).decode("ascii") + "." + _mac(body)


def unseal(sealed: str | None) -> Draft | None:
    if not sealed or "." not in sealed or len(sealed) > 4 * MAX_CHARS:
        return None
    encoded, mac = sealed.rsplit(".", 1)
    try:
        body = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
    if not hmac.compare_digest(mac, _mac(body)):
        return None
    data = json.loads(body)
    fields = [(str(n), str(v)) for n, v in data["fields"]]
    return Draft(page=safe_next(data["page"]), form=str(data["form"]), fields=fields)
