"""One storage API over local files and an S3 bucket (moto's S3 server stands in for MinIO)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from jinghutong.integrations.storage import ObjectMissing, Storage, StorageError
from support.s3 import free_port, moto_s3

BUCKET = "jht-media"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_s3(BUCKET) as endpoint:
        yield endpoint


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


@pytest.fixture(params=["file", "s3"])
def storage(request, tmp_path: Path) -> Storage:
    if request.param == "file":
        return Storage.from_url((tmp_path / "media").as_uri())
    request.getfixturevalue("s3_env")
    endpoint = request.getfixturevalue("s3_endpoint")
    return Storage.from_url(f"s3://{BUCKET}?endpoint={endpoint}&region=us-east-1")


async def test_put_get_delete_round_trip(storage: Storage):
    await storage.put("ab/abcdef.jpg", b"\xff\xd8photo", "image/jpeg")

    assert await storage.get("ab/abcdef.jpg") == b"\xff\xd8photo"
    assert await storage.exists("ab/abcdef.jpg")
    await storage.delete("ab/abcdef.jpg")
    await storage.delete("ab/abcdef.jpg")  # twice is harmless
    assert not await storage.exists("ab/abcdef.jpg")
    with pytest.raises(ObjectMissing):
        await storage.get("ab/abcdef.jpg")


async def test_local_files_land_under_the_configured_directory(tmp_path: Path):
    storage = Storage.from_url((tmp_path / "var" / "media").as_uri())
    await storage.put("xy/key.mp3", b"ID3", "audio/mpeg")
    assert (tmp_path / "var" / "media" / "xy" / "key.mp3").read_bytes() == b"ID3"
    assert await storage.signed_url("xy/key.mp3", timedelta(minutes=5)) is None


async def test_s3_signs_an_expiring_url_anyone_can_fetch(s3_env, s3_endpoint):
    storage = Storage.from_url(f"s3://{BUCKET}/pfx?endpoint={s3_endpoint}&region=us-east-1")
    await storage.put("cd/voice.aac", b"\xff\xf1aac", "audio/aac")

    url = await storage.signed_url("cd/voice.aac", timedelta(minutes=5))

    assert url is not None and "X-Amz-Expires=300" in url and "/pfx/cd/voice.aac" in url
    async with httpx.AsyncClient() as plain:
        fetched = await plain.get(url)
    assert fetched.status_code == 200
    assert fetched.content == b"\xff\xf1aac"
    assert fetched.headers["content-type"] == "audio/aac"


async def test_s3_credentials_may_come_in_the_url(s3_endpoint, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    storage = Storage.from_url(
        f"s3://{BUCKET}?endpoint={s3_endpoint}&region=us-east-1"
        "&access_key_id=testing&secret_access_key=testing"
    )
    await storage.put("ef/x.wav", b"RIFF", "audio/wav")
    assert await storage.get("ef/x.wav") == b"RIFF"


async def test_an_unreachable_bucket_is_a_storage_error(s3_env):
    storage = Storage.from_url(
        f"s3://{BUCKET}?endpoint=http://127.0.0.1:{free_port()}&region=us-east-1"
    )
    with pytest.raises(StorageError):
        await storage.put("gh/x.jpg", b"x", "image/jpeg")


def test_unknown_schemes_and_options_are_refused():
    with pytest.raises(ValueError, match="scheme"):
        Storage.from_url("ftp://host/dir")
    with pytest.raises(ValueError, match="option"):
        Storage.from_url("s3://bucket?colour=red")
