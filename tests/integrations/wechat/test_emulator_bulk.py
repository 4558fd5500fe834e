"""The emulator's benchmark helpers: many users with quotas at once, inbox totals, clearing."""

from __future__ import annotations


async def test_bulk_subscribe_then_stats_count_messages_and_double_sends(device, emulator):
    created = await device.post(
        "/device/bulk-subscribe",
        json={"prefix": "bulk-", "count": 3, "template_ids": ["tmpl_bulletin"]},
    )
    assert created.json() == {"users": 3}
    assert emulator.state.take_quota("bulk-2", "tmpl_bulletin") is True
    emulator.state.deliver("bulk-0", {"template_id": "tmpl_bulletin"})
    emulator.state.deliver("bulk-1", {"template_id": "tmpl_bulletin"})
    emulator.state.deliver("bulk-1", {"template_id": "tmpl_bulletin"})

    stats = (await device.get("/device/stats")).json()

    assert stats == {"users": 3, "messages": 3, "inboxes": 2, "received_twice": 1}
    assert (await device.delete("/device/inboxes")).json() == {"cleared": 3}
    assert (await device.get("/device/stats")).json()["messages"] == 0
