"""Reporting: a case with a number, routed by kind, everyone concerned told; retries safe."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from jinghutong.models import Case, Notification
from support.auth import bearer, wechat_login


async def _notified(session, person) -> list[Notification]:
    rows = await session.scalars(select(Notification).where(Notification.person_id == person.id))
    return list(rows)


async def test_a_hazard_goes_to_the_group_leader_of_the_reporters_micro_grid(
    report, as_, world, session
):
    response = await report(await as_(world.villager), kind="hazard", text="后山有落石")

    assert response.status_code == 201, response.text
    case = response.json()
    assert re.fullmatch(r"JA-\d{8}-\d{4}", case["number"])
    assert case["status"] == "assigned"
    assert case["assignee"]["id"] == world.leader.id
    assert case["assigned_role"] == "group_leader"
    assert case["area_id"] == world.tree.micro_grid.id
    assert case["call_110"] is False
    assert case["number"] in case["notice"]
    assert [n.kind for n in await _notified(session, world.leader)] == ["case.assigned"]


async def test_an_alarm_tells_the_caller_to_dial_110_and_reaches_three_people_at_once(
    report, as_, world, session
):
    response = await report(await as_(world.villager), kind="alarm", text="有人打架")

    body = response.json()
    assert response.status_code == 201
    assert body["call_110"] is True
    assert "110" in body["notice"]
    for person in (world.duty, world.officer, world.leader):
        kinds = [n.kind for n in await _notified(session, person)]
        assert kinds == ["case.alarm"], person.name
    # Nobody outside the village hears of it.
    assert await _notified(session, world.other_officer) == []


async def test_each_kind_goes_to_its_first_rung(report, as_, world):
    expected = {
        "clue": world.officer,
        "sentiment": world.village_police,
        "dispute": world.leader,
        "help": world.leader,
        "consult": world.leader,
    }
    headers = await as_(world.villager)
    for kind, person in expected.items():
        response = await report(headers, kind=kind, text=f"{kind} 的说明")
        assert response.json()["assignee"]["id"] == person.id, kind


async def test_a_location_routes_to_the_micro_grid_nearest_to_it(report, as_, world, place):
    where = {**place(world.tree.other_micro_grid), "address": "桐坑源村口"}

    response = await report(await as_(world.villager), kind="hazard", text="桥坏了", location=where)

    assert response.json()["area_id"] == world.tree.other_micro_grid.id
    assert response.json()["assignee"]["id"] == world.other_leader.id


async def test_a_retry_with_the_same_key_returns_the_same_case(report, as_, world, session):
    headers = await as_(world.villager)
    first = await report(headers, "k-hazard-1", kind="hazard", text="电线掉了")
    again = await report(headers, "k-hazard-1", kind="hazard", text="电线掉了")

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_the_same_key_with_another_body_is_refused(report, as_, world, session):
    headers = await as_(world.villager)
    await report(headers, "k-2", kind="hazard", text="第一份")

    other = await report(headers, "k-2", kind="hazard", text="第二份")

    assert other.status_code == 409
    assert other.json()["error"] == "IdempotencyKeyReused"
    assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_bad_reports_are_refused_with_a_reason(report, as_, world):
    headers = await as_(world.villager)
    unknown = await report(headers, kind="ufo", text="天上有光")
    huge = await report(headers, kind="hazard", text="长" * 5000)
    empty = await report(headers, kind="hazard", text="   ")
    extra = await report(headers, kind="hazard", text="x", priority="high")

    for response in (unknown, huge, empty, extra):
        assert response.status_code == 422, response.text
        assert response.json()["detail"]


async def test_someone_without_a_household_or_place_is_asked_for_one(client, device, report):
    stranger = bearer(await wechat_login(client, device, "o-stranger"))

    response = await report(stranger, kind="hazard", text="路上有坑")

    assert response.status_code == 422
    assert response.json()["error"] == "NowhereToRoute"


async def test_reporting_for_a_household_one_is_not_a_member_of_is_refused(report, as_, world):
    response = await report(
        await as_(world.neighbour),
        kind="hazard",
        text="替别人报",
        household_id=world.household.id,
    )

    assert response.status_code == 422
    assert "household_id" in response.json()["fields"]


async def test_case_numbers_count_up_within_a_day(report, as_, world):
    headers = await as_(world.villager)
    numbers = [
        (await report(headers, kind="help", text=f"第{i}件")).json()["number"] for i in range(3)
    ]

    counters = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert counters == [counters[0], counters[0] + 1, counters[0] + 2]


async def test_text_the_database_cannot_store_is_refused_plainly_and_nothing_is_kept(
    report, as_, world, session, database
):
    """PostgreSQL cannot store a NUL character in text: the villager gets a plain 422, not a
    500, and no half of the report is written. (SQLite stores it as given.)"""
    response = await report(await as_(world.villager), kind="hazard", text="后山\x00落石")
    stored = await session.scalar(select(func.count()).select_from(Case))
    if database.dialect == "postgresql":
        assert response.status_code == 422, response.text
        assert "空字符" in response.json()["detail"]
        assert stored == 0
    else:
        assert response.status_code == 201, response.text
        assert response.json()["text"] == "后山\x00落石" and stored == 1
