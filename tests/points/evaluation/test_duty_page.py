"""What the roster page needs from the server: the villages whose roster I read, each with its
村警 and whether I may plan there; and on each shift whether I may check in (the one on duty,
on the day, not yet) or take it off (a planner, before the day) — decided as the server decides
the attempt, so the page shows only buttons that work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support.evaluation import API, MONDAY, move_to
from support.factories import grant, make_person

SHIFTS = f"{API}/duty-shifts"
VILLAGES = f"{SHIFTS}/villages"


async def _plan(client, headers, gov, day, **changes):
    body = {"village_id": gov.tree.village.id, "person_id": gov.village_police.id,
            "day": day.isoformat()} | changes  # fmt: skip
    response = await client.post(SHIFTS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _can(shift: dict) -> tuple[bool, bool]:
    return shift["can_check_in"], shift["can_remove"]


async def test_each_shift_offers_check_in_to_the_one_on_duty_and_removal_to_planners(
    client, gov, as_
):
    today = move_to(MONDAY, hour=9).date()
    chief, police = await as_(gov.chief), await as_(gov.village_police)
    planned_today = await _plan(client, chief, gov, today)
    planned_later = await _plan(client, chief, gov, today + timedelta(days=2))
    assert _can(planned_today) == (False, False)  # the chief: not his shift; its day has come
    assert _can(planned_later) == (False, True)

    async def seen(headers) -> dict[str, tuple[bool, bool]]:
        shifts = []
        for day in (today, today + timedelta(days=2)):
            params = {"village_id": gov.tree.village.id, "month": day.strftime("%Y-%m")}
            shifts += (await client.get(SHIFTS, params=params, headers=headers)).json()["items"]
        return {s["id"]: _can(s) for s in shifts}

    assert await seen(police) == {planned_today["id"]: (True, False),
                                  planned_later["id"]: (False, True)}  # fmt: skip
    assert await seen(await as_(gov.officer)) == {planned_today["id"]: (False, False),
                                                  planned_later["id"]: (False, False)}  # fmt: skip
    by_officer = await client.delete(
        f"{SHIFTS}/{planned_later['id']}", headers=await as_(gov.officer)
    )
    assert by_officer.status_code == 403  # as can_remove said

    checked = await client.post(f"{SHIFTS}/{planned_today['id']}/check-in", headers=police)
    assert checked.status_code == 200, checked.text
    assert _can(checked.json()) == (False, False)
    assert (await seen(police))[planned_today["id"]] == (False, False)


async def test_the_villages_i_read_with_their_police_and_where_i_plan(client, session, gov, as_):
    second = await make_person(session, "毛小军", username="cj-gov-2")
    await grant(session, second, "village_police", gov.tree.village)
    await session.commit()

    async def villages(person) -> list[dict]:
        response = await client.get(VILLAGES, headers=await as_(person))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    chiefs = {v["id"]: v for v in await villages(gov.chief)}
    assert set(chiefs) == {gov.tree.village.id, gov.tree.other_village.id}
    here = chiefs[gov.tree.village.id]
    assert [p["name"] for p in here["police"]] == sorted(["方建军", "毛小军"])
    assert here["can_plan"] is True
    assert [p["id"] for p in chiefs[gov.tree.other_village.id]["police"]] == [gov.other_police.id]

    [own] = await villages(gov.village_police)
    assert (own["id"], own["can_plan"]) == (gov.tree.village.id, True)
    [watched] = await villages(gov.officer)
    assert (watched["id"], watched["can_plan"]) == (gov.tree.village.id, False)

    leader = await client.get(VILLAGES, headers=await as_(gov.leader))
    assert leader.status_code == 403 and leader.json()["error"] == "NotADutyViewer"


async def test_the_villages_come_in_pages(client, gov, as_):
    chief = await as_(gov.chief)
    first = (await client.get(VILLAGES, params={"limit": 1}, headers=chief)).json()
    rest = (
        await client.get(VILLAGES, params={"limit": 1, "cursor": first["next_cursor"]},
                         headers=chief)
    ).json()  # fmt: skip
    assert len(first["items"]) == len(rest["items"]) == 1
    assert first["items"][0]["id"] != rest["items"][0]["id"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "cursor=***"])
async def test_bad_village_list_parameters_are_a_422(client, gov, as_, query):
    response = await client.get(f"{VILLAGES}?{query}", headers=await as_(gov.chief))
    assert response.status_code == 422, response.text
