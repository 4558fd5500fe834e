"""Who may read the categories, change the mapping and import a station's 110 history.

- The categories and mapping: any staff member (they name what the figures count).
- The mapping is one table for the whole deployment, so changing it is for an admin whose
  grants cover every station (in a one-station deployment, the station's admin; in a county,
  the bureau's): a station's admin must not re-categorize the neighbours' figures.
- Importing: the admin or the chief of the station (or above it: a county bureau's admin
  names the station). Staff of the station who may not import get 403; anyone who does not
  see the station, 404 (nobody learns it exists)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import Forbidden, NotFound, ValidationFailed
from jinghutong.identity.access import has_role_over, path_within, scope_paths
from jinghutong.models import STAFF_ROLES, Area, AreaLevel, Person, Role
from jinghutong.statistics.incidents.repository import PlaceRepository

IMPORT_ROLES = (Role.admin, Role.chief)


class NotStaff(Forbidden):
    detail = "只有派出所工作人员可以查看警情分类"


class MappingIsForAdmins(Forbidden):
    detail = "分类对照表由管理员维护：需要覆盖全部派出所的管理员权限"


class NoImportRights(Forbidden):
    detail = "只有本所所长或管理员可以导入 110 警情"


class StationNotFound(NotFound):
    detail = "找不到这个派出所，或它不在您的管辖范围内"


class StationRequired(ValidationFailed):
    detail = "您管辖多个派出所，请选择要导入的派出所"


async def require_staff(session: AsyncSession, person: Person) -> None:
    if not await scope_paths(session, person.id, STAFF_ROLES):
        raise NotStaff()


async def require_mapping_admin(session: AsyncSession, person: Person) -> None:
    admin = await scope_paths(session, person.id, [Role.admin])
    stations = await PlaceRepository(session).all_station_paths()
    if not admin or not all(path_within(path, admin) for path in stations):
        raise MappingIsForAdmins()


async def import_station(session: AsyncSession, person: Person, station_id: str | None) -> Area:
    """The station the caller imports into: the one named, or their only one."""
    places = PlaceRepository(session)
    if station_id is None:
        stations = await places.stations_under(await scope_paths(session, person.id, IMPORT_ROLES))
        stations = [s for s in stations if await _may_import(session, person, s)]
        if not stations:
            raise NoImportRights()
        if len(stations) > 1:
            raise StationRequired(fields={"station_id": "请选择派出所"})
        return stations[0]
    station = await places.get(station_id)
    if station is None or station.level != AreaLevel.station:
        raise StationNotFound(fields={"station_id": StationNotFound.detail})
    if await _may_import(session, person, station):
        return station
    seen = await places.stations_under(await scope_paths(session, person.id, STAFF_ROLES))
    if any(s.id == station.id for s in seen):
        raise NoImportRights()
    raise StationNotFound(fields={"station_id": StationNotFound.detail})


async def _may_import(session: AsyncSession, person: Person, station: Area) -> bool:
    return await has_role_over(session, person.id, IMPORT_ROLES, station.path)
