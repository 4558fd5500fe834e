"""所长直通车, the story the issue tells: a villager writes to the chief with a voice clip; the
chief reads it (the sender sees that), hands it to an officer who replies; the villager is told
(in-app, and on the phone when subscribed) and rates the answer; the officer cannot close it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Notification, PetitionEvent
from jinghutong.petitions.trail import verify

API = "/api/v1"


async def _upload_voice(client, headers, clip: bytes) -> str:
    response = await client.post(
        f"{API}/media",
        headers=headers,
        data={"kind": "voice"},
        files={"file": ("voice.wav", clip, "audio/wav")},
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _subscribe(client, device, headers, openid: str) -> None:
    """The villager taps "allow" on the progress template (phone and backend both learn it)."""
    await device.post(
        "/device/subscribe",
        json={"openid": openid, "template_ids": ["tmpl_case_progress"], "mode": "once"},
    )
    response = await client.post(
        f"{API}/subscriptions",
        json={"results": {"tmpl_case_progress": "accept"}},
        headers=headers,
    )
    assert response.status_code == 200, response.text


async def test_villager_writes_with_voice_chief_assigns_officer_replies_villager_rates(
    client, device, session, station, clip, app, database
):
    s = station
    await _subscribe(client, device, s.villager_h, "o-fang-guiying")
    voice = await _upload_voice(client, s.villager_h, clip)

    sent = await client.post(
        f"{API}/petitions",
        json={"text": "村口的路灯坏了三个月，晚上老人出门不安全", "media_ids": [voice]},
        headers={**s.villager_h, "Idempotency-Key": "petition-1"},
    )
    assert sent.status_code == 201, sent.text
    petition = sent.json()
    pid = petition["id"]
    assert petition["status"] == "open"
    assert petition["read_by_chief_at"] is None
    assert petition["village"]["name"] == "上坊村"
    assert petition["messages"][0]["media_ids"] == [voice]

    # The chief's inbox has it, unread; the chief opens it: the read receipt.
    inbox = (await client.get(f"{API}/petitions", headers=s.chief_h)).json()
    assert [p["id"] for p in inbox["items"]] == [pid]
    opened = (await client.get(f"{API}/petitions/{pid}", headers=s.chief_h)).json()
    assert opened["read_by_chief_at"] is not None
    assert opened["can_assign"] and opened["can_close"]
    # The chief may hear the voice clip attached to it.
    assert (await client.get(f"{API}/media/{voice}", headers=s.chief_h)).status_code in (200, 307)

    mine = (await client.get(f"{API}/petitions/{pid}", headers=s.villager_h)).json()
    assert mine["read_by_chief_at"] == opened["read_by_chief_at"]

    deadline = (clock.now() + timedelta(days=2)).isoformat()
    assigned = await client.post(
        f"{API}/petitions/{pid}/assign",
        json={"assignee_id": s.officer.id, "deadline_at": deadline, "note": "请两天内答复"},
        headers=s.chief_h,
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["status"] == "assigned"

    # The officer now sees that one petition, and answers it.
    todo = (await client.get(f"{API}/petitions?scope=assigned", headers=s.officer_h)).json()
    assert [p["id"] for p in todo["items"]] == [pid]
    answer = await client.post(
        f"{API}/petitions/{pid}/messages",
        json={"text": "已联系村委，路灯本周五前修好。"},
        headers={**s.officer_h, "Idempotency-Key": "reply-1"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "answered"

    # The villager sees the deadline, the reply, and was told: in-app, and on the phone.
    mine = (await client.get(f"{API}/petitions/{pid}", headers=s.villager_h)).json()
    assert mine["deadline_at"] is not None and mine["overdue"] is False
    assert [m["author_role"] for m in mine["messages"]] == ["sender", "officer"]
    assert mine["messages"][1]["author_name"] == "承办民警 王志强"
    assert all("note" not in e["detail"] for e in mine["events"])  # the chief's note is internal
    told = await session.scalars(
        select(Notification).where(
            Notification.person_id == s.villager.id, Notification.kind == "petition.replied"
        )
    )
    assert len(told.all()) == 1
    await run_due_jobs(JobContext(database, {"wechat": app.state.wechat, "settings": None}))
    inbox_on_phone = (await device.get("/device/inbox/o-fang-guiying")).json()
    messages = inbox_on_phone if isinstance(inbox_on_phone, list) else inbox_on_phone["messages"]
    assert any(m["template_id"] == "tmpl_case_progress" for m in messages)

    # The officer cannot close it; the villager rates the answer, once.
    refused = await client.post(f"{API}/petitions/{pid}/close", headers=s.officer_h)
    assert refused.status_code == 403
    assert refused.json()["error"] == "OnlyTheChief"
    rated = await client.post(
        f"{API}/petitions/{pid}/rate", json={"rating": 5, "comment": "很及时"}, headers=s.villager_h
    )
    assert rated.status_code == 200, rated.text
    assert rated.json()["rating"] == 5

    closed = await client.post(
        f"{API}/petitions/{pid}/close", json={"note": "路灯已修复"}, headers=s.chief_h
    )
    assert closed.status_code == 200
    final = closed.json()
    assert final["status"] == "closed"
    assert [e["action"] for e in final["events"]] == [
        "created",
        "read",
        "assigned",
        "replied",
        "rated",
        "closed",
    ]
    events = (
        await session.scalars(
            select(PetitionEvent)
            .where(PetitionEvent.petition_id == pid)
            .order_by(PetitionEvent.seq)
        )
    ).all()
    assert verify(list(events))


async def test_a_second_look_by_the_chief_keeps_the_first_read_time(client, station):
    s = station
    pid = (
        await client.post(f"{API}/petitions", json={"text": "想问问低保的事"}, headers=s.villager_h)
    ).json()["id"]
    first = (await client.get(f"{API}/petitions/{pid}", headers=s.chief_h)).json()
    clock.advance(timedelta(hours=1))
    second = (await client.get(f"{API}/petitions/{pid}", headers=s.chief_h)).json()

    assert first["read_by_chief_at"] == second["read_by_chief_at"]
    assert [e["action"] for e in second["events"]] == ["created", "read"]


async def test_overdue_petitions_stand_out_and_filter_in_the_inbox(client, station, session):
    s = station
    ids = []
    for text in ("第一封：山塘边没有护栏", "第二封：有人收购老人的身份证"):
        response = await client.post(f"{API}/petitions", json={"text": text}, headers=s.villager_h)
        ids.append(response.json()["id"])
    soon = (clock.now() + timedelta(hours=2)).isoformat()
    await client.post(
        f"{API}/petitions/{ids[0]}/assign",
        json={"assignee_id": s.officer.id, "deadline_at": soon},
        headers=s.chief_h,
    )
    clock.advance(timedelta(hours=3))

    inbox = (await client.get(f"{API}/petitions?sort=deadline", headers=s.chief_h)).json()
    assert [p["id"] for p in inbox["items"]] == ids  # the one with a deadline first
    assert [p["overdue"] for p in inbox["items"]] == [True, False]
    late = (await client.get(f"{API}/petitions?overdue=true", headers=s.chief_h)).json()
    assert [p["id"] for p in late["items"]] == [ids[0]]
    village = s.tree.village.id
    here = (await client.get(f"{API}/petitions?village_id={village}", headers=s.chief_h)).json()
    assert len(here["items"]) == 2
    elsewhere = s.tree.other_village.id
    there = (await client.get(f"{API}/petitions?village_id={elsewhere}", headers=s.chief_h)).json()
    assert there["items"] == []
    opened = (await client.get(f"{API}/petitions?status=open", headers=s.chief_h)).json()
    assert [p["id"] for p in opened["items"]] == [ids[1]]


async def test_the_inbox_pages_with_an_opaque_cursor(client, station):
    s = station
    for n in range(5):
        await client.post(f"{API}/petitions", json={"text": f"第{n}封信"}, headers=s.villager_h)
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(f"{API}/petitions?{query}", headers=s.chief_h)).json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 5


async def test_the_deadline_passing_tells_the_chief_and_the_officer(
    client, station, session, app, database
):
    s = station
    pid = (
        await client.post(f"{API}/petitions", json={"text": "邻居家的狗咬人"}, headers=s.villager_h)
    ).json()["id"]
    await client.post(
        f"{API}/petitions/{pid}/assign",
        json={
            "assignee_id": s.officer.id,
            "deadline_at": (clock.now() + timedelta(hours=4)).isoformat(),
        },
        headers=s.chief_h,
    )
    clock.advance(timedelta(hours=5))  # (staff logins last 12 hours)
    await run_due_jobs(JobContext(database, {"wechat": app.state.wechat, "settings": None}))

    told = (
        await session.scalars(
            select(Notification.person_id).where(Notification.kind == "petition.overdue")
        )
    ).all()
    assert set(told) == {s.chief.id, s.officer.id}
    detail = (await client.get(f"{API}/petitions/{pid}", headers=s.chief_h)).json()
    assert detail["overdue"] is True
    assert "overdue" in [e["action"] for e in detail["events"]]
