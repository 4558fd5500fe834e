"""Content checks against the WeChat emulator: text through msgSecCheck v2, media through
mediaCheckAsync, and the verdict reaching the domain the media is attached to."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from PIL import Image
from sqlalchemy import select

from jinghutong.content import messages
from jinghutong.content.api import MediaVerdict, check_text, register_verdict_handler
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.media.api import REVIEW_STATUSES, claim_media
from jinghutong.models import Job, JobState, Media
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD, make_person
from support.push import post_plain_event


def ctx(app, database) -> JobContext:
    return JobContext(database, {"wechat": app.state.wechat, "settings": app.state.settings})


async def upload_photo(client, login) -> str:
    out = io.BytesIO()
    Image.new("RGB", (24, 24), (9, 9, 9)).save(out, format="JPEG")
    response = await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("x.jpg", out.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def reload(session, media_id: str) -> Media:
    media = await session.get(Media, media_id)
    assert media is not None
    await session.refresh(media)
    return media


# -- text --------------------------------------------------------------------------------------


async def test_text_verdicts_come_from_msg_sec_check(client, device, app):
    await wechat_login(client, device, "o-text")
    wechat = app.state.wechat

    calm = await check_text(None, wechat, "o-text", "村口的路灯坏了，晚上很黑")
    fraud = await check_text(None, wechat, "o-text", "有人在村里发传单说可以办证")
    loan = await check_text(None, wechat, "o-text", "有人打电话推销贷款")

    assert (calm.suggest, calm.checked, calm.needs_review) == ("pass", True, False)
    assert (fraud.suggest, fraud.label, fraud.needs_review) == ("risky", 20008, True)
    assert loan.suggest == "review"


async def test_long_text_is_checked_in_parts_and_the_worst_part_wins(client, device, app):
    await wechat_login(client, device, "o-long-text")
    text = "平安" * 1300 + "刷单返利"  # 2604 characters: the risky words are in the second part

    verdict = await check_text(None, app.state.wechat, "o-long-text", text)

    assert verdict.suggest == "risky"


async def test_without_an_openid_or_without_wechat_nothing_is_blocked(client, device, app):
    await wechat_login(client, device, "o-text-down")
    staff = await check_text(None, app.state.wechat, None, "值班室补录")
    await device.post("/faults", json={"error_rate": 1, "paths": ["/wxa/"]})

    unavailable = await check_text(None, app.state.wechat, "o-text-down", "路灯坏了")

    assert (staff.suggest, staff.checked) == ("pass", False)
    assert (unavailable.suggest, unavailable.checked) == ("review", False)


def test_the_villager_reads_a_kind_plain_explanation():
    assert "人工核实" in messages.UNDER_REVIEW and "110" in messages.UNDER_REVIEW
    assert messages.explanation("media") == messages.MEDIA_UNDER_REVIEW
    assert "110" in messages.explanation("text")


# -- media -------------------------------------------------------------------------------------


async def test_new_media_is_submitted_with_a_link_wechat_can_fetch(
    client, device, app, database, session, emulator
):
    login = await wechat_login(client, device, "o-media-check")
    media_id = await upload_photo(client, login)

    await run_due_jobs(ctx(app, database))

    [check] = emulator.state.pending_media_checks()
    assert (check.media_type, check.openid) == (2, "o-media-check")
    assert check.media_url.startswith(app.state.settings.public_base_url + "/api/v1/media/")
    media = await reload(session, media_id)
    assert media.check_trace_id == check.trace_id
    parts = urlsplit(check.media_url)
    fetched = await client.get(f"{parts.path}?{parts.query}")
    assert fetched.status_code == 200 and fetched.content[:2] == b"\xff\xd8"


async def test_a_busy_wechat_is_retried_later(client, device, app, database, session):
    login = await wechat_login(client, device, "o-media-busy")
    media_id = await upload_photo(client, login)
    await device.post("/faults", json={"error_rate": 1, "paths": ["/wxa/media_check_async"]})

    await run_due_jobs(ctx(app, database))

    job = await session.scalar(select(Job).where(Job.kind == "content.media_check"))
    await session.refresh(job)
    assert (job.state, job.attempts) == (JobState.pending, 1)
    assert (await reload(session, media_id)).check_status == "pending"


async def test_media_wechat_refuses_to_check_goes_to_a_person(
    client, device, app, database, session, emulator
):
    login = await wechat_login(client, device, "o-media-refused")
    media_id = await upload_photo(client, login)
    emulator.state.users.pop("o-media-refused")  # WeChat no longer knows the openid: 40003

    await run_due_jobs(ctx(app, database))

    assert (await reload(session, media_id)).check_status == "review"


async def test_staff_uploads_without_an_openid_are_not_sent_for_checking(client, session):
    await make_person(session, "值班员", username="duty-media")
    await session.commit()
    login = await password_login(client, "duty-media", STAFF_PASSWORD)

    media_id = await upload_photo(client, login)

    assert (await reload(session, media_id)).check_status == "none"


async def test_a_risky_verdict_on_attached_media_reaches_the_attaching_domain(
    client, device, app, database, session, emulator
):
    seen: list[tuple[str, str, MediaVerdict]] = []

    async def put_case_under_review(_session, media: Media, verdict: MediaVerdict) -> None:
        seen.append((media.attached_to_type or "", media.attached_to_id or "", verdict))

    register_verdict_handler("test-case", put_case_under_review)
    login = await wechat_login(client, device, "o-media-flow")
    media_id = await upload_photo(client, login)
    await run_due_jobs(ctx(app, database))
    claimed = await claim_media(session, login["person"]["id"], [media_id], "test-case", "C-1")
    await session.commit()
    assert not any(m.check_status in REVIEW_STATUSES for m in claimed)  # pending at claim time
    [check] = emulator.state.pending_media_checks()

    await post_plain_event(
        client, app, emulator.state.resolve_media_check(check.trace_id, "risky", 20002)
    )
    await run_due_jobs(ctx(app, database))

    assert [(t, i, v.suggest, v.label) for t, i, v in seen] == [
        ("test-case", "C-1", "risky", 20002)
    ]
    assert (await reload(session, media_id)).check_status == "risky"


async def test_a_verdict_for_a_type_nobody_handles_fails_loudly(
    client, device, app, database, session, emulator
):
    login = await wechat_login(client, device, "o-media-orphan")
    media_id = await upload_photo(client, login)
    await run_due_jobs(ctx(app, database))
    await claim_media(session, login["person"]["id"], [media_id], "nobody-handles", "X-1")
    await session.commit()
    [check] = emulator.state.pending_media_checks()

    await post_plain_event(
        client, app, emulator.state.resolve_media_check(check.trace_id, "risky", 20002)
    )
    await run_due_jobs(ctx(app, database))

    job = await session.scalar(select(Job).where(Job.kind == "content.media_verdict"))
    await session.refresh(job)
    assert job.state == JobState.failed
