"""余奶奶's ID card (18 June): on a visit the 孙家畈 村警 learns that an old woman with a broken
arm, bedridden, has lost her ID card. He records the visit (voice first, a photo), books a home
visit for her with the household-registration service on her behalf, and links the booking to
the visit. The visit shows the booking; the booking is hers and the officer's to schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.governance import trail
from jinghutong.models import AppointmentService, RecordType
from support.factories import join, make_household, make_person
from support.visits import told


async def test_a_visit_to_yu_nainai_turns_into_a_home_visit_booking(gov, phones, session, client):
    # 18 June 2024, 09:30 in 孙家畈 (01:30 UTC).
    clock.advance(datetime(2024, 6, 18, 1, 30, tzinfo=UTC) - clock.now())
    home = await make_household(session, gov.tree.micro_grid, "孙家畈村下坞8号", "余秀英")
    grandma = await make_person(session, "余秀英", openid="o-yu-nainai")
    await join(session, grandma, home)
    police = gov.village_police
    voice = await phones.voice(police)
    photo = await phones.photo(police)

    recorded = await phones.visit(
        police,
        key="visit-yu-1",
        household_ids=[home.id],
        topics=["errand", "care"],
        met="余奶奶本人",
        text="右臂骨折卧床，身份证丢了，去不了镇上补办",
        media_ids=[voice, photo],
        follow_up="联系户籍民警上门办理身份证",
    )

    assert recorded.status_code == 201, recorded.text
    visit = recorded.json()
    assert visit["visitor"] == {"id": police.id, "name": "方建军"}
    assert (visit["visitor_role"], visit["visitor_role_name"]) == ("village_police", "村警")
    assert visit["topic_names"] == ["代办服务", "关爱帮扶"]
    assert visit["visited_at"].startswith("2024-06-18T01:30")
    assert [h["address"] for h in visit["households"]] == ["孙家畈村下坞8号"]
    assert visit["households"][0]["head_name"] == "余秀英"  # staff see the name whole
    assert [m["id"] for m in visit["media"]] == [voice, photo]  # voice first
    assert visit["area"]["id"] == gov.tree.micro_grid.id

    # He books the home visit for her (代办), as the appointments API lets a 村警 do.
    service_id = await session.scalar(
        select(AppointmentService.id).where(AppointmentService.code == "id_card_home")
    )
    booked = await phones.post(
        police,
        "/appointments",
        {
            "service_id": service_id,
            "person_id": grandma.id,
            "household_id": home.id,
            "reason": "走访得知老人骨折卧床，身份证遗失",
        },
        key="booking-yu-1",
    )
    assert booked.status_code == 201, booked.text
    booking = booked.json()
    assert booking["on_behalf"] is True and booking["status"] == "requested"

    linked = await phones.post(
        police,
        f"/visits/{visit['id']}/findings",
        {"kind": "appointment", "appointment_id": booking["id"]},
        key="finding-yu-1",
    )

    assert linked.status_code == 201, linked.text
    [finding] = linked.json()["findings"]
    assert (finding["type"], finding["id"], finding["direction"]) == (
        "appointment",
        booking["id"],
        "to",
    )
    assert finding["label"] == f"预约：{booking['service']['name']}"
    assert finding["status_name"] == "待安排"
    assert [e["action"] for e in linked.json()["events"]] == ["recorded", "finding_added"]

    # The officer the request went to schedules it; the visit shows the booking's progress.
    assert booking["assignee"]["id"] == gov.officer.id
    assert len(await told(session, gov.officer, "appointment.home_visit")) == 1
    at = clock.now() + timedelta(days=2)
    confirmed = await phones.post(
        gov.officer, f"/appointments/{booking['id']}/confirm", {"scheduled_at": at.isoformat()}
    )
    assert confirmed.status_code == 200, confirmed.text
    seen = await phones.ok(police, f"/visits/{visit['id']}")
    assert seen["findings"][0]["status_name"] == "已确认"

    # The booking's record is there: hers to see, made on her behalf.
    hers = await phones.ok(grandma, f"/appointments/{booking['id']}")
    assert hers["booked_by"]["id"] == police.id and hers["on_behalf"] is True
    # Her household's page lists the visit.
    page = await phones.ok(police, "/visits", household_id=home.id)
    assert [v["id"] for v in page["items"]] == [visit["id"]]
    # The visit's trail is an unbroken chain.
    assert trail.verify(await trail.events(session, RecordType.visit, visit["id"]))
