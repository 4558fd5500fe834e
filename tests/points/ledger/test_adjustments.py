"""Manual entries: staff propose a commendation or a deduction, a SECOND person with the chief's
or an officer's role decides; a deduction only for the person's own (false) report, never for a
petition, a complaint or a letter to the chief."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from jinghutong.models import PointsAdjustment
from support.points_world import API, entries_of

ADJ = f"{API}/points/adjustments"


async def _propose(client, as_, by, **body):
    return await client.post(ADJ, json=body, headers=await as_(by))


async def _false_report(client, as_, world) -> str:
    villager = await as_(world.villager)
    case = await client.post(
        f"{API}/cases", json={"kind": "alarm", "text": "有人打架"}, headers=villager
    )
    assert case.status_code == 201, case.text
    return case.json()["id"]


async def test_a_commendation_needs_a_second_person_and_then_lands(
    client, as_, world, database, session
):
    proposed = await _propose(
        client, as_, world.village_police, person_id=world.villager.id, points=20,
        reason="协助寻回走失老人，予以表彰",
    )  # fmt: skip
    assert proposed.status_code == 201, proposed.text
    adjustment = proposed.json()
    assert adjustment["status"] == "pending" and adjustment["entry_id"] is None
    assert await entries_of(database, world.villager) == []

    own = await client.post(
        f"{ADJ}/{adjustment['id']}/approve", headers=await as_(world.village_police)
    )
    assert own.status_code == 403  # the 村警 proposed it, and is no decider anyway
    approved = await client.post(
        f"{ADJ}/{adjustment['id']}/approve", json={"note": "同意"}, headers=await as_(world.officer)
    )

    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    [entry] = await entries_of(database, world.villager)
    assert (entry.event_kind, entry.points, entry.reason) == (
        "manual",
        20,
        "协助寻回走失老人，予以表彰",
    )
    assert entry.approved_by == world.officer.id
    again = await client.post(f"{ADJ}/{adjustment['id']}/reject", headers=await as_(world.chief))
    assert again.status_code == 409


async def test_the_proposer_cannot_decide_even_as_chief_and_the_database_agrees(
    client, as_, world, session
):
    proposed = await _propose(
        client, as_, world.chief, person_id=world.villager.id, points=5, reason="好人好事"
    )
    adjustment_id = proposed.json()["id"]

    refused = await client.post(f"{ADJ}/{adjustment_id}/approve", headers=await as_(world.chief))

    assert refused.status_code == 403
    assert refused.json()["detail"] == "人工奖扣须由另一人审核，提出人不能自己审核"
    with pytest.raises(Exception, match="second_person"):
        async with session.begin_nested():
            await session.execute(
                update(PointsAdjustment)
                .where(PointsAdjustment.id == adjustment_id)
                .values(decided_by=world.chief.id, status="approved")
            )


async def test_a_deduction_for_the_persons_own_false_report_is_allowed(
    client, as_, world, database
):
    case_id = await _false_report(client, as_, world)
    proposed = await _propose(
        client, as_, world.officer, person_id=world.villager.id, points=-10,
        reason="虚假报警，扣10分", source_type="case", source_id=case_id,
    )  # fmt: skip
    assert proposed.status_code == 201, proposed.text

    rejected = await client.post(
        f"{ADJ}/{proposed.json()['id']}/reject",
        json={"note": "初犯，口头教育"},
        headers=await as_(world.chief),
    )

    assert rejected.json()["status"] == "rejected"
    assert await entries_of(database, world.villager) == []  # only an approval writes


@pytest.mark.parametrize(
    "source",
    [
        {"source_type": "petition", "source_id": "01J00000000000000000000000"},
        {"source_type": "sentiment", "source_id": "01J00000000000000000000000"},
        {},
    ],
)
async def test_a_deduction_for_a_petition_a_complaint_or_nothing_is_refused(
    client, as_, world, source
):
    response = await _propose(
        client, as_, world.officer, person_id=world.villager.id, points=-10,
        reason="到所长信箱反映问题", **source,
    )  # fmt: skip

    assert response.status_code == 422
    assert response.json()["detail"] in {
        "信访、投诉、意见和给所长写信是群众的权利，不加分也不扣分",
        "扣分只能针对本人上报的虚假报案，不能因信访、投诉、意见或给所长写信扣分",
    }


async def test_a_deduction_for_someone_elses_report_is_refused(client, as_, world):
    case_id = await _false_report(client, as_, world)

    response = await _propose(
        client, as_, world.officer, person_id=world.leader.id, points=-10,
        reason="虚假报警", source_type="case", source_id=case_id,
    )  # fmt: skip

    assert response.status_code == 422
    assert response.json()["error"] == "DeductionRefused"


async def test_who_may_propose_and_for_whom(client, as_, world):
    body = {"person_id": world.villager.id, "points": 5, "reason": "表彰"}
    villager = await client.post(ADJ, json=body, headers=await as_(world.leader))
    assert villager.status_code == 403
    other = await client.post(ADJ, json=body, headers=await as_(world.other_police))
    assert other.status_code == 404  # another village's 村警 learns nothing
    staff = await _propose(
        client, as_, world.officer, person_id=world.village_police.id, points=5, reason="x"
    )
    assert staff.status_code == 422 and staff.json()["error"] == "StaffEarnNoPoints"
    zero = await _propose(
        client, as_, world.officer, person_id=world.villager.id, points=0, reason="x"
    )
    assert zero.status_code == 422
    for bad in ({"points": "many"}, {"reason": ""}, {"person_id": None}, {"extra": 1}):
        response = await client.post(ADJ, json={**body, **bad}, headers=await as_(world.officer))
        assert response.status_code == 422, bad


async def test_a_replayed_proposal_is_one_adjustment(client, as_, world, session):
    headers = {**await as_(world.officer), "Idempotency-Key": "adj-1"}
    body = {"person_id": world.villager.id, "points": 5, "reason": "表彰"}
    first = await client.post(ADJ, json=body, headers=headers)
    second = await client.post(ADJ, json=body, headers=headers)
    assert first.json()["id"] == second.json()["id"]
    unknown = await client.post(
        f"{ADJ}/01J00000000000000000000000/approve", headers=await as_(world.chief)
    )
    assert unknown.status_code == 404
