"""The chief confirms a sheet; its 村警 is told and has 3 working days (Monday to Friday,
Beijing time) to appeal, once, with a reason; the chief decides and the decision is kept. A
confirmed sheet is never recomputed; a window that closes unused makes the sheet final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from jinghutong.models import EvaluationAppeal, EvaluationSheet, Notification
from support.evaluation import (
    API,
    BJ,
    MONDAY,
    THURSDAY,
    WEDNESDAY,
    MonthOfWork,
    beijing,
    move_to,
    previous_month,
)

EVALUATIONS = f"{API}/evaluations"


async def _month_of_two_sheets(client, session, gov, as_) -> tuple[str, dict[str, str]]:
    """Last month's sheets, computed on a Thursday: 方建军 made two visits and one 社情民意."""
    month, first = previous_month(move_to(THURSDAY))
    w = MonthOfWork(session, gov, first)
    await w.visit(gov.village_police, w.at(3))
    await w.visit(gov.village_police, w.at(4))
    await w.sentiment(gov.village_police, w.at(5))
    computed = await client.post(
        f"{EVALUATIONS}/compute", json={"month": month}, headers=await as_(gov.chief)
    )
    assert computed.status_code == 200, computed.text
    return month, {r["person"]["id"]: r["sheet_id"] for r in computed.json()["results"]}


async def _post(client, headers, sheet_id: str, action: str, body: dict | None = None, key=None):
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    return await client.post(f"{EVALUATIONS}/{sheet_id}/{action}", json=body, headers=headers)


async def test_confirmed_appealed_on_the_second_working_day_and_decided_with_a_new_score(
    client, session, gov, as_, database
):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    sheet_id = sheets[gov.village_police.id]

    officer_try = await _post(client, await as_(gov.officer), sheet_id, "confirm")
    confirmed = await _post(client, await as_(gov.chief), sheet_id, "confirm")

    assert officer_try.status_code == 403 and officer_try.json()["error"] == "OnlyTheChief"
    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert (body["status"], body["score"], body["may_appeal"]) == ("confirmed", 62, False)
    # Confirmed on a Thursday: Friday, Monday and Tuesday; closed at midnight after Tuesday.
    deadline = datetime.fromisoformat(body["appeal_deadline"]).astimezone(BJ)
    assert (deadline.weekday(), deadline.hour, (deadline.date() - beijing().date()).days) == (
        WEDNESDAY,
        0,
        6,
    )
    [told] = (
        await session.scalars(
            select(Notification).where(Notification.person_id == gov.village_police.id)
        )
    ).all()
    assert told.kind == "evaluation.confirmed" and "星期二" in told.body

    move_to(MONDAY)  # the weekend in between does not count
    as_.forget()
    police = await as_(gov.village_police)
    mine = (await client.get(f"{EVALUATIONS}/{sheet_id}", headers=police)).json()
    assert (mine["status"], mine["may_appeal"]) == ("confirmed", True)
    appealed = await _post(client, police, sheet_id, "appeal", {"reason": "漏记了两次走访"}, "a1")
    replay = await _post(client, police, sheet_id, "appeal", {"reason": "漏记了两次走访"}, "a1")
    second = await _post(client, police, sheet_id, "appeal", {"reason": "还有一条"}, "a2")

    assert appealed.status_code == 200, appealed.text
    assert appealed.json()["status"] == "appealed"
    assert appealed.json()["appeal"]["reason"] == "漏记了两次走访"
    assert replay.json() == appealed.json()
    assert second.status_code == 409 and second.json()["error"] == "AlreadyAppealed"
    appeals = (await session.scalars(select(EvaluationAppeal))).all()
    assert len(appeals) == 1
    chief_told = await session.scalar(
        select(Notification).where(Notification.kind == "evaluation.appealed")
    )
    assert chief_told is not None and chief_told.person_id == gov.chief.id

    decided = await _post(
        client,
        await as_(gov.chief),
        sheet_id,
        "decide",
        {"upheld": True, "decision": "经核实，补记两次走访", "score_after": 63.5},
    )

    assert decided.status_code == 200, decided.text
    sheet = decided.json()
    assert (sheet["status"], sheet["score"]) == ("final", 63.5)
    adjustment = sheet["items"][-1]
    assert (adjustment["item"], adjustment["name"], adjustment["points"]) == (
        "appeal_adjustment",
        "申诉调整",
        1.5,
    )
    assert adjustment["records"][0]["id"] == appeals[0].id
    assert adjustment["records"][0]["type"] == "evaluation_appeal"
    computed_items = [i for i in sheet["items"] if i["item"] != "appeal_adjustment"]
    assert sum(i["points"] for i in computed_items) == 2  # as computed, untouched
    assert sheet["score"] == sheet["base_score"] + sum(i["points"] for i in sheet["items"])
    appeal = sheet["appeal"]
    assert (appeal["status"], appeal["upheld"], appeal["score_after"], appeal["decision"]) == (
        "approved",
        True,
        63.5,
        "经核实，补记两次走访",
    )
    assert appeal["decided_by"]["id"] == gov.chief.id
    decided_told = await session.scalar(
        select(Notification).where(Notification.kind == "evaluation.decided")
    )
    assert decided_told is not None and decided_told.person_id == gov.village_police.id
    again = await _post(
        client, await as_(gov.chief), sheet_id, "decide", {"upheld": False, "decision": "再议"}
    )
    assert again.status_code == 409 and again.json()["error"] == "NoAppealPending"


