"""The station's catalogue: the chief puts goods on it with a photo, the 村警 counts the stock at
the 警务室, villagers see what is on offer; money is never a reward."""

from __future__ import annotations

import io

from PIL import Image

from support.rewards import API, stock_of


async def _photo(client, headers) -> str:
    out = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 180, 60)).save(out, format="JPEG")
    response = await client.post(
        f"{API}/media",
        headers=headers,
        files={"file": ("rice.jpg", out.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_the_chief_puts_rice_on_with_a_photo_and_villagers_see_it(client, world, phones):
    photo = await _photo(client, phones.chief)

    made = await client.post(
        f"{API}/rewards",
        json={
            "name": "大米 5 斤",
            "description": "本村合作社新米",
            "points": 80,
            "stock": 10,
            "photo_media_id": photo,
        },
        headers={**phones.chief, "Idempotency-Key": "rice-1"},
    )
    again = await client.post(
        f"{API}/rewards",
        json={
            "name": "大米 5 斤",
            "description": "本村合作社新米",
            "points": 80,
            "stock": 10,
            "photo_media_id": photo,
        },
        headers={**phones.chief, "Idempotency-Key": "rice-1"},
    )
    listed = await client.get(f"{API}/rewards", headers=phones.villager)

    assert made.status_code == 201, made.text
    rice = made.json()
    assert again.json()["id"] == rice["id"]
    assert rice["station_id"] == world.gov.tree.station.id
    assert (rice["name"], rice["points"], rice["stock"], rice["active"]) == (
        "大米 5 斤",
        80,
        10,
        True,
    )
    assert rice["photo"]["id"] == photo and rice["photo"]["url"]
    page = listed.json()
    assert page["station"] == {"id": world.gov.tree.station.id, "name": "测试派出所"}
    assert [r["name"] for r in page["items"]] == ["洗衣粉", "毛巾", "大米 5 斤"]
    shown = page["items"][2]
    assert shown["photo"]["id"] == photo
    fetched = await client.get(shown["photo"]["url"], headers=phones.villager)
    assert fetched.status_code == 200 and fetched.headers["content-type"].startswith("image/")


async def test_money_is_never_a_reward(client, world, phones):
    for name, word in [("现金50元", "现金"), ("微信红包", "红包"), ("话费充值 20 元", "话费")]:
        answer = await client.post(
            f"{API}/rewards", json={"name": name, "points": 50, "stock": 1}, headers=phones.chief
        )
        assert answer.status_code == 422, name
        assert answer.json()["error"] == "MoneyNotAllowed"
        assert word in answer.json()["fields"]["name"]
    hidden = await client.post(
        f"{API}/rewards",
        json={"name": "超市卡", "description": "面值100元购物卡", "points": 50, "stock": 1},
        headers=phones.chief,
    )
    renamed = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"name": "现金"}, headers=phones.chief
    )
    assert hidden.status_code == 422 and "description" in hidden.json()["fields"]
    assert renamed.status_code == 422 and renamed.json()["error"] == "MoneyNotAllowed"


async def test_only_the_chief_or_admin_put_goods_on(client, world, phones):
    body = {"name": "毛巾", "points": 20, "stock": 5}

    by_police = await client.post(f"{API}/rewards", json=body, headers=phones.village_police)
    by_leader = await client.post(f"{API}/rewards", json=body, headers=phones.leader)
    by_admin = await client.post(f"{API}/rewards", json=body, headers=phones.admin)

    assert by_police.status_code == 403 and by_police.json()["error"] == "NotAKeeper"
    assert by_leader.status_code == 403
    assert by_admin.status_code == 201


async def test_the_village_police_count_the_stock_but_change_nothing_else(
    client, session, world, phones
):
    arrived = await client.patch(
        f"{API}/rewards/{world.soap.id}",
        json={"stock_delta": 20},
        headers={**phones.village_police, "Idempotency-Key": "delivery-1"},
    )
    replayed = await client.patch(
        f"{API}/rewards/{world.soap.id}",
        json={"stock_delta": 20},
        headers={**phones.village_police, "Idempotency-Key": "delivery-1"},
    )
    repriced = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"points": 1}, headers=phones.village_police
    )
    too_many = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"stock_delta": -26}, headers=phones.village_police
    )
    by_leader = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"stock_delta": 1}, headers=phones.leader
    )

    assert arrived.status_code == 200 and arrived.json()["stock"] == 25
    assert replayed.json()["stock"] == 25  # one delivery, counted once
    assert repriced.status_code == 403 and repriced.json()["error"] == "StockOnly"
    assert too_many.status_code == 409 and too_many.json()["error"] == "StockWouldGoNegative"
    assert by_leader.status_code == 403
    assert await stock_of(session, world.soap) == 25


async def test_the_chief_edits_and_takes_goods_off(client, session, world, phones):
    changed = await client.patch(
        f"{API}/rewards/{world.soap.id}",
        json={"name": "洗衣粉 1 公斤", "points": 35, "description": "立白"},
        headers=phones.chief,
    )
    off = await client.patch(
        f"{API}/rewards/{world.towel.id}", json={"active": False}, headers=phones.chief
    )
    villagers = await client.get(f"{API}/rewards", headers=phones.villager)
    chiefs = await client.get(f"{API}/rewards", headers=phones.chief)
    nulls = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"points": None}, headers=phones.chief
    )

    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["points"]) == ("洗衣粉 1 公斤", 35)
    assert off.json()["active"] is False
    assert [r["name"] for r in villagers.json()["items"]] == ["洗衣粉 1 公斤"]
    assert [r["name"] for r in chiefs.json()["items"]] == ["洗衣粉 1 公斤", "毛巾"]
    assert nulls.status_code == 422


async def test_someone_elses_photo_or_a_voice_is_refused(client, world, phones, session):
    leaders_photo = await _photo(client, phones.leader)

    answer = await client.post(
        f"{API}/rewards",
        json={"name": "毛巾", "points": 20, "stock": 5, "photo_media_id": leaders_photo},
        headers=phones.chief,
    )
    unknown = await client.patch(
        f"{API}/rewards/{world.soap.id}",
        json={"photo_media_id": "01NOSUCHMEDIA000000000000"},
        headers=phones.chief,
    )

    assert answer.status_code == 422 and "photo_media_id" in answer.json()["fields"]
    assert unknown.status_code == 422 and "photo_media_id" in unknown.json()["fields"]


async def test_bad_catalogue_input(client, world, phones):
    bad = [
        {"name": "", "points": 20, "stock": 1},
        {"name": "毛巾", "points": 0, "stock": 1},
        {"name": "毛巾", "points": "20", "stock": 1},
        {"name": "毛巾", "points": 20, "stock": -1},
        {"name": "毛巾" * 30, "points": 20, "stock": 1},
        {"name": "毛巾", "points": 20},
    ]
    for body in bad:
        answer = await client.post(f"{API}/rewards", json=body, headers=phones.chief)
        assert answer.status_code == 422, body
    missing = await client.patch(
        f"{API}/rewards/01NOSUCHREWARD00000000000", json={"stock_delta": 1}, headers=phones.chief
    )
    assert missing.status_code == 404 and missing.json()["error"] == "RewardNotFound"
