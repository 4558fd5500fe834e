"""Who sees which visits: a 联户长 her micro-grid's, a 村警 his village's, officers their
villages', the chief the station's; a household's page shows every visit to it. Nobody else
learns a visit exists (404); the household's 联户长 and staff read the head's name whole, as in
the register."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from jinghutong.core import clock
from jinghutong.models import RoleGrant


async def test_each_sees_the_visits_of_their_area(gov, phones):
    by_leader = await phones.visited(gov.leader, household_ids=[gov.h1.id], topics=["care"])
    by_police = await phones.visited(gov.village_police, household_ids=[gov.h2.id])
    walk = await phones.visited(gov.village_police, area_id=gov.tree.village.id)
    elsewhere = await phones.visited(gov.other_police, household_ids=[gov.h3.id])

    async def listed(person, **params) -> list[str]:
        return [v["id"] for v in (await phones.ok(person, "/visits", **params))["items"]]

    # Newest first. The village-wide walk is not the micro-grid's: the 联户长 does not see it.
    assert await listed(gov.leader) == [by_police["id"], by_leader["id"]]
    village = [walk["id"], by_police["id"], by_leader["id"]]
    assert await listed(gov.village_police) == village
    assert await listed(gov.officer) == village
    assert await listed(gov.chief) == [elsewhere["id"], *village]
    assert await listed(gov.other_police) == [elsewhere["id"]]
    assert await listed(gov.village_police, mine="true") == [walk["id"], by_police["id"]]
    assert await listed(gov.chief, area_id=gov.tree.other_village.id) == [elsewhere["id"]]
    assert await listed(gov.leader, household_id=gov.h1.id) == [by_leader["id"]]

    for person in (gov.other_police, gov.villager):
        response = await phones.get(person, f"/visits/{by_leader['id']}")
        assert response.status_code == 404, person.name
        assert response.json()["error"] == "VisitNotFound"
    assert (await phones.get(gov.leader, f"/visits/{walk['id']}")).status_code == 404
    assert (await phones.get(gov.leader, "/visits", household_id=gov.h3.id)).status_code == 404
    other_area = await phones.get(gov.leader, "/visits", area_id=gov.tree.other_village.id)
    assert other_area.status_code == 404 and other_area.json()["error"] == "AreaNotFound"


async def test_the_households_leader_and_staff_read_the_heads_name_as_the_register_does(
    gov, phones
):
    visit = await phones.visited(gov.village_police, household_ids=[gov.h1.id, gov.h2.id])

    as_leader = await phones.ok(gov.leader, f"/visits/{visit['id']}")
    as_police = await phones.ok(gov.village_police, f"/visits/{visit['id']}")

    assert [h["head_name"] for h in as_leader["households"]] == ["叶土根", "叶春生"]
    assert [h["head_name"] for h in as_police["households"]] == ["叶土根", "叶春生"]
    assert as_leader["visitor"]["name"] == "方建军"
    assert as_leader["visitor_role_name"] == "村警"
    assert as_leader["can_add_findings"] is True


async def test_the_list_pages_and_filters_by_time(gov, phones):
    ids = []
    for hours in (30, 20, 10):
        at = clock.now() - timedelta(hours=hours)
        visit = await phones.visited(
            gov.leader, household_ids=[gov.h1.id], visited_at=at.isoformat()
        )
        ids.append(visit["id"])

    pages, cursor = [], None
    while True:
        page = await phones.ok(gov.leader, "/visits", limit=2, cursor=cursor)
        pages.append([v["id"] for v in page["items"]])
        if not (cursor := page["next_cursor"]):
            break
    assert pages == [[ids[2], ids[1]], [ids[0]]]

    since = (clock.now() - timedelta(hours=25)).isoformat()
    until = (clock.now() - timedelta(hours=15)).isoformat()
    window = await phones.ok(gov.leader, "/visits", **{"from": since, "to": until})
    assert [v["id"] for v in window["items"]] == [ids[1]]
    bad = await phones.get(gov.leader, "/visits", cursor="AAAA")
    assert bad.status_code == 422 and bad.json()["error"] == "BadCursor"


async def test_the_visits_photos_follow_the_visit(gov, phones, client):
    photo = await phones.photo(gov.leader)
    visit = await phones.visited(gov.leader, household_ids=[gov.h1.id], media_ids=[photo])
    [media] = (await phones.ok(gov.village_police, f"/visits/{visit['id']}"))["media"]
    assert media["id"] == photo and media["url"]

    seen = await client.get(f"/api/v1/media/{photo}", headers=await phones.as_(gov.village_police))
    assert seen.status_code in (200, 307)
    hidden = await client.get(f"/api/v1/media/{photo}", headers=await phones.as_(gov.other_police))
    assert hidden.status_code == 404


async def test_the_topics_picker_lists_every_topic_with_its_name(client):
    topics = (await client.get("/api/v1/visits/topics")).json()["items"]
    assert topics[0] == {"code": "basic_info", "name": "基础信息采集"}
    assert [t["name"] for t in topics][-1] == "其他" and len(topics) == 9


async def test_a_visitor_whose_grant_moved_away_reads_the_head_masked(gov, phones, session):
    visit = await phones.visited(gov.leader, household_ids=[gov.h1.id])
    await session.execute(delete(RoleGrant).where(RoleGrant.person_id == gov.leader.id))
    await session.flush()

    still_hers = await phones.ok(gov.leader, f"/visits/{visit['id']}")

    assert [h["head_name"] for h in still_hers["households"]] == ["叶**"]
