"""Uploading photos and voice through POST /media and fetching them by expiring links."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.integrations.storage import Storage, StorageError
from jinghutong.media import links
from jinghutong.media.api import claim_media, register_media_access
from jinghutong.media.errors import MediaUnavailable
from jinghutong.models import Job, Media
from support.auth import bearer, wechat_login

FIXTURES = Path(__file__).parents[1] / "fixtures" / "media"


def jpeg(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


async def upload(client, login, data: bytes, kind: str, name: str = "photo.jpg"):
    return await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": (name, data, "image/jpeg")},
        data={"kind": kind},
    )


def stored_files(app_settings) -> list[Path]:
    root = app_settings.data_dir / "media"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def local_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_a_villager_uploads_a_photo_and_gets_its_description(client, device, session):
    login = await wechat_login(client, device, "o-media-photo")

    response = await upload(client, login, jpeg(40, 30), "image")

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "image"
    assert (body["content_type"], body["width"], body["height"]) == ("image/jpeg", 40, 30)
    assert body["check_status"] == "pending"
    media = await session.get(Media, body["id"])
    assert media is not None and media.size == body["size"]
    assert body["id"] not in media.storage_key and len(media.storage_key) > 30
    job = await session.scalar(select(Job).where(Job.kind == "content.media_check"))
    assert job is not None and job.payload == {"media_id": body["id"]}


async def test_a_voice_clip_reports_its_measured_duration(client, device):
    login = await wechat_login(client, device, "o-media-voice")
    data = (FIXTURES / "voice-2s.aac").read_bytes()

    response = await upload(client, login, data, "voice", "record.aac")

    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "audio/aac"
    assert 1900 <= response.json()["duration_ms"] <= 2200


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        (b"MZ\x90\x00" + b"\x00" * 300, 415, "UnsupportedFile"),
        (jpeg(300, 200)[:400], 422, "DamagedFile"),
        (b"", 422, "EmptyFile"),
    ],
    ids=["exe-named-jpg", "truncated-jpeg", "zero-bytes"],
)
async def test_forged_and_broken_files_are_refused_and_nothing_is_stored(
    client, device, session, app_settings, data, status, error
):
    login = await wechat_login(client, device, "o-media-forger")

    response = await upload(client, login, data, "image", "photo.jpg")

    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.json()["detail"]  # a Chinese sentence
    assert await session.scalar(select(func.count()).select_from(Media)) == 0
    assert stored_files(app_settings) == []


async def test_eleven_megabytes_is_too_large(client, device):
    login = await wechat_login(client, device, "o-media-big")
    response = await upload(client, login, b"\xff\xd8\xff" + b"\x00" * (11 * 1024 * 1024), "image")
    assert response.status_code == 413
    assert "10MB" in response.json()["detail"]


async def test_an_unknown_kind_is_refused(client, device):
    login = await wechat_login(client, device, "o-media-kind")
    assert (await upload(client, login, jpeg(), "video")).status_code == 422


async def test_the_uploader_is_redirected_to_an_expiring_link_that_serves_the_bytes(client, device):
    login = await wechat_login(client, device, "o-media-owner")
    media_id = (await upload(client, login, jpeg(), "image")).json()["id"]

    redirect = await client.get(f"/api/v1/media/{media_id}", headers=bearer(login))

    assert redirect.status_code == 307
    location = redirect.headers["location"]
    assert location.startswith("http://127.0.0.1:8000/api/v1/media/")
    fetched = await client.get(local_path(location))  # no token: the link is the key
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "image/jpeg"
    assert fetched.headers["x-content-type-options"] == "nosniff"
    assert Image.open(io.BytesIO(fetched.content)).size == (40, 30)


async def test_someone_elses_media_is_not_found(client, device):
    owner = await wechat_login(client, device, "o-media-a")
    neighbour = await wechat_login(client, device, "o-media-b")
    media_id = (await upload(client, owner, jpeg(), "image")).json()["id"]

    response = await client.get(f"/api/v1/media/{media_id}", headers=bearer(neighbour))

    assert response.status_code == 404
    assert (await client.get(f"/api/v1/media/{media_id}")).status_code == 401


async def test_an_expired_link_is_gone_and_a_forged_one_is_forbidden(client, device):
    login = await wechat_login(client, device, "o-media-links")
    media_id = (await upload(client, login, jpeg(), "image")).json()["id"]
    path = links.signed_path(media_id, 600)

    forged = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    assert (await client.get(forged)).status_code == 403
    other = await upload(client, login, jpeg(), "image")
    swapped = path.replace(media_id, other.json()["id"])
    assert (await client.get(swapped)).status_code == 403  # signed for another item
    clock.advance(timedelta(seconds=601))
    expired = await client.get(path)
    assert expired.status_code == 410
    assert "过期" in expired.json()["detail"]


async def test_a_link_mangled_into_non_ascii_is_forbidden_not_a_server_error(client, device):
    # hmac.compare_digest raises TypeError for non-ASCII str: this was a 500 (schemathesis).
    login = await wechat_login(client, device, "o-media-mangled")
    media_id = (await upload(client, login, jpeg(), "image")).json()["id"]
    expires = int(clock.now().timestamp()) + 180

    for sig in ("签名无效", "A" * 31 + "é"):
        response = await client.get(
            f"/api/v1/media/{media_id}", params={"exp": expires, "sig": sig}
        )
        assert response.status_code == 403, (sig, response.text)
        assert response.json()["error"] == "LinkInvalid"
    for raw in ("%FF%FE", "%ED%B3%BF"):  # not UTF-8 at all; an encoded lone surrogate
        response = await client.get(f"/api/v1/media/{media_id}?exp={expires}&sig={raw}")
        assert response.status_code == 403, (raw, response.text)
        assert response.json()["error"] == "LinkInvalid"


async def test_storage_failing_mid_upload_saves_nothing(client, device, app, session):
    class BrokenStorage(Storage):
        async def put(self, key: str, data: bytes, content_type: str) -> None:
            raise StorageError("disk full")

    app.state.storage = BrokenStorage(app.state.storage._store, kind="file", description="x")
    login = await wechat_login(client, device, "o-media-broken")

    response = await upload(client, login, jpeg(), "image")

    assert response.status_code == 503
    assert response.json()["error"] == "StorageUnavailable"
    assert await session.scalar(select(func.count()).select_from(Media)) == 0
    assert await session.scalar(select(func.count()).where(Job.kind == "content.media_check")) == 0


async def test_a_failed_commit_deletes_the_stored_object(app, device, session, monkeypatch):
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        login = await wechat_login(client, device, "o-media-commit")
        real_put, real_commit = app.state.storage.put, AsyncSession.commit
        seen: list[str] = []

        async def put_and_arm(key: str, data: bytes, content_type: str) -> None:
            await real_put(key, data, content_type)
            seen.append(key)

        async def commit_fails_after_the_put(self: AsyncSession) -> None:
            if seen:
                raise ConnectionError("the database went away")
            await real_commit(self)

        app.state.storage.put = put_and_arm
        monkeypatch.setattr(AsyncSession, "commit", commit_fails_after_the_put)
        response = await upload(client, login, jpeg(), "image")
        monkeypatch.undo()

    assert response.status_code == 500
    assert len(seen) == 1
    assert not await app.state.storage.exists(seen[0])
    assert await session.scalar(select(func.count()).select_from(Media)) == 0


async def test_claiming_media_attaches_only_the_uploaders_free_media_once(client, device, session):
    owner = await wechat_login(client, device, "o-claim-owner")
    other = await wechat_login(client, device, "o-claim-other")
    mine = [(await upload(client, owner, jpeg(), "image")).json()["id"] for _ in range(2)]
    theirs = (await upload(client, other, jpeg(), "image")).json()["id"]
    owner_id = owner["person"]["id"]

    with pytest.raises(MediaUnavailable):
        await claim_media(session, owner_id, [mine[0], theirs], "case", "CASE1")
    with pytest.raises(MediaUnavailable):
        await claim_media(session, owner_id, ["01NOSUCHMEDIA000000000000"], "case", "CASE1")
    claimed = await claim_media(session, owner_id, [mine[1], mine[0], mine[1]], "case", "CASE1")
    assert [m.id for m in claimed] == [mine[1], mine[0]]
    assert {(m.attached_to_type, m.attached_to_id) for m in claimed} == {("case", "CASE1")}
    again = await claim_media(session, owner_id, mine, "case", "CASE1")  # a retry: harmless
    assert len(again) == 2
    with pytest.raises(MediaUnavailable) as caught:
        await claim_media(session, owner_id, [mine[0]], "case", "CASE2")
    assert caught.value.status == 422 and "media_ids" in (caught.value.fields or {})


async def test_attached_media_is_visible_to_whom_the_attaching_domain_allows(
    client, device, session
):
    owner = await wechat_login(client, device, "o-vis-owner")
    leader = await wechat_login(client, device, "o-vis-leader")
    stranger = await wechat_login(client, device, "o-vis-stranger")
    media_id = (await upload(client, owner, jpeg(), "image")).json()["id"]
    await claim_media(session, owner["person"]["id"], [media_id], "test-thing", "T1")
    await session.commit()

    async def only_the_leader(_session, person_id: str, media: Media) -> bool:
        return person_id == leader["person"]["id"] and media.attached_to_id == "T1"

    register_media_access("test-thing", only_the_leader)

    as_leader = await client.get(f"/api/v1/media/{media_id}", headers=bearer(leader))
    as_stranger = await client.get(f"/api/v1/media/{media_id}", headers=bearer(stranger))

    assert as_leader.status_code == 307
    assert as_stranger.status_code == 404
