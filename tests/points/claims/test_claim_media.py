"""A claim as the review page reads it: who claimed (name, the household's address, the
village) and what they brought — words, a voice note, photos, any of them (many people speak
rather than type) — with expiring links to the voice and photos for the claimant and the
reviewers only. A claim with nothing in it is refused."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from PIL import Image

from jinghutong.core import clock
from support.points_world import API, entries_of
from support.visits import voice_clip

CLAIMS = f"{API}/points/claims"


def _today() -> str:
    return clock.now().astimezone(clock.SHANGHAI).date().isoformat()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def _upload(client, headers, kind: str) -> str:
    if kind == "voice":
        file = ("voice.wav", voice_clip(), "audio/wav")
    else:
        file = ("IMG_0001.jpg", _jpeg(), "image/jpeg")
    response = await client.post(
        f"{API}/media", headers=headers, files={"file": file}, data={"kind": kind}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 80, 40)).save(out, format="JPEG")
    return out.getvalue()


async def _claim(client, headers, **body):
    return await client.post(CLAIMS, json={"happened_on": _today(), **body}, headers=headers)


async def test_a_voice_only_claim_reaches_the_reviewer_with_who_and_where_and_a_link_to_play(
    client, as_, world, database
):
    villager = await as_(world.villager)
    voice = await _upload(client, villager, "voice")

    created = await _claim(client, {**villager, "Idempotency-Key": "v-1"}, media_ids=[voice])

    assert created.status_code == 201, created.text
    claim = created.json()
    assert claim["text"] == ""
    assert claim["person"] == {"id": world.villager.id, "name": "叶土根"}
    assert claim["household"] == {"id": world.h1.id, "name": "桃林村下坞1号"}
    assert claim["village"] == {"id": world.tree.village.id, "name": "上坊村"}
    [media] = claim["media"]
    assert (media["id"], media["kind"]) == (voice, "voice")

    police = await as_(world.village_police)
    [listed] = (
        await client.get(CLAIMS, params={"scope": "review", "status": "pending"}, headers=police)
    ).json()["items"]
    assert listed["person"]["name"] == "叶土根"
    assert listed["household"]["name"] == "桃林村下坞1号"
    assert listed["village"]["name"] == "上坊村"
    [heard] = listed["media"]
    played = await client.get(_path(heard["url"]))  # the link alone: no login needed
    assert played.status_code == 200 and played.headers["content-type"].startswith("audio/")
    assert heard["url_expires_in"] > 0

    approved = await client.post(f"{CLAIMS}/{claim['id']}/approve", json={"points": 10},
                                 headers=police)  # fmt: skip
    assert approved.status_code == 200, approved.text
    [entry] = await entries_of(database, world.villager)
    assert entry.reason.endswith("申报经审核通过：（1段语音）")


async def test_photos_and_voice_together_without_words_are_one_claim_with_both(client, as_, world):
    villager = await as_(world.villager)
    photo = await _upload(client, villager, "image")
    voice = await _upload(client, villager, "voice")

    created = await _claim(client, villager, media_ids=[photo, voice, photo])

    assert created.status_code == 201, created.text
    claim = created.json()
    assert claim["media_ids"] == [photo, voice]
    assert {m["id"]: m["kind"] for m in claim["media"]} == {photo: "image", voice: "voice"}
    mine = (await client.get(f"{CLAIMS}/{claim['id']}", headers=villager)).json()
    assert {m["id"] for m in mine["media"]} == {photo, voice}
    shown = next(m for m in mine["media"] if m["kind"] == "image")
    assert (await client.get(_path(shown["url"]))).status_code == 200


async def test_a_leader_in_no_household_is_shown_by_name_and_village(client, as_, world):
    response = await _claim(client, await as_(world.leader), text="帮五保户修好了屋顶")

    assert response.status_code == 201, response.text
    claim = response.json()
    assert (claim["person"]["name"], claim["household"], claim["village"]["name"]) == (
        "余春花",
        None,
        "上坊村",
    )
    assert claim["media"] == []


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"media_ids": []}])
async def test_a_claim_with_nothing_in_it_is_refused(client, as_, world, body):
    response = await _claim(client, await as_(world.villager), **body)

    assert response.status_code == 422
    assert response.json()["error"] == "NothingClaimed"
    assert (await client.get(CLAIMS, headers=await as_(world.villager))).json()["items"] == []


async def test_someone_elses_voice_is_refused_and_nothing_is_claimed(client, as_, world):
    leaders_voice = await _upload(client, await as_(world.leader), "voice")
    villager = await as_(world.villager)

    response = await _claim(client, villager, media_ids=[leaders_voice])

    assert response.status_code == 422
    assert "media_ids" in response.json()["fields"]
    assert (await client.get(CLAIMS, headers=villager)).json()["items"] == []


async def test_the_claims_voice_is_not_for_another_village_or_a_neighbour(client, as_, world):
    villager = await as_(world.villager)
    voice = await _upload(client, villager, "voice")
    claim = (await _claim(client, villager, media_ids=[voice])).json()

    for outsider in (world.other_police, world.leader):
        headers = await as_(outsider)
        assert (await client.get(f"{CLAIMS}/{claim['id']}", headers=headers)).status_code == 404
        assert (await client.get(f"{API}/media/{voice}", headers=headers)).status_code == 404
    reviewer = await as_(world.officer)
    assert (await client.get(f"{API}/media/{voice}", headers=reviewer)).status_code in (200, 307)


@pytest.mark.parametrize("media_ids", [["x" * 27], [""], [1]])
async def test_malformed_media_ids_are_422(client, as_, world, media_ids):
    response = await _claim(client, await as_(world.villager), text="好事", media_ids=media_ids)
    assert response.status_code == 422
