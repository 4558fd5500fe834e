"""Bad input to POST /visits: each refused with a clear answer, and nothing written.

Households and areas in the body that the caller may not use (another village's, or ids that
do not exist) are a 422 naming the field — the same answer for both, so nobody learns that a
household elsewhere exists; as governance.sources answers for a visit or case id."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import Visit, VisitHousehold


async def _visits(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(Visit)) or 0)


async def test_a_visit_in_the_future_is_refused_a_minute_of_skew_is_not(gov, phones, session):
    ahead = clock.now() + timedelta(hours=2)
    refused = await phones.visit(
        gov.leader, household_ids=[gov.h1.id], visited_at=ahead.isoformat()
    )
    assert refused.status_code == 422
    assert refused.json()["error"] == "VisitTimeRefused"
    assert "visited_at" in refused.json()["fields"]
    too_old = clock.now() - timedelta(days=400)
    assert (
        await phones.visit(gov.leader, household_ids=[gov.h1.id], visited_at=too_old.isoformat())
    ).status_code == 422
    naive = await phones.visit(
        gov.leader, household_ids=[gov.h1.id], visited_at="2026-12-01T09:00:00"
    )
    assert naive.status_code == 422  # a time without its zone is ambiguous
    assert await _visits(session) == 0

    skew = clock.now() + timedelta(minutes=1)
    ok = await phones.visit(gov.leader, household_ids=[gov.h1.id], visited_at=skew.isoformat())
    assert ok.status_code == 201, ok.text
    yesterday = clock.now() - timedelta(days=1)
    late = await phones.visited(
        gov.leader, household_ids=[gov.h2.id], visited_at=yesterday.isoformat()
    )
    row = await session.get(VisitHousehold, (late["id"], gov.h2.id))
    assert row is not None and row.visited_at == yesterday  # the round counts when it happened


async def test_households_and_places_outside_ones_area(gov, phones, session):
    unknown = "01NOSUCHHOUSEHOLD000000000"
    answers = []
    for ids in ([gov.h3.id], [unknown], [gov.h1.id, gov.h3.id]):
        response = await phones.visit(gov.leader, household_ids=ids)
        assert response.status_code == 422, response.text
        answers.append(response.json())
    assert answers[0] == answers[1] == answers[2]  # another village's = one that does not exist
    assert answers[0]["error"] == "PlaceUnavailable" and "household_ids" in answers[0]["fields"]

    for area in (gov.tree.other_village, gov.tree.township):
        response = await phones.visit(gov.village_police, area_id=area.id)
        assert response.status_code == 422 and "area_id" in response.json()["fields"]
    # The chief may record in both villages, but one visit is in one village.
    both = await phones.visit(gov.chief, household_ids=[gov.h1.id, gov.h3.id])
    assert both.status_code == 422 and "household_ids" in both.json()["fields"]
    # Households must lie in the area named with them.
    outside = await phones.visit(
        gov.village_police, household_ids=[gov.h1.id], area_id=gov.tree.village.id
    )
    assert outside.status_code == 201  # h1 is in the village
    micro = await phones.visit(gov.chief, household_ids=[gov.h3.id], area_id=gov.tree.micro_grid.id)
    assert micro.status_code == 422
    assert await _visits(session) == 1


async def test_wrong_shapes_unknown_topics_and_huge_notes(gov, phones, session):
    bodies = [
        {"household_ids": [gov.h1.id], "topics": ["gossip"]},
        {"household_ids": [gov.h1.id], "topics": []},
        {"household_ids": [gov.h1.id], "topics": "care"},
        {"household_ids": gov.h1.id, "topics": ["care"]},
        {"topics": ["care"]},  # neither households nor a place
        {"household_ids": [gov.h1.id] * 21, "topics": ["care"]},
        {"household_ids": [gov.h1.id], "topics": ["care"], "text": "长" * 2001},
        {"household_ids": [gov.h1.id], "topics": ["care"], "met": "人" * 201},
        {"household_ids": [gov.h1.id], "topics": ["care"], "solved_on_spot": "yes"},
        {"household_ids": [gov.h1.id], "topics": ["care"], "location": {"lat": 100, "lng": 0}},
        {"household_ids": [gov.h1.id], "topics": ["care"], "mood": "good"},
        {"household_ids": [""], "topics": ["care"]},
    ]
    for body in bodies:
        response = await phones.post(gov.leader, "/visits", body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["detail"]
    assert await _visits(session) == 0


async def test_someone_elses_media_is_refused(gov, phones, session):
    theirs = await phones.photo(gov.village_police)
    response = await phones.visit(gov.leader, household_ids=[gov.h1.id], media_ids=[theirs])
    assert response.status_code == 422
    assert response.json()["error"] == "MediaUnavailable"
    assert "media_ids" in response.json()["fields"]
    assert await _visits(session) == 0
    # An upload attached to one visit cannot be attached to a second.
    mine = await phones.photo(gov.leader)
    await phones.visited(gov.leader, household_ids=[gov.h1.id], media_ids=[mine])
    again = await phones.visit(gov.leader, household_ids=[gov.h2.id], media_ids=[mine])
    assert again.status_code == 422


async def test_a_retry_with_the_same_key_is_one_visit(gov, phones, session):
    body = {"household_ids": [gov.h1.id, gov.h2.id], "topics": ["policy"], "text": "宣传防诈骗"}
    first = await phones.visit(gov.leader, key="visit-retry-1", **body)
    second = await phones.visit(gov.leader, key="visit-retry-1", **body)

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert await _visits(session) == 1
    rows = await session.scalars(select(VisitHousehold.household_id))
    assert sorted(rows.all()) == sorted([gov.h1.id, gov.h2.id])
    # The same key for a different visit is a mistake, not a replay.
    other = await phones.visit(gov.leader, key="visit-retry-1", household_ids=[gov.h1.id])
    assert other.status_code == 409 and other.json()["error"] == "IdempotencyKeyReused"
    assert await _visits(session) == 1


async def test_a_villager_without_a_role_may_not_record_or_list_visits(gov, phones, session):
    response = await phones.visit(gov.villager, household_ids=[gov.h1.id])
    assert response.status_code == 403 and response.json()["error"] == "NotARecorder"
    listed = await phones.get(gov.villager, "/visits")
    assert listed.status_code == 403
    own = await phones.get(gov.villager, "/visits", mine="true")
    assert own.status_code == 200 and own.json()["items"] == []
    assert (await phones.get(gov.villager, "/visits", household_id=gov.h1.id)).status_code == 404
    assert await _visits(session) == 0
