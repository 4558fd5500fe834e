"""The 村级治理中心's 值班 roster: the chief, the admin or the village's 村警 put a 村警 of the
village on duty for a day; the one on duty checks in on the day (Beijing time) and no one else
can; a day that passes without a check-in is a missed shift, and the month's sheet deducts it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from jinghutong.models import DutyShift, Notification
from support.evaluation import API, MONDAY, WEDNESDAY, beijing, move_to

SHIFTS = f"{API}/duty-shifts"


def _body(gov, day: date, **changes) -> dict:
    body = {"village_id": gov.tree.village.id, "person_id": gov.village_police.id,
            "day": day.isoformat()}  # fmt: skip
    return body | changes


async def _plan(client, headers, body: dict, key: str | None = None):
    if key is not None:
        headers = {**headers, "Idempotency-Key": key}
    return await client.post(SHIFTS, json=body, headers=headers)


async def test_a_week_on_duty_checked_in_on_the_day_and_a_missed_day_deducted(
    client, session, gov, as_
):
    monday = move_to(MONDAY, hour=9).date()
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    police = await as_(gov.village_police)
    chief = await as_(gov.chief)

    planned = [
        await _plan(client, police, _body(gov, monday)),
        await _plan(client, chief, _body(gov, tuesday), key="plan-tue"),
        await _plan(client, chief, _body(gov, tuesday), key="plan-tue"),  # a retry
        await _plan(client, police, _body(gov, wednesday)),
    ]

    assert [p.status_code for p in planned] == [201] * 4, [p.text for p in planned]
    mon, tue, _, wed = (p.json() for p in planned)
    assert planned[2].json()["id"] == tue["id"]
    assert (mon["status"], mon["status_name"], tue["status"]) == (
        "today",
        "今日值班，未签到",
        "planned",
    )
    assert mon["person"] == {"id": gov.village_police.id, "name": gov.village_police.name}
    told = await session.scalar(
        select(func.count()).select_from(Notification).where(Notification.kind == "duty.planned")
    )
    assert told == 1  # the chief's plan for him; not his own
    twice = await _plan(client, chief, _body(gov, tuesday))
    assert twice.status_code == 409 and twice.json()["error"] == "ShiftExists"

    on_tuesday = await client.post(f"{SHIFTS}/{tue['id']}/check-in", headers=police)
    by_chief = await client.post(f"{SHIFTS}/{mon['id']}/check-in", headers=chief)
    by_other = await client.post(
        f"{SHIFTS}/{mon['id']}/check-in", headers=await as_(gov.other_police)
    )
    checked = await client.post(f"{SHIFTS}/{mon['id']}/check-in", headers=police)
    again = await client.post(f"{SHIFTS}/{mon['id']}/check-in", headers=police)

    assert on_tuesday.status_code == 409 and on_tuesday.json()["error"] == "NotTheDay"
    assert by_chief.status_code == 403 and by_chief.json()["error"] == "NotYourShift"
    assert by_other.status_code == 404
    assert checked.status_code == 200, checked.text
    assert checked.json()["status"] == "checked_in" and checked.json()["checked_in_at"]
    assert again.status_code == 409 and again.json()["error"] == "AlreadyCheckedIn"

    today_gone = await client.delete(f"{SHIFTS}/{mon['id']}", headers=chief)
    by_officer = await client.delete(f"{SHIFTS}/{wed['id']}", headers=await as_(gov.officer))
    removed = await client.delete(f"{SHIFTS}/{wed['id']}", headers=police)
    gone = await client.delete(f"{SHIFTS}/{wed['id']}", headers=police)
    assert today_gone.status_code == 409 and today_gone.json()["error"] == "ShiftStarted"
    assert by_officer.status_code == 403 and by_officer.json()["error"] == "NotAPlanner"
    assert removed.status_code == 200 and removed.json()["id"] == wed["id"]
    assert gone.status_code == 404

    move_to(WEDNESDAY, hour=9)  # Tuesday passed without a check-in
    as_.forget()
    chief = await as_(gov.chief)
    month = tuesday.strftime("%Y-%m")
    listed = await client.get(
        SHIFTS, params={"village_id": gov.tree.village.id, "month": month}, headers=chief
    )
    states = {s["id"]: s["status"] for s in listed.json()["items"]}
    assert states[tue["id"]] == "missed"
    assert wed["id"] not in states
    computed = await client.post(f"{API}/evaluations/compute", json={"month": month}, headers=chief)
    sheet_id = next(
        r["sheet_id"]
        for r in computed.json()["results"]
        if r["person"]["id"] == gov.village_police.id
    )
    sheet = (await client.get(f"{API}/evaluations/{sheet_id}", headers=chief)).json()
    missed = next(i for i in sheet["items"] if i["item"] == "duty_missed")
    assert (missed["count"], missed["points"]) == (1, -2)
    assert [r["id"] for r in missed["records"]] == [tue["id"]]


async def test_who_may_plan_and_for_whom(client, session, gov, as_):
    day = move_to(MONDAY, hour=9).date() + timedelta(days=3)
    officer = await as_(gov.officer)

    answers = {
        "officer": await _plan(client, officer, _body(gov, day)),
        "leader": await _plan(client, await as_(gov.leader), _body(gov, day)),
        "other village's police": await _plan(client, await as_(gov.other_police), _body(gov, day)),
        "a 联户长 on duty": await _plan(
            client, await as_(gov.chief), _body(gov, day, person_id=gov.leader.id)
        ),
        "the other village's police on duty": await _plan(
            client, await as_(gov.chief), _body(gov, day, person_id=gov.other_police.id)
        ),
        "a micro-grid": await _plan(
            client, await as_(gov.chief), _body(gov, day, village_id=gov.tree.micro_grid.id)
        ),
        "nowhere": await _plan(client, await as_(gov.chief), _body(gov, day, village_id="X" * 26)),
        "yesterday": await _plan(client, await as_(gov.admin), _body(gov, day - timedelta(days=4))),
        "next year": await _plan(
            client, await as_(gov.admin), _body(gov, day + timedelta(days=400))
        ),
    }

    expected = {
        "officer": (403, "NotAPlanner"),
        "leader": (404, "VillageNotFound"),
        "other village's police": (404, "VillageNotFound"),
        "a 联户长 on duty": (422, "NotVillagePolice"),
        "the other village's police on duty": (422, "NotVillagePolice"),
        "a micro-grid": (422, "NotAVillage"),
        "nowhere": (404, "VillageNotFound"),
        "yesterday": (422, "DayPassed"),
        "next year": (422, "DayTooFar"),
    }
    assert {k: (r.status_code, r.json()["error"]) for k, r in answers.items()} == expected
    assert await session.scalar(select(func.count()).select_from(DutyShift)) == 0


async def test_the_roster_is_read_by_the_staff_over_the_village(client, gov, as_):
    today = move_to(MONDAY, hour=9).date()
    chief = await as_(gov.chief)
    for n in range(3):
        await _plan(client, chief, _body(gov, today + timedelta(days=n)))
    await _plan(
        client, chief,
        _body(gov, today, village_id=gov.tree.other_village.id, person_id=gov.other_police.id),
    )  # fmt: skip
    month = beijing().strftime("%Y-%m")

    async def days(headers, **params) -> list[str]:
        response = await client.get(SHIFTS, params={"month": month, **params}, headers=headers)
        assert response.status_code == 200, response.text
        return [s["village"]["id"] for s in response.json()["items"]]

    in_month = sum(1 for n in range(3) if (today + timedelta(days=n)).strftime("%Y-%m") == month)
    assert len(await days(chief)) == in_month + 1
    assert set(await days(await as_(gov.officer))) <= {gov.tree.village.id}
    assert await days(await as_(gov.other_police)) == [gov.tree.other_village.id]
    first = (await client.get(SHIFTS, params={"month": month, "limit": 1}, headers=chief)).json()
    second = (
        await client.get(
            SHIFTS, params={"month": month, "limit": 1, "cursor": first["next_cursor"]},
            headers=chief,
        )
    ).json()  # fmt: skip
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert first["items"][0]["day"] <= second["items"][0]["day"]
    hidden = await client.get(
        SHIFTS, params={"village_id": gov.tree.village.id}, headers=await as_(gov.other_police)
    )
    leader = await client.get(SHIFTS, headers=await as_(gov.leader))
    assert hidden.status_code == 404
    assert leader.status_code == 403 and leader.json()["error"] == "NotADutyViewer"


@pytest.mark.parametrize(
    "change",
    [{"day": "2026-02-30"}, {"day": None}, {"person_id": ""}, {"village_id": "X" * 27},
     {"extra": True}],
)  # fmt: skip
async def test_bad_shift_bodies_are_a_422(client, gov, as_, change):
    body = _body(gov, beijing().date() + timedelta(days=1)) | change
    response = await _plan(client, await as_(gov.chief), body)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("query", ["month=2026-13", "limit=0", "limit=201", "cursor=***"])
async def test_bad_list_parameters_are_a_422(client, gov, as_, query):
    response = await client.get(f"{SHIFTS}?{query}", headers=await as_(gov.chief))
    assert response.status_code == 422, response.text
