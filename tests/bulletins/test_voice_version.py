"""The voice version of a bulletin, for people who do not read, plays for its audience only."""

from __future__ import annotations

import io
import wave

from support.auth import bearer, wechat_login
from support.bulletins import create, deliver, draft, publish, staff

API = "/api/v1"


def _wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x01" * 8000)
    return out.getvalue()


async def test_the_audience_can_play_the_voice_version_and_outsiders_cannot(
    client, device, app, database, world
):
    officer = await staff(client, "officer")
    upload = await client.post(
        f"{API}/media",
        data={"kind": "voice"},
        files={"file": ("v.wav", _wav(), "audio/wav")},
        headers=officer,
    )
    assert upload.status_code == 201, upload.text
    voice_id = upload.json()["id"]
    bulletin = await create(
        client, officer, draft([world.tree.village.id], voice_media_id=voice_id)
    )
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await deliver(app, database)

    listener = bearer(await wechat_login(client, device, "o-p2"))
    outsider = bearer(await wechat_login(client, device, "o-p3"))  # the other village
    heard = await client.get(f"{API}/media/{voice_id}", headers=listener, follow_redirects=False)
    refused = await client.get(f"{API}/media/{voice_id}", headers=outsider)

    assert heard.status_code == 307
    assert refused.status_code == 404


async def test_someone_elses_upload_cannot_be_the_voice_version(client, device, world):
    villager = bearer(await wechat_login(client, device, "o-p1"))
    upload = await client.post(
        f"{API}/media",
        data={"kind": "voice"},
        files={"file": ("v.wav", _wav(), "audio/wav")},
        headers=villager,
    )
    officer = await staff(client, "officer")
    response = await client.post(
        f"{API}/bulletins",
        json=draft([world.tree.village.id], voice_media_id=upload.json()["id"]),
        headers=officer,
    )
    assert response.status_code == 422
