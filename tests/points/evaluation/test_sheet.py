"""A 村警's month adds up from their records: the chief computes the station's sheets, and each
item lists the records behind it, so 方建军 can see exactly why he scored what he scored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jinghutong.models import EvaluationSheet
from support.evaluation import API, THURSDAY, MonthOfWork, move_to, previous_month

EVALUATIONS = f"{API}/evaluations"


async def arrange_month(session, gov) -> tuple[str, dict[str, list[str]]]:
    """方建军's month before this one, and a few things that must not count for him."""
    month, first = previous_month(move_to(THURSDAY))
    w = MonthOfWork(session, gov, first)
    police, other = gov.village_police, gov.other_police
    visits = [(await w.visit(police, w.at(d))).id for d in (2, 9, 16)]
    sentiment = (await w.sentiment(police, w.at(9))).id
    dispute = (await w.mediation(police, w.at(12))).id
    # Three cases with a 60-minute clock: two accepted in time (one of them a 求助), one after
    # two hours. Ratings 5, 5 and 4: a mean of 4.67.
    on_time = await w.case(police, assigned_at=w.at(3), minutes=60,
                           accepted_at=w.at(3) + timedelta(minutes=20), rating=5)  # fmt: skip
    help_case = await w.case(police, kind="help", assigned_at=w.at(5), minutes=30,
                             accepted_at=w.at(5) + timedelta(minutes=10), rating=5)  # fmt: skip
    late = await w.case(police, assigned_at=w.at(7), minutes=60,
                        accepted_at=w.at(7) + timedelta(hours=2), rating=4)  # fmt: skip
    clue = (await w.clue(police, "valid", w.at(11))).id
    await w.clue(police, "invalid", w.at(13))
    errand = (await w.errand(police, gov.villager, w.at(14))).id
    missed = (await w.shift(police, w.day(20), checked_in=False)).id
    await w.shift(police, w.day(21), checked_in=True)
    # Not his: the other village's 村警's visit, a visit in the month after, a clue of a villager.
    await w.visit(other, w.at(4))
    await w.visit(police, w.at(1) + timedelta(days=40))
    await w.clue(gov.villager, "valid", w.at(11))
    return month, {
        "visits": visits,
        "information": [sentiment],
        "clue_valid": [clue],
        "cases_on_time": sorted([on_time.id, help_case.id]),
        "cases_late": [late.id],
        "emergency_help": [help_case.id],
        "mediation": [dispute],
        "errands": [errand],
        "duty_missed": [missed],
        "satisfaction": sorted([on_time.id, help_case.id, late.id]),
    }


EXPECTED_POINTS = {
    "visits": 1.5,
    "information": 1,
    "clue_valid": 3,
    "caught_in_act": 0,
    "cases_on_time": 2,
    "cases_late": -1,
    "emergency_help": 2,
    "mediation": 2,
    "errands": 1,
    "publicity": 0,
    "duty_missed": -2,
    "satisfaction": 5,
}


async def _compute(client, headers, month: str):
    return await client.post(f"{EVALUATIONS}/compute", json={"month": month}, headers=headers)


async def test_a_village_polices_month_adds_up_from_the_records_behind_each_item(
    client, session, gov, as_
):
    month, behind = await arrange_month(session, gov)
    chief = await as_(gov.chief)

    computed = await _compute(client, chief, month)

    assert computed.status_code == 200, computed.text
    results = {r["person"]["id"]: r for r in computed.json()["results"]}
    assert set(results) == {gov.village_police.id, gov.other_police.id}
    mine = results[gov.village_police.id]
    assert (mine["outcome"], mine["score"], mine["village"]["id"]) == (
        "computed",
        74.5,
        gov.tree.village.id,
    )
    sheet = (await client.get(f"{EVALUATIONS}/{mine['sheet_id']}", headers=chief)).json()
    assert (sheet["base_score"], sheet["score"], sheet["status"], sheet["month"]) == (
        60,
        74.5,
        "draft",
        month,
    )
    items = {i["item"]: i for i in sheet["items"]}
    assert {k: i["points"] for k, i in items.items()} == EXPECTED_POINTS
    for key, ids in behind.items():
        assert sorted(r["id"] for r in items[key]["records"]) == sorted(ids), key
        assert items[key]["count"] == len(ids)
    assert sheet["score"] == sheet["base_score"] + sum(i["points"] for i in sheet["items"])
    assert items["visits"]["name"] == "走访"
    assert items["satisfaction"]["note"] == "平均 4.67 分（3 件评价）"
    assert {r["type"] for r in items["duty_missed"]["records"]} == {"duty_shift"}
    assert items["cases_late"]["records"][0]["label"].startswith("JA-")
    assert items["mediation"]["records"][0]["label"].endswith("两户地界纠纷")
    theirs = (
        await client.get(f"{EVALUATIONS}/{results[gov.other_police.id]['sheet_id']}", headers=chief)
    ).json()
    assert theirs["score"] == 60.5  # their one visit
    assert {i["item"]: i["count"] for i in theirs["items"]}["visits"] == 1


