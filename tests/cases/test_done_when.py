"""Issue 4 "Done when", end to end through the API: a villager reports a hazard with a real photo
and a real voice clip; the 联户长's phone gets the subscribe message; they accept, arrive and
feed back; an ignored alarm escalates on time to the area officer; the reporter sees the whole
timeline; the trail verifies, and fails after a row is altered in the database. Plus: a risky
text is flagged for review, never dropped, and the villager gets a kind explanation."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import select, text

from jinghutong.cases.notices import CASE_TEMPLATE
from jinghutong.cases.trail.verify import verify
from jinghutong.core import clock
from jinghutong.models import Case, Notification

VOICE = Path(__file__).parents[1] / "fixtures" / "media" / "voice-2s.mp3"


def photo() -> bytes:
    """A phone-like JPEG with EXIF (the media domain strips it)."""
    image = Image.new("RGB", (640, 480), (90, 140, 60))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"  # Make
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


async def _upload(client, headers, data: bytes, kind: str, name: str) -> str:
    response = await client.post(
        "/api/v1/media", headers=headers, files={"file": (name, data)}, data={"kind": kind}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _subscribe(client, device, person, headers) -> None:
    answer = (
        await device.post(
            "/device/subscribe",
            json={"openid": person.openid, "template_ids": [CASE_TEMPLATE], "mode": "once"},
        )
    ).json()
    response = await client.post(
        "/api/v1/subscriptions",
        json={"results": {CASE_TEMPLATE: answer[CASE_TEMPLATE]}},
        headers=headers,
    )
    assert response.status_code == 200, response.text


async def test_done_when(client, device, report, act, as_, world, run_jobs, database, session):
    villager, leader = await as_(world.villager), await as_(world.leader)
    await _subscribe(client, device, world.leader, leader)
    picture = await _upload(client, villager, photo(), "image", "IMG_0001.jpg")
    voice = await _upload(client, villager, VOICE.read_bytes(), "voice", "record.mp3")

    created = await report(
        villager,
        "done-when-1",
        kind="hazard",
        text="老房子墙体开裂，怕塌",
        media_ids=[picture, voice],
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    assert created.json()["media_ids"] == [picture, voice]
    await run_jobs()

    [message] = (await device.get(f"/device/inbox/{world.leader.openid}")).json()["messages"]
    assert message["template_id"] == CASE_TEMPLATE
    assert message["data"]["character_string5"] == created.json()["number"]
    assert message["page"].startswith("pages/cases/detail")

    assert (await act(leader, case_id, "accept")).status_code == 200
    assert (await act(leader, case_id, "arrive")).status_code == 200
    scene = await _upload(client, leader, photo(), "image", "scene.jpg")
    fed = await act(
        leader, case_id, "feedback", {"text": "已转移老人到亲戚家", "media_ids": [scene]}
    )
    assert fed.status_code == 200, fed.text

    alarm = (await report(villager, kind="alarm", text="隔壁有人打架")).json()
    clock.advance(timedelta(minutes=6))
    await run_jobs()
    escalated = (await client.get(f"/api/v1/cases/{alarm['id']}", headers=villager)).json()
    assert escalated["assigned_role"] == "area_officer"
    assert escalated["assignee"]["id"] == world.officer.id

    seen = (await client.get(f"/api/v1/cases/{case_id}", headers=villager)).json()
    assert [e["type"] for e in seen["timeline"]][:6] == [
        "created", "assigned", "content_passed", "accepted", "arrived", "feedback",
    ]  # fmt: skip
    assert {m["id"] for m in seen["media"]} == {picture, voice, scene}
    assert all(m["url"] for m in seen["media"])
    photo_bytes = await client.get(_path(seen["media"][0]["url"]))
    assert photo_bytes.status_code == 200
    # A neighbour cannot fetch the reporter's media.
    neighbour = await as_(world.neighbour)
    assert (await client.get(f"/api/v1/media/{picture}", headers=neighbour)).status_code == 404

    assert (await verify(database)).ok
    await session.execute(
        text("UPDATE case_events SET actor_id = NULL WHERE case_id = :c AND type = 'accepted'"),
        {"c": case_id},
    )
    assert not (await verify(database)).ok


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_a_risky_report_is_kept_and_flagged_and_the_villager_is_told_kindly(
    client, report, as_, world, run_jobs, session
):
    villager = await as_(world.villager)
    created = await report(villager, kind="clue", text="有人在群里发刷单返利广告骗老人")

    await run_jobs()

    case = await session.get(Case, created.json()["id"])
    await session.refresh(case)
    assert case.review_status == "flagged"
    assert case.status == "assigned"  # still routed and handled
    told = await session.scalar(
        select(Notification).where(
            Notification.person_id == world.villager.id, Notification.kind == "case.review"
        )
    )
    assert told is not None and "110" in told.body
