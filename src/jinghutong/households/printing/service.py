"""Who may print what, and gathering each document's data before it is drawn off the event loop.

Staff with rights over the area (村警, 防区民警, 辅警, 所长, 管理员) print everything under it; a
联户长 prints the door plates and the sign board of their own micro-grid. Anyone else is told the
area does not exist (404), as everywhere else outside one's scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import anyio.to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.db import Database
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.core.masking import mask_name
from jinghutong.households.codes.scenes import scene_for
from jinghutong.households.printing.codes import plate_codes
from jinghutong.households.printing.door_plates import DoorPlate, DoorPlateSheet, render_door_plates
from jinghutong.households.printing.layout import natural_key
from jinghutong.households.printing.repository import Contact, PrintingRepository
from jinghutong.households.printing.signboard import SignBoard, render_signboard
from jinghutong.households.printing.watch_map import MapCell, WatchMap, render_watch_map
from jinghutong.identity.access import has_role_over
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.models import Area, AreaLevel, Person, Role

STAFF_PRINTERS = (
    Role.village_police,
    Role.area_officer,
    Role.auxiliary_officer,
    Role.chief,
    Role.admin,
)
OFFICER_LABELS = {
    Role.area_officer: "防区民警",
    Role.auxiliary_officer: "辅警",
    Role.village_police: "村警",
}


class WrongAreaLevel(ValidationFailed):
    detail = "这一级区域不能打印该材料"


async def _printable_area(
    session: AsyncSession, person: Person, area_id: str, roles: Iterable[Role]
) -> Area:
    area = await PrintingRepository(session).area(area_id)
    if area is None or not await has_role_over(session, person.id, roles, area.path):
        raise NotFound()
    return area


def _names(contacts: list[Contact]) -> str:
    return "、".join(c.name for c in contacts) or "（待定）"


def _printed_on() -> str:
    return clock.now().astimezone(clock.SHANGHAI).strftime("%Y年%m月%d日")


async def _place(repo: PrintingRepository, area: Area) -> tuple[Area, str]:
    village = await repo.village_of(area)
    if village is None:
        raise WrongAreaLevel("该区域不属于任何行政村，无法打印")
    parent = await repo.area(village.parent_id) if village.parent_id else None
    prefix = f"{parent.name} " if parent is not None and parent.level == AreaLevel.township else ""
    return village, prefix + village.name


@dataclass(frozen=True)
class PrintedSheet:
    pdf: bytes
    households: int
    fallbacks: int  # plates with the local QR: WeChat gave no mini-program code for them


async def door_plates_pdf(
    session: AsyncSession,
    db: Database,
    wechat: WechatService,
    person: Person,
    settings: Settings,
    area_id: str,
) -> PrintedSheet:
    """The door-plate sheet of a village or micro-grid: one card per household, its current
    mini-program code (cached, or fetched from WeChat now; a local QR where WeChat fails)."""
    area = await _printable_area(session, person, area_id, (*STAFF_PRINTERS, Role.group_leader))
    if area.level not in (AreaLevel.village, AreaLevel.micro_grid):
        raise WrongAreaLevel("户码门牌只能按行政村或微网格打印")
    repo = PrintingRepository(session)
    rows = await repo.households_under(area.path)
    leaders = await repo.group_leaders_under(area.path)
    rows.sort(key=lambda r: (natural_key(r.micro_grid_name), natural_key(r.address)))
    images = await plate_codes(session, db, wechat, settings.redis_url, area.path, rows)
    plates = [
        DoorPlate(
            address=row.address,
            head=mask_name(row.head_name) or "",
            scene=scene_for(row.id, row.code_version),
            micro_grid=row.micro_grid_name,
            leader=_names(leaders.get(row.micro_grid_id, [])),
            code_png=images.get(row.id),
        )
        for row in rows
    ]
    sheet = DoorPlateSheet(f"{area.name} 户码门牌", settings.station_name, plates)
    pdf = await anyio.to_thread.run_sync(render_door_plates, sheet)
    return PrintedSheet(pdf, len(plates), sheet.fallbacks)


async def signboard_pdf(
    session: AsyncSession, person: Person, settings: Settings, area_id: str
) -> bytes:
    """The 联户长 公示牌 of a micro-grid, with full phone numbers (its public purpose; audited)."""
    area = await _printable_area(session, person, area_id, (*STAFF_PRINTERS, Role.group_leader))
    if area.level != AreaLevel.micro_grid:
        raise WrongAreaLevel("公示牌只能按微网格打印")
    repo = PrintingRepository(session)
    village, place = await _place(repo, area)
    leaders = (await repo.group_leaders_under(area.path)).get(area.id, [])
    officers = await repo.village_officers(village.id)
    rows = sorted(await repo.households_under(area.path), key=lambda r: natural_key(r.address))
    board = SignBoard(
        station_name=settings.station_name,
        station_phone=settings.station_phone,
        place=f"{place} · {area.name}",
        leaders=leaders,
        officers=[(OFFICER_LABELS[role], people) for role, people in officers.items()],
        households=[(r.address, mask_name(r.head_name) or "") for r in rows],
        printed_on=_printed_on(),
    )
    shown = len(leaders) + sum(len(people) for people in officers.values())
    await record(
        session,
        actor_id=person.id,
        action="print_signboard",
        subject_type="area",
        subject_id=area.id,
        detail={"phones_shown": shown, "households": len(rows)},
    )
    return await anyio.to_thread.run_sync(render_signboard, board)


async def watch_map_pdf(
    session: AsyncSession, person: Person, settings: Settings, area_id: str
) -> bytes:
    """The 邻里守望示意图 of a village: its micro-grids placed by coordinates, its officers."""
    area = await _printable_area(session, person, area_id, STAFF_PRINTERS)
    if area.level != AreaLevel.village:
        raise WrongAreaLevel("邻里守望示意图只能按行政村打印")
    repo = PrintingRepository(session)
    _, place = await _place(repo, area)
    grids = sorted(
        await repo.areas_under(area.path, AreaLevel.grid), key=lambda a: natural_key(a.name)
    )
    group_of = {grid.id: index for index, grid in enumerate(grids)}
    micro_grids = sorted(
        await repo.areas_under(area.path, AreaLevel.micro_grid), key=lambda a: natural_key(a.name)
    )
    counts = await repo.household_counts(area.path)
    leaders = await repo.group_leaders_under(area.path)
    officers = await repo.village_officers(area.id)
    cells = [
        MapCell(
            name=m.name.removeprefix(area.name) or m.name,
            leader=_names(leaders.get(m.id, [])),
            households=counts.get(m.id, 0),
            lat=m.lat,
            lng=m.lng,
            group=group_of.get(m.parent_id or "", 0),
        )
        for m in micro_grids
    ]
    plan = WatchMap(
        station_name=settings.station_name,
        station_phone=settings.station_phone,
        village=place,
        cells=cells,
        grids=[g.name.removeprefix(area.name) or g.name for g in grids],
        officers=[(OFFICER_LABELS[role], people) for role, people in officers.items()],
        printed_on=_printed_on(),
    )
    await record(
        session,
        actor_id=person.id,
        action="print_watch_map",
        subject_type="area",
        subject_id=area.id,
        detail={"phones_shown": sum(len(people) for people in officers.values())},
    )
    return await anyio.to_thread.run_sync(render_watch_map, plan)
