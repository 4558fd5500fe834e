"""Reporting for a household one is not a member of: the 联户长 or 村警 over it may (what they
learn on a visit, reported on the household's behalf); anyone else is still refused."""

from __future__ import annotations

from jinghutong.models import Case


async def test_the_group_leader_and_the_village_police_report_for_a_household_they_look_after(
    report, as_, world, session
):
    for person in (world.leader, world.village_police):
        response = await report(
            await as_(person), kind="help", text="老人身份证丢了", household_id=world.household.id
        )

        assert response.status_code == 201, response.text
        case = response.json()
        assert case["area_id"] == world.tree.micro_grid.id  # the household's micro-grid
        stored = await session.get(Case, case["id"])
        assert stored is not None and stored.household_id == world.household.id
        assert stored.reporter_id == person.id


async def test_a_group_leader_of_another_village_may_not_report_for_the_household(
    report, as_, world
):
    for person in (world.other_leader, world.other_officer, world.neighbour):
        response = await report(
            await as_(person), kind="help", text="替别人报", household_id=world.household.id
        )

        assert response.status_code == 422, person.name
        assert "household_id" in response.json()["fields"]
