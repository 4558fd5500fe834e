"""Door plates carry WeChat's mini-program code (what WeChat's camera opens), cached per code
version; a plain QR only for the households WeChat failed for, counted on the sheet."""

from __future__ import annotations

import anyio
from sqlalchemy import func, select

from jinghutong.cli import _parser, cmd_households_codes_prefetch
from jinghutong.households.codes.images import CONCURRENCY, GIVE_UP_AFTER
from jinghutong.households.codes.scenes import scene_for
from jinghutong.households.printing.codes import prefetch_area
from jinghutong.households.printing.door_plates import FALLBACK_NOTE
from jinghutong.models import HouseholdCodeImage
from support.auth import bearer, password_login
from support.factories import STAFF_PASSWORD, make_household

CODE_PATH = "/wxa/getwxacodeunlimit"


def _sheet_url(area_id: str) -> str:
    return f"/areas/{area_id}/household-codes.pdf"


async def _cached(session) -> set[tuple[str, int]]:
    rows = await session.execute(
        select(HouseholdCodeImage.household_id, HouseholdCodeImage.version)
    )
    return {(hid, version) for hid, version in rows.all()}


async def test_plates_carry_wechats_codes_and_a_second_print_asks_wechat_nothing(
    village, fetch, pdf, session, emulator
):
    expected = {scene_for(h.id, h.code_version) for h in village.households}
    before = emulator.state.calls[CODE_PATH]

    first = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))
    asked = emulator.state.calls[CODE_PATH] - before
    second = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))

    assert first.status_code == 200, first.text
    assert first.headers["x-code-fallbacks"] == "0"
    assert set(pdf.qr_codes(first.content)) == expected  # the emulator draws codes as QR
    assert asked == 3
    assert FALLBACK_NOTE not in pdf.text(first.content)
    assert "备用二维码" not in pdf.text(first.content)
    assert "小程序码3户，备用二维码0户" in pdf.subject(first.content)
    assert await _cached(session) == {(h.id, 0) for h in village.households}
    assert emulator.state.calls[CODE_PATH] - before == asked  # all three from the cache
    assert second.headers["x-code-fallbacks"] == "0"
    assert set(pdf.qr_codes(second.content)) == expected


async def test_when_wechat_is_down_plates_fall_back_to_a_qr_and_the_sheet_says_how_many(
    village, fetch, pdf, session, emulator, device
):
    before = emulator.state.calls[CODE_PATH]
    await device.post("/faults", json={"error_rate": 1, "error_code": -1})
    try:
        response = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))
    finally:
        await device.delete("/faults")

    assert response.status_code == 200, response.text
    assert response.headers["x-code-fallbacks"] == "3"
    scanned = set(pdf.qr_codes(response.content))
    assert scanned == {scene_for(h.id, h.code_version) for h in village.households}
    text = pdf.text(response.content)
    assert text.count(FALLBACK_NOTE) == 3  # under each fallback code
    assert "3户为备用二维码" in text  # in the footer
    assert "小程序码0户，备用二维码3户" in pdf.subject(response.content)
    assert await _cached(session) == set()  # a fallback is never cached
    assert emulator.state.calls[CODE_PATH] - before <= GIVE_UP_AFTER


async def test_cached_codes_still_print_while_wechat_is_down_only_the_rest_fall_back(
    village, fetch, pdf, session, client, emulator, device
):
    await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))  # fills the cache
    newcomer = await make_household(session, village.tree.micro_grid, "上坊村上坞9号", "汪海")

    await device.post("/faults", json={"error_rate": 1, "paths": [CODE_PATH]})
    try:
        response = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))
    finally:
        await device.delete("/faults")

    assert response.headers["x-code-fallbacks"] == "1"
    assert pdf.text(response.content).count(FALLBACK_NOTE) == 1
    assert "1户为备用二维码" in pdf.text(response.content)
    homes = [*village.households, newcomer]
    assert set(pdf.qr_codes(response.content)) == {scene_for(h.id, 0) for h in homes}


async def test_a_rotated_household_gets_its_new_code_and_the_old_image_is_not_used(
    village, fetch, pdf, session, client, emulator
):
    await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))
    rotated = village.households[0]
    headers = bearer(await password_login(client, "mj01", STAFF_PASSWORD))
    rotate = await client.post(f"/api/v1/households/{rotated.id}/code/rotate", headers=headers)
    assert rotate.status_code == 200, rotate.text
    before = emulator.state.calls[CODE_PATH]

    response = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))

    assert emulator.state.calls[CODE_PATH] - before == 1  # only the rotated household's
    scanned = set(pdf.qr_codes(response.content))
    assert scene_for(rotated.id, 1) in scanned
    assert scene_for(rotated.id, 0) not in scanned
    assert (rotated.id, 0) not in await _cached(session)
    assert (rotated.id, 1) in await _cached(session)


async def test_wechat_is_asked_for_at_most_eight_codes_at_a_time(village, fetch, app, session):
    for n in range(30):
        await make_household(session, village.tree.micro_grid, f"上坊村新村{n}号", "余德明")
    wechat = app.state.wechat
    real = wechat.get_unlimited_code
    in_flight = peak = 0
    seen: list[dict[str, object]] = []

    async def counting(scene: str, page: str | None, width: int = 430, **kwargs: object) -> bytes:
        nonlocal in_flight, peak
        seen.append(kwargs)
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            await anyio.sleep(0.02)
            return await real(scene, page, width, **kwargs)  # type: ignore[arg-type]
        finally:
            in_flight -= 1

    wechat.get_unlimited_code = counting
    response = await fetch(village.officer, _sheet_url(village.tree.micro_grid.id))

    assert response.headers["x-code-fallbacks"] == "0"
    assert len(seen) == 33
    assert peak == CONCURRENCY
    # The join page may not be published yet (a trial version): WeChat must not check it.
    assert all(kwargs.get("check_path") is False for kwargs in seen)


async def test_prefetch_warms_a_village_so_printing_asks_wechat_nothing(
    village, fetch, database, app, emulator, session
):
    report = await prefetch_area(database, app.state.wechat, None, village.tree.village.id)
    again = await prefetch_area(database, app.state.wechat, None, village.tree.village.id)
    before = emulator.state.calls[CODE_PATH]

    response = await fetch(village.officer, _sheet_url(village.tree.village.id))

    assert (report.households, report.already_cached, report.fetched, report.failed) == (3, 0, 3, 0)
    assert (again.already_cached, again.fetched) == (3, 0)
    assert response.headers["x-code-fallbacks"] == "0"
    assert emulator.state.calls[CODE_PATH] == before


def test_the_prefetch_command_takes_an_area():
    args = _parser().parse_args(["households", "codes", "prefetch", "--area", "01ABC"])
    assert args.func is cmd_households_codes_prefetch
    assert args.area == "01ABC"


async def test_the_cache_holds_one_image_per_household_after_a_village_print(
    village, fetch, session
):
    await fetch(village.village_police, _sheet_url(village.tree.village.id))
    await fetch(village.village_police, _sheet_url(village.tree.village.id))

    count = await session.scalar(select(func.count()).select_from(HouseholdCodeImage))
    assert count == 3  # the village's three households, stored once
