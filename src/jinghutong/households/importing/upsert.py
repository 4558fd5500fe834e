"""Writing one chunk of valid rows: create the new households, update the changed ones."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.ids import new_id
from jinghutong.households.codes.scenes import initial_code_hash
from jinghutong.households.importing.columns import ParsedRow
from jinghutong.households.importing.schemas import ImportReport
from jinghutong.households.register.repository import HouseholdRepository
from jinghutong.models import Area, Household

_OPTIONAL = ("member_count", "lat", "lng")


def _new_household(grid: Area, row: ParsedRow) -> Household:
    household_id = new_id()
    return Household(
        id=household_id,
        code_hash=initial_code_hash(household_id),
        area_id=grid.id,
        area_path=grid.path,
        address=row.address,
        head_name=row.head_name,
        member_count=1 if row.member_count is None else row.member_count,
        lat=row.lat,
        lng=row.lng,
    )


def changes_for(household: Household, tags: list[str], row: ParsedRow) -> dict[str, Any]:
    """What the row would change; a blank cell (None) changes nothing."""
    out: dict[str, Any] = {}
    if row.head_name != household.head_name:
        out["head_name"] = row.head_name
    for name in _OPTIONAL:
        value = getattr(row, name)
        if value is not None and value != getattr(household, name):
            out[name] = value
    if row.tags is not None and sorted(row.tags) != sorted(tags):
        out["tags"] = row.tags
    return out


async def upsert_chunk(
    session: AsyncSession,
    rows: list[tuple[Area, ParsedRow]],
    report: ImportReport,
    *,
    dry_run: bool,
) -> None:
    if not rows:
        return
    repo = HouseholdRepository(session)
    existing = await repo.by_keys({(g.id, r.address) for g, r in rows})
    current_tags = await repo.tags_for(h.id for h in existing.values())
    created: list[Household] = []
    new_tags: dict[str, list[str]] = {}
    for grid, row in rows:
        household = existing.get((grid.id, row.address))
        if household is None:
            report.created += 1
            created.append(_new_household(grid, row))
            if row.tags:
                new_tags[created[-1].id] = row.tags
            continue
        changes = changes_for(household, current_tags.get(household.id, []), row)
        if not changes:
            report.unchanged += 1
            continue
        report.updated += 1
        if not dry_run:
            if "tags" in changes:
                new_tags[household.id] = changes.pop("tags")
            for name, value in changes.items():
                setattr(household, name, value)
    if dry_run:
        return
    session.add_all(created)
    await session.flush()  # households before their tags
    await repo.replace_tags_many(new_tags)
    await session.flush()
