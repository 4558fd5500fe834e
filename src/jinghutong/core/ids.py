"""Opaque, time-sortable identifiers (ULID-style: 48-bit milliseconds + 80 random bits,
Crockford base32, 26 characters). Sortable ids keep B-tree inserts local and make cursor
pagination by id follow creation order."""

from __future__ import annotations

import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Two characters (10 bits) per lookup: every write makes several ids, and a character at a
# time cost more than the INSERT it was for.
_PAIRS = [high + low for high in _ALPHABET for low in _ALPHABET]
_SHIFTS = range(120, -1, -10)


def new_id() -> str:
    return encode((int(time.time() * 1000) << 80) | secrets.randbits(80))


def encode(value: int) -> str:
    """A 130-bit value as 26 Crockford base32 characters, most significant first."""
    return "".join([_PAIRS[(value >> shift) & 1023] for shift in _SHIFTS])
