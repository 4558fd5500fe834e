"""The staff directory: people holding staff roles on areas within the caller's own staff scope,
so a chief can pick the officer to hand a letter to. Phones are masked; villagers and 联户长 get
403 (the directory is for staff only)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import Forbidden, NotFound
from jinghutong.core.masking import mask_phone
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.identity.access import path_within, scope_paths
from jinghutong.models import ROLE_NAMES, STAFF_ROLES, AreaLevel, Person, Role
from jinghutong.staff.repository import StaffRepository
from jinghutong.staff.schemas import AreaRef, StaffOut, StaffPage, StaffRole, StaffRoleOut

# Which role names a person by first when they hold several.
RANK = (
    Role.chief,
    Role.admin,
    Role.duty_room,
    Role.area_officer,
    Role.village_police,
    Role.auxiliary_officer,
)


class NotStaff(Forbidden):
    detail = "只有民警和工作人员可以查看人员名单"


class AreaNotFound(NotFound):
    detail = "找不到这个区域，或它不在您的管辖范围内"


async def _paths(repo: StaffRepository, scope: list[str], area_id: str | None) -> list[str]:
    if area_id is None:
        return scope
    area = await repo.area(area_id)
    if area is None or not path_within(area.path, scope):
        raise AreaNotFound(fields={"area_id": "不在您的管辖范围内"})
    return [area.path]


def _summary(areas: list[AreaRef], levels: set[str]) -> str:
    """The one area's name, or "大墅村等6个村" for an officer over several villages."""
    if len(areas) <= 1:
        return areas[0].name if areas else ""
    unit = "个村" if levels == {AreaLevel.village} else "处"
    return f"{areas[0].name}等{len(areas)}{unit}"


Grant = tuple[str, str, str, str]  # role, area id, area name, area level


def _out(person: Person, grants: list[Grant]) -> StaffOut:
    by_role: dict[str, list[AreaRef]] = defaultdict(list)
    levels: dict[str, set[str]] = defaultdict(set)
    for role, area_id, area_name, level in grants:
        by_role[role].append(AreaRef(id=area_id, name=area_name))
        levels[role].add(level)
    roles = [
        StaffRoleOut(role=r, role_name=ROLE_NAMES[r], areas=by_role[r])
        for r in RANK
        if r in by_role
    ]
    main = roles[0]
    return StaffOut(
        id=person.id,
        name=person.name,
        phone=mask_phone(person.phone),
        role=main.role,
        role_name=main.role_name,
        area_name=_summary(main.areas, levels[main.role]),
        roles=roles,
    )


async def list_staff(
    session: AsyncSession,
    me: Person,
    roles: list[StaffRole],
    area_id: str | None,
    cursor: str | None,
    limit: int,
) -> StaffPage:
    """Staff within the caller's scope (optionally under one area, holding one of `roles`)."""
    scope = await scope_paths(session, me.id, STAFF_ROLES)
    if not scope:
        raise NotStaff()
    repo = StaffRepository(session)
    wanted = [str(r) for r in roles] if roles else sorted(str(r) for r in STAFF_ROLES)
    condition = repo.grants(wanted, await _paths(repo, scope, area_id))
    after = decode_cursor(cursor) if cursor else None
    people = await repo.person_page(condition, after, limit + 1)
    more = len(people) > limit
    people = people[:limit]
    grants: dict[str, list[Grant]] = defaultdict(list)
    rows = await repo.grants_of([p.id for p in people], condition)
    for person_id, role, grant_area, area_name, level in rows:
        grants[person_id].append((role, grant_area, area_name, level))
    last = encode_cursor(people[-1].id) if more and people else None
    return StaffPage(items=[_out(p, grants[p.id]) for p in people], next_cursor=last)
