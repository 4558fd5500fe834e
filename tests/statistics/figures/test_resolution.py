"""The resolution figures of 2024: where disputes and cases ended ("小事不出联户网格、大事不出镇"),
response times p50/p90 by village (PostgreSQL's percentile_cont and the Python stand-in give
the same numbers), escalations, 所长直通车 letters answered in time, bulletin reach and reads."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import count

import pytest

from jinghutong.core import clock
from jinghutong.models import Bulletin, Case, CaseEvent, Delivery, Dispute, Petition
from jinghutong.statistics.figures.periods import Period
from jinghutong.statistics.figures.resolution_repository import ResolutionRepository
from support.factories import make_person
from support.figures import API, at, incident, put

YEAR = {"from": "2024-01-01", "to": "2024-12-31"}
_n = count(1)


def number(prefix: str) -> str:
    return f"{prefix}-20240101-{next(_n):04d}"


async def disputes(session, station) -> None:
    t = station.tree
    settled = [("micro_grid", 6), ("village", 2), ("township", 1), ("station", 1)]
    for level, many in settled:
        for _ in range(many):
            session.add(_dispute(station, t.micro_grid, level, at(date(2024, 7, 29)), "settled"))
    session.add(_dispute(station, t.micro_grid, "micro_grid", at(date(2023, 12, 31)), "settled"))
    session.add(_dispute(station, t.micro_grid, "station", None, "failed"))  # 调解不成
    session.add(_dispute(station, station.neighbour_village, "micro_grid", at(date(2024, 3, 1))))
    await session.flush()


def _dispute(station, area, level, settled_at, status="closed") -> Dispute:
    return Dispute(
        number=number("JF"), category="land", summary="地界纠纷", area_id=area.id,
        area_path=area.path, reporter_id=station.leader.id, status=status, level=level,
        settled_at=settled_at,
    )  # fmt: skip


def _case(station, area, **fields) -> Case:
    return Case(
        number=number("JA"), kind="dispute", reporter_id=station.villager.id, area_id=area.id,
        area_path=area.path, **fields,
    )  # fmt: skip


async def cases(session, station) -> dict[str, Case]:
    t, done = station.tree, at(date(2024, 8, 1))
    roles = ["group_leader"] * 3 + ["village_police", "area_officer", "chief"]
    for role in roles:
        session.add(
            _case(station, t.micro_grid, assigned_role=role, status="resolved", resolved_at=done)
        )
    session.add(
        _case(station, t.micro_grid, assigned_role="group_leader", resolved_at=at(date(2023, 8, 1)))
    )
    session.add(_case(station, t.micro_grid, assigned_role="village_police"))  # not resolved
    a = _case(station, t.micro_grid, assigned_role="village_police")
    b = _case(station, t.other_micro_grid, assigned_role="village_police")
    session.add_all([a, b])
    await session.flush()
    return {"a": a, "b": b}


async def escalations(session, station, a: Case, b: Case) -> None:
    made = [
        (a, None, at(date(2024, 2, 1))),  # the deadline sweep
        (a, station.village_police.id, at(date(2024, 2, 2))),  # the 村警 passes it up
        (b, None, at(date(2024, 11, 30), 23)),
        (b, None, at(date(2023, 11, 30))),  # last year's
    ]  # fmt: skip
    for seq, (case, actor, when) in enumerate(made, start=1):
        session.add(
            CaseEvent(
                case_id=case.id, seq=seq, actor_id=actor,
                actor_kind="system" if actor is None else "person", type="escalated",
                payload={}, prev_hash="0" * 64, hash=f"{seq:064d}", created_at=when,
            )
        )  # fmt: skip
    await session.flush()


def _letter(station, written, deadline=None, answered=None) -> Petition:
    return Petition(
        sender_id=station.villager.id, area_path=station.h1.area_path,
        village_id=station.tree.village.id, subject="来信", created_at=written,
        deadline_at=deadline, answered_at=answered,
    )  # fmt: skip


async def letters(session, station) -> None:
    w = at(date(2024, 4, 1), 9)
    h = timedelta(hours=1)
    session.add_all(
        [
            _letter(station, w, deadline=w + 48 * h, answered=w + 2 * h),  # in time
            _letter(station, w, deadline=w + 48 * h, answered=w + 50 * h),  # late
            _letter(station, w, deadline=w + 72 * h),  # overdue, never answered
            _letter(station, w, deadline=clock.now() + 72 * h),  # still waiting
            _letter(station, w, answered=w + 5 * h),  # no deadline
            _letter(station, at(date(2023, 4, 1)), deadline=w, answered=w),  # last year's
        ]
    )
    await session.flush()


async def bulletins(session, station) -> None:
    t = station.tree
    people = [await make_person(session, f"村民{i}") for i in range(6)]
    b1 = _bulletin(station, at(date(2024, 6, 1)))
    b2 = _bulletin(station, at(date(2023, 6, 1)))  # last year's
    b3 = _bulletin(station, at(date(2024, 9, 1)))
    session.add_all([b1, b2, b3])
    await session.flush()
    v1, v2 = t.village.id, t.other_village.id
    rows = [
        (b1, people[0], v1, "sent", True),
        (b1, people[1], v1, "sent", False),
        (b1, people[2], v1, "no_quota", True),  # read in the feed
        (b1, people[3], v2, "failed", False),
        (b1, people[4], v2, "cancelled", False),  # never counted
        (b3, people[5], None, "sent", False),  # a person of no village: where it reached
        (b2, people[0], v1, "sent", True),
    ]
    for bulletin, person, village, status, read in rows:
        session.add(
            Delivery(
                bulletin_id=bulletin.id, person_id=person.id, village_id=village,
                channel="wechat", status=status, read_at=at(date(2024, 12, 1)) if read else None,
            )
        )  # fmt: skip
    await session.flush()


def _bulletin(station, published) -> Bulletin:
    return Bulletin(
        category="反诈宣传", title="警惕净水器推销", body="……",
        reach_path=station.tree.station.path, status="sent", published_at=published,
        author_id=station.officer.id,
    )  # fmt: skip


def timed(station, place, accept_s: float | None, arrive_s: float | None = None, **extra):
    reported = at(date(2024, 5, 1), 8)
    accepted = reported + timedelta(seconds=accept_s) if accept_s is not None else None
    arrived = accepted + timedelta(seconds=arrive_s) if accepted and arrive_s else None
    return incident(
        station.tree.station, place, reported.date(), "help", reported_at=reported,
        accepted_at=accepted, arrived_at=arrived, **extra,
    )  # fmt: skip


async def response_times(session, station) -> None:
    t = station.tree
    await put(
        session,
        [
            timed(station, t.village, 60, 300),
            timed(station, t.village, 120, 900),
            timed(station, t.village, 180),
            timed(station, t.village, 240),
            timed(station, t.village, 600),
            timed(station, t.other_village, 30),
            timed(station, t.village, -90),  # accepted "before" the report: a bad import
            timed(station, t.village, None),  # no times at all
        ],
    )


async def resolution(client, headers, **params):
    response = await client.get(f"{API}/resolution", params={**YEAR, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_where_disputes_and_cases_ended(session, station, client, as_):
    await disputes(session, station)
    await cases(session, station)
    await session.commit()

    got = await resolution(client, await as_(station.chief))

    d = got["disputes"]
    assert d["total"] == 10
    assert [(x["name"], x["count"], x["share_pct"]) for x in d["levels"]] == [
        ("联户网格", 6, 60.0), ("村", 2, 20.0), ("镇", 1, 10.0), ("派出所", 1, 10.0),
    ]  # fmt: skip
    assert (d["in_grid_pct"], d["in_township_pct"]) == (60.0, 90.0)
    c = got["cases"]
    assert [x["count"] for x in c["levels"]] == [3, 1, 0, 2]
    assert (c["total"], c["in_grid_pct"], c["in_township_pct"]) == (6, 50.0, 66.67)
    police = await resolution(client, await as_(station.other_police))  # 桐坑源村's 村警
    assert police["disputes"]["total"] == 0 and police["disputes"]["in_grid_pct"] is None


async def test_response_times_p50_and_p90_by_village(session, station, client, as_):
    await response_times(session, station)

    got = await resolution(client, await as_(station.chief))

    lines = {line["name"]: line for line in got["response_times"]}
    assert list(lines) == ["合计", "上坊村", "桐坑源村", "姜家村"]
    shangfang = lines["上坊村"]
    # 60, 120, 180, 240, 600 s: the median 3 min; p90 at 0.9 × 4 = 3.6 → 240 + 0.6 × 360 s.
    assert shangfang["to_accept"] == {"n": 5, "p50": 3.0, "p90": 7.6}
    assert shangfang["to_arrive"] == {"n": 2, "p50": 10.0, "p90": 14.0}  # 300 and 900 s
    assert shangfang["report_to_arrive"] == {"n": 2, "p50": 11.5, "p90": 15.9}  # 360, 1020 s
    assert lines["合计"]["to_accept"] == {"n": 6, "p50": 2.5, "p90": 7.0}
    assert lines["桐坑源村"]["to_accept"] == {"n": 1, "p50": 0.5, "p90": 0.5}
    assert lines["姜家村"]["to_arrive"] == {"n": 0, "p50": None, "p90": None}


async def test_percentiles_in_sql_equal_the_python_ones(session, station, database):
    """On PostgreSQL both ways run over the same rows; on SQLite the Python one is the way."""
    t, rng = station.tree, random.Random(18)
    rows = [
        timed(station, rng.choice([t.village, t.other_village, t.station]),
              rng.uniform(1, 3600), rng.choice([None, rng.uniform(1, 7200)]))
        for _ in range(257)
    ]  # fmt: skip
    await put(session, rows)
    repo = ResolutionRepository(session)
    period = Period(date(2024, 1, 1), date(2024, 12, 31))

    in_python = await repo._times_in_python(t.station.path, period)

    assert in_python[None]["to_accept"][0] == 257
    if database.engine.dialect.name != "postgresql":
        pytest.skip("no percentile_cont on SQLite: its numbers are test_response_times's")
    in_sql = await repo._times_in_sql(t.station.path, period)
    assert in_sql == in_python  # the same seconds, to the last bit


async def test_escalations_by_village(session, station, client, as_):
    made = await cases(session, station)
    await escalations(session, station, made["a"], made["b"])
    await session.commit()

    got = await resolution(client, await as_(station.chief))

    e = got["escalations"]
    assert {k: e["total"][k] for k in ("cases", "escalations", "by_deadline", "by_handler")} == {
        "cases": 2, "escalations": 3, "by_deadline": 2, "by_handler": 1,
    }  # fmt: skip
    assert [(x["name"], x["cases"], x["escalations"], x["by_handler"]) for x in e["villages"]] == [
        ("上坊村", 1, 2, 1), ("桐坑源村", 1, 1, 0), ("姜家村", 0, 0, 0),
    ]  # fmt: skip


async def test_letters_answered_in_time_and_the_mean_time_to_answer(session, station, client, as_):
    await letters(session, station)
    await session.commit()

    got = await resolution(client, await as_(station.chief))

    assert got["petitions"] == {
        "written": 5, "with_deadline": 4, "answered_in_time": 1, "answered_late": 1,
        "overdue": 1, "waiting": 1, "in_time_pct": 25.0, "answered": 3,
        "mean_hours_to_answer": 19.0,  # 2, 50 and 5 hours
    }  # fmt: skip


async def test_bulletin_reach_and_read_rates(session, station, client, as_):
    await bulletins(session, station)
    await session.commit()

    got = await resolution(client, await as_(station.chief))
    village = await resolution(client, await as_(station.village_police))

    b = got["bulletins"]
    assert b["bulletins"] == 2
    assert {k: b["total"][k] for k in ("targeted", "sent", "read", "reach_pct", "read_pct")} == {
        "targeted": 5, "sent": 3, "read": 2, "reach_pct": 80.0, "read_pct": 40.0,
    }  # fmt: skip
    assert [(x["name"], x["targeted"], x["reach_pct"], x["read_pct"]) for x in b["villages"]] == [
        ("上坊村", 3, 100.0, 66.67), ("桐坑源村", 1, 0.0, 0.0), ("姜家村", 0, None, None),
        ("未定位到村", 1, 100.0, 0.0),
    ]  # fmt: skip
    mine = village["bulletins"]
    assert (mine["bulletins"], mine["total"]["targeted"], mine["total"]["read"]) == (1, 3, 2)
