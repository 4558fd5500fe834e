"""Staff password hashes: Argon2id (argon2-cffi defaults, RFC 9106 low-memory profile).

Hashing costs tens of milliseconds of CPU on purpose: callers run it off the event loop."""

from __future__ import annotations

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified when the username is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("no-such-user-dummy-password")

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    return await anyio.to_thread.run_sync(_verify, stored, password)
