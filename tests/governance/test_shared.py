"""What the governance records share: the hash-chained trail, numbers, links read from either
end, and who holds which role over a place."""

from __future__ import annotations

from jinghutong.governance import access, links, numbers, trail
from jinghutong.models import Role


async def test_the_trail_chains_its_events_and_shows_an_edit(session, gov):
    await trail.append(session, "hazard", "H1", gov.leader.id, "reported", {"grade": "severe"})
    await trail.append(session, "hazard", "H1", gov.village_police.id, "notified")
    await trail.append(session, "hazard", "H2", gov.leader.id, "reported")
    chain = await trail.events(session, "hazard", "H1")

    assert [e.seq for e in chain] == [1, 2]
    assert chain[1].prev_hash == chain[0].hash
    assert trail.verify(chain)
    chain[0].detail = {"grade": "general"}  # someone edits the record of what was said
    assert not trail.verify(chain)
    assert not trail.verify(chain[1:])  # or removes the first event


async def test_numbers_count_per_prefix_and_day(session):
    first = await numbers.next_number(session, "YH")
    second = await numbers.next_number(session, "YH")
    other = await numbers.next_number(session, "JF")

    assert first.startswith("YH-") and first.endswith("-0001")
    assert second.endswith("-0002")
    assert other.startswith("JF-") and other.endswith("-0001")


async def test_a_link_is_read_from_either_end(session, gov):
    await links.link(session, ("visit", "V1"), ("hazard", "H1"), gov.leader.id)
    await links.link(session, ("case", "C1"), ("hazard", "H1"), None)
    await session.flush()

    from_visit = await links.linked(session, "visit", "V1")
    to_hazard = await links.linked(session, "hazard", "H1")

    assert [(x.type, x.id, x.direction) for x in from_visit] == [("hazard", "H1", "to")]
    assert {(x.type, x.id, x.direction) for x in to_hazard} == {
        ("visit", "V1", "from"),
        ("case", "C1", "from"),
    }


async def test_roles_over_a_place_most_responsible_first(session, gov):
    path = gov.h1.area_path
    assert await access.roles_over(session, gov.leader.id, path) == [Role.group_leader]
    assert await access.roles_over(session, gov.village_police.id, path) == [Role.village_police]
    assert await access.roles_over(session, gov.other_police.id, path) == []
    village = await access.village_of(session, path)
    assert village is not None and village.id == gov.tree.village.id