async def test_an_appeal_after_the_deadline_is_a_409_naming_the_deadline(
    client, session, gov, as_, database, run_jobs
):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    sheet_id = sheets[gov.village_police.id]
    confirmed = (await _post(client, await as_(gov.chief), sheet_id, "confirm")).json()
    last_day = datetime.fromisoformat(confirmed["appeal_deadline"]).astimezone(BJ) - timedelta(
        days=1
    )

    move_to(WEDNESDAY, hour=9)
    as_.forget()
    police = await as_(gov.village_police)
    shown = (await client.get(f"{EVALUATIONS}/{sheet_id}", headers=police)).json()
    late = await _post(client, police, sheet_id, "appeal", {"reason": "漏记了走访"})

    assert (shown["status"], shown["may_appeal"]) == ("final", False)  # before any job ran
    assert late.status_code == 409 and late.json()["error"] == "AppealWindowClosed"
    assert f"{last_day:%Y年%m月%d日}（星期二）24:00" in late.json()["detail"]
    await run_jobs()
    async with database.session() as s:
        stored = await s.get(EvaluationSheet, sheet_id)
        assert stored is not None and stored.status == "final"
        assert (await s.scalars(select(EvaluationAppeal))).all() == []


async def test_someone_elses_sheet_is_not_found_and_only_its_own_police_may_appeal(
    client, session, gov, as_
):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    chief = await as_(gov.chief)
    for sheet_id in sheets.values():
        assert (await _post(client, chief, sheet_id, "confirm")).status_code == 200

    other = await _post(
        client, await as_(gov.other_police), sheets[gov.village_police.id], "appeal",
        {"reason": "不对"},
    )  # fmt: skip
    by_chief = await _post(client, chief, sheets[gov.village_police.id], "appeal", {"reason": "x"})
    by_leader = await _post(
        client, await as_(gov.leader), sheets[gov.village_police.id], "appeal", {"reason": "x"}
    )
    missing = await _post(client, await as_(gov.village_police), "nope", "appeal", {"reason": "x"})

    assert other.status_code == 404 and other.json()["error"] == "SheetNotFound"
    assert by_chief.status_code == 403 and by_chief.json()["error"] == "OnlyTheirOwn"
    assert by_leader.status_code == 404
    assert missing.status_code == 404


async def test_state_conflicts(client, session, gov, as_):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    chief, police = await as_(gov.chief), await as_(gov.village_police)
    sheet_id = sheets[gov.village_police.id]

    draft_appeal = await _post(client, police, sheet_id, "appeal", {"reason": "x"})
    no_appeal = await _post(client, chief, sheet_id, "decide", {"upheld": False, "decision": "x"})
    assert (await _post(client, chief, sheet_id, "confirm")).status_code == 200
    twice = await _post(client, chief, sheet_id, "confirm")
    this_month = (
        await client.post(
            f"{EVALUATIONS}/compute", json={"month": beijing().strftime("%Y-%m")}, headers=chief
        )
    ).json()["results"]
    early = await _post(client, chief, this_month[0]["sheet_id"], "confirm")

    assert draft_appeal.status_code == 409 and draft_appeal.json()["error"] == "NotConfirmedYet"
    assert no_appeal.status_code == 409 and no_appeal.json()["error"] == "NoAppealPending"
    assert twice.status_code == 409 and twice.json()["error"] == "SheetNotDraft"
    assert early.status_code == 409 and early.json()["error"] == "MonthNotOver"


