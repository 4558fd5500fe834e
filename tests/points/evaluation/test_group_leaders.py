"""联户长 yearly: for the chief and the officers, per 联户长 of an area, the year's dispatches
taken and fed back, visits, hazards found, disputes recorded and settled in their micro-grid,
points earned and the mean rating — a read-only table (no confirmation, no appeal)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jinghutong.core.ids import new_id
from jinghutong.models import Case, CaseEvent, Dispute, Hazard, PointsEntry, Role
from support.evaluation import API, BJ, MonthOfWork, beijing
from support.factories import grant, make_person

LEADERS = f"{API}/evaluations/group-leaders"


class Year:
    def __init__(self, session, gov) -> None:
        self.s, self.gov, self.n = session, gov, 0
        self.year = beijing().year
        self.month = MonthOfWork(session, gov, datetime(self.year, 1, 1, tzinfo=BJ))

    def at(self, month: int, day: int = 10) -> datetime:
        return datetime(self.year, month, day, 10, tzinfo=BJ)

    async def add(self, row):
        self.s.add(row)
        await self.s.flush()
        return row

    def number(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.year}0101-{self.n:04d}"

    async def case(self, leader, *, origin: str, events: tuple[str, ...], at, rating=None):
        g = self.gov
        case = await self.add(
            Case(number=self.number("JA"), kind="dispute", origin=origin,
                 reporter_id=g.villager.id, area_id=g.tree.micro_grid.id,
                 area_path=g.tree.micro_grid.path, status="resolved", rating=rating)
        )  # fmt: skip
        for seq, kind in enumerate(events, 1):
            await self.add(
                CaseEvent(case_id=case.id, seq=seq, actor_id=leader.id, actor_kind="person",
                          type=kind, payload={}, prev_hash="0" * 64, hash=f"{seq:064d}",
                          created_at=at + timedelta(minutes=seq))
            )  # fmt: skip

    async def dispute(self, area, at, settled_at=None):
        await self.add(
            Dispute(number=self.number("JF"), category="family", summary="家庭纠纷",
                    area_id=area.id, area_path=area.path, reporter_id=self.gov.leader.id,
                    status="settled" if settled_at else "open", created_at=at,
                    settled_at=settled_at)
        )  # fmt: skip

    async def points(self, person, kind: str, points: int, at) -> None:
        await self.add(
            PointsEntry(person_id=person.id, area_path=self.gov.tree.micro_grid.path,
                        event_kind=kind, points=points, award_key=f"test:{new_id()}",
                        source_type="test", source_id=new_id(), reason="测试", created_at=at)
        )  # fmt: skip


async def _arrange(session, gov):
    y = Year(session, gov)
    leader, tree = gov.leader, gov.tree
    await y.case(leader, origin="dispatch", events=("accepted", "arrived", "feedback"),
                 at=y.at(3), rating=5)  # fmt: skip
    await y.case(leader, origin="dispatch", events=("accepted",), at=y.at(4), rating=4)
    await y.case(leader, origin="report", events=("accepted", "feedback"), at=y.at(5))
    await y.month.visit(leader, y.at(2))
    await y.month.visit(leader, y.at(6))
    await y.month.visit(leader, datetime(y.year - 1, 12, 31, 10, tzinfo=BJ))  # last year
    await y.add(
        Hazard(number=y.number("YH"), kind="housing", title="危房", area_id=tree.micro_grid.id,
               area_path=tree.micro_grid.path, reporter_id=leader.id, created_at=y.at(7))
    )  # fmt: skip
    await y.dispute(tree.micro_grid, y.at(3), settled_at=y.at(3, 12))
    await y.dispute(tree.micro_grid, y.at(8))
    await y.dispute(tree.other_micro_grid, y.at(8), settled_at=y.at(8, 12))
    await y.points(leader, "dispatch_feedback", 20, y.at(3))
    await y.points(leader, "visit_recorded", 2, y.at(6))
    await y.points(leader, "redemption", -10, y.at(9))
    other = await make_person(session, "方有才", openid="o-other-leader")
    await grant(session, other, Role.group_leader, tree.other_micro_grid)
    return other


async def test_the_chief_reads_each_group_leaders_year(client, session, gov, as_):
    other = await _arrange(session, gov)

    response = await client.get(
        LEADERS, params={"area_id": gov.tree.village.id}, headers=await as_(gov.chief)
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["year"], body["area"]["id"]) == (beijing().year, gov.tree.village.id)
    assert "不需确认" in body["note"]
    [row] = body["items"]
    assert row["person"] == {"id": gov.leader.id, "name": gov.leader.name}
    assert row["micro_grids"] == [{"id": gov.tree.micro_grid.id, "name": gov.tree.micro_grid.name}]
    counts = {k: v for k, v in row.items() if k not in ("person", "micro_grids")}
    assert counts == {
        "dispatches_fed_back": 1,
        "visits": 2,
        "hazards_found": 1,
        "disputes_recorded": 2,
        "disputes_settled": 1,
        "points_earned": 22,
        "rated_cases": 2,
        "mean_rating": 4.5,
    }
    station = (await client.get(LEADERS, headers=await as_(gov.chief))).json()
    assert {r["person"]["id"] for r in station["items"]} == {gov.leader.id, other.id}
    theirs = next(r for r in station["items"] if r["person"]["id"] == other.id)
    assert (theirs["disputes_recorded"], theirs["disputes_settled"], theirs["mean_rating"]) == (
        1,
        1,
        None,
    )
    last_year = (
        await client.get(LEADERS, params={"year": beijing().year - 1}, headers=await as_(gov.chief))
    ).json()
    assert {r["person"]["id"]: r["visits"] for r in last_year["items"]}[gov.leader.id] == 1


async def test_who_reads_the_table(client, session, gov, as_):
    await _arrange(session, gov)
    officer = await as_(gov.officer)

    own = await client.get(LEADERS, headers=officer)
    station = await client.get(LEADERS, params={"area_id": gov.tree.station.id}, headers=officer)
    missing = await client.get(LEADERS, params={"area_id": "X" * 26}, headers=officer)

    assert own.status_code == 200 and [r["person"]["id"] for r in own.json()["items"]] == [
        gov.leader.id
    ]
    assert station.status_code == 404 and station.json()["error"] == "LeaderAreaNotFound"
    assert missing.status_code == 404
    for who in (gov.village_police, gov.leader, gov.villager):
        refused = await client.get(LEADERS, headers=await as_(who))
        assert refused.status_code == 403, refused.text


async def test_the_table_pages(client, session, gov, as_):
    await _arrange(session, gov)
    chief = await as_(gov.chief)
    first = (await client.get(LEADERS, params={"limit": 1}, headers=chief)).json()
    rest = (
        await client.get(
            LEADERS, params={"limit": 1, "cursor": first["next_cursor"]}, headers=chief
        )
    ).json()
    assert len(first["items"]) == len(rest["items"]) == 1
    assert first["items"][0]["person"]["id"] != rest["items"][0]["person"]["id"]
    assert rest["next_cursor"] is None


@pytest.mark.parametrize("query", ["year=1999", "year=2100", "year=abc", "limit=0", "cursor=***"])
async def test_bad_parameters_are_a_422(client, gov, as_, query):
    response = await client.get(f"{LEADERS}?{query}", headers=await as_(gov.chief))
    assert response.status_code == 422, response.text
