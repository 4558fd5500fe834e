"""The sheet read off records the other domains really write: a case the 村警 accepted after
its deadline (the trail's assignment carries it), a clue he gave that the officer judged 有效,
a rating the villager gave; and the monthly job that computes last month's sheets once the
month has turned (Beijing time)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import EvaluationSheet, Role
from support.evaluation import API, BJ, MonthOfWork, beijing, previous_month
from support.factories import grant, make_person

EVALUATIONS = f"{API}/evaluations"


async def _items(client, headers, month: str, person_id: str) -> dict[str, dict]:
    computed = await client.post(f"{EVALUATIONS}/compute", json={"month": month}, headers=headers)
    assert computed.status_code == 200, computed.text
    sheet_id = next(
        r["sheet_id"] for r in computed.json()["results"] if r["person"]["id"] == person_id
    )
    sheet = (await client.get(f"{EVALUATIONS}/{sheet_id}", headers=headers)).json()
    return {i["item"]: i for i in sheet["items"]}


async def _report(client, headers, kind: str, **extra) -> dict:
    response = await client.post(
        f"{API}/cases", json={"kind": kind, "text": "村口路灯坏了好几天", **extra}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _act(client, headers, case_id: str, action: str, body: dict | None = None) -> None:
    response = await client.post(f"{API}/cases/{case_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def test_a_late_acceptance_a_valid_clue_and_a_rating_through_the_case_api(client, gov, as_):
    # Early in a Beijing month, so that a day later is still the same month.
    now = beijing()
    start = datetime.combine(now.date().replace(day=1) + timedelta(days=40), time(9), tzinfo=BJ)
    clock.advance(start.replace(day=2) - now)
    villager = await as_(gov.villager)
    # 社情民意 goes to the village's 村警 first, with a day to take it.
    waited = await _report(client, villager, "sentiment")
    clock.advance(timedelta(hours=25))  # no sweep ran: it is still his, past its deadline
    prompt = await _report(client, villager, "sentiment")
    police = await as_(gov.village_police)
    for case in (waited, prompt):
        await _act(client, police, case["id"], "accept")
        await _act(client, police, case["id"], "resolve", {"text": "已联系电工"})
    for case, stars in ((waited, 3), (prompt, 5)):
        await _act(client, villager, case["id"], "rate", {"rating": stars})
    clue = await _report(client, police, "clue", household_id=gov.h1.id)
    officer = await as_(gov.officer)
    await _act(client, officer, clue["id"], "accept")
    await _act(client, officer, clue["id"], "resolve", {"outcome": "valid"})

    items = await _items(client, await as_(gov.chief), beijing().strftime("%Y-%m"),
                         gov.village_police.id)  # fmt: skip

    assert [r["id"] for r in items["cases_late"]["records"]] == [waited["id"]]
    assert [r["id"] for r in items["cases_on_time"]["records"]] == [prompt["id"]]
    assert (items["cases_late"]["points"], items["cases_on_time"]["points"]) == (-1, 1)
    assert [r["id"] for r in items["clue_valid"]["records"]] == [clue["id"]]
    assert items["clue_valid"]["records"][0]["label"] == f"{clue['number']} 有效线索"
    rated = items["satisfaction"]
    assert (rated["count"], rated["points"]) == (2, 0)  # fewer than 3 ratings: no points
    assert rated["note"] == "评价 2 件，不足 3 件不计分"


async def test_the_monthly_job_computes_last_month_once_the_month_has_turned(
    client, session, gov, as_, run_jobs, database
):
    now = beijing()
    month = now.strftime("%Y-%m")
    w = MonthOfWork(session, gov, datetime.combine(now.date().replace(day=1), time(0), tzinfo=BJ))
    await w.visit(gov.village_police, w.at(1))

    await run_jobs()  # still this month: nothing to compute for it yet
    async with database.session() as s:
        assert (
            await s.scalars(select(EvaluationSheet).where(EvaluationSheet.month == month))
        ).all() == []

    following = datetime.combine(
        (now.date().replace(day=1) + timedelta(days=32)).replace(day=1), time(0, 30), tzinfo=BJ
    )
    clock.advance(following - beijing())
    assert previous_month(following)[0] == month
    await run_jobs()

    async with database.session() as s:
        sheets = {
            sh.person_id: sh
            for sh in (
                await s.scalars(select(EvaluationSheet).where(EvaluationSheet.month == month))
            ).all()
        }
    assert set(sheets) == {gov.village_police.id, gov.other_police.id}
    assert sheets[gov.village_police.id].status == "draft"
    assert sheets[gov.village_police.id].score == 60.5
    chief = await as_(gov.chief)
    confirmed = await client.post(
        f"{EVALUATIONS}/{sheets[gov.village_police.id].id}/confirm", headers=chief
    )
    assert confirmed.status_code == 200, confirmed.text

    newcomer = await make_person(session, "新村警", username="cj-new")
    await grant(session, newcomer, Role.village_police, gov.tree.village)
    await w.visit(gov.village_police, w.at(3))
    clock.advance(timedelta(hours=1, minutes=1))
    await run_jobs()

    async with database.session() as s:
        rows = (
            await s.scalars(select(EvaluationSheet).where(EvaluationSheet.month == month))
        ).all()
    by_person = {sh.person_id: sh for sh in rows}
    assert set(by_person) == {gov.village_police.id, gov.other_police.id, newcomer.id}
    kept = by_person[gov.village_police.id]
    assert (kept.status, kept.score) == ("confirmed", 60.5)  # confirmed: never recomputed
