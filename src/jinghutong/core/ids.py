"""Opaque, time-sortable identifiers (ULID-style: 48-bit milliseconds + 80 random bits,
Crockford base32, 26 characters). Sortable ids keep B-tree inserts local and make cursor
pagination by id follow creation order."""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Two characters (10 bits) per lookup: every write makes several ids, and a character at a
# time cost more than the INSERT it was for.
_PAIRS = [high + low for high in _ALPHABET for low in _ALPHABET]
_SHIFTS = range(120, -1, -10)


# The random part comes from the OS's CSPRNG, read 4 KB at a time (a read per id was a system
# call per row written); a forked child starts its own buffer so no two processes share one.
_RANDOM_BYTES = 10
_BUFFER_IDS = 400
_buffer = b""
_offset = 0
_lock = threading.Lock()


def _reset_buffer() -> None:
    global _buffer, _offset
    _buffer, _offset = b"", 0


os.register_at_fork(after_in_child=_reset_buffer)


def _random80() -> int:
    global _buffer, _offset
    with _lock:  # ids are made in threads too: no two may take the same bytes
        if _offset >= len(_buffer):
            _buffer, _offset = os.urandom(_RANDOM_BYTES * _BUFFER_IDS), 0
        chunk = _buffer[_offset : _offset + _RANDOM_BYTES]
        _offset += _RANDOM_BYTES
    return int.from_bytes(chunk, "big")


_last = 0


def new_id() -> str:
    """A new id, greater than every id this process made before it: within one millisecond
    (a flush takes less) the next id is the last one plus one, as monotonic ULIDs do, so that
    ids follow creation order and not the luck of their random bits."""
    global _last
    value = (int(time.time() * 1000) << 80) | _random80()
    with _lock:
        if value <= _last:  # the same millisecond (or the clock stepped back)
            value = _last + 1
        _last = value
    return encode(value)


def encode(value: int) -> str:
    """A 130-bit value as 26 Crockford base32 characters, most significant first."""
    return "".join([_PAIRS[(value >> shift) & 1023] for shift in _SHIFTS])


def first_id_at(moment: datetime) -> str:
    """The smallest id of `moment`'s millisecond: every id made then or later is >= it (on
    this machine's clock; give a margin for another's)."""
    return encode(int(moment.timestamp() * 1000) << 80)
