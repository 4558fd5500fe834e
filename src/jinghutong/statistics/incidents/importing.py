"""Importing a station's 110 history: a per-row upsert keyed by (station, 警情号).

Rows stream from the parser in chunks (one query per chunk for the 警情 it names). A bad row
is reported and skipped, the good ones kept; a 警情号 repeated in the file keeps its first row
and reports the others; a row another station's (管辖单位) is refused with its row number.
Imports of one station run one at a time (repository.lock_station_imports); the rollup
follows every row in the same unit of work (rollup.RollupDeltas)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path

from anyio import to_thread
from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.core.errors import ValidationFailed
from jinghutong.households.importing.schemas import RowError
from jinghutong.models import Area, AreaLevel, Person
from jinghutong.statistics.incidents import auth
from jinghutong.statistics.incidents.categories import IMPORTED, decide_imported
from jinghutong.statistics.incidents.columns import TITLES, map_headers, parse_row
from jinghutong.statistics.incidents.parser import (
    MAX_FILE_BYTES,
    ImportFileTooLarge,
    Row,
    is_blank,
    open_table,
)
from jinghutong.statistics.incidents.places import StationPlaces, load_places
from jinghutong.statistics.incidents.repository import IncidentRepository, MappingRepository
from jinghutong.statistics.incidents.rollup import RollupDeltas
from jinghutong.statistics.incidents.schemas import IncidentImportReport, UnmappedText
from jinghutong.statistics.incidents.upsert import GoodRow, write_chunk

CHUNK_ROWS = 1000
MAX_ERRORS_LISTED = 500
MAX_DATA_ROWS = 200_000
UNMAPPED_ROWS_LISTED = 20


class TooManyRows(ValidationFailed):
    detail = f"表格行数太多（最多 {MAX_DATA_ROWS} 行），请按年份分成几个文件导入"


class NoDataRows(ValidationFailed):
    detail = "表格中只有表头，没有数据行"


async def import_upload(
    session: AsyncSession,
    person: Person,
    station_id: str | None,
    upload: UploadFile,
    dry_run: bool,
) -> IncidentImportReport:
    """The API path: the admin or chief of the station; the upload goes to a temporary file
    first (openpyxl and zipfile need to seek), counting its size."""
    station = await auth.import_station(session, person, station_id)
    with tempfile.TemporaryDirectory(prefix="jht-incidents-") as tmp:
        path = Path(tmp) / "upload"
        await _save(upload, path)
        report = await run_import(session, station, path, upload.filename or "", dry_run=dry_run)
    if not dry_run:
        await _audit(session, person.id, station, upload.filename or "", report)
    return report


async def import_path(
    db: Database, station_id: str, path: Path, dry_run: bool
) -> IncidentImportReport:
    """The CLI path: an operator on the server, one unit of work of its own."""
    if not await to_thread.run_sync(path.is_file):
        raise ValidationFailed(f"找不到文件：{path}")
    async with db.session() as session:
        station = await session.get(Area, station_id)
        if station is None or station.level != AreaLevel.station:
            raise auth.StationNotFound("找不到这个派出所编号（--station 应为派出所的区域 id）")
        report = await run_import(session, station, path, path.name, dry_run=dry_run)
        if not dry_run:
            await _audit(session, None, station, path.name, report)
        return report


async def run_import(
    session: AsyncSession, station: Area, path: Path, filename: str, *, dry_run: bool
) -> IncidentImportReport:
    if not dry_run:
        await IncidentRepository(session).lock_station_imports(station.id)
    places = await load_places(session, station)
    mapping = await MappingRepository(session).lookup(IMPORTED)
    table = await to_thread.run_sync(open_table, path, filename)
    report = IncidentImportReport(station_id=station.id, station_name=station.name, dry_run=dry_run)
    check = _Checker(places, mapping, clock.now(), report)
    deltas = RollupDeltas()
    try:
        index, report.warnings = map_headers(table.headers)
        chunks = _chunks(table.rows)
        while chunk := await to_thread.run_sync(next, chunks, None):
            await write_chunk(session, station, check.chunk(chunk, index), report, deltas)
            if check.rows > MAX_DATA_ROWS:
                raise TooManyRows()
    finally:
        await to_thread.run_sync(table.close)
    if check.rows == 0:
        raise NoDataRows(fields={"file": "没有数据行"})
    await deltas.apply(session)
    check.finish()
    return report


class _Checker:
    """Row by row: parse, place, categorize, refuse repeats; remembers unmapped 类别."""

    def __init__(
        self,
        places: StationPlaces,
        mapping: dict[str, str],
        now: datetime,
        report: IncidentImportReport,
    ) -> None:
        self.places, self.mapping, self.now, self.report = places, mapping, now, report
        self.seen: dict[str, int] = {}
        self.unmapped: dict[str, list[int]] = {}
        self.rows = 0

    def chunk(self, chunk: list[Row], index: dict[str, int]) -> list[GoodRow]:
        good: list[GoodRow] = []
        for number, cells in chunk:
            self.rows += 1
            row = self._one(number, cells, index)
            if row is not None:
                good.append(row)
        return good

    def _one(self, number: int, cells: list[object], index: dict[str, int]) -> GoodRow | None:
        parsed, errors = parse_row(number, cells, index, self.now)
        if parsed is None:
            self._reject(errors)
            return None
        first = self.seen.setdefault(parsed.number, number)
        if first != number:
            detail = (
                f"警情号 {parsed.number} 与第 {first} 行重复，已按第 {first} 行导入，本行未导入"
            )
            self._reject([RowError(row=number, field=TITLES["number"], detail=detail)])
            return None
        placed = self.places.place(parsed.unit, parsed.address)
        if placed.area is None:
            self._reject([RowError(row=number, field=TITLES["unit"], detail=placed.reason)])
            return None
        category, key, known = decide_imported(self.mapping, parsed.kind, parsed.subkind)
        if not known:
            self.unmapped.setdefault(parsed.kind, []).append(number)
        return GoodRow(parsed, placed.area, category, key)

    def _reject(self, errors: list[RowError]) -> None:
        self.report.rejected += 1
        room = max(MAX_ERRORS_LISTED - len(self.report.errors), 0)
        self.report.errors.extend(errors[:room])
        self.report.errors_omitted += max(len(errors) - room, 0)

    def finish(self) -> None:
        for text, rows in self.unmapped.items():
            shown = rows[:UNMAPPED_ROWS_LISTED]
            self.report.unmapped.append(UnmappedText(text=text, count=len(rows), rows=shown))
            listed = "、".join(str(r) for r in shown) + ("……" if len(rows) > len(shown) else "")
            self.report.warnings.append(
                f"类别「{text}」不在分类对照表中，{len(rows)} 条已按“其他”统计（第 {listed} 行）；"
                "可在分类对照表中补上这一行后重新导入"
            )


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(islice((r for r in rows if not is_blank(r[1])), CHUNK_ROWS)):
        yield chunk


async def _save(upload: UploadFile, path: Path) -> None:
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise ImportFileTooLarge()
            out.write(chunk)


async def _audit(
    session: AsyncSession,
    actor_id: str | None,
    station: Area,
    filename: str,
    report: IncidentImportReport,
) -> None:
    await record(
        session,
        actor_id=actor_id,
        action="import_incidents",
        subject_type="area",
        subject_id=station.id,
        detail={
            "file": filename[:200],
            **report.model_dump(include={"created", "updated", "unchanged", "rejected"}),
        },
    )


def report_lines(report: IncidentImportReport) -> list[str]:
    """The report as the CLI prints it."""
    head = "试运行（未写入）：" if report.dry_run else "导入完成："
    lines = [
        f"{head}{report.station_name} 新增 {report.created} 条，更新 {report.updated} 条，"
        f"未变 {report.unchanged} 条，拒绝 {report.rejected} 行"
    ]
    lines += [f"提示：{w}" for w in report.warnings]
    lines += [f"第 {e.row} 行 [{e.field}] {e.detail}" for e in report.errors]
    if report.errors_omitted:
        lines.append(f"……另有 {report.errors_omitted} 条错误未列出")
    return lines
