"""A sheet says what its reader may do, as the server decides it when they try: the chief
confirms a draft once its month is over and decides a pending appeal; the sheet's 村警 appeals
in the window; the chief or the admin (re)computes drafts. The pages show the buttons from
these flags, not from the reader's roles — so each flag is checked against the attempt."""

from __future__ import annotations

from support.evaluation import API, THURSDAY, MonthOfWork, beijing, move_to, previous_month

EVALUATIONS = f"{API}/evaluations"
FLAGS = ("may_appeal", "can_confirm", "can_decide", "can_compute")


async def _compute(client, as_, gov, month: str) -> str:
    computed = await client.post(
        f"{EVALUATIONS}/compute", json={"month": month}, headers=await as_(gov.chief)
    )
    assert computed.status_code == 200, computed.text
    [sheet_id] = [
        r["sheet_id"]
        for r in computed.json()["results"]
        if r["person"]["id"] == gov.village_police.id
    ]
    return sheet_id


async def _flags(client, as_, person, sheet_id: str) -> dict[str, bool]:
    response = await client.get(f"{EVALUATIONS}/{sheet_id}", headers=await as_(person))
    assert response.status_code == 200, response.text
    return {flag: response.json()[flag] for flag in FLAGS}


def _only(*true: str) -> dict[str, bool]:
    return {flag: flag in true for flag in FLAGS}


async def _post(client, headers, sheet_id: str, action: str, body: dict | None = None):
    return await client.post(f"{EVALUATIONS}/{sheet_id}/{action}", json=body, headers=headers)


async def test_last_months_sheet_through_its_steps_offers_each_step_to_the_one_who_may_take_it(
    client, session, gov, as_
):
    month, first = previous_month(move_to(THURSDAY))
    await MonthOfWork(session, gov, first).visit(gov.village_police, first.replace(day=3))
    sheet_id = await _compute(client, as_, gov, month)

    assert await _flags(client, as_, gov.chief, sheet_id) == _only("can_confirm", "can_compute")
    assert await _flags(client, as_, gov.admin, sheet_id) == _only("can_compute")
    assert await _flags(client, as_, gov.officer, sheet_id) == _only()
    assert await _flags(client, as_, gov.village_police, sheet_id) == _only()
    by_admin = await _post(client, await as_(gov.admin), sheet_id, "confirm")
    assert by_admin.status_code == 403  # as its can_confirm said

    confirmed = await _post(client, await as_(gov.chief), sheet_id, "confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert {f: confirmed.json()[f] for f in FLAGS} == _only()  # the chief's view after it
    assert await _flags(client, as_, gov.village_police, sheet_id) == _only("may_appeal")
    assert await _flags(client, as_, gov.admin, sheet_id) == _only()  # no longer recomputed

    appealed = await _post(
        client, await as_(gov.village_police), sheet_id, "appeal", {"reason": "漏记值班"}
    )
    assert appealed.status_code == 200, appealed.text
    assert {f: appealed.json()[f] for f in FLAGS} == _only()
    assert await _flags(client, as_, gov.chief, sheet_id) == _only("can_decide")
    assert await _flags(client, as_, gov.officer, sheet_id) == _only()
    by_officer = await _post(
        client, await as_(gov.officer), sheet_id, "decide", {"upheld": False, "decision": "驳回"}
    )
    assert by_officer.status_code == 403

    decided = await _post(
        client,
        await as_(gov.chief),
        sheet_id,
        "decide",
        {"upheld": False, "decision": "台账无记录"},
    )
    assert decided.status_code == 200, decided.text
    assert {f: decided.json()[f] for f in FLAGS} == _only()


async def test_this_months_draft_cannot_be_confirmed_yet_and_says_so(client, gov, as_):
    month = beijing().strftime("%Y-%m")
    sheet_id = await _compute(client, as_, gov, month)

    assert await _flags(client, as_, gov.chief, sheet_id) == _only("can_compute")
    refused = await _post(client, await as_(gov.chief), sheet_id, "confirm")
    assert refused.status_code == 409 and refused.json()["error"] == "MonthNotOver"


async def test_the_list_says_who_may_compute_the_month(client, gov, as_):
    this_month = beijing().strftime("%Y-%m")
    year, number = (int(x) for x in this_month.split("-"))
    next_month = f"{year + number // 12}-{number % 12 + 1:02d}"

    for person, may in ((gov.chief, True), (gov.admin, True), (gov.officer, False),
                        (gov.village_police, False)):  # fmt: skip
        page = await client.get(
            EVALUATIONS, params={"month": this_month}, headers=await as_(person)
        )
        assert page.status_code == 200, page.text
        assert page.json()["can_compute"] is may, person.name
    later = await client.get(
        EVALUATIONS, params={"month": next_month}, headers=await as_(gov.chief)
    )
    assert later.json()["can_compute"] is False
    refused = await client.post(
        f"{EVALUATIONS}/compute", json={"month": next_month}, headers=await as_(gov.chief)
    )
    assert refused.status_code == 422 and refused.json()["error"] == "MonthNotStarted"
