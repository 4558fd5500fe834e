"""The roll-up per village (社情民意汇总): counts by category, how many urgent and how many still
open, for the villages in the caller's area, in a time window."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.core import clock


async def test_the_summary_counts_per_village_within_scope(gov, phones):
    async def record(person, area, category, urgency="normal") -> str:
        response = await phones.sentiment(
            person, area_id=area.id, category=category, urgency=urgency, text="情况"
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    here, there = gov.tree.village, gov.tree.other_village
    await record(gov.leader, gov.tree.micro_grid, "demand", "urgent")
    await record(gov.village_police, here, "demand")
    handled = await record(gov.village_police, here, "suggestion")
    await record(gov.other_police, there, "instability", "urgent")
    done = await phones.post(gov.officer, f"/sentiments/{handled}/handle", {"note": "已答复"})
    assert done.status_code == 200

    station = await phones.ok(gov.chief, "/sentiments/summary")

    by_village = {row["village"]["name"]: row for row in station["items"]}
    assert sorted(by_village) == ["上坊村", "桐坑源村"]
    shangfang = by_village["上坊村"]
    assert shangfang["total"] == 3 and shangfang["urgent"] == 1 and shangfang["open"] == 2
    assert shangfang["by_category"] == {
        "demand": 2,
        "suggestion": 1,
        "instability": 0,
        "complaint": 0,
        "other": 0,
    }
    assert by_village["桐坑源村"]["by_category"]["instability"] == 1
    assert (station["total"], station["urgent"], station["open"]) == (4, 2, 3)

    # Each sees their own villages: the 村警 his; the 联户长 her micro-grid's part of hers.
    police = await phones.ok(gov.village_police, "/sentiments/summary")
    assert [r["village"]["id"] for r in police["items"]] == [here.id]
    leader = await phones.ok(gov.leader, "/sentiments/summary")
    assert [(r["village"]["id"], r["total"]) for r in leader["items"]] == [(here.id, 1)]
    one = await phones.ok(gov.chief, "/sentiments/summary", area_id=there.id)
    assert [r["village"]["id"] for r in one["items"]] == [there.id]
    assert (
        await phones.get(gov.other_police, "/sentiments/summary", area_id=here.id)
    ).status_code == 404
    assert (await phones.get(gov.villager, "/sentiments/summary")).status_code == 403


async def test_the_summary_keeps_to_its_time_window(gov, phones):
    await phones.sentiment(
        gov.village_police, area_id=gov.tree.village.id, category="other", text="旧"
    )
    phones.later(timedelta(days=10))
    await phones.sentiment(
        gov.village_police, area_id=gov.tree.village.id, category="other", text="新"
    )
    since = (clock.now() - timedelta(days=1)).isoformat()

    recent = await phones.ok(gov.village_police, "/sentiments/summary", **{"from": since})
    everything = await phones.ok(gov.village_police, "/sentiments/summary")
    before = await phones.ok(gov.village_police, "/sentiments/summary", to=since)

    assert (recent["total"], everything["total"], before["total"]) == (1, 2, 1)
    bad = await phones.get(gov.village_police, "/sentiments/summary", to="yesterday")
    assert bad.status_code == 422
