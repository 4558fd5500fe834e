"""The round (各家各户串一串): a 联户长 visits two of her three households; the third is the
one nobody visited lately. A month on, all three are due again — the one never visited first."""

from __future__ import annotations

from datetime import timedelta

from support.factories import make_household


async def test_the_group_leaders_round_shows_who_nobody_visited(gov, phones, session):
    h4 = await make_household(session, gov.tree.micro_grid, "桃林村下坞4号", "叶金花")
    leader = gov.leader
    await phones.visited(leader, household_ids=[gov.h1.id], topics=["care"])
    phones.later(timedelta(hours=1))
    await phones.visited(leader, household_ids=[gov.h2.id], topics=["prevention"])
    path = f"/areas/{gov.tree.micro_grid.id}/unvisited"

    due = await phones.ok(leader, path)

    assert [i["household"]["id"] for i in due["items"]] == [h4.id]
    assert due["items"][0]["last_visited_at"] is None
    assert due["items"][0]["household"]["head_name"] == h4.head_name  # her own household
    assert due["days"] == 30 and due["area"]["name"] == "上坊村第1微网格"

    # 31 days later (she logs in again): all three are due; never visited first, then oldest.
    phones.later(timedelta(days=31))
    due = await phones.ok(leader, path)
    assert [i["household"]["id"] for i in due["items"]] == [h4.id, gov.h1.id, gov.h2.id]
    first_visit, second_visit = (i["last_visited_at"] for i in due["items"][1:])
    assert first_visit < second_visit
    # Asked for 40 days, only the one nobody ever visited.
    longer = await phones.ok(leader, path, days=40)
    assert [i["household"]["id"] for i in longer["items"]] == [h4.id]


async def test_the_round_pages_oldest_first_and_the_village_police_sees_the_village(
    gov, phones, session
):
    h4 = await make_household(session, gov.tree.micro_grid, "桃林村下坞4号", "叶金花")
    await phones.visited(gov.village_police, household_ids=[gov.h2.id])
    phones.later(timedelta(days=40))
    await phones.visited(gov.village_police, household_ids=[gov.h1.id])

    seen, cursor = [], None
    while True:
        page = await phones.ok(
            gov.village_police, f"/areas/{gov.tree.village.id}/unvisited", limit=1, cursor=cursor
        )
        seen += [(i["household"]["id"], i["household"]["head_name"]) for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # h1 was visited just now; h4 never; h2 forty days ago. The other village's h3 is not here.
    assert seen == [(h4.id, "叶金花"), (gov.h2.id, "叶春生")]  # staff see names whole


async def test_someone_outside_the_area_learns_nothing_of_its_round(gov, phones):
    path = f"/areas/{gov.tree.micro_grid.id}/unvisited"
    for person in (gov.other_police, gov.villager):
        response = await phones.get(person, path)
        assert response.status_code == 404, person.name
        assert response.json()["error"] == "AreaNotFound"
    assert (await phones.get(gov.leader, "/areas/nope/unvisited")).status_code == 404
    bad = await phones.get(gov.leader, path, days=0)
    assert bad.status_code == 422
    bad = await phones.get(gov.leader, path, cursor="not-a-cursor!")
    assert bad.status_code == 422
