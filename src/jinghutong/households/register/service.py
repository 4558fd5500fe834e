"""The register's rules: visibility by scope, who may edit, unique addresses per micro-grid."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core.errors import Conflict, NotFound, ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.core.masking import mask_phone
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.households.codes.scenes import initial_code_hash
from jinghutong.households.register.auth import HouseholdScope, require_edit, scope_for
from jinghutong.households.register.repository import AreaRepository, HouseholdRepository
from jinghutong.households.register.schemas import (
    AreaBrief,
    HouseholdDetail,
    HouseholdIn,
    HouseholdOut,
    HouseholdPage,
    HouseholdPatch,
    MemberOut,
    TagCount,
)
from jinghutong.models import KNOWN_HOUSEHOLD_TAGS, Area, AreaLevel, Household, Person

MAX_PAGE = 200


class HouseholdNotFound(NotFound):
    detail = "找不到这一户，可能已被删除或不在您的管辖范围内"


class AreaNotFound(NotFound):
    detail = "找不到这个区域，或它不在您的管辖范围内"


class NotAMicroGrid(ValidationFailed):
    detail = "户只能登记在微网格下，请选择一个微网格"


class AddressTaken(Conflict):
    detail = "该微网格内已经登记了这个门牌地址"


def household_out(household: Household, tags: list[str]) -> HouseholdOut:
    return HouseholdOut(
        id=household.id,
        area_id=household.area_id,
        address=household.address,
        head_name=household.head_name,
        lat=household.lat,
        lng=household.lng,
        member_count=household.member_count,
        tags=tags,
        updated_at=household.updated_at,
    )


async def list_households(
    session: AsyncSession,
    person: Person,
    *,
    area_id: str | None,
    q: str | None,
    tag: str | None,
    cursor: str | None,
    limit: int,
) -> HouseholdPage:
    scope = await scope_for(session, person)
    under = (await _visible_area(session, scope, area_id)).path if area_id else None
    repo = HouseholdRepository(session)
    limit = max(1, min(limit, MAX_PAGE))
    rows = await repo.page(
        scope.households(),
        under_path=under,
        q=(q or "").strip() or None,
        tag=(tag or "").strip() or None,
        after_id=decode_cursor(cursor) if cursor else None,
        limit=limit + 1,
    )
    page, more = rows[:limit], len(rows) > limit
    tags = await repo.tags_for(h.id for h in page)
    return HouseholdPage(
        items=[household_out(h, tags.get(h.id, [])) for h in page],
        next_cursor=encode_cursor(page[-1].id) if more else None,
    )


async def get_household(
    session: AsyncSession, person: Person, household_id: str
) -> HouseholdDetail:
    scope = await scope_for(session, person)
    household = await HouseholdRepository(session).get_visible(household_id, scope.households())
    if household is None:
        raise HouseholdNotFound()
    return await _detail(session, household)


async def create_household(
    session: AsyncSession, person: Person, body: HouseholdIn
) -> HouseholdDetail:
    scope = await scope_for(session, person)
    area = await _editable_micro_grid(session, person, scope, body.area_id)
    repo = HouseholdRepository(session)
    if await repo.address_taken(area.id, body.address):
        raise _address_taken(body.address)
    household_id = new_id()
    household = Household(
        id=household_id,
        code_hash=initial_code_hash(household_id),
        area_id=area.id,
        area_path=area.path,
        address=body.address,
        head_name=body.head_name,
        lat=body.lat,
        lng=body.lng,
        member_count=body.member_count,
    )
    await _write_or_conflict(session, body.address, lambda: session.add(household))
    await repo.replace_tags(household.id, body.tags)
    await record(
        session,
        actor_id=person.id,
        action="create_household",
        subject_type="household",
        subject_id=household.id,
    )
    await session.flush()
    return await _detail(session, household)


async def update_household(
    session: AsyncSession, person: Person, household_id: str, patch: HouseholdPatch
) -> HouseholdDetail:
    scope = await scope_for(session, person)
    repo = HouseholdRepository(session)
    household = await repo.get_visible(household_id, scope.households())
    if household is None:
        raise HouseholdNotFound()
    await require_edit(session, person, scope, household.area_path)
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("area_id", household.area_id) != household.area_id:
        area = await _editable_micro_grid(session, person, scope, changes["area_id"])
        changes["area_path"] = area.path
    address = changes.get("address", household.address)
    area_id = changes.get("area_id", household.area_id)
    if await repo.address_taken(area_id, address, except_id=household.id):
        raise _address_taken(address)

    def apply() -> None:
        for name in ("area_id", "area_path", "address", "head_name", "lat", "lng", "member_count"):
            if name in changes:
                setattr(household, name, changes[name])

    await _write_or_conflict(session, address, apply)
    if "tags" in changes:
        await repo.replace_tags(household.id, changes["tags"])
    await record(
        session,
        actor_id=person.id,
        action="update_household",
        subject_type="household",
        subject_id=household.id,
        detail={"fields": sorted(set(changes) - {"area_path"})},
    )
    await session.flush()
    return await _detail(session, household)


async def tag_counts(session: AsyncSession, person: Person) -> list[TagCount]:
    scope = await scope_for(session, person)
    counts = await HouseholdRepository(session).tag_counts(scope.households())
    known = [TagCount(tag=t, known=True, count=counts.get(t, 0)) for t in KNOWN_HOUSEHOLD_TAGS]
    free = sorted((t for t in counts if t not in KNOWN_HOUSEHOLD_TAGS), key=lambda t: -counts[t])
    return known + [TagCount(tag=t, known=False, count=counts[t]) for t in free]


async def _detail(session: AsyncSession, household: Household) -> HouseholdDetail:
    repo = HouseholdRepository(session)
    tags = (await repo.tags_for([household.id])).get(household.id, [])
    area = await AreaRepository(session).get(household.area_id)
    trail = await AreaRepository(session).trail(area) if area else []
    members = [
        MemberOut(
            person_id=p.id,
            name=p.name,
            phone=mask_phone(p.phone),
            relation=m.relation,
            status=m.status,
        )
        for m, p in await repo.members(household.id)
    ]
    return HouseholdDetail(
        **household_out(household, tags).model_dump(),
        area_trail=[AreaBrief(id=a.id, name=a.name, level=a.level) for a in trail],
        members=members,
    )


async def _visible_area(session: AsyncSession, scope: HouseholdScope, area_id: str) -> Area:
    area = await AreaRepository(session).get(area_id)
    if area is None or not scope.sees_area(area.path):
        raise AreaNotFound()
    return area


async def _editable_micro_grid(
    session: AsyncSession, person: Person, scope: HouseholdScope, area_id: str
) -> Area:
    area = await _visible_area(session, scope, area_id)
    await require_edit(session, person, scope, area.path)
    if area.level != AreaLevel.micro_grid:
        raise NotAMicroGrid(fields={"area_id": NotAMicroGrid.detail})
    return area


def _address_taken(address: str) -> AddressTaken:
    return AddressTaken(f"该微网格内已经登记了门牌地址「{address}」，请勿重复登记")


async def _write_or_conflict(
    session: AsyncSession, address: str, change: Callable[[], None]
) -> None:
    """Apply `change` inside a savepoint. The pre-check gives the message; the savepoint turns
    a concurrent insert of the same address into a 409 too, leaving the request usable."""
    try:
        async with session.begin_nested():
            change()
            await session.flush()
    except IntegrityError as exc:
        raise _address_taken(address) from exc
