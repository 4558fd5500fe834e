"""Story 5 (1 August): the duty room dispatches a domestic dispute to the nearest 联户长, who
accepts, arrives and feeds back; the award sweep gives the rule's 20 points exactly once —
whether it runs twice, the feedback is sent twice, or the same feedback is replayed."""

from __future__ import annotations

from support.points_world import API, NEAR_THE_LEADER, entries_of, later


async def dispatched_and_fed_back(client, as_, world, act, *, feedbacks=1) -> dict:
    duty = await as_(world.duty)
    body = {"summary": "家庭纠纷，夫妻争吵", "kind": "dispute", "location": NEAR_THE_LEADER}
    created = await client.post(f"{API}/dispatches", json=body, headers=duty)
    assert created.status_code == 201, created.text
    case = created.json()
    assert case["assignee"]["id"] == world.leader.id
    leader = await as_(world.leader)
    for action in ("accept", "arrive"):
        assert (await act(leader, case["id"], action)).status_code == 200
    for n in range(feedbacks):
        fed = await act(leader, case["id"], "feedback", {"text": f"已劝开双方，情绪稳定（{n}）"})
        assert fed.status_code == 200, fed.text
    return case


async def test_the_leader_who_took_the_dispatch_is_awarded_twenty_once(
    client, as_, world, act, run_jobs, database
):
    case = await dispatched_and_fed_back(client, as_, world, act)

    await run_jobs()
    later()
    await run_jobs()  # the sweep again: the margin re-reads the feedback, nothing new

    [entry] = await entries_of(database, world.leader)
    assert entry.points == 20
    assert entry.event_kind == "dispatch_feedback"
    assert entry.award_key == f"dispatch:{case['id']}"
    assert entry.reason.endswith(f"接警到场处置纠纷并反馈（{case['number']}）")
    assert entry.area_path == world.tree.micro_grid.path
    me = (await client.get(f"{API}/points/me", headers=await as_(world.leader))).json()
    assert me["balance"] == 20
    assert me["month_earned"] == 20
    dispatch = next(k for k in me["kinds"] if k["event_kind"] == "dispatch_feedback")
    assert dispatch == {
        "event_kind": "dispatch_feedback",
        "name": "接警到场并反馈",
        "earned": 20,
        "cap": 200,
        "left": 180,
    }
    # Nobody else earned anything: the duty room is staff, the villager did nothing.
    assert await entries_of(database, world.duty) == []


async def test_feeding_back_twice_on_one_case_is_one_award(
    client, as_, world, act, run_jobs, database
):
    await dispatched_and_fed_back(client, as_, world, act, feedbacks=2)

    await run_jobs()

    assert [e.points for e in await entries_of(database, world.leader)] == [20]


async def test_feedback_between_two_sweeps_is_still_one_award(
    client, as_, world, act, run_jobs, database
):
    case = await dispatched_and_fed_back(client, as_, world, act)
    await run_jobs()
    leader = await as_(world.leader)
    assert (await act(leader, case["id"], "feedback", {"text": "回访：已和好"})).status_code == 200

    later()
    await run_jobs()

    assert [e.points for e in await entries_of(database, world.leader)] == [20]


async def test_a_replayed_feedback_is_one_event_and_one_award(
    client, as_, world, act, run_jobs, database
):
    case = await dispatched_and_fed_back(client, as_, world, act, feedbacks=0)
    leader = {**await as_(world.leader), "Idempotency-Key": "fb-1"}
    for _ in range(2):
        response = await client.post(
            f"{API}/cases/{case['id']}/feedback", json={"text": "已处置"}, headers=leader
        )
        assert response.status_code == 200

    await run_jobs()

    assert [e.points for e in await entries_of(database, world.leader)] == [20]


async def test_a_leader_who_only_commented_or_did_not_take_it_earns_nothing(
    client, as_, world, act, run_jobs, database
):
    """Feedback by staff on a dispatch (the 村警 stepping in) earns nothing: staff are evaluated."""
    duty = await as_(world.duty)
    body = {"summary": "家庭纠纷", "kind": "dispute", "location": NEAR_THE_LEADER}
    case = (await client.post(f"{API}/dispatches", json=body, headers=duty)).json()
    police = await as_(world.village_police)
    assert (await act(police, case["id"], "accept")).status_code == 200
    assert (await act(police, case["id"], "feedback", {"text": "已处置"})).status_code == 200

    await run_jobs()

    assert await entries_of(database, world.village_police) == []
    assert await entries_of(database, world.leader) == []
