"""The roll-up per village (社情民意汇总): for each village in the caller's area, how many
items of each category, how many urgent, how many still open — one GROUP BY on
(village_id, category) over the items in scope, which `village_id` on each row makes possible
without walking the area tree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.sentiment.errors import AreaNotFound, NotARecorder
from jinghutong.governance.sentiment.repository import Counts, SentimentRepository
from jinghutong.governance.sentiment.schemas import SentimentSummary, VillageCounts
from jinghutong.governance.visits.auth import reach_of
from jinghutong.governance.visits.repository import PlacesRepository
from jinghutong.governance.visits.views import area_ref
from jinghutong.identity.access import within
from jinghutong.models import Area, SentimentCategory, SentimentItem


def _per_village(rows: list[Counts], areas: dict[str, Area]) -> list[VillageCounts]:
    """One line per village from the (village, category) counts, by village name."""
    villages: dict[str, VillageCounts] = {}
    for row in rows:
        key = row.village_id or ""
        line = villages.get(key)
        if line is None:
            line = villages[key] = VillageCounts(
                village=area_ref(areas.get(key), key),
                total=0,
                by_category={c.value: 0 for c in SentimentCategory},
                urgent=0,
                open=0,
            )
        line.total += row.total
        line.by_category[row.category] = line.by_category.get(row.category, 0) + row.total
        line.urgent += row.urgent
        line.open += row.open
    return sorted(villages.values(), key=lambda v: (v.village.name, v.village.id))


async def summary(
    session: AsyncSession,
    person_id: str,
    area_id: str | None,
    since: datetime | None,
    until: datetime | None,
) -> SentimentSummary:
    reach = await reach_of(session, person_id)
    if not reach.paths:
        raise NotARecorder()
    conditions: list[ColumnElement[bool]] = [within(SentimentItem.area_path, reach.paths)]
    if area_id is not None:
        area = await PlacesRepository(session).area(area_id)
        if area is None or not reach.records(area.path):
            raise AreaNotFound()
        conditions.append(within(SentimentItem.area_path, [area.path]))
    if since is not None:
        conditions.append(SentimentItem.created_at >= since)
    if until is not None:
        conditions.append(SentimentItem.created_at < until)
    rows = await SentimentRepository(session).counts(and_(*conditions))
    areas = await PlacesRepository(session).areas(r.village_id for r in rows if r.village_id)
    items = _per_village(rows, areas)
    return SentimentSummary(
        since=since,
        until=until,
        items=items,
        total=sum(v.total for v in items),
        urgent=sum(v.urgent for v in items),
        open=sum(v.open for v in items),
    )
