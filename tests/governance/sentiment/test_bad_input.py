"""Bad input to POST /sentiments: each refused with a clear answer, nothing written, nobody told.
Ids in the body the caller may not use (another village's household, visit or area) are a 422
naming the field, the same as ids that do not exist."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.models import SentimentItem
from support.visits import told


async def _items(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(SentimentItem)) or 0)


async def test_wrong_shapes_and_huge_texts(gov, phones, session):
    base = {"household_id": gov.h1.id, "category": "demand", "text": "要修路"}
    bodies = [
        {**base, "category": "gossip"},
        {**base, "urgency": "panic"},
        {**base, "topics": ["土地", "环境", "治安", "民生", "交通", "教育"]},
        {**base, "topics": ["这是一个非常非常长的话题标签"]},
        {**base, "topics": [""]},
        {**base, "topics": "土地"},
        {**base, "text": "长" * 2001},
        {**base, "text": "   "},  # nothing said, no media
        {"household_id": gov.h1.id, "text": "无类别"},
        {**base, "mood": "angry"},
    ]
    for body in bodies:
        # Urgent where the body says nothing else: a refused item must tell nobody either.
        response = await phones.sentiment(gov.leader, **{"urgency": "urgent", **body})
        assert response.status_code == 422, (body, response.text)
        assert response.json()["detail"]
    assert await _items(session) == 0
    assert await told(session, gov.officer, "sentiment.urgent") == []


async def test_places_and_sources_outside_ones_area(gov, phones, session):
    elsewhere = await phones.visited(gov.other_police, household_ids=[gov.h3.id])
    cases = [
        ({"household_id": gov.h3.id}, "household_id"),
        ({"household_id": "01NOSUCHHOUSEHOLD000000000"}, "household_id"),
        ({"area_id": gov.tree.other_village.id}, "area_id"),
        ({"area_id": gov.tree.township.id}, "area_id"),  # above village: no village to roll up
        ({}, "area_id"),  # nowhere at all
        ({"area_id": gov.tree.micro_grid.id, "household_id": gov.h3.id}, "household_id"),
        ({"area_id": gov.tree.micro_grid.id, "visit_id": elsewhere["id"]}, "visit_id"),
        ({"area_id": gov.tree.micro_grid.id, "case_id": "01NOSUCHCASE00000000000000"}, "case_id"),
    ]
    for place, field in cases:
        response = await phones.sentiment(gov.leader, category="demand", text="x", **place)
        assert response.status_code == 422, (place, response.text)
        assert field in response.json()["fields"], (place, response.json())
    theirs = await phones.photo(gov.village_police)
    media = await phones.sentiment(
        gov.leader, household_id=gov.h1.id, category="demand", text="x", media_ids=[theirs]
    )
    assert media.status_code == 422 and media.json()["error"] == "MediaUnavailable"
    assert await _items(session) == 0


async def test_the_area_defaults_to_the_visits_and_a_retry_is_one_item(gov, phones, session):
    visit = await phones.visited(gov.leader, household_ids=[gov.h2.id])
    voice = await phones.voice(gov.leader)
    body = {"visit_id": visit["id"], "category": "complaint", "media_ids": [voice]}

    first = await phones.sentiment(gov.leader, key="s-retry", urgency="urgent", **body)
    second = await phones.sentiment(gov.leader, key="s-retry", urgency="urgent", **body)

    assert first.status_code == second.status_code == 201, first.text
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["area"]["id"] == gov.tree.micro_grid.id  # where the visit was made
    assert [m["id"] for m in first.json()["media"]] == [voice]
    assert await _items(session) == 1
    assert len(await told(session, gov.officer, "sentiment.urgent")) == 1  # told once


async def test_a_villager_without_a_role_may_not_record(gov, phones, session):
    response = await phones.sentiment(
        gov.villager, household_id=gov.h1.id, category="demand", text="我家要低保"
    )
    assert response.status_code == 403 and response.json()["error"] == "NotARecorder"
    assert await _items(session) == 0
