"""getwxacodeunlimit's check_path and env_version reach WeChat: a code for a page that the
published version does not have yet (a trial version tried out in the villages)."""

from __future__ import annotations

import io

import PIL.Image
import pytest
import zxingcpp

from jinghutong.integrations.wechat.errors import WechatBadRequest
from support.auth import bearer, wechat_login

UNPUBLISHED = "pages/join/join"


@pytest.fixture
def only_index_published(emulator):
    emulator.state.published_pages = {"pages/index/index"}
    yield
    emulator.state.published_pages = None


async def test_wechat_checks_the_page_by_default(app, only_index_published):
    with pytest.raises(WechatBadRequest) as info:
        await app.state.wechat.get_unlimited_code("hcheck", UNPUBLISHED)
    assert info.value.errcode == 41030


async def test_an_unpublished_page_gets_a_code_for_the_trial_version_without_check_path(
    app, only_index_published
):
    png = await app.state.wechat.get_unlimited_code(
        "hcheck", UNPUBLISHED, check_path=False, env_version="trial"
    )
    decoded = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png)))
    assert [code.text for code in decoded] == ["hcheck"]


async def test_the_household_code_png_asks_wechat_without_checking_the_page(
    app, client, device, world
):
    wechat, seen = app.state.wechat, []
    real = wechat.get_unlimited_code

    async def spy(scene, page, width=430, **kwargs):
        seen.append((page, kwargs))
        return await real(scene, page, width, **kwargs)

    wechat.get_unlimited_code = spy
    headers = bearer(await wechat_login(client, device, "o-leader"))
    response = await client.get(
        f"/api/v1/households/{world.household.id}/code.png", headers=headers
    )

    assert response.headers["x-code-source"] == "wechat"
    assert seen == [(UNPUBLISHED, {"check_path": False})]
