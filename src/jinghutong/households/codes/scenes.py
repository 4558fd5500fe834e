"""一户一码 scenes: what the household's mini-program code carries.

A scene is derived, not stored: HMAC(secret, household id + version), so the station can print
or re-fetch a household's current code at any time, while the database holds only a keyed hash
of it (`households.code_hash`). A copy of the database alone cannot forge or read codes.
Rotating bumps `code_version`: the new scene differs and the old one stops matching.

WeChat's rules for a scene: at most 32 visible characters from [0-9A-Za-z!#$&'()*+,/:;=?@._~-].
Ours: "h" + 22 base62 characters (≈131 bits)."""

from __future__ import annotations

import hashlib
import hmac
import re

from jinghutong.core import crypto

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SCENE_PATTERN = re.compile(r"^h[0-9A-Za-z]{22}$")
# What WeChat accepts at all; anything else is rejected before any lookup.
WECHAT_SCENE_PATTERN = re.compile(r"^[0-9A-Za-z!#$&'()*+,/:;=?@._~-]{1,32}$")


def _base62(data: bytes, length: int) -> str:
    value = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 62)
        chars.append(_BASE62[rem])
    return "".join(chars)


def scene_for(household_id: str, version: int) -> str:
    key = crypto.derived_key(b"household-scene")
    digest = hmac.new(key, f"{household_id}:{version}".encode(), hashlib.sha256).digest()
    return "h" + _base62(digest, 22)


def scene_hash(scene: str) -> str:
    """What `households.code_hash` stores for a scene."""
    return crypto.token_hash(scene)


def initial_code_hash(household_id: str) -> str:
    """`code_hash` for a household created now (version 0), so its printed code joins at once."""
    return scene_hash(scene_for(household_id, 0))
