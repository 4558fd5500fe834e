"""Ids: 26 Crockford base32 characters, the time first, so that they sort by creation."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from jinghutong.core.ids import encode, first_id_at, new_id


def test_encoding_is_crockford_base32_most_significant_first() -> None:
    assert encode(0) == "0" * 26
    assert encode(31) == "0" * 25 + "Z"
    assert encode(32) == "0" * 24 + "10"
    assert encode((1 << 128) - 1) == "7" + "Z" * 25  # 128 bits in 26 characters: 7 leads
    # Worked out a character at a time (the previous implementation).
    assert encode(0x0123456789ABCDEF << 64) == "014D2PF2DBSQQG000000000000"


def test_ids_sort_by_time_and_use_only_the_alphabet() -> None:
    first = new_id()
    time.sleep(0.002)  # the time part counts milliseconds
    later = [new_id() for _ in range(200)]
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", i) for i in [first, *later])
    assert len(set(later)) == 200
    assert all(first < i for i in later)


def test_ids_follow_creation_order_within_a_millisecond() -> None:
    made = [new_id() for _ in range(2000)]  # many share a millisecond
    assert made == sorted(made) and len(set(made)) == len(made)


def test_ids_made_in_threads_and_in_a_forked_child_never_repeat() -> None:
    import os
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        made = [
            i
            for batch in pool.map(lambda _: [new_id() for _ in range(500)], range(8))
            for i in batch
        ]
    assert len(set(made)) == len(made)

    new_id()  # the parent's buffer is started
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child writes the random part of its first id
        os.write(write, new_id()[10:].encode())
        os._exit(0)
    os.waitpid(pid, 0)
    child_random = os.read(read, 64).decode()
    assert child_random != new_id()[10:]  # not the parent's next bytes


def test_first_id_at_bounds_every_id_made_from_then_on() -> None:
    before = datetime.now(UTC)
    made = new_id()
    assert first_id_at(before - timedelta(milliseconds=1)) <= made
    assert first_id_at(before + timedelta(seconds=1)) > made
