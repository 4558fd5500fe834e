"""An upheld text is kept like a withheld photo (cases/withheld.py): its reporter and those who
may review it (officers over the case, the village's 村警) read it; the 联户长 handling the case
reads a placeholder wherever the text would show — the case, list rows, the trail, in-app
notices already sent and those sent later. The case is handled all the same."""

from __future__ import annotations

import json

from jinghutong.content import messages
from support.review import CALM, RISKY_TEXT, case_with_photo, detail, photo, push_verdict, review

PLACEHOLDER = "（此内容经审核不予公开）"


async def _get(client, headers, path: str, **params) -> dict:
    response = await client.get(f"/api/v1/{path}", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _says(answer: object, words: str) -> bool:
    return words in json.dumps(answer, ensure_ascii=False)


async def _row(client, headers, case_id: str, scope: str) -> dict:
    page = await _get(client, headers, "cases", scope=scope)
    [row] = [c for c in page["items"] if c["id"] == case_id]
    return row


async def _upheld_text(client, report, as_, world, run_jobs) -> str:
    created = await report(await as_(world.villager), kind="hazard", text=RISKY_TEXT)
    assert created.status_code == 201, created.text
    await run_jobs()  # WeChat judges the text risky: under review
    upheld = await review(client, await as_(world.officer), created.json()["id"], decision="uphold")
    assert upheld.status_code == 200, upheld.text
    return str(created.json()["id"])


async def test_the_leader_reads_a_placeholder_wherever_an_upheld_text_would_show(
    client, report, as_, world, run_jobs
):
    leader = await as_(world.leader)
    created = await report(await as_(world.villager), kind="hazard", text=RISKY_TEXT)
    case_id = created.json()["id"]
    await run_jobs()
    assert _says(await _get(client, leader, "notifications"), RISKY_TEXT)  # told of the report

    upheld = await review(client, await as_(world.officer), case_id, decision="uphold")
    assert upheld.status_code == 200, upheld.text

    seen = await detail(client, leader, case_id)
    assert seen["text"] == messages.WITHHELD == PLACEHOLDER
    assert seen["timeline"][0]["type"] == "created"
    assert seen["timeline"][0]["payload"]["text"] == PLACEHOLDER
    assert not _says(seen, RISKY_TEXT)
    assert (await _row(client, leader, case_id, "area"))["text"] == PLACEHOLDER
    assert (await _row(client, leader, case_id, "assigned"))["text"] == PLACEHOLDER
    assert not _says(await _get(client, leader, "cases", scope="area"), RISKY_TEXT)
    notices = await _get(client, leader, "notifications")
    assert not _says(notices, RISKY_TEXT) and _says(notices, PLACEHOLDER)
    # The matter is handled all the same.
    accepted = await client.post(f"/api/v1/cases/{case_id}/accept", json={}, headers=leader)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["text"] == PLACEHOLDER and not _says(accepted.json(), RISKY_TEXT)


async def test_the_reporter_and_reviewers_still_read_an_upheld_text(
    client, report, as_, world, run_jobs
):
    case_id = await _upheld_text(client, report, as_, world, run_jobs)
    villager = await as_(world.villager)

    for reader in (world.villager, world.officer, world.village_police, world.chief):
        seen = await detail(client, await as_(reader), case_id)
        assert seen["text"] == RISKY_TEXT, reader.name
        assert seen["timeline"][0]["payload"]["text"] == RISKY_TEXT, reader.name
    assert (await _row(client, villager, case_id, "mine"))["text"] == RISKY_TEXT
    assert (await _row(client, await as_(world.officer), case_id, "area"))["text"] == RISKY_TEXT
    assert (await _row(client, await as_(world.village_police), case_id, "area"))[
        "text"
    ] == RISKY_TEXT


async def test_notices_sent_after_the_uphold_quote_the_text_to_the_reporter_only(
    client, report, as_, world, run_jobs
):
    case_id = await _upheld_text(client, report, as_, world, run_jobs)
    leader, villager = await as_(world.leader), await as_(world.villager)

    accepted = await client.post(f"/api/v1/cases/{case_id}/accept", json={}, headers=leader)
    assert accepted.status_code == 200, accepted.text
    # A comment with only a photo has no words of its own: the notice quotes the case.
    picture = await photo(client, villager)
    body = {"text": "", "media_ids": [picture]}
    commented = await client.post(f"/api/v1/cases/{case_id}/comment", json=body, headers=villager)
    assert commented.status_code == 200, commented.text

    told_leader = (await _get(client, leader, "notifications"))["items"]
    assert [n["body"] for n in told_leader if n["kind"] == "case.comment"] == [PLACEHOLDER]
    assert not _says(told_leader, RISKY_TEXT)
    told_villager = (await _get(client, villager, "notifications"))["items"]
    progress = [n["body"] for n in told_villager if n["kind"] == "case.progress"]
    assert progress == [RISKY_TEXT[:60]]  # their own words


async def test_the_text_stays_kept_back_when_a_later_photo_puts_the_case_under_review(
    client, app, emulator, report, as_, world, run_jobs, session
):
    case_id = await _upheld_text(client, report, as_, world, run_jobs)
    villager, leader = await as_(world.villager), await as_(world.leader)
    picture = await photo(client, villager)
    body = {"text": "补充一张照片", "media_ids": [picture]}
    commented = await client.post(f"/api/v1/cases/{case_id}/comment", json=body, headers=villager)
    assert commented.status_code == 200, commented.text
    await run_jobs()
    await push_verdict(client, app, emulator, picture, session, "risky")
    await run_jobs()

    row = await _row(client, leader, case_id, "area")
    assert row["review_status"] == "flagged"
    assert row["text"] == PLACEHOLDER
    assert (await detail(client, leader, case_id))["text"] == PLACEHOLDER


async def test_a_passed_text_and_a_text_beside_a_withheld_photo_are_shown(
    client, app, emulator, report, as_, world, run_jobs, session
):
    leader, officer = await as_(world.leader), await as_(world.officer)
    flagged = await report(await as_(world.villager), kind="hazard", text=RISKY_TEXT)
    await run_jobs()
    passed = await review(client, officer, flagged.json()["id"], decision="pass")
    assert passed.status_code == 200, passed.text
    assert (await detail(client, leader, flagged.json()["id"]))["text"] == RISKY_TEXT

    case_id, picture = await case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    kept = await review(client, officer, case_id, decision="uphold", media_id=picture)
    assert kept.json()["review_status"] == "upheld"  # the photo only
    assert (await detail(client, leader, case_id))["text"] == CALM
    assert (await _row(client, leader, case_id, "area"))["text"] == CALM
