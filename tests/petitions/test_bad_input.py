"""所长直通车 refuses what it must: other people's letters, officers outside their assignment,
closing by anyone but the chief, replayed keys with another body, oversized or foreign
attachments, too much text, wrong types. Each answer is clear and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import Petition, PetitionEvent, PetitionMessage
from jinghutong.models.petition import AppendOnly
from support.auth import bearer, wechat_login
from support.factories import make_person

API = "/api/v1"


async def _write(client, headers, text: str = "反映一下村里赌博的事") -> dict:
    response = await client.post(f"{API}/petitions", json={"text": text}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def _trail_length(session, pid: str) -> int:
    return await session.scalar(
        select(func.count()).select_from(PetitionEvent).where(PetitionEvent.petition_id == pid)
    )


async def test_a_villager_cannot_read_or_find_a_neighbours_letter(client, station):
    pid = (await _write(client, station.villager_h))["id"]

    peek = await client.get(f"{API}/petitions/{pid}", headers=station.neighbour_h)
    listed = (await client.get(f"{API}/petitions", headers=station.neighbour_h)).json()
    inbox = await client.get(f"{API}/petitions?scope=inbox", headers=station.neighbour_h)

    assert peek.status_code == 404
    assert peek.json()["error"] == "PetitionNotFound"
    assert listed["items"] == []
    assert inbox.status_code == 403
    assert inbox.json()["error"] == "InboxIsTheChiefs"


async def test_an_officer_sees_only_the_petition_assigned_to_them(client, station):
    s = station
    pid = (await _write(client, s.villager_h))["id"]

    assert (await client.get(f"{API}/petitions/{pid}", headers=s.officer_h)).status_code == 404
    assert (
        await client.get(f"{API}/petitions?scope=inbox", headers=s.officer_h)
    ).status_code == 403
    reply = await client.post(
        f"{API}/petitions/{pid}/messages", json={"text": "我来回复"}, headers=s.officer_h
    )
    assert reply.status_code == 404

    deadline = (clock.now() + timedelta(days=1)).isoformat()
    await client.post(
        f"{API}/petitions/{pid}/assign",
        json={"assignee_id": s.officer.id, "deadline_at": deadline},
        headers=s.chief_h,
    )
    assert (await client.get(f"{API}/petitions/{pid}", headers=s.officer_h)).status_code == 200
    assert (
        await client.get(f"{API}/petitions/{pid}", headers=s.other_officer_h)
    ).status_code == 404

    # Handed to someone else: the first officer no longer sees it.
    await client.post(
        f"{API}/petitions/{pid}/assign",
        json={"assignee_id": s.other_officer.id, "deadline_at": deadline},
        headers=s.chief_h,
    )
    assert (await client.get(f"{API}/petitions/{pid}", headers=s.officer_h)).status_code == 404
    assert (
        await client.get(f"{API}/petitions/{pid}", headers=s.other_officer_h)
    ).status_code == 200


async def test_nobody_but_the_chief_closes_and_nothing_changes(client, station, session):
    s = station
    pid = (await _write(client, s.villager_h))["id"]
    await client.post(
        f"{API}/petitions/{pid}/assign",
        json={
            "assignee_id": s.officer.id,
            "deadline_at": (clock.now() + timedelta(days=1)).isoformat(),
        },
        headers=s.chief_h,
    )
    before = await _trail_length(session, pid)

    answers = {
        "sender": await client.post(f"{API}/petitions/{pid}/close", headers=s.villager_h),
        "officer": await client.post(f"{API}/petitions/{pid}/close", headers=s.officer_h),
        "neighbour": await client.post(f"{API}/petitions/{pid}/close", headers=s.neighbour_h),
        "other": await client.post(f"{API}/petitions/{pid}/close", headers=s.other_officer_h),
    }

    assert {k: r.status_code for k, r in answers.items()} == {
        "sender": 403,
        "officer": 403,
        "neighbour": 404,
        "other": 404,
    }
    assert "所长" in answers["officer"].json()["detail"]
    petition = await session.get(Petition, pid)
    await session.refresh(petition)
    assert petition.status == "assigned" and petition.closed_at is None
    assert await _trail_length(session, pid) == before
    # The officer cannot assign it onwards either.
    onwards = await client.post(
        f"{API}/petitions/{pid}/assign",
        json={
            "assignee_id": s.other_officer.id,
            "deadline_at": (clock.now() + timedelta(days=1)).isoformat(),
        },
        headers=s.officer_h,
    )
    assert onwards.status_code == 403


async def test_there_is_no_way_to_delete_a_petition(client, station):
    pid = (await _write(client, station.villager_h))["id"]
    for headers in (station.chief_h, station.villager_h):
        response = await client.delete(f"{API}/petitions/{pid}", headers=headers)
        assert response.status_code == 405


async def test_a_closed_petition_takes_no_more_replies_and_closes_once(client, station):
    s = station
    pid = (await _write(client, s.villager_h))["id"]
    assert (await client.post(f"{API}/petitions/{pid}/close", headers=s.chief_h)).status_code == 200

    again = await client.post(f"{API}/petitions/{pid}/close", headers=s.chief_h)
    late = await client.post(
        f"{API}/petitions/{pid}/messages", json={"text": "还有一件事"}, headers=s.villager_h
    )

    assert again.status_code == late.status_code == 409
    assert late.json()["error"] == "PetitionClosed"


async def test_rating_only_by_the_sender_after_an_answer_and_only_once(client, station):
    s = station
    pid = (await _write(client, s.villager_h))["id"]

    early = await client.post(
        f"{API}/petitions/{pid}/rate", json={"rating": 4}, headers=s.villager_h
    )
    assert early.status_code == 409 and early.json()["error"] == "NotAnsweredYet"
    await client.post(
        f"{API}/petitions/{pid}/messages", json={"text": "已安排民警核实。"}, headers=s.chief_h
    )
    by_chief = await client.post(
        f"{API}/petitions/{pid}/rate", json={"rating": 5}, headers=s.chief_h
    )
    assert by_chief.status_code == 403
    first = await client.post(
        f"{API}/petitions/{pid}/rate", json={"rating": 4}, headers=s.villager_h
    )
    second = await client.post(
        f"{API}/petitions/{pid}/rate", json={"rating": 1}, headers=s.villager_h
    )

    assert first.status_code == 200
    assert second.status_code == 409 and second.json()["error"] == "AlreadyRated"
    detail = (await client.get(f"{API}/petitions/{pid}", headers=s.villager_h)).json()
    assert detail["rating"] == 4 and detail["can_rate"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": "很好"}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": 0}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"rating": 4, "stars": 5}, "stars"),
    ],
)
async def test_a_rating_of_the_wrong_type_is_refused(client, station, body, field):
    pid = (await _write(client, station.villager_h))["id"]
    response = await client.post(
        f"{API}/petitions/{pid}/rate", json=body, headers=station.villager_h
    )
    assert response.status_code == 422
    assert field in response.json()["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "长" * 2001}, "text"),
        ({"text": ""}, "body"),
        ({"text": 12345}, "text"),
        ({"text": "看照片", "media_ids": "abc"}, "media_ids"),
        ({"text": "看照片", "media_ids": [f"m{n}" for n in range(10)]}, "media_ids"),
        ({"text": "标题太长", "subject": "题" * 51}, "subject"),
        ({"text": "多了字段", "to": "chief"}, "to"),
    ],
)
async def test_a_letter_with_bad_fields_is_refused_and_nothing_is_stored(
    client, station, session, body, field
):
    response = await client.post(f"{API}/petitions", json=body, headers=station.villager_h)

    assert response.status_code == 422, response.text
    assert field in response.json()["fields"]
    assert await session.scalar(select(func.count()).select_from(Petition)) == 0


async def test_someone_elses_upload_cannot_be_attached(client, station, session, clip):
    upload = await client.post(
        f"{API}/media",
        headers=station.neighbour_h,
        data={"kind": "voice"},
        files={"file": ("v.wav", clip, "audio/wav")},
    )
    response = await client.post(
        f"{API}/petitions",
        json={"text": "用别人的录音", "media_ids": [upload.json()["id"]]},
        headers=station.villager_h,
    )
    assert response.status_code == 422
    assert response.json()["error"] == "MediaUnavailable"
    assert await session.scalar(select(func.count()).select_from(Petition)) == 0


@pytest.fixture
def app_settings(app_settings):
    """Uploads capped at 64 KB here, so an oversized clip is cheap to make."""
    media = app_settings.media.model_copy(update={"max_bytes": 64 * 1024})
    return app_settings.model_copy(update={"media": media})


async def test_an_oversized_voice_clip_is_refused_before_it_can_be_attached(
    client, station, record
):
    response = await client.post(
        f"{API}/media",
        headers=station.villager_h,
        data={"kind": "voice"},
        files={"file": ("long.wav", record(seconds=10), "audio/wav")},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "FileTooLarge"


async def test_a_replayed_key_with_another_body_is_a_409_and_creates_nothing(
    client, station, session
):
    headers = {**station.villager_h, "Idempotency-Key": "same-key"}
    first = await client.post(f"{API}/petitions", json={"text": "第一次"}, headers=headers)
    retry = await client.post(f"{API}/petitions", json={"text": "第一次"}, headers=headers)
    other = await client.post(f"{API}/petitions", json={"text": "换了内容"}, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
    assert other.status_code == 409 and other.json()["error"] == "IdempotencyKeyReused"
    assert await session.scalar(select(func.count()).select_from(Petition)) == 1


async def test_bad_assignments_are_refused(client, station):
    s = station
    pid = (await _write(client, s.villager_h))["id"]
    future = (clock.now() + timedelta(days=1)).isoformat()
    cases = {
        "villager": {"assignee_id": s.neighbour.id, "deadline_at": future},
        "past": {
            "assignee_id": s.officer.id,
            "deadline_at": (clock.now() - timedelta(hours=1)).isoformat(),
        },
        "naive": {"assignee_id": s.officer.id, "deadline_at": "2030-01-01T08:00:00"},
        "not a time": {"assignee_id": s.officer.id, "deadline_at": "下周"},
    }
    for name, body in cases.items():
        response = await client.post(f"{API}/petitions/{pid}/assign", json=body, headers=s.chief_h)
        assert response.status_code == 422, name
    detail = (await client.get(f"{API}/petitions/{pid}", headers=s.chief_h)).json()
    assert detail["status"] == "open" and detail["assignee"] is None


async def test_a_villager_without_a_household_is_asked_to_join_first(client, device, session):
    await make_person(session, "路人", openid="o-no-household")
    headers = bearer(await wechat_login(client, device, "o-no-household"))
    response = await client.post(f"{API}/petitions", json={"text": "你好"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"] == "NeedHousehold"


async def test_a_forged_cursor_is_a_clear_422(client, station):
    for cursor in ("%%%", "bm90LWEtY3Vyc29y", "MjAzMC0wMS0wMXxhYmM="):
        response = await client.get(
            f"{API}/petitions?sort=deadline&cursor={cursor}", headers=station.chief_h
        )
        assert response.status_code == 422, cursor


async def test_messages_and_events_cannot_be_rewritten(client, station, database):
    pid = (await _write(client, station.villager_h))["id"]
    with pytest.raises(AppendOnly):
        async with database.session() as s:
            message = await s.scalar(
                select(PetitionMessage).where(PetitionMessage.petition_id == pid)
            )
            message.text = "改过的内容"
            await s.flush()
    with pytest.raises(AppendOnly):
        async with database.session() as s:
            event = await s.scalar(select(PetitionEvent).where(PetitionEvent.petition_id == pid))
            await s.delete(event)
            await s.flush()
