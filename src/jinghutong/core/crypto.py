"""Field encryption at rest (AES-256-GCM) and blind indexes for looking encrypted values up.

Keys are derived from `JHT_SECRET_KEY` with HKDF, one per purpose. `configure()` runs once at
start-up (the app, the CLI and the tests call it); the column types in `sqltypes.py` use it.
Stored form: `v1.<base64(nonce || ciphertext+tag)>` so a later key version can sit beside it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = "v1"
_keys: dict[str, bytes] = {}
_secret_holder: dict[str, str] = {}


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"jinghutong", info=purpose).derive(
        secret.encode("utf-8")
    )


def configure(secret_key: str) -> None:
    _keys.clear()
    _secret_holder["secret"] = secret_key
    _keys["field"] = _derive(secret_key, b"field-encryption")
    _keys["index"] = _derive(secret_key, b"blind-index")
    _keys["token"] = _derive(secret_key, b"token-hash")


def _key(purpose: str) -> bytes:
    if purpose not in _keys:
        raise RuntimeError("crypto.configure() has not been called")
    return _keys[purpose]


def derived_key(purpose: bytes) -> bytes:
    """A key for one purpose, derived from JHT_SECRET_KEY (e.g. household-code scenes)."""
    name = "derived:" + purpose.decode("ascii")
    if name not in _keys:
        _keys[name] = _derive(_secret(), purpose)
    return _keys[name]


def _secret() -> str:
    if "secret" not in _secret_holder:
        raise RuntimeError("crypto.configure() has not been called")
    return _secret_holder["secret"]


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key("field")).encrypt(nonce, plaintext.encode("utf-8"), _VERSION.encode())
    return f"{_VERSION}.{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def decrypt(stored: str) -> str:
    version, _, payload = stored.partition(".")
    if version != _VERSION:
        raise ValueError(f"unknown ciphertext version {version!r}")
    raw = base64.urlsafe_b64decode(payload.encode("ascii"))
    return AESGCM(_key("field")).decrypt(raw[:12], raw[12:], _VERSION.encode()).decode("utf-8")


def blind_index(value: str) -> str:
    """A keyed hash of a normalised value: equal inputs match, the value cannot be read back."""
    normalised = "".join(value.split()).upper()
    return hmac.new(_key("index"), normalised.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


def token_hash(token: str) -> str:
    """How bearer tokens and household-code scenes are stored: keyed SHA-256, never the token."""
    return hmac.new(_key("token"), token.encode("utf-8"), hashlib.sha256).hexdigest()


def same_secret(expected: str, given: str) -> bool:
    """Constant-time equality of a secret we computed and one from outside (a link's signature,
    a push signature). `hmac.compare_digest` raises TypeError for `str` values that are not
    ASCII — a mangled link must be refused like any wrong signature, never answered 500 — so
    both sides are compared as UTF-8 bytes."""
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "surrogatepass"))
