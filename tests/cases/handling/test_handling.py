"""Handling a case: the states in order, refusals in Chinese, reopen, revisit, rating."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Notification


async def _hazard(report, as_, world) -> str:
    response = await report(await as_(world.villager), kind="hazard", text="村口路灯倒了")
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_the_leader_accepts_arrives_feeds_back_and_resolves_and_the_reporter_rates(
    client, report, act, as_, world, session
):
    case_id = await _hazard(report, as_, world)
    leader = await as_(world.leader)

    accepted = await act(leader, case_id, "accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["due_at"] is None  # acknowledging stops the clock
    assert (await act(leader, case_id, "arrive")).json()["status"] == "on_site"
    fed = await act(leader, case_id, "feedback", {"text": "已设置警示牌"})
    assert fed.json()["timeline"][-1]["type"] == "feedback"
    resolved = await act(leader, case_id, "resolve", {"text": "电力所已修复"})
    assert resolved.json()["status"] == "resolved"

    villager = await as_(world.villager)
    rated = await act(villager, case_id, "rate", {"rating": 5, "text": "很及时"})
    assert rated.json()["rating"] == 5
    closed = await act(villager, case_id, "close")
    assert closed.json()["status"] == "closed"

    timeline = (await client.get(f"/api/v1/cases/{case_id}", headers=villager)).json()["timeline"]
    assert [e["type"] for e in timeline] == [
        "created", "assigned", "accepted", "arrived", "feedback", "resolved", "rated", "closed",
    ]  # fmt: skip
    assert timeline[1]["actor_kind"] == "system" and timeline[1]["actor"] is None
    assert timeline[2]["actor"]["name"] == "叶建国"
    told = await session.scalars(
        select(Notification.title).where(Notification.person_id == world.villager.id)
    )
    assert "处理人员已到场" in list(told)


async def test_actions_out_of_order_are_refused_in_chinese(report, act, as_, world):
    case_id = await _hazard(report, as_, world)
    leader = await as_(world.leader)

    early = await act(leader, case_id, "resolve")
    assert early.status_code == 409
    assert early.json()["detail"] == "请先接单再处理"
    assert (await act(leader, case_id, "arrive")).json()["error"] == "NotAcceptedYet"
    assert (await act(leader, case_id, "feedback", {"text": "x"})).status_code == 409
    await act(leader, case_id, "accept")
    twice = await act(leader, case_id, "accept")
    assert twice.status_code == 409 and twice.json()["error"] == "AlreadyAccepted"
    not_yet = await act(await as_(world.villager), case_id, "rate", {"rating": 4})
    assert not_yet.status_code == 409 and not_yet.json()["error"] == "NotResolvedYet"
    close_early = await act(leader, case_id, "close")
    assert close_early.json()["detail"] == "请先办结再关闭"


async def test_nobody_acts_on_someone_elses_case(client, report, act, as_, world):
    case_id = await _hazard(report, as_, world)

    # Outside the case's scope: it does not exist for them.
    for stranger in (world.other_leader, world.other_officer):
        headers = await as_(stranger)
        assert (await act(headers, case_id, "accept")).status_code == 404
        assert (await client.get(f"/api/v1/cases/{case_id}", headers=headers)).status_code == 404
    # The reporter sees the case but may not handle it; a neighbour does not see it at all.
    own = await act(await as_(world.villager), case_id, "accept")
    assert own.status_code == 403 and own.json()["error"] == "NotYourCase"
    assert (
        await act(await as_(world.neighbour), case_id, "comment", {"text": "?"})
    ).status_code == 404
    # Only the reporter rates.
    leader = await as_(world.leader)
    await act(leader, case_id, "accept")
    await act(leader, case_id, "resolve")
    assert (await act(leader, case_id, "rate", {"rating": 5})).json()["error"] == "OnlyTheReporter"


async def test_the_reporter_reopens_within_seven_days_but_not_after(report, act, as_, world):
    leader, villager = await as_(world.leader), await as_(world.villager)
    case_id = await _hazard(report, as_, world)
    await act(leader, case_id, "accept")
    await act(leader, case_id, "resolve")

    clock.advance(timedelta(days=6))
    reopened = await act(villager, case_id, "reopen", {"reason": "路灯又坏了"})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "assigned"
    assert reopened.json()["assignee"]["id"] == world.leader.id
    assert reopened.json()["due_at"] is not None

    await act(leader, case_id, "accept")
    await act(leader, case_id, "resolve")
    clock.advance(timedelta(days=8))
    late = await act(villager, case_id, "reopen", {"reason": "还是不亮"})
    assert late.status_code == 409 and late.json()["error"] == "ReopenExpired"


async def test_the_officer_visits_back_after_resolution(report, act, as_, world):
    case_id = await _hazard(report, as_, world)
    leader, officer = await as_(world.leader), await as_(world.officer)
    early = await act(officer, case_id, "revisit", {"text": "电话回访"})
    assert early.status_code == 409
    await act(leader, case_id, "accept")
    await act(leader, case_id, "resolve")

    by_leader = await act(leader, case_id, "revisit", {"text": "我也回访"})
    visit = await act(
        officer, case_id, "revisit", {"text": "电话回访，群众满意", "satisfied": True}
    )

    assert by_leader.status_code == 403
    assert visit.status_code == 200
    assert visit.json()["timeline"][-1]["type"] == "revisited"


async def test_comments_reach_the_other_side(report, act, as_, world, session):
    case_id = await _hazard(report, as_, world)
    await act(await as_(world.leader), case_id, "accept")

    response = await act(await as_(world.villager), case_id, "comment", {"text": "补充：在桥边"})

    assert response.status_code == 200
    titles = await session.scalars(
        select(Notification.kind).where(Notification.person_id == world.leader.id)
    )
    assert "case.comment" in list(titles)


async def test_a_consultation_is_answered_by_the_leader(report, act, as_, world):
    response = await report(await as_(world.villager), kind="consult", text="身份证怎么补办？")
    case_id = response.json()["id"]
    leader = await as_(world.leader)

    accepted = await act(leader, case_id, "accept")
    assert accepted.json()["due_at"] is not None  # a consult's clock runs until it is answered
    answered = await act(leader, case_id, "answer", {"text": "带户口本到派出所，也可预约上门"})

    assert answered.status_code == 200
    assert answered.json()["status"] == "resolved"
    assert answered.json()["due_at"] is None
    hazard = await _hazard(report, as_, world)
    assert (await act(leader, hazard, "answer", {"text": "x"})).json()[
        "error"
    ] == "NotAConsultation"


async def test_feedback_sent_twice_on_a_weak_signal_is_recorded_once(
    client, report, act, as_, world
):
    case_id = await _hazard(report, as_, world)
    leader = await as_(world.leader)
    await act(leader, case_id, "accept")
    retried = {**leader, "Idempotency-Key": "fb-1"}

    first = await client.post(
        f"/api/v1/cases/{case_id}/feedback", json={"text": "已到现场"}, headers=retried
    )
    again = await client.post(
        f"/api/v1/cases/{case_id}/feedback", json={"text": "已到现场"}, headers=retried
    )

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    detail = (await client.get(f"/api/v1/cases/{case_id}", headers=leader)).json()
    assert [e["type"] for e in detail["timeline"]].count("feedback") == 1
