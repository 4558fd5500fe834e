"""The 村警 reviews flagged content for the station in their own village (cases/auth.py): they
find its items in the review queue and pass or uphold them; another village's are not theirs —
not listed, not decided, not even shown. Reviewing adds nothing else: a clue's reporter stays
hidden from them."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.models import Case, CaseEvent
from support.factories import grant, make_person
from support.review import RISKY_TEXT, case_with_photo, detail, queue, review


async def _other_village_police(session, world):
    person = await make_person(session, "柴村警", username="cunjing-other")
    await grant(session, person, "village_police", world.tree.other_village)
    await session.flush()
    return person


async def _fetch(client, headers, media_id: str) -> int:
    response = await client.get(f"/api/v1/media/{media_id}", headers=headers, follow_redirects=True)
    return response.status_code


async def _decisions(session, case_id: str) -> int:
    query = select(func.count()).where(
        CaseEvent.case_id == case_id, CaseEvent.type == "content_reviewed"
    )
    return int(await session.scalar(query) or 0)


async def test_the_village_police_review_their_villages_flagged_photo(
    client, app, emulator, report, as_, world, run_jobs, session
):
    case_id, photo = await case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    cunjing = await as_(world.village_police)

    assert await queue(client, cunjing) == {case_id}
    # Whoever decides must see what they decide on.
    assert photo in {m["id"] for m in (await detail(client, cunjing, case_id))["media"]}
    assert await _fetch(client, cunjing, photo) == 200
    upheld = await review(
        client, cunjing, case_id, decision="uphold", media_id=photo, note="照片拍到了邻居家里"
    )

    assert upheld.status_code == 200, upheld.text
    assert upheld.json()["review_status"] == "upheld"
    last = upheld.json()["timeline"][-1]
    assert last["actor"]["id"] == world.village_police.id
    assert last["payload"]["note"] == "照片拍到了邻居家里"
    assert await queue(client, cunjing) == set()
    assert await _fetch(client, cunjing, photo) == 200  # a reviewer, so still shown to them
    assert await _fetch(client, await as_(world.leader), photo) == 404


async def test_a_village_police_of_another_village_can_neither_list_nor_decide(
    client, app, emulator, report, as_, world, run_jobs, session, place
):
    here, photo = await case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    there = (
        await report(
            await as_(world.villager),
            kind="hazard",
            text=RISKY_TEXT,
            location=place(world.tree.other_micro_grid),
        )
    ).json()["id"]
    await run_jobs()  # the text of the other village's case is flagged
    outsider = await as_(await _other_village_police(session, world))
    cunjing = await as_(world.village_police)

    assert await queue(client, outsider) == {there}
    assert await queue(client, cunjing) == {here}
    refused = await review(client, outsider, here, decision="pass", media_id=photo)
    assert refused.status_code == 404 and refused.json()["error"] == "CaseNotFound"
    assert await _fetch(client, outsider, photo) == 404
    refused = await review(client, cunjing, there, decision="uphold")
    assert refused.status_code == 404 and refused.json()["error"] == "CaseNotFound"
    assert await _decisions(session, here) == await _decisions(session, there) == 0
    for case_id in (here, there):
        case = await session.get(Case, case_id)
        await session.refresh(case)
        assert case.review_status == "flagged"
    # Each decides in their own village.
    assert (await review(client, outsider, there, decision="pass")).status_code == 200
    assert (await review(client, cunjing, here, decision="pass", media_id=photo)).status_code == 200


async def test_reviewing_a_clue_does_not_show_the_village_police_who_reported_it(
    client, report, as_, world, run_jobs
):
    case_id = (await report(await as_(world.villager), kind="clue", text=RISKY_TEXT)).json()["id"]
    await run_jobs()  # the text is flagged
    cunjing = await as_(world.village_police)

    upheld = await review(client, cunjing, case_id, decision="uphold")

    assert upheld.status_code == 200, upheld.text
    assert upheld.json()["reporter"] is None and upheld.json()["reporter_hidden"] is True
    assert upheld.json()["text"] == RISKY_TEXT  # a reviewer reads the text they kept back
