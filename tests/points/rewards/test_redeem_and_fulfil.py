"""The 联户长 who calmed the domestic dispute spends the points on 洗衣粉 and fetches it at the
警务室: the points are held at once, staff hand it over against the code read out, once."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from sqlalchemy import select

from jinghutong.models import PointsEntry, Redemption
from support.rewards import API, award, points_of, redeem, stock_of


async def test_a_leader_redeems_soap_and_staff_fulfil_it_by_the_typed_code(
    client, session, world, phones
):
    gov = world.gov
    await award(session, gov.leader, 40, "dispatch:c1")

    answer = await redeem(client, phones.leader, world.soap, key="soap-1")

    assert answer.status_code == 201, answer.text
    held = answer.json()
    assert held["status"] == "held" and held["status_name"] == "待领取"
    assert held["reward"] == {"id": world.soap.id, "name": "洗衣粉"}
    assert held["points"] == 30 and held["pool"] == "mine" and held["balance_after"] == 10
    code = held["code"]
    assert len(code) == 10 and code.isdigit()
    assert held["code_shown"] == f"{code[:3]} {code[3:6]} {code[6:]}"
    assert await points_of(session, gov.leader) == 10
    assert await stock_of(session, world.soap) == 4
    hold = await session.scalar(
        select(PointsEntry).where(PointsEntry.award_key == f"redemption:{held['id']}")
    )
    assert hold is not None and hold.points == -30 and hold.event_kind == "redemption"
    assert hold.reason == "兑换洗衣粉"
    stored = await session.get(Redemption, held["id"])
    assert stored is not None and code not in stored.code_hash  # only a keyed hash is kept

    typed = f"{code[:3]} {code[3:6]}-{code[6:]}"  # as the 村警 types what the villager reads out
    fulfilled = await client.post(
        f"{API}/redemptions/fulfil", json={"code": typed}, headers=phones.village_police
    )

    assert fulfilled.status_code == 200, fulfilled.text
    body = fulfilled.json()
    assert body["status"] == "fulfilled" and body["status_name"] == "已领取"
    assert body["fulfilled_by"] == {"id": gov.village_police.id, "name": "方建军"}
    assert body["person"] == {"id": gov.leader.id, "name": "余春花"}
    assert body["code"] is None  # staff never see codes
    assert await points_of(session, gov.leader) == 10  # the hold is now spent, nothing back


async def test_a_code_used_twice_is_refused_saying_when_and_by_whom(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    code = (await redeem(client, phones.leader, world.soap)).json()["code"]
    first = await client.post(
        f"{API}/redemptions/fulfil", json={"code": code}, headers=phones.village_police
    )
    assert first.status_code == 200

    again = await client.post(
        f"{API}/redemptions/fulfil", json={"code": code}, headers=phones.chief
    )

    assert again.status_code == 409
    assert again.json()["error"] == "AlreadyFulfilled"
    detail = again.json()["detail"]
    assert "由方建军核销" in detail and "年" in detail and "不能再次核销" in detail


async def test_fulfilling_by_id_needs_the_owners_code(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()
    wrong = "0000000000" if held["code"] != "0000000000" else "1111111111"

    refused = await client.post(
        f"{API}/redemptions/{held['id']}/fulfil", json={"code": wrong}, headers=phones.chief
    )
    accepted = await client.post(
        f"{API}/redemptions/{held['id']}/fulfil", json={"code": held["code"]}, headers=phones.chief
    )

    assert refused.status_code == 404 and refused.json()["error"] == "WrongCode"
    assert accepted.status_code == 200 and accepted.json()["status"] == "fulfilled"


async def test_the_owner_sees_the_code_again_and_its_qr_scans_to_it(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()

    again = await client.get(f"{API}/redemptions/{held['id']}", headers=phones.leader)
    png = await client.get(f"{API}/redemptions/{held['id']}/code.png", headers=phones.leader)
    staff_view = await client.get(f"{API}/redemptions/{held['id']}", headers=phones.village_police)
    staff_png = await client.get(
        f"{API}/redemptions/{held['id']}/code.png", headers=phones.village_police
    )
    mine = await client.get(f"{API}/redemptions", headers=phones.leader)

    assert again.status_code == 200 and again.json()["code"] == held["code"]
    assert again.json()["code_png_url"].endswith(f"/redemptions/{held['id']}/code.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert [r.text for r in found] == [held["code"]]
    assert staff_view.status_code == 200 and staff_view.json()["code"] is None
    assert staff_png.status_code == 404
    assert [i["code"] for i in mine.json()["items"]] == [held["code"]]


async def test_a_redemption_replayed_with_the_same_key_is_one_redemption(
    client, session, world, phones
):
    await award(session, world.gov.leader, 100, "dispatch:c1")

    first = await redeem(client, phones.leader, world.soap, key="soap-once")
    again = await redeem(client, phones.leader, world.soap, key="soap-once")

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["code"] == first.json()["code"]
    assert await points_of(session, world.gov.leader) == 70
    assert await stock_of(session, world.soap) == 4
    count = await session.scalars(
        select(Redemption.id).where(Redemption.person_id == world.gov.leader.id)
    )
    assert len(count.all()) == 1


async def test_the_stored_answer_of_a_redemption_holds_no_code(client, session, world, phones):
    from jinghutong.models import IdempotencyRecord

    await award(session, world.gov.leader, 30, "dispatch:c1")
    code = (await redeem(client, phones.leader, world.soap, key="k-code")).json()["code"]

    record = await session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.key == "k-code")
    )

    assert record is not None and code not in str(record.response)


async def test_staff_do_not_fulfil_their_own_redemption(client, session, world, phones, device):
    from jinghutong.models import Role
    from support.factories import grant

    # The 联户长 also serves as the village's 辅警: still not their own hand-over.
    await grant(session, world.gov.leader, Role.auxiliary_officer, world.gov.tree.village)
    await award(session, world.gov.leader, 30, "dispatch:c1")
    code = (await redeem(client, phones.leader, world.soap)).json()["code"]

    own = await client.post(f"{API}/redemptions/fulfil", json={"code": code}, headers=phones.leader)

    assert own.status_code == 403 and own.json()["error"] == "OwnRedemption"


async def test_villagers_do_not_fulfil(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    code = (await redeem(client, phones.leader, world.soap)).json()["code"]

    answer = await client.post(
        f"{API}/redemptions/fulfil", json={"code": code}, headers=phones.villager
    )

    assert answer.status_code == 403 and answer.json()["error"] == "NotStaff"
