"""What a redemption refuses, and that a refusal changes nothing: more than the balance, stock at
zero, a reward taken off, another station's reward, redemption or code, wrong codes."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.models import AreaLevel, PointsEntry, Redemption, Role
from support.factories import grant, make_area, make_person
from support.governance import staff_headers
from support.rewards import API, award, make_reward, points_of, redeem, stock_of


async def _redemptions(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(Redemption)) or 0)


async def test_redeeming_more_than_the_balance_is_refused_and_nothing_changes(
    client, session, world, phones
):
    await award(session, world.gov.leader, 29, "dispatch:c1")

    answer = await redeem(client, phones.leader, world.soap)

    assert answer.status_code == 409
    assert answer.json() == {
        "error": "NotEnoughPoints",
        "detail": "积分不够：兑换洗衣粉要 30 分，您现在可用 29 分",
    }
    assert await points_of(session, world.gov.leader) == 29
    assert await stock_of(session, world.soap) == 5
    assert await _redemptions(session) == 0


async def test_stock_at_zero_is_refused_and_the_points_stay(client, session, world, phones):
    await award(session, world.gov.leader, 100, "dispatch:c1")
    assert (await redeem(client, phones.leader, world.towel)).status_code == 201

    answer = await redeem(client, phones.leader, world.towel)

    assert answer.status_code == 409 and answer.json()["error"] == "OutOfStock"
    assert await stock_of(session, world.towel) == 0
    assert await points_of(session, world.gov.leader) == 80
    assert await _redemptions(session) == 1


async def test_a_reward_taken_off_is_not_redeemed(client, session, world, phones):
    await award(session, world.gov.leader, 100, "dispatch:c1")
    off = await client.patch(
        f"{API}/rewards/{world.soap.id}", json={"active": False}, headers=phones.chief
    )
    assert off.status_code == 200 and off.json()["active"] is False

    answer = await redeem(client, phones.leader, world.soap)

    assert answer.status_code == 409 and answer.json()["error"] == "OutOfStock"
    assert await points_of(session, world.gov.leader) == 100


async def _other_station(session):
    station = await make_area(session, "邻县派出所", AreaLevel.station)
    township = await make_area(session, "安阳乡", AreaLevel.township, station)
    village = await make_area(session, "乌石村", AreaLevel.village, township)
    police = await make_person(session, "邵卫东", username="cj-far")
    await grant(session, police, Role.village_police, village)
    rice = await make_reward(session, station, "米", 50, 3)
    return police, rice


async def test_another_stations_reward_is_not_found(client, session, world, phones):
    _, rice = await _other_station(session)
    await award(session, world.gov.leader, 100, "dispatch:c1")

    answer = await redeem(client, phones.leader, rice)

    assert answer.status_code == 404 and answer.json()["error"] == "RewardNotFound"
    assert await stock_of(session, rice) == 3


async def test_fulfilling_another_stations_redemption_is_not_found(client, session, world, phones):
    await _other_station(session)
    far = await staff_headers(client, "cj-far")
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()

    by_code = await client.post(
        f"{API}/redemptions/fulfil", json={"code": held["code"]}, headers=far
    )
    by_id = await client.post(
        f"{API}/redemptions/{held['id']}/fulfil", json={"code": held["code"]}, headers=far
    )
    seen = await client.get(f"{API}/redemptions/{held['id']}", headers=far)
    listed = await client.get(f"{API}/redemptions?scope=station", headers=far)

    assert by_code.status_code == 404 and by_code.json()["error"] == "WrongCode"
    assert by_id.status_code == 404 and by_id.json()["error"] == "RedemptionNotFound"
    assert seen.status_code == 404
    assert listed.status_code == 200 and listed.json()["items"] == []
    assert (await session.get(Redemption, held["id"], populate_existing=True)).status == "held"


async def test_a_wrong_code_is_not_found_and_guessing_is_stopped(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()
    wrong = str((int(held["code"]) + 1) % 10**10).zfill(10)

    answers = [
        await client.post(
            f"{API}/redemptions/fulfil", json={"code": wrong}, headers=phones.village_police
        )
        for _ in range(11)
    ]
    right = await client.post(
        f"{API}/redemptions/fulfil", json={"code": held["code"]}, headers=phones.village_police
    )

    assert [a.status_code for a in answers] == [404] * 10 + [429]
    assert answers[0].json() == {
        "error": "WrongCode",
        "detail": "兑换码不正确，请核对后重新输入，或请村民重新出示二维码",
    }
    assert answers[-1].json()["detail"] == "兑换码输错次数太多，请稍后再试"
    assert "retry-after" in answers[-1].headers
    assert right.status_code == 429  # stopped, even with the right one, until the window passes
    assert (await session.get(Redemption, held["id"], populate_existing=True)).status == "held"


async def test_bad_input_is_a_clear_422(client, session, world, phones):
    cases = [
        {"reward_id": world.soap.id, "pool": "everyone"},
        {"reward_id": 42},
        {"pool": "mine"},
        {"reward_id": world.soap.id, "extra": 1},
    ]
    for body in cases:
        answer = await client.post(f"{API}/redemptions", json=body, headers=phones.leader)
        assert answer.status_code == 422, body
    letters = await client.post(
        f"{API}/redemptions/fulfil", json={"code": "abc"}, headers=phones.village_police
    )
    assert letters.status_code == 422
    unknown = await redeem(client, phones.leader, type("R", (), {"id": "01NOSUCHREWARD"})())
    assert unknown.status_code == 404


async def test_someone_of_no_household_or_grant_cannot_redeem(client, session, world, device):
    from support.governance import wechat_headers

    await make_person(session, "路人甲", openid="o-rw-stranger")
    stranger = await wechat_headers(client, device, "o-rw-stranger")

    catalogue = await client.get(f"{API}/rewards", headers=stranger)
    answer = await redeem(client, stranger, world.soap)

    assert catalogue.status_code == 422 and catalogue.json()["error"] == "NoStation"
    assert answer.status_code == 404
    assert await session.scalar(select(func.count()).select_from(PointsEntry)) == 0
