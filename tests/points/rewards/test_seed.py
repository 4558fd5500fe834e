"""The demo catalogue: goods and a service, none of it money, written once per station."""

from __future__ import annotations

from jinghutong.models import AreaLevel
from jinghutong.points.rewards.catalogue import MONEY_WORDS
from jinghutong.points.rewards.seed import DEMO_CATALOGUE, ensure_demo_catalogue
from support.factories import make_area
from support.rewards import API


async def test_the_demo_catalogue_is_written_once_and_holds_no_money(
    client, session, world, phones
):
    kept = await ensure_demo_catalogue(session, world.gov.tree.station.id)  # has its own
    fresh = await make_area(session, "演示派出所", AreaLevel.station)

    first = await ensure_demo_catalogue(session, fresh.id)
    again = await ensure_demo_catalogue(session, fresh.id)

    assert (kept, first, again) == (0, len(DEMO_CATALOGUE), 0)
    assert not [n for n, *_ in DEMO_CATALOGUE if any(w in n for w in MONEY_WORDS)]
    listed = await client.get(f"{API}/rewards", headers=phones.villager)
    assert [r["name"] for r in listed.json()["items"]] == ["洗衣粉", "毛巾"]
