"""Helpers for the staff-review tests: a real JPEG upload, WeChat's verdict pushed back, the
review queue, a decision, a case's detail."""

from __future__ import annotations

import io

from PIL import Image

from jinghutong.models import Media
from support.push import post_plain_event

CALM = "村口路灯倒了，晚上很黑"
RISKY_TEXT = "有人在群里发刷单返利广告骗老人"  # the emulator answers risky (20008 fraud)


async def photo(client, headers) -> str:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 80, 40)).save(out, format="JPEG")
    response = await client.post(
        "/api/v1/media",
        headers=headers,
        files={"file": ("IMG_0002.jpg", out.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def push_verdict(client, app, emulator, media_id: str, session, suggest: str) -> None:
    """WeChat's verdict on the photo, pushed (plain mode, signed) to /wechat/push."""
    media = await session.get(Media, media_id)
    await session.refresh(media)
    assert media.check_trace_id, "the media check was not submitted"
    event = emulator.state.resolve_media_check(media.check_trace_id, suggest, 20002)
    await post_plain_event(client, app, event, nonce="nonce-review")


async def queue(client, headers) -> set[str]:
    response = await client.get("/api/v1/cases", params={"scope": "review"}, headers=headers)
    assert response.status_code == 200, response.text
    return {c["id"] for c in response.json()["items"]}


async def review(client, headers, case_id: str, key: str | None = None, **body):
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        f"/api/v1/cases/{case_id}/review", json=body, headers={**headers, **extra}
    )


async def detail(client, headers, case_id: str) -> dict:
    response = await client.get(f"/api/v1/cases/{case_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def case_with_photo(
    client, app, emulator, report, as_, world, run_jobs, session, *, suggest="risky", **body
) -> tuple[str, str]:
    """A villager's hazard report with a photo WeChat then judges `suggest`."""
    villager = await as_(world.villager)
    media_id = await photo(client, villager)
    created = await report(villager, kind="hazard", text=CALM, media_ids=[media_id], **body)
    assert created.status_code == 201, created.text
    await run_jobs()  # the text check passes; the photo goes to WeChat
    await push_verdict(client, app, emulator, media_id, session, suggest)
    await run_jobs()  # the verdict reaches the case
    return created.json()["id"], media_id
