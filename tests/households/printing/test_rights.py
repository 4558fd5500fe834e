"""Who may print: staff over the area, a 联户长 for their own micro-grid; everyone else 404."""

from __future__ import annotations

from jinghutong.models import Role
from support.factories import grant, make_person


async def test_a_leader_prints_their_own_door_plates_but_not_the_village_or_the_neighbours(
    village, fetch
):
    tree = village.tree
    own = await fetch(village.leader, f"/areas/{tree.micro_grid.id}/household-codes.pdf")
    whole = await fetch(village.leader, f"/areas/{tree.village.id}/household-codes.pdf")
    other = await fetch(village.leader, f"/areas/{tree.other_micro_grid.id}/household-codes.pdf")

    assert own.status_code == 200
    assert whole.status_code == 404
    assert other.status_code == 404


async def test_a_villager_prints_nothing(village, fetch):
    tree = village.tree
    for path in (
        f"/areas/{tree.micro_grid.id}/household-codes.pdf",
        f"/areas/{tree.micro_grid.id}/signboard.pdf",
        f"/areas/{tree.village.id}/watch-map.pdf",
    ):
        response = await fetch(village.villager, path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "NotFound"


async def test_an_officer_of_another_village_gets_404_and_the_station_chief_gets_the_sheet(
    village, fetch, session
):
    tree = village.tree
    stranger = await make_person(session, "外村民警", username="mj99")
    await grant(session, stranger, Role.area_officer, tree.other_village)
    chief = await make_person(session, "所长", username="chief")
    await grant(session, chief, Role.chief, tree.station)

    path = f"/areas/{tree.micro_grid.id}/household-codes.pdf"
    assert (await fetch(stranger, path)).status_code == 404
    assert (await fetch(chief, path)).status_code == 200


async def test_door_plates_are_printed_for_a_village_or_a_micro_grid_only(village, fetch):
    response = await fetch(village.officer, f"/areas/{village.tree.grid.id}/household-codes.pdf")

    assert response.status_code == 422
    assert response.json()["detail"] == "户码门牌只能按行政村或微网格打印"


async def test_unknown_areas_and_missing_tokens(village, fetch):
    assert (await fetch(village.officer, "/areas/NO-SUCH-AREA/signboard.pdf")).status_code == 404
    missing = await fetch(None, f"/areas/{village.tree.micro_grid.id}/signboard.pdf")
    assert missing.status_code == 401
