"""The land-boundary quarrel (29 July, 大墅村), through the API: two neighbours nearly come to
blows over a plot's boundary; the 联户长 records the dispute with both parties and their phones
and hands it (交办) to the area officer, who comes at once, holds a session on the ground
checking the boundary, and settles it with a signed agreement. It ended at the station's rung
(派出所). The 回访 falls due seven days later, the officer is reminded and records it; the trail
shows each step and verifies."""

from __future__ import annotations

from datetime import datetime, timedelta

from jinghutong.core import clock
from jinghutong.governance.disputes.repository import DisputeRepository
from jinghutong.models import DisputeLevel
from support.disputes import agreement, boundary_quarrel, on_site_session, pending_jobs
from support.governance import deadline, notified_kinds


def _to_the_29th_of_july() -> datetime:
    now = clock.now().astimezone(clock.SHANGHAI)
    day = datetime(now.year, 7, 29, 9, 30, tzinfo=clock.SHANGHAI)
    if day <= now:
        day = day.replace(year=now.year + 1)
    clock.advance(day - now)
    return day


async def test_the_land_boundary_quarrel_from_the_quarrel_to_the_follow_up(
    jf, gov, session, run_jobs
):
    day = _to_the_29th_of_july()
    gov.tree.village.name = "大墅村"
    await session.flush()
    plot = await jf.photo(gov.leader)

    # The 联户长 hears of it and records it at once, with both neighbours and their phones.
    recorded = await jf.record(
        gov.leader, key="quarrel-1", **boundary_quarrel(gov, media_ids=[plot])
    )
    assert recorded.status_code == 201, recorded.text
    dispute = recorded.json()
    assert dispute["number"] == f"JF-{day:%Y%m%d}-0001"
    assert (dispute["category_name"], dispute["status_name"], dispute["level_name"]) == (
        "土地山林",
        "已登记",
        "联户网格",
    )
    assert dispute["village"]["name"] == "大墅村"
    assert dispute["area_id"] == gov.tree.micro_grid.id  # from the parties' household
    assert [
        (p["name"], p["side"], p["phone"], p["household_address"]) for p in dispute["parties"]
    ] == [
        ("叶土根", "申请人", "138****1111", "桃林村下坞1号"),
        ("叶春生", "被申请人", "138****2222", "桃林村下坞2号"),
    ]
    assert "dispute.recorded" in await notified_kinds(session, gov.village_police)
    assert "dispute.recorded" in await notified_kinds(session, gov.officer)
    dispute_id = dispute["id"]

    # She cannot settle it herself: she hands it to the area officer, who must come today.
    handed = await jf.act(
        gov.leader,
        dispute_id,
        "assign",
        key="quarrel-2",
        assignee_id=gov.officer.id,
        note="两家情绪激动，请马上来",
        **deadline(0.5),
    )
    assert handed.status_code == 200, handed.text
    handed = handed.json()
    assert (handed["status_name"], handed["level"], handed["level_name"]) == (
        "已交办",
        "station",
        "派出所",
    )
    assert handed["assignee"] == {
        "kind": "person",
        "id": gov.officer.id,
        "name": "陈建国",
        "title": None,
        "phone": "139****0003",
        "has_wechat": False,
    }
    assert "dispute.assigned" in await notified_kinds(session, gov.officer)
    assert [
        j.payload["dispute_id"] for j in await pending_jobs(session, "governance.disputes.overdue")
    ] == [dispute_id]
    assert [d["id"] for d in await jf.listed(gov.officer, assigned_to_me=True)] == [dispute_id]

    # He comes at once, listens to both and checks the boundary on the ground.
    boundary = await jf.photo(gov.officer, shade=120)
    mediated = await jf.act(
        gov.officer,
        dispute_id,
        "mediate",
        key="quarrel-3",
        **on_site_session(media_ids=[boundary]),
    )
    assert mediated.status_code == 200, mediated.text
    mediated = mediated.json()
    assert mediated["status_name"] == "调解中"
    [sitting] = mediated["sessions"]
    assert sitting["on_site"] is True and sitting["media_ids"] == [boundary]
    assert sitting["recorder"]["name"] == "陈建国"

    # The two shake hands and sign; he photographs the signed agreement.
    signed = await jf.photo(gov.officer, shade=200)
    settled = await jf.act(
        gov.officer, dispute_id, "settle", key="quarrel-4", **agreement(media_ids=[signed])
    )
    assert settled.status_code == 200, settled.text
    settled = settled.json()
    assert (settled["status_name"], settled["level_name"]) == ("已调解", "派出所")
    assert settled["agreement_media_ids"] == [signed]
    assert settled["overdue"] is False
    settled_at = datetime.fromisoformat(settled["settled_at"])
    assert datetime.fromisoformat(settled["follow_up_due_at"]) == settled_at + timedelta(days=7)
    assert "dispute.settled" in await notified_kinds(session, gov.leader)

    # The 交办 deadline passes: settled, so nobody is told it is overdue.
    jf.later(timedelta(days=1))
    await run_jobs()
    assert "dispute.overdue" not in await notified_kinds(session, gov.officer)

    # Seven days on, the 回访 falls due and the officer is reminded; he visits back.
    jf.later(timedelta(days=6))
    await run_jobs()
    assert "dispute.follow_up_due" in await notified_kinds(session, gov.officer)
    followed = await jf.act(
        gov.officer,
        dispute_id,
        "follow-up",
        key="quarrel-5",
        note="界桩已移回老田埂，两家和好，地里各种各的",
        satisfied=True,
    )
    assert followed.status_code == 200, followed.text

    final = (await jf.get(gov.chief, dispute_id)).json()
    assert final["status_name"] == "已结案" and final["closed_at"] is not None
    assert final["level"] == "station"
    assert final["follow_up"]["satisfied"] is True
    assert final["follow_up"]["by"]["name"] == "陈建国"
    assert [(e["action_name"], (e["actor"] or {}).get("name")) for e in final["trail"]] == [
        ("登记纠纷", "余春花"),
        ("交办", "余春花"),
        ("调解", "陈建国"),
        ("调解成功", "陈建国"),
        ("回访到期", None),
        ("回访", "陈建国"),
    ]
    assert final["trail"][1]["detail"]["level_from"] == "micro_grid"
    assert final["trail_intact"] is True
    assert {(m["id"], m["stage"]) for m in final["media"]} == {
        (plot, "recorded"),
        (boundary, "mediation"),
        (signed, "agreement"),
    }

    # The station's claim becomes a number: one settled this July in the village, at 派出所.
    counts = await DisputeRepository(session).settled_by_level(
        gov.tree.village.path, day - timedelta(days=28), day + timedelta(days=3)
    )
    assert counts[DisputeLevel.station] == 1
    assert sum(counts.values()) == 1
