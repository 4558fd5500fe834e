"""Whom a dispute may be handed to by account (the 交办 form's choices): the people who work its
place, nearest rung first. A 联户长 passing a quarrel up sees only those above the micro-grid —
she could not find the area officer's account before (GET /staff is for staff)."""

from __future__ import annotations

from support.disputes import boundary_quarrel
from support.governance import deadline


async def _choices(jf, person, dispute_id: str):
    url = f"/api/v1/disputes/{dispute_id}/assignees"
    return await jf.client.get(url, headers=await jf.as_(person))


async def test_a_leader_sees_the_village_police_and_the_officer_to_pass_it_up_to(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))

    answer = await _choices(jf, gov.leader, dispute["id"])

    assert answer.status_code == 200, answer.text
    choices = [(c["name"], c["role_name"], c["level_name"]) for c in answer.json()]
    assert choices[0] == (gov.village_police.name, "村警", "村")
    assert (gov.officer.name, "防区民警", "派出所") in choices
    assert all(c["id"] != gov.leader.id for c in answer.json())  # not herself
    assert gov.other_police.id not in {c["id"] for c in answer.json()}  # another village's

    officer = next(c for c in answer.json() if c["id"] == gov.officer.id)
    handed = await jf.act(
        gov.leader, dispute["id"], "assign", assignee_id=officer["id"], **deadline(2)
    )
    assert handed.status_code == 200, handed.text
    assert handed.json()["level"] == "station"


async def test_the_village_police_sees_the_leader_too_and_outsiders_see_nothing(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))

    as_police = await _choices(jf, gov.village_police, dispute["id"])
    as_outsider = await _choices(jf, gov.other_police, dispute["id"])
    as_villager = await _choices(jf, gov.villager, dispute["id"])

    assert gov.leader.id in {c["id"] for c in as_police.json()}
    assert as_outsider.status_code == 404
    assert as_villager.status_code == 404
