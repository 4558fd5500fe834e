"""Opaque, time-sortable identifiers (ULID-style: 48-bit milliseconds + 80 random bits,
Crockford base32, 26 characters). Sortable ids keep B-tree inserts local and make cursor
pagination by id follow creation order."""

from __future__ import annotations

import secrets
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id() -> str:
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))
