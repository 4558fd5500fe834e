"""A bulletin's cover and voice name uploads by id: an empty, unknown, someone else's or wrong
kind of id is a 422 naming the field, and nothing is stored (it was a 500 from the foreign key
at commit, found by schemathesis)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from jinghutong.models import Bulletin
from support.auth import bearer, wechat_login
from support.bulletins import create, draft, staff

API = "/api/v1"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (90, 10, 10)).save(out, "JPEG")
    return out.getvalue()


async def _upload(client, headers) -> str:
    answer = await client.post(
        f"{API}/media",
        data={"kind": "image"},
        files={"file": ("c.jpg", _jpeg(), "image/jpeg")},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def _bulletins(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(Bulletin)) or 0)


@pytest.mark.parametrize("field", ["cover_media_id", "voice_media_id"])
@pytest.mark.parametrize("value", ["", "01NOSUCHMEDIA0000000000000"])
async def test_an_empty_or_unknown_media_id_is_a_422_naming_it(
    client, world, session, field, value
):
    officer = await staff(client, "officer")

    answer = await client.post(
        f"{API}/bulletins", json=draft([world.tree.village.id], **{field: value}), headers=officer
    )

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "MediaUnavailable"
    assert field in answer.json()["fields"]
    assert await _bulletins(session) == 0


async def test_someone_elses_photo_cannot_be_the_cover(client, device, world, session):
    villager = bearer(await wechat_login(client, device, "o-p1"))
    photo = await _upload(client, villager)
    officer = await staff(client, "officer")

    answer = await client.post(
        f"{API}/bulletins",
        json=draft([world.tree.village.id], cover_media_id=photo),
        headers=officer,
    )

    assert answer.status_code == 422
    assert set(answer.json()["fields"]) == {"cover_media_id"}
    assert await _bulletins(session) == 0


async def test_a_photo_cannot_be_the_voice_version(client, world, session):
    officer = await staff(client, "officer")
    photo = await _upload(client, officer)

    answer = await client.post(
        f"{API}/bulletins",
        json=draft([world.tree.village.id], voice_media_id=photo),
        headers=officer,
    )

    assert answer.status_code == 422
    assert answer.json()["fields"] == {"voice_media_id": "应为语音"}
    assert await _bulletins(session) == 0
    # The refused claim was rolled back with the request: the photo is still free to use.
    good = await create(client, officer, draft([world.tree.village.id], cover_media_id=photo))
    assert good["cover_media_id"] == photo


async def test_an_edit_checks_a_new_cover_and_keeps_the_old_one(client, world):
    officer = await staff(client, "officer")
    photo = await _upload(client, officer)
    bulletin = await create(client, officer, draft([world.tree.village.id], cover_media_id=photo))
    url = f"{API}/bulletins/{bulletin['id']}"

    unknown = await client.patch(url, json={"cover_media_id": ""}, headers=officer)
    same = await client.patch(
        url, json={"cover_media_id": photo, "title": "新标题"}, headers=officer
    )

    assert unknown.status_code == 422
    assert unknown.json()["fields"] == {"cover_media_id": "附件无效、不属于您或已被使用"}
    assert same.status_code == 200, same.text
    assert (same.json()["cover_media_id"], same.json()["title"]) == (photo, "新标题")
