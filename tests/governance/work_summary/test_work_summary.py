"""村警 五件事: a month's work counted per 村警 — the cases they handled, the bookings they made
for villagers, the disputes they mediated and settled, the visits and 社情民意 they recorded,
the bulletins they published — for the chief over all, an officer over their villages, a 村警
over themself. Months are Beijing calendar months."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from jinghutong.core import clock
from jinghutong.models import (
    Appointment,
    AppointmentService,
    Bulletin,
    Case,
    CaseEvent,
    Dispute,
    MediationSession,
    Role,
    SentimentItem,
    Visit,
)
from support.factories import grant, make_person
from support.roster import API

BJ = ZoneInfo("Asia/Shanghai")
NOV = datetime(2026, 11, 15, 10, tzinfo=BJ)
# Just inside November in Beijing, though still 31 October in UTC; and just outside.
FIRST_MINUTE = datetime(2026, 11, 1, 0, 10, tzinfo=BJ)
LAST_OCTOBER = datetime(2026, 10, 31, 23, 50, tzinfo=BJ)
DECEMBER = datetime(2026, 12, 1, 0, 0, tzinfo=BJ)


class Arrange:
    """Rows as the other domains write them, straight into the tables the summary reads."""

    def __init__(self, session, gov) -> None:
        self.s = session
        self.gov = gov
        self.n = 0

    async def add(self, row):
        self.s.add(row)
        await self.s.flush()
        return row

    def _number(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-20261115-{self.n:04d}"

    async def case_events(self, actor, *types_at: tuple[str, datetime]) -> Case:
        g = self.gov
        case = await self.add(
            Case(number=self._number("JA"), kind="alarm", reporter_id=g.villager.id,
                 area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path)
        )  # fmt: skip
        for seq, (kind, at) in enumerate(types_at, 1):
            await self.add(
                CaseEvent(case_id=case.id, seq=seq, actor_id=actor.id, actor_kind="person",
                          type=kind, prev_hash="0" * 64, hash=f"{seq:064d}", created_at=at)
            )  # fmt: skip
        return case

    async def booking(self, booked_by, person, at: datetime, status: str = "requested"):
        service = await self.add(
            AppointmentService(code=f"svc-{self._number('S')}", name="上门服务", home_visit=True)
        )
        await self.add(
            Appointment(service_id=service.id, person_id=person.id, booked_by_id=booked_by.id,
                        area_path=self.gov.h1.area_path, status=status, home_visit=True,
                        created_at=at)
        )  # fmt: skip

    async def dispute(self, *, assignee=None, settled_at: datetime | None = None) -> Dispute:
        g = self.gov
        return await self.add(
            Dispute(number=self._number("JF"), category="land", summary="地界纠纷",
                    area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                    reporter_id=g.leader.id, assignee_id=assignee.id if assignee else None,
                    settled_at=settled_at, status="settled" if settled_at else "assigned")
        )  # fmt: skip

    async def mediation(self, dispute: Dispute, recorder, at: datetime) -> None:
        await self.add(
            MediationSession(dispute_id=dispute.id, recorder_id=recorder.id, held_at=at,
                             mediators=recorder.name, summary="双方到场，现场查看地界")
        )  # fmt: skip

    async def visit(self, visitor, at: datetime) -> None:
        g = self.gov
        await self.add(
            Visit(area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                  visitor_id=visitor.id, visitor_role="village_police", visited_at=at)
        )  # fmt: skip

    async def sentiment(self, recorder, at: datetime) -> None:
        g = self.gov
        await self.add(
            SentimentItem(area_id=g.tree.village.id, area_path=g.tree.village.path,
                          village_id=g.tree.village.id, recorder_id=recorder.id,
                          category="appeal", created_at=at)
        )  # fmt: skip

    async def bulletin(self, author, status: str, at: datetime | None) -> None:
        await self.add(
            Bulletin(category="anti_fraud", title="防诈骗提醒", body="不要轻信陌生来电",
                     reach_path=self.gov.tree.village.path, author_id=author.id, status=status,
                     published_at=at)
        )  # fmt: skip


async def _november_of_the_village_police(session, gov) -> None:
    a = Arrange(session, gov)
    police, other = gov.village_police, gov.other_police
    # 警情: one case accepted and fed back (counts once), one resolved, one only commented,
    # one accepted in October; the other village's 村警 accepted one.
    await a.case_events(police, ("accepted", NOV), ("feedback", NOV + timedelta(hours=1)))
    await a.case_events(police, ("resolved", FIRST_MINUTE))
    await a.case_events(police, ("comment", NOV))
    await a.case_events(police, ("accepted", LAST_OCTOBER))
    await a.case_events(other, ("accepted", NOV))
    # 代办: one home visit booked for the villager; one booked for themself; one cancelled.
    await a.booking(police, gov.villager, NOV)
    await a.booking(police, police, NOV)
    await a.booking(police, gov.villager, NOV, status="cancelled")
    await a.booking(police, gov.villager, DECEMBER)
    # 矛调: mediated and settled in November; handed over and settled without a session;
    # mediated in October and still open.
    boundary = await a.dispute(settled_at=NOV + timedelta(days=2))
    await a.mediation(boundary, police, NOV)
    await a.mediation(boundary, police, NOV + timedelta(days=1))
    await a.dispute(assignee=police, settled_at=NOV)
    await a.mediation(await a.dispute(), police, LAST_OCTOBER)
    # 信息: two visits and one 社情民意 in November, a visit in December.
    await a.visit(police, FIRST_MINUTE)
    await a.visit(police, NOV)
    await a.visit(police, DECEMBER)
    await a.sentiment(police, NOV)
    # 宣防: one sent, one still sending, a draft, one sent in October.
    await a.bulletin(police, "sent", NOV)
    await a.bulletin(police, "sending", NOV)
    await a.bulletin(police, "draft", None)
    await a.bulletin(police, "sent", LAST_OCTOBER)


def _things(item: dict) -> dict[str, tuple[int, dict[str, int]]]:
    return {
        t["key"]: (t["count"], {p["key"]: p["count"] for p in t["parts"]}) for t in item["things"]
    }


async def test_the_chief_reads_each_village_polices_november(client, session, gov, as_):
    await _november_of_the_village_police(session, gov)

    response = await client.get(f"{API}/work-summary?month=2026-11", headers=await as_("chief"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["month"] == "2026-11"
    assert body["starts_at"].startswith("2026-10-31T16:00:00")
    assert body["ends_at"].startswith("2026-11-30T16:00:00")
    by_person = {i["person"]["id"]: i for i in body["items"]}
    assert set(by_person) == {gov.village_police.id, gov.other_police.id}
    mine = by_person[gov.village_police.id]
    assert mine["villages"] == [{"id": gov.tree.village.id, "name": gov.tree.village.name}]
    assert _things(mine) == {
        "incidents": (2, {"cases": 2}),
        "errands": (1, {"errands": 1}),
        "mediation": (2, {"mediated": 1, "settled": 2}),
        "information": (3, {"visits": 2, "sentiment": 1}),
        "publicity": (2, {"bulletins": 2}),
    }
    assert mine["total"] == 10
    assert [t["name"] for t in mine["things"]] == [
        "警情一件事", "代办一件事", "矛调一件事", "信息一件事", "宣防一件事",
    ]  # fmt: skip
    theirs = _things(by_person[gov.other_police.id])
    assert theirs["incidents"] == (1, {"cases": 1})
    assert by_person[gov.other_police.id]["total"] == 1


async def test_october_and_december_count_what_happened_in_them(client, session, gov, as_):
    await _november_of_the_village_police(session, gov)
    police = await as_("police")

    october = (await client.get(f"{API}/work-summary?month=2026-10", headers=police)).json()
    december = (await client.get(f"{API}/work-summary?month=2026-12", headers=police)).json()

    (oct_item,) = october["items"]
    assert _things(oct_item)["incidents"] == (1, {"cases": 1})
    assert _things(oct_item)["mediation"] == (1, {"mediated": 1, "settled": 0})
    assert _things(oct_item)["publicity"] == (1, {"bulletins": 1})
    (dec_item,) = december["items"]
    assert _things(dec_item)["information"] == (1, {"visits": 1, "sentiment": 0})
    assert _things(dec_item)["errands"] == (1, {"errands": 1})


async def test_a_village_police_sees_only_themself(client, session, gov, as_):
    police = await as_("police")

    mine = await client.get(f"{API}/work-summary?month=2026-11", headers=police)
    theirs = await client.get(f"{API}/work-summary?person_id={gov.other_police.id}", headers=police)

    assert [i["person"]["id"] for i in mine.json()["items"]] == [gov.village_police.id]
    assert theirs.status_code == 404 and theirs.json()["error"] == "PoliceNotFound"


async def test_an_officer_sees_the_village_police_of_their_villages(client, session, gov, as_):
    officer = await as_("officer")

    listed = await client.get(f"{API}/work-summary", headers=officer)
    outside = await client.get(
        f"{API}/work-summary?person_id={gov.other_police.id}", headers=officer
    )
    one = await client.get(f"{API}/work-summary?person_id={gov.village_police.id}", headers=officer)
    not_police = await client.get(f"{API}/work-summary?person_id={gov.leader.id}", headers=officer)

    assert [i["person"]["id"] for i in listed.json()["items"]] == [gov.village_police.id]
    assert outside.status_code == 404
    assert one.status_code == 200 and len(one.json()["items"]) == 1
    assert not_police.status_code == 404


@pytest.mark.parametrize("who", ["leader", "villager"])
async def test_those_not_overseeing_village_police_are_refused(client, gov, as_, who):
    response = await client.get(f"{API}/work-summary", headers=await as_(who))
    assert response.status_code == 403 and response.json()["error"] == "NotAnOverseer"


@pytest.mark.parametrize(
    "query", ["month=2026-13", "month=11-2026", "month=2026-1", "month=1999-01", "limit=0",
              "limit=101", "cursor=***", f"person_id={'X' * 27}"],
)  # fmt: skip
async def test_bad_parameters_are_a_clear_422(client, gov, as_, query):
    response = await client.get(f"{API}/work-summary?{query}", headers=await as_("chief"))
    assert response.status_code == 422, response.text


async def test_without_a_month_it_is_this_beijing_month(client, gov, as_):
    today = clock.now().astimezone(BJ)
    response = await client.get(f"{API}/work-summary", headers=await as_("chief"))
    assert response.json()["month"] == today.strftime("%Y-%m")


async def test_the_chiefs_list_pages_and_costs_the_same_queries_for_more_police(
    client, session, engine, gov, as_
):
    chief = await as_("chief")
    first = (await client.get(f"{API}/work-summary?limit=1", headers=chief)).json()
    rest = (
        await client.get(f"{API}/work-summary?limit=1&cursor={first['next_cursor']}", headers=chief)
    ).json()
    assert len(first["items"]) == len(rest["items"]) == 1
    assert rest["next_cursor"] is None

    async def statements() -> int:
        seen: list[str] = []

        def count(_conn, _cursor, statement, *_args) -> None:
            seen.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            response = await client.get(f"{API}/work-summary", headers=chief)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(seen)

    two = await statements()
    for i in range(3):
        extra = await make_person(session, f"村警{i}", username=f"cj-extra-{i}")
        await grant(session, extra, Role.village_police, gov.tree.village)
    five = await statements()
    assert two >= 10  # the page, the villages and eight counts
    assert five == two


def test_the_month_window_is_beijing_midnight_to_midnight():
    from jinghutong.governance.work_summary.service import month_window

    assert month_window("2026-12") == (
        "2026-12",
        datetime(2026, 11, 30, 16, tzinfo=UTC),
        datetime(2026, 12, 31, 16, tzinfo=UTC),
    )
