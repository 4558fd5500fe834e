"""The request path reads the rollup, never the raw 警情: once the rollup is built, the raw rows
can be deleted and every grouping still gives the same figures; and the rollup the figures
read equals a bare GROUP BY over the raw rows (the incidents domain keeps it so)."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from jinghutong.models import Incident, IncidentCount
from support.figures import figures, put, spread
from support.incidents import rollup_is_raw

COUNTS = {"public_order": 9, "dispute": 5, "help": 7, "invalid": 3, "fire": 1}
GROUPINGS = ("category", "township", "village", "month")


async def test_the_figures_stay_the_same_when_the_raw_incidents_are_gone(
    session, station, client, as_, database
):
    t = station.tree
    places = [t.village, t.other_village, station.village3, t.station]
    await put(
        session,
        spread(t.station, places, 2023, COUNTS)
        + spread(t.station, places, 2024, {**COUNTS, "dispute": 2}),
    )
    await rollup_is_raw(database)
    chief = await as_(station.chief)
    period = {"from": "2024-01-01", "to": "2024-12-31"}
    asked = [{**period, "group_by": g, "compare": c} for g in GROUPINGS for c in ("yoy", "mom")]
    before = [await figures(client, chief, **q) for q in asked]
    assert before[0]["total"]["count"] == 22 and before[0]["total"]["previous"] == 25

    await session.execute(delete(Incident))
    await session.commit()
    assert await session.scalar(select(func.count()).select_from(Incident)) == 0
    assert await session.scalar(select(func.count()).select_from(IncidentCount)) > 0

    after = [await figures(client, chief, **q) for q in asked]
    assert after == before
