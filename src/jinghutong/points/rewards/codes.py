"""A redemption's code: what the villager shows at the 警务室 (a QR) or reads out (10 digits).

The code is derived, not stored — HMAC(secret, redemption id), as household scenes are
(households/codes/scenes.py) — so its owner can open it again at any time (a phone changed, the
mini-program reinstalled) while the database keeps only `crypto.token_hash(code)`: a copy of
the database alone can neither read nor forge a code. The randomness is the id's (80 bits from
the OS's CSPRNG, core.ids) under a secret key, so a code is as unguessable as one drawn with
`secrets`; a code drawn at random could only have been shown once.

Digits only, because they are what an elderly villager reads out most easily over a counter
(no 0/O or 1/I to confuse); 10 of them (10¹⁰ codes) against a guesser who must be staff of the
station and is stopped after a few wrong tries (core.ratelimit). The QR carries the same
digits, so scanning and typing are one path."""

from __future__ import annotations

import hashlib
import hmac
import io
import re

import segno

from jinghutong.core import crypto

CODE_DIGITS = 10
_SEPARATORS = re.compile(r"[\s\-－—·]")


def code_for(redemption_id: str) -> str:
    key = crypto.derived_key(b"redemption-code")
    digest = hmac.new(key, redemption_id.encode("ascii"), hashlib.sha256).digest()
    return str(int.from_bytes(digest, "big") % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def code_hash(code: str) -> str:
    """What `redemptions.code_hash` stores."""
    return crypto.token_hash(code)


def normalise(typed: str) -> str:
    """What staff typed or scanned, without the spaces and dashes it was grouped with."""
    return _SEPARATORS.sub("", typed)


def shown(code: str) -> str:
    """The code grouped for reading out: 381 204 7739."""
    return f"{code[:3]} {code[3:6]} {code[6:]}"


def qr_png(code: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make_qr(code, error="m").save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
