"""Page cursors: what we hand out comes back intact; anything else is one clear 422."""

from __future__ import annotations

import base64

import pytest

from jinghutong.core.errors import ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.core.pagination import (
    MAX_CURSOR_LENGTH,
    BadCursor,
    decode_cursor,
    decode_keyed_cursor,
    encode_cursor,
)


def _b64(text: bytes) -> str:
    return base64.urlsafe_b64encode(text).decode()


def test_a_cursor_round_trips_and_is_opaque_and_url_safe():
    last_id = new_id()
    cursor = encode_cursor(last_id)

    assert decode_cursor(cursor) == last_id
    assert last_id not in cursor
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_a_keyed_cursor_round_trips():
    last_id = new_id()
    key = "2030-01-01T08:00:00+00:00"

    assert decode_keyed_cursor(encode_cursor(last_id, key=key)) == (key, last_id)
    assert decode_keyed_cursor(encode_cursor(last_id, key="")) == ("", last_id)


def test_cursors_handed_out_with_padding_still_work():
    last_id = new_id()

    assert decode_cursor(_b64(last_id.encode())) == last_id


@pytest.mark.parametrize(
    "garbage",
    ["!!!", "%%%", "not a cursor", "====", "a", "é", _b64(b"\xff\xfe\xfd"), _b64(b"")],
)
def test_garbage_is_a_bad_cursor(garbage):
    with pytest.raises(BadCursor) as caught:
        decode_cursor(garbage)

    error = caught.value
    assert isinstance(error, ValidationFailed) and error.status == 422
    assert error.body() == {
        "error": "BadCursor",
        "detail": "翻页参数不正确，请从第一页重新查看",
        "fields": {"cursor": "格式不正确"},
    }


@pytest.mark.parametrize(
    "payload",
    [
        b"../etc/passwd",  # a path
        b"01ARZ3NDEKTSV4RRFFQ69G5FAV' OR 1=1",  # an id with SQL after it
        b"x" * 27,  # longer than any id
        "编号".encode(),  # not ASCII
        b"|01ARZ3NDEKTSV4RRFFQ69G5FAV",  # a keyed cursor where a plain one is expected
    ],
)
def test_a_tampered_cursor_is_refused(payload):
    with pytest.raises(BadCursor):
        decode_cursor(_b64(payload).rstrip("="))


def test_a_tampered_keyed_cursor_is_refused():
    for payload in (b"2030-01-01", b"2030|a|b", b"2030|", b"2030|../x"):
        with pytest.raises(BadCursor):
            decode_keyed_cursor(_b64(payload))


def test_a_too_long_cursor_is_refused_before_decoding():
    long_but_valid_base64 = "A" * (MAX_CURSOR_LENGTH + 4)

    with pytest.raises(BadCursor):
        decode_cursor(long_but_valid_base64)