async def test_caps_hold_the_item_but_every_record_is_still_listed(client, session, gov, as_):
    month, first = previous_month(move_to(THURSDAY))
    w = MonthOfWork(session, gov, first)
    for n in range(23):
        await w.visit(gov.village_police, w.at(1 + n))

    computed = await _compute(client, await as_(gov.chief), month)

    sheet_id = next(
        r["sheet_id"]
        for r in computed.json()["results"]
        if r["person"]["id"] == gov.village_police.id
    )
    sheet = (await client.get(f"{EVALUATIONS}/{sheet_id}", headers=await as_(gov.chief))).json()
    visits = next(i for i in sheet["items"] if i["item"] == "visits")
    assert (visits["count"], visits["points"], len(visits["records"])) == (23, 10, 23)
    assert visits["note"] == "本项封顶 10 分"


async def test_recomputing_a_draft_picks_up_records_that_came_late(client, session, gov, as_):
    month, first = previous_month(move_to(THURSDAY))
    w = MonthOfWork(session, gov, first)
    chief = await as_(gov.chief)
    first_run = (await _compute(client, chief, month)).json()["results"]
    await w.sentiment(gov.village_police, w.at(15))

    again = (await _compute(client, chief, month)).json()["results"]

    before = {r["person"]["id"]: r for r in first_run}[gov.village_police.id]
    after = {r["person"]["id"]: r for r in again}[gov.village_police.id]
    assert before["sheet_id"] == after["sheet_id"]
    assert (before["score"], after["score"], after["outcome"]) == (60, 61, "recomputed")
    assert await session.get(EvaluationSheet, after["sheet_id"]) is not None


async def test_who_reads_which_sheets(client, session, gov, as_):
    month, _ = await arrange_month(session, gov)
    results = (await _compute(client, await as_(gov.chief), month)).json()["results"]
    ids = {r["person"]["id"]: r["sheet_id"] for r in results}
    mine, theirs = ids[gov.village_police.id], ids[gov.other_police.id]

    def listed(response) -> set[str]:
        assert response.status_code == 200, response.text
        return {s["id"] for s in response.json()["items"]}

    police = await as_(gov.village_police)
    assert listed(await client.get(EVALUATIONS, params={"month": month}, headers=police)) == {mine}
    assert (await client.get(f"{EVALUATIONS}/{theirs}", headers=police)).status_code == 404
    officer = await as_(gov.officer)  # 防区民警 of 方建军's village only
    assert listed(await client.get(EVALUATIONS, headers=officer)) == {mine}
    assert (await client.get(f"{EVALUATIONS}/{theirs}", headers=officer)).status_code == 404
    chief = await as_(gov.chief)
    assert listed(await client.get(EVALUATIONS, params={"month": month}, headers=chief)) == {
        mine,
        theirs,
    }
    by_village = await client.get(
        EVALUATIONS, params={"village_id": gov.tree.other_village.id}, headers=chief
    )
    assert listed(by_village) == {theirs}
    for outsider in (gov.leader, gov.villager):
        refused = await client.get(EVALUATIONS, headers=await as_(outsider))
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"] == "NotAnEvaluationReader"
        assert (
            await client.get(f"{EVALUATIONS}/{mine}", headers=await as_(outsider))
        ).status_code == 404
    assert (await client.get(f"{EVALUATIONS}/nope", headers=chief)).status_code == 404


async def test_the_list_pages(client, session, gov, as_):
    month, _ = previous_month(move_to(THURSDAY))
    chief = await as_(gov.chief)
    await _compute(client, chief, month)

    first = (await client.get(EVALUATIONS, params={"limit": 1}, headers=chief)).json()
    rest = (
        await client.get(
            EVALUATIONS, params={"limit": 1, "cursor": first["next_cursor"]}, headers=chief
        )
    ).json()

    assert len(first["items"]) == len(rest["items"]) == 1
    assert first["items"][0]["id"] != rest["items"][0]["id"]
    assert rest["next_cursor"] is None


async def test_only_the_chief_or_admin_computes(client, gov, as_):
    month, _ = previous_month(move_to(THURSDAY))
    for who in (gov.officer, gov.village_police, gov.leader):
        refused = await _compute(client, await as_(who), month)
        assert refused.status_code == 403 and refused.json()["error"] == "NotAComputer"
    admin = await _compute(client, await as_(gov.admin), month)
    assert admin.status_code == 200 and len(admin.json()["results"]) == 2


@pytest.mark.parametrize(
    "body", [{}, {"month": "2026-13"}, {"month": 202611}, {"month": "2026-11", "extra": 1},
             {"month": "11/2026"}],
)  # fmt: skip
async def test_bad_compute_bodies_are_a_422(client, gov, as_, body):
    response = await client.post(f"{EVALUATIONS}/compute", json=body, headers=await as_(gov.chief))
    assert response.status_code == 422, response.text


async def test_a_month_not_yet_begun_is_refused_and_this_month_is_a_draft_so_far(client, gov, as_):
    now = move_to(THURSDAY)
    chief = await as_(gov.chief)
    following = (now.replace(day=1) + timedelta(days=32)).strftime("%Y-%m")

    future = await _compute(client, chief, following)
    current = await _compute(client, chief, now.strftime("%Y-%m"))

    assert future.status_code == 422 and future.json()["error"] == "MonthNotStarted"
    assert current.status_code == 200
    assert {r["outcome"] for r in current.json()["results"]} == {"computed"}


@pytest.mark.parametrize(
    "query", ["month=2026-13", "limit=0", "limit=101", "cursor=***", f"village_id={'X' * 27}"]
)
async def test_bad_list_parameters_are_a_422(client, gov, as_, query):
    response = await client.get(f"{EVALUATIONS}?{query}", headers=await as_(gov.chief))
    assert response.status_code == 422, response.text
