"""The audience spec and its checks.

A spec names areas (any level), household tags, explicit households and persons, and
exclusions of the same kinds. `combine="union"` (the default) reaches every household in the
areas, every tagged household within the author's publishing scope, and the named households
and persons; `combine="intersect"` reaches the households in the areas that carry one of the
tags (独居老人 in three villages). Active members of the reached households are the persons.

`check()` refuses unknown ids (422) and anything outside the author's station (403), and
works out the bulletin's reach (the deepest area containing it all) and whether it lies
within the author's own villages (else the chief must approve)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.bulletins.errors import AudienceInvalid, AudienceOutOfScope
from jinghutong.core.errors import ValidationFailed
from jinghutong.identity.access import path_within, scope_paths
from jinghutong.models import (
    Area,
    AreaLevel,
    Household,
    Membership,
    MembershipStatus,
    Role,
    at_or_above,
)

# Who publishes to their own areas without approval (area officers and 村警 their villages,
# chief and admin the station); anything else in their station goes to the chief.
PUBLISH_ROLES = (Role.village_police, Role.area_officer, Role.chief, Role.admin)
APPROVE_ROLES = (Role.chief,)
IdList = list[str]


class AudienceFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    areas: IdList = Field(default_factory=list, max_length=200, description="区域 id（任意层级）")
    tags: list[str] = Field(default_factory=list, max_length=20, description="户标签，如 独居老人")
    households: IdList = Field(default_factory=list, max_length=2000)
    persons: IdList = Field(default_factory=list, max_length=2000)

    def is_empty(self) -> bool:
        return not (self.areas or self.tags or self.households or self.persons)


class AudienceSpec(AudienceFilter):
    combine: Literal["union", "intersect"] = Field(
        "union", description="intersect：区域内带有所选标签的户"
    )
    exclude: AudienceFilter = Field(default_factory=AudienceFilter)


@dataclass
class CheckedAudience:
    spec: AudienceSpec
    area_paths: list[str]  # included areas
    tag_paths: list[str]  # where the tags apply
    exclude_paths: list[str]
    reach_path: str
    own: bool  # all of it lies within the author's own publishing scope
    areas: list[Area] = field(default_factory=list)


def common_path(paths: list[str]) -> str:
    """The deepest area path that is a prefix of every path ("/a/b/" of "/a/b/c/", "/a/b/d/")."""
    if not paths:
        return "/"
    # Character-wise on purpose: cut back to the last "/" so only whole ids remain.
    prefix = os.path.commonprefix(paths)  # noqa: RUF071
    return prefix[: prefix.rfind("/") + 1] or "/"


async def domains(session: AsyncSession, scope: list[str]) -> list[str]:
    """The stations the author works in (or their own grant when it lies above a station)."""
    if not scope:
        return []
    stations = await session.scalars(
        select(Area.path).where(
            Area.level == AreaLevel.station,
            or_(*(at_or_above(Area.id, Area.path, p) for p in scope)),
        )
    )
    found = list(stations.all())
    return found + [p for p in scope if not path_within(p, found)]


async def _area_paths(session: AsyncSession, ids: list[str], what: str) -> list[Area]:
    if not ids:
        return []
    rows = list((await session.scalars(select(Area).where(Area.id.in_(ids)))).all())
    if len(rows) != len(set(ids)):
        raise AudienceInvalid(fields={what: "有区域不存在"})
    return rows


async def _household_paths(session: AsyncSession, ids: list[str], what: str) -> list[str]:
    if not ids:
        return []
    rows = (
        await session.execute(
            select(Household.id, Household.area_path).where(Household.id.in_(ids))
        )
    ).all()
    if len(rows) != len(set(ids)):
        raise AudienceInvalid(fields={what: "有户不存在"})
    return [path for _, path in rows]


async def _person_paths(session: AsyncSession, ids: list[str], what: str) -> list[str]:
    """The area paths of the named persons' households (a person without one cannot be named)."""
    if not ids:
        return []
    rows = (
        await session.execute(
            select(Membership.person_id, Household.area_path)
            .join(Household, Household.id == Membership.household_id)
            .where(Membership.person_id.in_(ids), Membership.status == MembershipStatus.active)
        )
    ).all()
    if {pid for pid, _ in rows} != set(ids):
        raise AudienceInvalid(fields={what: "有人员不存在或未加入任何户"})
    return [path for _, path in rows]


async def check(session: AsyncSession, author_id: str, spec: AudienceSpec) -> CheckedAudience:
    if spec.is_empty():
        raise ValidationFailed(fields={"audience": "请至少选择一个推送范围"})
    if spec.combine == "intersect" and not (spec.areas and spec.tags):
        raise ValidationFailed(fields={"audience.combine": "按区域筛选标签时需同时选择区域和标签"})
    scope = await scope_paths(session, author_id, PUBLISH_ROLES)
    allowed = await domains(session, scope)
    areas = await _area_paths(session, spec.areas, "audience.areas")
    excluded = await _area_paths(session, spec.exclude.areas, "audience.exclude.areas")
    await _household_paths(session, spec.exclude.households, "audience.exclude.households")
    named = [a.path for a in areas]
    named += await _household_paths(session, spec.households, "audience.households")
    named += await _person_paths(session, spec.persons, "audience.persons")
    tag_paths = list(scope) if spec.tags and spec.combine == "union" else []
    if not all(path_within(p, allowed) for p in named):
        raise AudienceOutOfScope()
    reach = named + tag_paths
    return CheckedAudience(
        spec=spec,
        area_paths=[a.path for a in areas],
        tag_paths=tag_paths,
        exclude_paths=[a.path for a in excluded],
        reach_path=common_path(reach),
        own=all(path_within(p, scope) for p in reach),
        areas=areas,
    )
