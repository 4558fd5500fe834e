"""Opaque page cursors: where the next page of a list starts, as a URL-safe token.

A cursor is the last row's id (and, for lists sorted by something else, that sort key before
it), base64url-encoded without padding. It is not signed: it only says where to resume, and
every page is filtered by the caller's scope again, so a made-up cursor shows nothing the
caller could not see anyway. Anything that does not decode to that shape is `BadCursor` (422).

    next_cursor = encode_cursor(rows[-1].id)           # …and back: decode_cursor(cursor)
    next_cursor = encode_cursor(row.id, key=deadline)  # …and back: decode_keyed_cursor(cursor)
"""

from __future__ import annotations

import base64
import binascii
from typing import Protocol, TypeVar

from jinghutong.core.errors import ValidationFailed

# Longer than any cursor we hand out (an id is 26 characters, a sort key a timestamp).
MAX_CURSOR_LENGTH = 200
MAX_ID_LENGTH = 26
SEPARATOR = "|"


class BadCursor(ValidationFailed):
    detail = "翻页参数不正确，请从第一页重新查看"


def _refuse() -> BadCursor:
    return BadCursor(fields={"cursor": "格式不正确"})


def encode_cursor(last_id: str, *, key: str | None = None) -> str:
    """The cursor for the page after the row `last_id` (sorted by `key` first, if given)."""
    text = last_id if key is None else f"{key}{SEPARATOR}{last_id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _text(cursor: str) -> str:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise _refuse()
    bare = cursor.rstrip("=")  # cursors handed out with padding still work
    try:
        raw = base64.b64decode(bare + "=" * (-len(bare) % 4), altchars=b"-_", validate=True)
        return raw.decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _refuse() from None


def _id(value: str) -> str:
    if not value or len(value) > MAX_ID_LENGTH or not value.isalnum():
        raise _refuse()
    return value


def decode_cursor(cursor: str) -> str:
    """The last id of the previous page; `BadCursor` for anything we did not hand out."""
    return _id(_text(cursor))


def decode_keyed_cursor(cursor: str) -> tuple[str, str]:
    """(sort key, last id) from a cursor made with `encode_cursor(last_id, key=…)`; the caller
    checks the key's own shape."""
    key, separator, last_id = _text(cursor).partition(SEPARATOR)
    if not separator or SEPARATOR in last_id:
        raise _refuse()
    return key, _id(last_id)


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Row = TypeVar("Row", bound=_HasId)


def split_page(rows: list[Row], limit: int) -> tuple[list[Row], str | None]:
    """Rows fetched one past `limit`: those to show, and the cursor of the page after them
    (None on the last page). For lists in id order."""
    shown = rows[:limit]
    return shown, encode_cursor(shown[-1].id) if len(rows) > limit and shown else None