async def test_recomputing_keeps_confirmed_sheets_as_they_were(client, session, gov, as_):
    month, sheets = await _month_of_two_sheets(client, session, gov, as_)
    chief = await as_(gov.chief)
    assert (await _post(client, chief, sheets[gov.village_police.id], "confirm")).status_code == 200
    _, first = previous_month(beijing())
    w = MonthOfWork(session, gov, first)
    await w.visit(gov.village_police, w.at(20))
    await w.visit(gov.other_police, w.at(20))

    again = await client.post(f"{EVALUATIONS}/compute", json={"month": month}, headers=chief)

    results = {r["person"]["id"]: r for r in again.json()["results"]}
    kept = results[gov.village_police.id]
    assert (kept["outcome"], kept["score"], kept["reason"]) == (
        "skipped",
        62,
        "所长已确认，不再重算",
    )
    redone = results[gov.other_police.id]
    assert (redone["outcome"], redone["score"]) == ("recomputed", 60.5)
    sheet = (await client.get(f"{EVALUATIONS}/{kept['sheet_id']}", headers=chief)).json()
    assert next(i for i in sheet["items"] if i["item"] == "visits")["count"] == 2


async def test_a_rejected_appeal_keeps_the_score_and_is_kept(client, session, gov, as_):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    sheet_id = sheets[gov.village_police.id]
    chief = await as_(gov.chief)
    await _post(client, chief, sheet_id, "confirm")
    await _post(client, await as_(gov.village_police), sheet_id, "appeal", {"reason": "分太低"})

    upheld_without_score = await _post(
        client, chief, sheet_id, "decide", {"upheld": True, "decision": "成立"}
    )
    upheld_same_score = await _post(
        client, chief, sheet_id, "decide", {"upheld": True, "decision": "成立", "score_after": 62}
    )
    rejected_with_score = await _post(
        client, chief, sheet_id, "decide", {"upheld": False, "decision": "驳回", "score_after": 70}
    )
    by_officer = await _post(
        client, await as_(gov.officer), sheet_id, "decide", {"upheld": False, "decision": "驳回"}
    )
    rejected = await _post(
        client, chief, sheet_id, "decide", {"upheld": False, "decision": "走访记录齐全，维持原分"}
    )

    assert upheld_without_score.status_code == 422
    assert upheld_without_score.json()["error"] == "ScoreAfterNeeded"
    assert upheld_same_score.status_code == 422
    assert rejected_with_score.status_code == 422
    assert rejected_with_score.json()["error"] == "ScoreAfterNotForRejected"
    assert by_officer.status_code == 403
    assert rejected.status_code == 200, rejected.text
    sheet = rejected.json()
    assert (sheet["status"], sheet["score"]) == ("final", 62)
    assert all(i["item"] != "appeal_adjustment" for i in sheet["items"])
    assert (sheet["appeal"]["status"], sheet["appeal"]["upheld"]) == ("rejected", False)
    assert sheet["appeal"]["score_after"] == 62


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("appeal", {}),
        ("appeal", {"reason": ""}),
        ("appeal", {"reason": "x" * 501}),
        ("appeal", {"reason": "x", "score": 1}),
        ("decide", {"decision": "x"}),
        ("decide", {"upheld": "maybe", "decision": "x"}),
        ("decide", {"upheld": True, "decision": "x", "score_after": 70.3}),
        ("decide", {"upheld": True, "decision": "x", "score_after": -1}),
        ("decide", {"upheld": True, "decision": "", "score_after": 70}),
    ],
)
async def test_bad_bodies_are_a_422(client, session, gov, as_, action, body):
    _, sheets = await _month_of_two_sheets(client, session, gov, as_)
    who = gov.village_police if action == "appeal" else gov.chief
    response = await _post(client, await as_(who), sheets[gov.village_police.id], action, body)
    assert response.status_code == 422, response.text


def test_the_deadline_is_midnight_after_the_third_working_day():
    from jinghutong.points.evaluation.workdays import appeal_deadline, last_appeal_day

    friday = datetime(2026, 12, 4, 17, 30, tzinfo=BJ)
    assert last_appeal_day(friday).isoformat() == "2026-12-09"  # Mon, Tue, Wed
    assert appeal_deadline(friday) == datetime(2026, 12, 9, 16, tzinfo=UTC)
    sunday = datetime(2026, 12, 6, 12, tzinfo=BJ)
    assert last_appeal_day(sunday).isoformat() == "2026-12-09"
    monday_night = datetime(2026, 12, 7, 23, 59, tzinfo=BJ)  # still Monday in Beijing
    assert last_appeal_day(monday_night).isoformat() == "2026-12-10"
    utc_sunday_evening = datetime(2026, 12, 6, 17, tzinfo=UTC)  # Monday 01:00 in Beijing
    assert last_appeal_day(utc_sunday_evening).isoformat() == "2026-12-10"
