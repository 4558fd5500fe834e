"""An officer resolving a clue records what it turned out to be (有效, 抓获现行, 无效): the
outcome is kept on the "resolved" trail event, where the points sweep reads it."""

from __future__ import annotations


async def _clue(report, as_, world) -> str:
    response = await report(await as_(world.villager), kind="clue", text="有人在桥下收购赃物")
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _taken(act, headers, case_id) -> None:
    assert (await act(headers, case_id, "accept")).status_code == 200


async def test_the_officer_marks_a_clue_caught_and_the_trail_keeps_it(report, act, as_, world):
    case_id = await _clue(report, as_, world)
    officer = await as_(world.officer)
    await _taken(act, officer, case_id)

    resolved = await act(officer, case_id, "resolve", {"text": "现场抓获", "outcome": "caught"})

    assert resolved.status_code == 200, resolved.text
    last = resolved.json()["timeline"][-1]
    assert last["type"] == "resolved"
    assert last["payload"] == {"text": "现场抓获", "outcome": "caught"}


async def test_resolving_without_an_outcome_stays_as_it_was(report, act, as_, world):
    case_id = await _clue(report, as_, world)
    officer = await as_(world.officer)
    await _taken(act, officer, case_id)

    resolved = await act(officer, case_id, "resolve", {"text": "已核查"})

    assert resolved.json()["timeline"][-1]["payload"] == {"text": "已核查"}


async def test_only_an_officer_judges_a_clue(report, act, as_, world):
    case_id = await _clue(report, as_, world)
    police = await as_(world.village_police)  # 村警 handle clues but do not judge them
    await _taken(act, police, case_id)

    refused = await act(police, case_id, "resolve", {"outcome": "valid"})

    assert refused.status_code == 403
    assert refused.json()["detail"] == "只有民警可以认定线索是否有效"
    # Nothing changed: the officer can still resolve it with the outcome.
    officer = await as_(world.officer)
    assert (await act(officer, case_id, "resolve", {"outcome": "valid"})).status_code == 200


async def test_an_outcome_is_for_clues_only(report, act, as_, world):
    hazard = await report(await as_(world.villager), kind="hazard", text="村口路灯倒了")
    officer = await as_(world.officer)
    case_id = hazard.json()["id"]
    await _taken(act, officer, case_id)

    refused = await act(officer, case_id, "resolve", {"outcome": "valid"})

    assert refused.status_code == 422
    assert refused.json()["fields"] == {"outcome": "仅线索类案件可填"}


async def test_an_unknown_outcome_is_refused(report, act, as_, world):
    case_id = await _clue(report, as_, world)
    officer = await as_(world.officer)
    await _taken(act, officer, case_id)

    for bad in ("maybe", 1, ""):
        response = await act(officer, case_id, "resolve", {"outcome": bad})
        assert response.status_code == 422, bad
