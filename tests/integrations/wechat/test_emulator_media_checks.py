"""The emulator's reviewer side of media_check_async: tests (the mini-program's among them) find
a pending check by its media link and decide it, getting the event WeChat would push."""

from __future__ import annotations


def _start(emulator, url: str, openid: str = "o-uploader") -> str:
    return emulator.state.start_media_check(url, 2, openid, 2).trace_id


async def test_pending_checks_are_listed_oldest_first_until_decided(device, emulator):
    first = _start(emulator, "https://example.cn/api/v1/media/M1?exp=1&sig=a")
    second = _start(emulator, "https://example.cn/api/v1/media/M2?exp=1&sig=b")

    listed = (await device.get("/device/media-checks")).json()["pending"]
    decided = await device.post(f"/device/media-checks/{first}", json={"suggest": "risky"})
    left = (await device.get("/device/media-checks")).json()["pending"]

    assert [c["trace_id"] for c in listed] == [first, second]
    assert listed[0]["media_url"].endswith("/media/M1?exp=1&sig=a")
    assert (listed[0]["media_type"], listed[0]["openid"]) == (2, "o-uploader")
    event = decided.json()
    assert (event["Event"], event["trace_id"], event["errcode"]) == (
        "wxa_media_check",
        first,
        87014,
    )
    assert event["result"] == {"suggest": "risky", "label": 100}
    assert [c["trace_id"] for c in left] == [second]


async def test_a_check_is_decided_once_and_bad_verdicts_are_refused(device, emulator):
    trace_id = _start(emulator, "https://example.cn/api/v1/media/M3?exp=1&sig=c")

    unknown = await device.post("/device/media-checks/nope", json={"suggest": "pass"})
    bad = await device.post(f"/device/media-checks/{trace_id}", json={"suggest": "maybe"})
    passed = await device.post(
        f"/device/media-checks/{trace_id}", json={"suggest": "pass", "label": 100}
    )
    again = await device.post(f"/device/media-checks/{trace_id}", json={"suggest": "risky"})

    assert unknown.status_code == 404
    assert bad.status_code == 422
    assert passed.json()["errcode"] == 0
    assert again.status_code == 409
