"""POST /media is rate-limited per person: a flood gets a plain Chinese 429, others go on."""

from __future__ import annotations

import io

from PIL import Image

from support.auth import bearer, wechat_login


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 40, 40)).save(out, format="JPEG")
    return out.getvalue()


async def _upload(client, login):
    return await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("photo.jpg", jpeg(), "image/jpeg")},
        data={"kind": "image"},
    )


async def test_a_person_uploading_too_often_is_told_to_wait(client, device, app):
    settings = app.state.settings
    app.state.settings = settings.model_copy(
        update={"media": settings.media.model_copy(update={"upload_limit": "3/hour"})}
    )
    flooder = await wechat_login(client, device, "o-media-flood")
    neighbour = await wechat_login(client, device, "o-media-calm")

    allowed = [(await _upload(client, flooder)).status_code for _ in range(3)]
    refused = await _upload(client, flooder)

    assert allowed == [201, 201, 201]
    assert refused.status_code == 429
    assert refused.json() == {"error": "TooManyRequests", "detail": "上传太频繁了，请过一会儿再传"}
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    assert (await _upload(client, neighbour)).status_code == 201
