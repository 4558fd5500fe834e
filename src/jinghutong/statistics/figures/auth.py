"""Whose figures a person may read: the station's staff over their own area — the chief, the
admin and the duty room the station's (a county bureau's admin every station of it), an
officer (民警, 辅警) their villages, a 村警 their village. 联户长 and villagers read none.

An area outside one's scope is refused with 403, as the issue asks for the statistics (it is
not a record whose existence could leak: the tree of places is public knowledge); an id that
names no area gets the same answer, so the two cannot be told apart."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import Forbidden, ValidationFailed
from jinghutong.identity.access import path_within, scope_paths
from jinghutong.models import STAFF_ROLES, Area, Person
from jinghutong.models.incident import ROLLUP_LEVELS
from jinghutong.statistics.figures.repository import AreaRepository

# The rollup counts every level from the province down to the village (models.incident):
# figures go no deeper than a village.
COUNTED_LEVELS = frozenset(ROLLUP_LEVELS)


class NoStatisticsRights(Forbidden):
    detail = "只有派出所工作人员可以查看警情统计"


class AreaOutOfScope(Forbidden):
    detail = "该区域不在您的管辖范围内，不能查看它的统计"


class AreaRequired(ValidationFailed):
    detail = "您管辖多个区域，请选择要统计的区域"


class AreaTooFine(ValidationFailed):
    detail = "统计按村汇总：请选择村或以上的区域"


async def figure_area(session: AsyncSession, person: Person, area_id: str | None) -> Area:
    """The area whose figures the caller asks for: the one named (within their scope), or
    their only one."""
    paths = await scope_paths(session, person.id, STAFF_ROLES)
    if not paths:
        raise NoStatisticsRights()
    areas = AreaRepository(session)
    if area_id is None:
        if len(paths) > 1:
            raise AreaRequired(fields={"area_id": "请选择区域"})
        area = await areas.by_path(paths[0])
    else:
        area = await areas.get(area_id)
        if area is None or not path_within(area.path, paths):
            raise AreaOutOfScope(fields={"area_id": AreaOutOfScope.detail})
    if area is None or area.level not in COUNTED_LEVELS:
        raise AreaTooFine(fields={"area_id": AreaTooFine.detail})
    return area
