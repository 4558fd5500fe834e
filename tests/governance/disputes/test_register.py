"""The register as each person sees it: a 联户长 her micro-grid's, a 村警 the village's, the
chief everything, anyone what is handed to them; filters and pages; the photos go with the
dispute; a visit's finding or a villager's report becomes a dispute with the link kept both
ways."""

from __future__ import annotations

from jinghutong.governance import links
from support.disputes import boundary_quarrel
from support.governance import deadline, visit


async def test_each_sees_the_disputes_of_their_area(jf, gov):
    ours = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    village = await jf.recorded(
        gov.village_police, **boundary_quarrel(gov, area_id=gov.tree.village.id, category="family")
    )
    theirs = await jf.recorded(
        gov.other_police,
        **boundary_quarrel(gov, area_id=gov.tree.other_village.id, parties=[{"name": "方有才"}]),
    )

    def ids(items):
        return [d["id"] for d in items]

    assert ids(await jf.listed(gov.leader)) == [ours["id"]]
    assert ids(await jf.listed(gov.village_police)) == [village["id"], ours["id"]]
    assert ids(await jf.listed(gov.chief)) == [theirs["id"], village["id"], ours["id"]]
    assert ids(await jf.listed(gov.other_police)) == [theirs["id"]]
    assert (await jf.get(gov.leader, village["id"])).status_code == 404

    # The chief hands the village's one to the township's centre: the filters find it.
    await jf.done(gov.chief, village["id"], "assign", assignee_unit="镇综治中心", **deadline())
    assert ids(await jf.listed(gov.chief, level="township")) == [village["id"]]
    assert ids(await jf.listed(gov.chief, category="land")) == [theirs["id"], ours["id"]]
    assert ids(await jf.listed(gov.chief, status="assigned")) == [village["id"]]
    assert ids(await jf.listed(gov.chief, area_id=gov.tree.micro_grid.id)) == [ours["id"]]
    [item] = await jf.listed(gov.village_police, status="assigned")
    assert (item["assignee"]["kind"], item["assignee"]["name"], item["level_name"]) == (
        "unit",
        "镇综治中心",
        "镇",
    )


async def test_an_area_outside_one_s_scope_is_404_and_pages_follow_the_cursor(jf, gov, client):
    made = [(await jf.recorded(gov.leader, **boundary_quarrel(gov)))["id"] for _ in range(3)]

    outside = await client.get(
        "/api/v1/disputes",
        params={"area_id": gov.tree.other_village.id},
        headers=await jf.as_(gov.leader),
    )
    assert outside.status_code == 404
    first = await client.get(
        "/api/v1/disputes", params={"limit": 2}, headers=await jf.as_(gov.leader)
    )
    page = first.json()
    assert [d["id"] for d in page["items"]] == made[::-1][:2]
    second = await client.get(
        "/api/v1/disputes",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=await jf.as_(gov.leader),
    )
    assert [d["id"] for d in second.json()["items"]] == made[:1]
    assert second.json()["next_cursor"] is None
    bad = await client.get(
        "/api/v1/disputes", params={"level": "county"}, headers=await jf.as_(gov.leader)
    )
    assert bad.status_code == 422


async def test_the_photos_go_with_the_dispute(jf, gov, client):
    photo = await jf.photo(gov.leader)
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov, media_ids=[photo]))

    for person, status in (
        (gov.officer, 307),
        (gov.village_police, 307),
        (gov.other_police, 404),
        (gov.villager, 404),
    ):
        seen = await client.get(f"/api/v1/media/{photo}", headers=await jf.as_(person))
        assert seen.status_code == status, (person.name, seen.text)
    assert dispute["media"][0]["url"] and dispute["media"][0]["stage"] == "recorded"


async def test_a_visit_s_finding_becomes_a_dispute_linked_both_ways(jf, gov, session):
    round_ = await visit(session, gov, gov.leader)

    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov, visit_id=round_.id))

    assert [(x["type"], x["id"], x["direction"]) for x in dispute["links"]] == [
        ("visit", round_.id, "from")
    ]
    assert dispute["links"][0]["label"].endswith("走访")
    assert [x.id for x in await links.linked(session, "visit", round_.id)] == [dispute["id"]]
    someone_elses = await jf.record(
        gov.other_police,
        **boundary_quarrel(
            gov, area_id=gov.tree.other_village.id, parties=[{"name": "方有才"}], visit_id=round_.id
        ),
    )
    assert someone_elses.status_code == 422 and set(someone_elses.json()["fields"]) == {"visit_id"}
