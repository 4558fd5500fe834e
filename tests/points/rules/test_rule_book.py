"""The station's rule book: read by everyone of the station, replaced as a whole by the chief or
admin, never able to deduct or to name a petition, a complaint or a letter to the chief."""

from __future__ import annotations

import pytest

from jinghutong.points.rules.defaults import DEFAULT_RULES
from support.factories import make_area, make_person
from support.points_world import API, NEAR_THE_LEADER, entries_of, later

BOOK = f"{API}/points/rules"


def _book(**changes) -> dict:
    rules = [
        {"event_kind": r.event_kind, "points": r.points, "monthly_cap": r.monthly_cap}
        for r in DEFAULT_RULES
    ]
    return {"rules": rules, "monthly_cap": 300, **changes}


def _with(kind: str, **rule) -> dict:
    body = _book()
    for r in body["rules"]:
        if r["event_kind"] == kind:
            r.update(rule)
    return body


async def test_a_villager_reads_the_default_book_of_the_station(client, as_, world):
    response = await client.get(BOOK, headers=await as_(world.villager))

    assert response.status_code == 200, response.text
    book = response.json()
    assert book["station_id"] == world.tree.station.id
    assert (book["version"], book["monthly_cap"]) == (1, 300)
    by_kind = {r["event_kind"]: r for r in book["rules"]}
    assert by_kind["dispatch_feedback"] == {
        "event_kind": "dispatch_feedback",
        "name": "接警到场并反馈",
        "points": 20,
        "monthly_cap": 200,
        "description": "接到值班室派警，到场处置并反馈",
    }
    assert by_kind["caught_in_act"]["monthly_cap"] is None
    assert set(by_kind) == {r.event_kind for r in DEFAULT_RULES}


async def test_someone_of_no_station_or_another_station_sees_nothing(client, as_, world, session):
    await make_person(session, "路人", openid="o-pts-stranger")
    stranger = await client.get(BOOK, headers=await as_(await _named(session, "o-pts-stranger")))
    assert stranger.status_code == 404
    other_station = await make_area(session, "另一个派出所", "station")
    other = await client.get(
        BOOK, params={"station_id": other_station.id}, headers=await as_(world.villager)
    )
    assert other.status_code == 404


async def _named(session, openid):
    from sqlalchemy import select

    from jinghutong.models import Person

    return await session.scalar(select(Person).where(Person.openid == openid))


async def test_the_chief_writes_a_new_version_and_the_old_one_stops(client, as_, world):
    chief = await as_(world.chief)

    changed = await client.put(
        BOOK,
        json=_with("visit_recorded", points=3, monthly_cap=30, description="走访"),
        headers=chief,
    )

    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == 2
    read = (await client.get(BOOK, headers=await as_(world.villager))).json()
    visit = next(r for r in read["rules"] if r["event_kind"] == "visit_recorded")
    assert (read["version"], visit["points"], visit["monthly_cap"]) == (2, 3, 30)
    again = await client.put(BOOK, json=_book(), headers=await as_(world.admin))
    assert again.json()["version"] == 3


@pytest.mark.parametrize("person", ["villager", "leader", "village_police", "officer"])
async def test_only_the_chief_or_admin_changes_the_book(client, as_, world, person):
    response = await client.put(BOOK, json=_book(), headers=await as_(getattr(world, person)))

    assert response.status_code == 403
    assert response.json()["detail"] == "只有所长或管理员可以修改积分规则"


async def test_a_rule_that_deducts_is_refused_naming_it(client, as_, world):
    response = await client.put(
        BOOK, json=_with("visit_recorded", points=-5), headers=await as_(world.chief)
    )

    assert response.status_code == 422
    body = response.json()
    assert "visit_recorded" in body["detail"] and "必须大于0" in body["detail"]
    assert body["fields"] == {"rules[5].points": "必须大于0"}
    zero = await client.put(BOOK, json=_with("claim", points=0), headers=await as_(world.chief))
    assert zero.status_code == 422


@pytest.mark.parametrize("kind", ["petition", "complaint", "letter_to_chief"])
async def test_a_rule_for_petitions_complaints_or_letters_is_refused(client, as_, world, kind):
    body = _book()
    body["rules"].append({"event_kind": kind, "points": 5})

    response = await client.put(BOOK, json=body, headers=await as_(world.chief))

    assert response.status_code == 422
    assert "信访、投诉和给所长写信是群众的权利" in response.json()["detail"]
    assert response.json()["fields"] == {
        f"rules[{len(body['rules']) - 1}].event_kind": "不可计分的事项"
    }
    # And nothing changed.
    assert (await client.get(BOOK, headers=await as_(world.chief))).json()["version"] == 1


async def test_unknown_kinds_duplicates_and_bad_shapes_are_422(client, as_, world):
    chief = await as_(world.chief)
    unknown = _book()
    unknown["rules"].append({"event_kind": "birthday", "points": 5})
    assert (await client.put(BOOK, json=unknown, headers=chief)).status_code == 422
    twice = _book()
    twice["rules"].append({"event_kind": "visit_recorded", "points": 5})
    duplicate = await client.put(BOOK, json=twice, headers=chief)
    assert duplicate.status_code == 422 and duplicate.json()["error"] == "DuplicateRule"
    for bad in ({"rules": []}, {"rules": "all"}, {"rules": [{"points": 5}]}, {}):
        assert (await client.put(BOOK, json=bad, headers=chief)).status_code == 422, bad


async def test_a_rule_change_applies_to_new_entries_only(
    client, as_, world, act, run_jobs, database
):
    first = await _dispatch_and_feed_back(client, as_, act, world)
    await run_jobs()
    chief = await as_(world.chief)
    assert (
        await client.put(BOOK, json=_with("dispatch_feedback", points=25), headers=chief)
    ).status_code == 200

    second = await _dispatch_and_feed_back(client, as_, act, world)
    later()
    await run_jobs()

    entries = await entries_of(database, world.leader)
    assert [(e.source_id != "", e.points) for e in entries] == [(True, 20), (True, 25)]
    assert entries[0].rule_id != entries[1].rule_id  # each keeps the rule it was made under
    assert first["number"] in entries[0].reason and second["number"] in entries[1].reason


async def _dispatch_and_feed_back(client, as_, act, world) -> dict:
    body = {"summary": "家庭纠纷", "kind": "dispute", "location": NEAR_THE_LEADER}
    case = (await client.post(f"{API}/dispatches", json=body, headers=await as_(world.duty))).json()
    leader = await as_(world.leader)
    await act(leader, case["id"], "accept")
    await act(leader, case["id"], "feedback", {"text": "已处置"})
    return case
