"""What a visit turns up becomes a record in its own domain with one call: a case reported for
the household (routed like any report), or a booking already made; the link is kept both ways."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.governance import links
from jinghutong.models import Case, RecordType
from support.factories import join, make_household, make_person


async def _case_count(session) -> int:
    return int(await session.scalar(select(func.count()).select_from(Case)) or 0)


async def test_a_visit_finding_becomes_a_case_for_the_household(gov, phones, session):
    leader = gov.leader
    visit = await phones.visited(
        leader, household_ids=[gov.h1.id, gov.h2.id], topics=["hazard"], text="两户门前排水沟堵了"
    )
    path = f"/visits/{visit['id']}/findings"
    photo = await phones.photo(leader)

    help_ = {"kind": "case", "case": {"kind": "help", "text": "x"}}
    several = await phones.post(leader, path, help_)
    assert several.status_code == 422
    assert several.json()["error"] == "NeedHousehold"
    assert await _case_count(session) == 0

    made = await phones.post(
        leader,
        path,
        {
            "kind": "case",
            "case": {
                "kind": "help",
                "text": "叶春生家门前排水沟堵了，下雨进水",
                "media_ids": [photo],
                "household_id": gov.h2.id,
            },
        },
        key="finding-case-1",
    )

    assert made.status_code == 201, made.text
    [finding] = made.json()["findings"]
    assert finding["type"] == "case" and finding["direction"] == "to"
    assert finding["label"].startswith("求助 JA-")
    case = await session.get(Case, finding["id"])
    assert case is not None
    assert (case.household_id, case.reporter_id) == (gov.h2.id, leader.id)
    assert case.area_id == gov.tree.micro_grid.id and case.media_ids == [photo]
    # Read from the case's end, the link leads back to the visit.
    back = await links.linked(session, RecordType.case, case.id)
    assert [(x.type, x.id, x.direction) for x in back] == [("visit", visit["id"], "from")]
    # The village police opens the case from the visit.
    opened = await phones.get(gov.village_police, f"/cases/{case.id}")
    assert opened.status_code == 200, opened.text
    # A retry on a weak network is the same finding, not a second case.
    again = await phones.post(
        leader,
        path,
        {
            "kind": "case",
            "case": {
                "kind": "help",
                "text": "叶春生家门前排水沟堵了，下雨进水",
                "media_ids": [photo],
                "household_id": gov.h2.id,
            },
        },
        key="finding-case-1",
    )
    assert again.status_code == 201 and again.json()["findings"] == [finding]
    assert await _case_count(session) == 1


async def test_a_single_household_visit_needs_no_household_named(gov, phones, session):
    visit = await phones.visited(gov.village_police, household_ids=[gov.h1.id])
    made = await phones.post(
        gov.village_police,
        f"/visits/{visit['id']}/findings",
        {"kind": "case", "case": {"kind": "clue", "text": "有陌生人上门推销净水器"}},
    )
    assert made.status_code == 201, made.text
    case = await session.get(Case, made.json()["findings"][0]["id"])
    assert case is not None and case.household_id == gov.h1.id and case.kind == "clue"


async def test_bad_findings_are_refused_and_write_nothing(gov, phones, session):
    leader = gov.leader
    visit = await phones.visited(leader, household_ids=[gov.h1.id])
    walk = await phones.visited(leader, area_id=gov.tree.micro_grid.id, topics=["prevention"])
    path = f"/visits/{visit['id']}/findings"
    theirs = await phones.photo(gov.village_police)

    cases = [
        ({"kind": "case", "case": {"kind": "help", "text": "x", "media_ids": [theirs]}}, 422),
        ({"kind": "case", "case": {"kind": "alarm", "text": "有人打架"}}, 422),
        ({"kind": "case", "case": {"kind": "help"}}, 422),  # nothing said
        ({"kind": "case", "case": {"kind": "help", "text": "x", "household_id": gov.h2.id}}, 422),
        ({"kind": "hazard", "case": {"kind": "help", "text": "x"}}, 422),
        ({"kind": "appointment"}, 422),
        ({"kind": "appointment", "appointment_id": "01NOSUCHAPPOINTMENT0000000"}, 422),
    ]
    for body, status in cases:
        response = await phones.post(leader, path, body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["detail"]
    # A walk round a place, without a position: nowhere to send a report.
    help_ = {"kind": "case", "case": {"kind": "help", "text": "x"}}
    nowhere = await phones.post(leader, f"/visits/{walk['id']}/findings", help_)
    assert nowhere.status_code == 422 and nowhere.json()["error"] == "NeedHousehold"
    assert await _case_count(session) == 0
    # Someone else's visit: not found, whatever the body.
    response = await phones.post(
        gov.other_police, path, {"kind": "case", "case": {"kind": "help", "text": "x"}}
    )
    assert response.status_code == 404 and response.json()["error"] == "VisitNotFound"
    seen = await phones.ok(leader, f"/visits/{visit['id']}")
    assert seen["findings"] == [] and [e["action"] for e in seen["events"]] == ["recorded"]


async def test_a_booking_is_linked_once_and_only_one_the_caller_may_see(gov, phones, session):
    stranger_home = await make_household(session, gov.tree.other_micro_grid, "桐坑源村9号", "汪某")
    stranger = await make_person(session, "汪阿婆", openid="o-wang")
    await join(session, stranger, stranger_home)
    service = (await phones.ok(stranger, "/appointment-services"))["items"]
    home_visit = next(s for s in service if s["code"] == "id_card_home")
    theirs = await phones.post(
        stranger, "/appointments", {"service_id": home_visit["id"], "reason": "腿脚不便"}
    )
    assert theirs.status_code == 201, theirs.text
    mine = await phones.post(
        gov.village_police,
        "/appointments",
        {
            "service_id": home_visit["id"],
            "person_id": gov.villager.id,
            "household_id": gov.h1.id,
            "reason": "走访得知需上门办证",
        },
    )
    assert mine.status_code == 201, mine.text
    visit = await phones.visited(gov.village_police, household_ids=[gov.h1.id], topics=["errand"])
    path = f"/visits/{visit['id']}/findings"

    other = await phones.post(
        gov.village_police, path, {"kind": "appointment", "appointment_id": theirs.json()["id"]}
    )
    assert other.status_code == 422 and other.json()["fields"] == {
        "appointment_id": "找不到这条预约，或您无权查看"
    }
    first = await phones.post(
        gov.village_police, path, {"kind": "appointment", "appointment_id": mine.json()["id"]}
    )
    assert first.status_code == 201, first.text
    twice = await phones.post(
        gov.village_police, path, {"kind": "appointment", "appointment_id": mine.json()["id"]}
    )
    assert twice.status_code == 409 and twice.json()["error"] == "AlreadyLinked"
    # The 联户长 of the micro-grid sees the visit, but not the booking: it is left out.
    seen = await phones.ok(gov.leader, f"/visits/{visit['id']}")
    assert seen["findings"] == []
