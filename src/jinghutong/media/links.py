"""Expiring links to one media item: `/api/v1/media/{id}?exp=<unix seconds>&sig=<HMAC>`.

Local files cannot sign their own URLs, so we do: the signature is a keyed HMAC (key derived
from JHT_SECRET_KEY for this purpose only) over the media id and the expiry. A link carries no
identity: whoever holds it may fetch the bytes until it expires, which is why links are short
(settings.media.link_ttl_seconds) and are only handed to people allowed to see the media."""

from __future__ import annotations

import base64
import hashlib
import hmac

from jinghutong.core import clock, crypto
from jinghutong.core.config import Settings
from jinghutong.media.errors import LinkExpired, LinkInvalid

# The router is mounted under /api/v1 (app.API_PREFIX); the app module imports us, not back.
MEDIA_PATH = "/api/v1/media"


def _signature(media_id: str, expires: int) -> str:
    key = crypto.derived_key(b"media-link")
    digest = hmac.new(key, f"{media_id}:{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode("ascii")


def signed_path(media_id: str, ttl_seconds: int) -> str:
    expires = int(clock.now().timestamp()) + ttl_seconds
    return f"{MEDIA_PATH}/{media_id}?exp={expires}&sig={_signature(media_id, expires)}"


def signed_url(settings: Settings, media_id: str, ttl_seconds: int) -> str:
    """An absolute link on settings.public_base_url (what WeChat and phones fetch)."""
    return settings.public_base_url.rstrip("/") + signed_path(media_id, ttl_seconds)


def verify(media_id: str, expires: int | None, signature: str | None) -> None:
    """403 for a link we did not sign (or signed for another item), 410 once it has expired."""
    if expires is None or not signature:
        raise LinkInvalid()
    if not crypto.same_secret(_signature(media_id, expires), signature):
        raise LinkInvalid()
    if expires < clock.now().timestamp():
        raise LinkExpired()
