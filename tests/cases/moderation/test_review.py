"""Staff review of content WeChat flagged: officers (and the village's 村警: test_village_police)
find what is under review within their area (GET /cases?scope=review) and decide
(POST /cases/{id}/review). Pass shows a photo again to everyone who may see the case; uphold
keeps it with the uploader and reviewers for good (an upheld text: test_withheld_text). Each
decision is on the trail and the villager is told, kindly."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.cases.trail.verify import verify
from jinghutong.content import messages
from jinghutong.models import Case, CaseEvent, Media, Notification
from support.review import CALM, RISKY_TEXT
from support.review import case_with_photo as _case_with_photo
from support.review import detail as _detail
from support.review import photo as _photo
from support.review import push_verdict as _push_verdict
from support.review import queue as _queue
from support.review import review as _review


async def _flagged_before_attaching(client, app, emulator, run_jobs, session, headers, suggest):
    """A photo uploaded and judged `suggest` by WeChat while it belongs to no case yet."""
    photo = await _photo(client, headers)
    await run_jobs()
    await _push_verdict(client, app, emulator, photo, session, suggest)
    await run_jobs()  # nothing to tell yet: the photo belongs to no case
    return photo


async def _fetch(client, headers, media_id: str) -> int:
    """GET /media/{id} (redirected to its expiring link when allowed): the final status."""
    response = await client.get(f"/api/v1/media/{media_id}", headers=headers, follow_redirects=True)
    assert response.status_code != 200 or response.content[:2] == b"\xff\xd8"  # a JPEG
    return response.status_code


async def _told(session, person_id: str, kind: str = "case.reviewed") -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(Notification.person_id == person_id, Notification.kind == kind)
    )
    return list(rows)


async def _reviewed_events(session, case_id: str) -> int:
    query = select(func.count()).where(
        CaseEvent.case_id == case_id, CaseEvent.type == "content_reviewed"
    )
    return int(await session.scalar(query) or 0)


async def test_reviewers_list_what_is_under_review_in_their_area_and_nobody_else_does(
    client, app, emulator, report, as_, world, run_jobs, session, place
):
    here, _ = await _case_with_photo(client, app, emulator, report, as_, world, run_jobs, session)
    there = (
        await report(
            await as_(world.villager),
            kind="clue",
            text=RISKY_TEXT,
            location=place(world.tree.other_micro_grid),
        )
    ).json()["id"]
    calm = (await report(await as_(world.villager), kind="help", text=CALM)).json()["id"]
    await run_jobs()

    assert await _queue(client, await as_(world.officer)) == {here}
    assert await _queue(client, await as_(world.other_officer)) == {there}
    assert await _queue(client, await as_(world.duty)) == {here, there}
    assert await _queue(client, await as_(world.chief)) == {here, there}
    # The village's 村警 reviews its items, and only those.
    assert await _queue(client, await as_(world.village_police)) == {here}
    # The leader lists the area's cases, but the review queue is for reviewers only.
    for outsider in (world.leader, world.other_leader, world.villager):
        assert await _queue(client, await as_(outsider)) == set()
    assert calm not in await _queue(client, await as_(world.chief))


async def test_a_photo_flagged_before_it_was_attached_is_in_the_queue_too(
    client, app, emulator, report, as_, world, run_jobs, session
):
    villager = await as_(world.villager)
    photo = await _flagged_before_attaching(
        client, app, emulator, run_jobs, session, villager, "review"
    )
    created = await report(villager, kind="hazard", text=CALM, media_ids=[photo])
    await run_jobs()

    assert created.json()["id"] in await _queue(client, await as_(world.officer))
    passed = await _review(
        client, await as_(world.officer), created.json()["id"], decision="pass", media_id=photo
    )
    assert passed.status_code == 200, passed.text
    assert await _queue(client, await as_(world.officer)) == set()


async def test_a_photo_already_flagged_flags_the_report_at_once_and_its_text_is_still_checked(
    client, app, emulator, report, as_, world, run_jobs, session, database
):
    villager = await as_(world.villager)
    photo = await _flagged_before_attaching(
        client, app, emulator, run_jobs, session, villager, "risky"
    )
    created = await report(villager, kind="hazard", text=RISKY_TEXT, media_ids=[photo])
    assert created.status_code == 201, created.text
    assert created.json()["review_status"] == "flagged"
    case_id = created.json()["id"]
    flags = await session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.type == "content_flagged")
    )
    assert [(e.payload["media_id"], e.actor_kind) for e in flags] == [(photo, "system")]
    assert len(await _told(session, world.villager.id, "case.review")) == 1

    await run_jobs()  # the text check runs all the same, and flags the text too
    flags = await session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.type == "content_flagged")
    )
    assert sorted(str(e.payload.get("media_id")) for e in flags) == sorted([photo, "None"])
    officer = await as_(world.officer)
    passed = await _review(client, officer, case_id, decision="pass", media_id=photo)
    assert passed.status_code == 200, passed.text
    assert (await _detail(client, officer, case_id))["review_status"] == "flagged"  # the text
    assert (await _review(client, officer, case_id, decision="pass")).status_code == 200
    assert (await _detail(client, officer, case_id))["review_status"] == "passed"
    assert (await verify(database)).ok


async def test_a_passing_text_does_not_clear_an_attachments_flag(
    client, app, emulator, report, as_, world, run_jobs, session
):
    villager = await as_(world.villager)
    photo = await _flagged_before_attaching(
        client, app, emulator, run_jobs, session, villager, "review"
    )
    case_id = (await report(villager, kind="hazard", text=CALM, media_ids=[photo])).json()["id"]
    await run_jobs()  # the text passes
    passed = await session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.type == "content_passed")
    )
    assert len(list(passed)) == 1
    case = await session.get(Case, case_id)
    await session.refresh(case)
    assert case.review_status == "flagged"


async def test_passing_a_flagged_photo_shows_it_to_the_leader_and_tells_the_villager(
    client, app, emulator, report, as_, world, run_jobs, session, database
):
    case_id, photo = await _case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    leader, officer = await as_(world.leader), await as_(world.officer)
    assert photo not in {m["id"] for m in (await _detail(client, leader, case_id))["media"]}
    assert await _fetch(client, leader, photo) == 404

    passed = await _review(client, officer, case_id, decision="pass", media_id=photo, note="正常")

    assert passed.status_code == 200, passed.text
    assert passed.json()["review_status"] == "passed"
    last = passed.json()["timeline"][-1]
    assert (last["type"], last["type_name"]) == ("content_reviewed", "内容人工审核")
    assert last["actor"]["id"] == world.officer.id
    assert last["payload"] == {"decision": "pass", "media_id": photo, "note": "正常"}
    assert photo in {m["id"] for m in (await _detail(client, leader, case_id))["media"]}
    assert await _fetch(client, leader, photo) == 200
    [told] = await _told(session, world.villager.id)
    assert told.body == "您提交的内容已通过人工审核，感谢您的耐心等待。"
    assert await _queue(client, officer) == set()
    assert (await verify(database)).ok


async def test_upholding_keeps_the_photo_from_everyone_but_the_uploader_and_police(
    client, app, emulator, report, as_, world, run_jobs, session, database
):
    case_id, photo = await _case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    leader, officer = await as_(world.leader), await as_(world.officer)
    villager = await as_(world.villager)

    upheld = await _review(
        client, officer, case_id, decision="uphold", media_id=photo, note="照片不宜公开"
    )

    assert upheld.status_code == 200, upheld.text
    assert upheld.json()["review_status"] == "upheld"
    assert upheld.json()["status"] == "assigned"  # the matter is handled all the same
    media = await session.get(Media, photo)
    await session.refresh(media)
    assert media.check_status == "withheld"
    assert await _fetch(client, leader, photo) == 404
    leader_view = await _detail(client, leader, case_id)
    assert photo not in {m["id"] for m in leader_view["media"]}
    assert "note" not in leader_view["timeline"][-1]["payload"]  # the officer's words
    assert await _fetch(client, officer, photo) == 200
    assert await _fetch(client, villager, photo) == 200
    assert (await _detail(client, officer, case_id))["timeline"][-1]["payload"]["note"] == (
        "照片不宜公开"
    )
    [told] = await _told(session, world.villager.id)
    assert told.body == messages.MEDIA_KEPT_FOR_POLICE
    assert "只给民警查看" in told.body and "仍在正常办理" in told.body and "110" in told.body
    # Decided for good: a later pass is refused and changes nothing.
    again = await _review(client, officer, case_id, decision="pass", media_id=photo)
    assert again.status_code == 409 and again.json()["error"] == "NotUnderReview"
    assert await _fetch(client, leader, photo) == 404
    assert await _queue(client, officer) == set()
    assert (await verify(database)).ok


async def test_a_flagged_text_is_reviewed_without_a_media_id(
    client, report, as_, world, run_jobs, session
):
    created = await report(await as_(world.villager), kind="clue", text=RISKY_TEXT)
    await run_jobs()
    case_id, officer = created.json()["id"], await as_(world.officer)

    photo_missing = await _review(client, officer, case_id, decision="pass", media_id="NOPE")
    upheld = await _review(client, officer, case_id, decision="uphold")

    assert photo_missing.status_code == 422
    assert photo_missing.json()["error"] == "UnknownAttachment"
    assert upheld.status_code == 200, upheld.text
    assert upheld.json()["review_status"] == "upheld"
    assert upheld.json()["text"] == RISKY_TEXT  # a report's words stay with those handling it
    [told] = await _told(session, world.villager.id)
    assert told.body == messages.TEXT_KEPT_FOR_POLICE
    again = await _review(client, officer, case_id, decision="pass")
    assert again.status_code == 409 and again.json()["error"] == "NotUnderReview"
    case = await session.get(Case, case_id)
    await session.refresh(case)
    assert case.review_status == "upheld"


async def test_only_reviewers_over_the_case_may_decide(
    client, app, emulator, report, as_, world, run_jobs, session
):
    case_id, photo = await _case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )

    for stranger in (world.other_officer, world.other_leader, world.neighbour):
        refused = await _review(
            client, await as_(stranger), case_id, decision="pass", media_id=photo
        )
        assert refused.status_code == 404, stranger.name
        assert refused.json()["error"] == "CaseNotFound"
    for viewer in (world.leader, world.villager):
        refused = await _review(client, await as_(viewer), case_id, decision="pass", media_id=photo)
        assert refused.status_code == 403, viewer.name
        assert refused.json()["error"] == "ReviewersOnly"
        assert refused.json()["detail"] == "只有民警和本村村警可以审核内容"
    case = await session.get(Case, case_id)
    await session.refresh(case)
    assert case.review_status == "flagged"
    assert await _reviewed_events(session, case_id) == 0
    chief = await as_(world.chief)
    assert (
        await _review(client, chief, case_id, decision="pass", media_id=photo)
    ).status_code == 200


async def test_bad_decisions_are_refused_with_a_clear_error(
    client, app, emulator, report, as_, world, run_jobs, session
):
    case_id, photo = await _case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    villager, officer = await as_(world.villager), await as_(world.officer)
    other_photo = await _photo(client, villager)
    other_case = (await report(villager, kind="help", text=CALM, media_ids=[other_photo])).json()[
        "id"
    ]
    await run_jobs()
    calm = (await report(villager, kind="help", text=CALM)).json()["id"]
    await run_jobs()

    for body in (
        {},
        {"decision": "delete", "media_id": photo},
        {"decision": 1, "media_id": photo},
        {"decision": "pass", "media_id": 123},
        {"decision": "pass", "media_id": ""},
        {"decision": "pass", "media_id": photo, "note": "x" * 501},
        {"decision": "pass", "media_id": photo, "approve": True},
    ):
        response = await _review(client, officer, case_id, **body)
        assert response.status_code == 422, body
        assert response.json()["error"] == "ValidationFailed" and response.json()["detail"]
    # Someone else's photo, or another case's, is not this case's attachment.
    for media_id in (other_photo, "01J0000000000000000000000X"):
        response = await _review(client, officer, case_id, decision="pass", media_id=media_id)
        assert response.status_code == 422 and response.json()["error"] == "UnknownAttachment"
    # Nothing under review: the text passed, the other photo is still with WeChat.
    for target, body in (
        (calm, {"decision": "pass"}),
        (case_id, {"decision": "pass"}),
        (other_case, {"decision": "uphold", "media_id": other_photo}),
    ):
        response = await _review(client, officer, target, **body)
        assert response.status_code == 409 and response.json()["error"] == "NotUnderReview"
    assert await _reviewed_events(session, case_id) == 0
    assert await _told(session, world.villager.id) == []


async def test_a_replayed_decision_is_recorded_once(
    client, app, emulator, report, as_, world, run_jobs, session
):
    case_id, photo = await _case_with_photo(
        client, app, emulator, report, as_, world, run_jobs, session
    )
    officer = await as_(world.officer)

    first = await _review(client, officer, case_id, "review-1", decision="pass", media_id=photo)
    replay = await _review(client, officer, case_id, "review-1", decision="pass", media_id=photo)
    unkeyed = await _review(client, officer, case_id, decision="pass", media_id=photo)

    assert first.status_code == replay.status_code == 200
    assert replay.json() == first.json()
    assert unkeyed.status_code == 409 and unkeyed.json()["error"] == "NotUnderReview"
    assert await _reviewed_events(session, case_id) == 1
    assert len(await _told(session, world.villager.id)) == 1


async def test_the_case_stays_under_review_until_every_flagged_item_is_decided(
    client, app, emulator, report, as_, world, run_jobs, session
):
    villager, officer = await as_(world.villager), await as_(world.officer)
    photos = [await _photo(client, villager), await _photo(client, villager)]
    created = await report(villager, kind="dispute", text=CALM, media_ids=photos)
    case_id = created.json()["id"]
    await run_jobs()
    for photo in photos:
        await _push_verdict(client, app, emulator, photo, session, "risky")
    await run_jobs()

    first = await _review(client, officer, case_id, decision="pass", media_id=photos[0])

    assert first.json()["review_status"] == "flagged"
    assert await _queue(client, officer) == {case_id}
    second = await _review(client, officer, case_id, decision="uphold", media_id=photos[1])
    assert second.json()["review_status"] == "upheld"
    assert await _queue(client, officer) == set()
    leader_sees = {
        m["id"] for m in (await _detail(client, await as_(world.leader), case_id))["media"]
    }
    assert leader_sees == {photos[0]}
