"""A held redemption cancelled by its owner or by staff: the points and the stock come back,
once; a fulfilled or cancelled one cannot be cancelled."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import PointsEntry
from support.rewards import API, award, points_of, redeem, stock_of


async def test_cancelling_returns_the_points_and_the_stock(client, session, world, phones):
    await award(session, world.gov.leader, 40, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()
    assert await points_of(session, world.gov.leader) == 10

    cancelled = await client.post(
        f"{API}/redemptions/{held['id']}/cancel",
        headers={**phones.leader, "Idempotency-Key": "cancel-1"},
    )
    replayed = await client.post(
        f"{API}/redemptions/{held['id']}/cancel",
        headers={**phones.leader, "Idempotency-Key": "cancel-1"},
    )

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["cancelled_at"]
    assert cancelled.json()["code"] is None
    assert replayed.status_code == 200 and replayed.json() == cancelled.json()
    assert await points_of(session, world.gov.leader) == 40
    assert await stock_of(session, world.soap) == 5
    refund = (
        await session.scalars(
            select(PointsEntry).where(PointsEntry.award_key == f"refund:{held['id']}")
        )
    ).all()
    assert [(r.points, r.event_kind, r.approved_by) for r in refund] == [(30, "refund", None)]


async def test_a_cancelled_redemption_cannot_be_cancelled_or_fulfilled(
    client, session, world, phones
):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()
    await client.post(f"{API}/redemptions/{held['id']}/cancel", headers=phones.leader)

    again = await client.post(f"{API}/redemptions/{held['id']}/cancel", headers=phones.leader)
    fulfil = await client.post(
        f"{API}/redemptions/fulfil", json={"code": held["code"]}, headers=phones.village_police
    )
    png = await client.get(f"{API}/redemptions/{held['id']}/code.png", headers=phones.leader)

    assert again.status_code == 409 and again.json()["error"] == "AlreadyCancelled"
    assert fulfil.status_code == 409 and fulfil.json()["error"] == "AlreadyCancelled"
    assert png.status_code == 404
    assert await points_of(session, world.gov.leader) == 30  # refunded once
    assert await stock_of(session, world.soap) == 5


async def test_a_fulfilled_redemption_cannot_be_cancelled(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()
    await client.post(
        f"{API}/redemptions/fulfil", json={"code": held["code"]}, headers=phones.village_police
    )

    answer = await client.post(f"{API}/redemptions/{held['id']}/cancel", headers=phones.leader)

    assert answer.status_code == 409 and answer.json()["error"] == "AlreadyFulfilled"
    assert "不能取消" in answer.json()["detail"]
    assert await points_of(session, world.gov.leader) == 0
    assert await stock_of(session, world.soap) == 4


async def test_staff_cancel_for_the_owner_and_are_named_on_the_refund(
    client, session, world, phones
):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()

    answer = await client.post(f"{API}/redemptions/{held['id']}/cancel", headers=phones.chief)

    assert answer.status_code == 200
    refund = await session.scalar(
        select(PointsEntry).where(PointsEntry.award_key == f"refund:{held['id']}")
    )
    assert refund is not None and refund.approved_by == world.gov.chief.id
    assert await points_of(session, world.gov.leader) == 30


async def test_someone_elses_redemption_is_not_found(client, session, world, phones):
    await award(session, world.gov.leader, 30, "dispatch:c1")
    held = (await redeem(client, phones.leader, world.soap)).json()

    cancel = await client.post(f"{API}/redemptions/{held['id']}/cancel", headers=phones.member)
    seen = await client.get(f"{API}/redemptions/{held['id']}", headers=phones.member)
    station = await client.get(f"{API}/redemptions?scope=station", headers=phones.member)

    assert cancel.status_code == 404 and cancel.json()["error"] == "RedemptionNotFound"
    assert seen.status_code == 404
    assert station.status_code == 403 and station.json()["error"] == "NotStaff"
    assert await points_of(session, world.gov.leader) == 0
