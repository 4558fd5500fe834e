"""Importing a register file: per-row upsert keyed by (micro-grid, address).

Rows stream from the parser in chunks; each chunk costs one query for the existing households
it names (and one for their tags), never one per row. Bad rows are reported and skipped, good
rows are kept; a row repeating an earlier row's micro-grid and address is an error naming it.
A blank cell leaves the stored value as it is, so importing the same file again changes nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from anyio import to_thread
from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core.db import Database
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.households.importing.columns import TITLES, ParsedRow, map_headers, parse_row
from jinghutong.households.importing.grids import GridIndex, load_grid_index
from jinghutong.households.importing.parser import (
    MAX_FILE_BYTES,
    ImportFileTooLarge,
    Row,
    is_blank,
    open_table,
)
from jinghutong.households.importing.schemas import ImportReport, RowError
from jinghutong.households.importing.upsert import upsert_chunk
from jinghutong.households.register.auth import require_edit, scope_for
from jinghutong.households.register.repository import AreaRepository
from jinghutong.models import Area, AreaLevel, Person

CHUNK_ROWS = 1000
MAX_ERRORS_LISTED = 500
MAX_DATA_ROWS = 100_000


class ImportAreaNotFound(NotFound):
    detail = "找不到要导入的区域，或它不在您的管辖范围内"


class TooManyRows(ValidationFailed):
    detail = f"表格行数太多（最多 {MAX_DATA_ROWS} 行），请分成几个文件导入"


async def import_upload(
    session: AsyncSession, person: Person, area_id: str, upload: UploadFile, dry_run: bool
) -> ImportReport:
    """The API path: the caller needs register rights over the area; the upload goes to a
    temporary file first (openpyxl and zipfile need to seek), counting its size."""
    scope = await scope_for(session, person)
    area = await AreaRepository(session).get(area_id)
    if area is None or not scope.sees_area(area.path):
        raise ImportAreaNotFound()
    await require_edit(session, person, scope, area.path)
    with tempfile.TemporaryDirectory(prefix="jht-import-") as tmp:
        path = Path(tmp) / "upload"
        await _save(upload, path)
        report = await run_import(session, area, path, upload.filename or "", dry_run=dry_run)
    if not dry_run:
        await _audit(session, person.id, area, upload.filename or "", report)
    return report


async def import_path(db: Database, area_id: str, path: Path, dry_run: bool) -> ImportReport:
    """The CLI path: an operator on the server, one unit of work of its own."""
    if not await to_thread.run_sync(path.is_file):
        raise ValidationFailed(f"找不到文件：{path}")
    async with db.session() as session:
        area = await AreaRepository(session).get(area_id)
        if area is None:
            raise ImportAreaNotFound("找不到这个区域编号")
        report = await run_import(session, area, path, path.name, dry_run=dry_run)
        if not dry_run:
            await _audit(session, None, area, path.name, report)
        return report


async def run_import(
    session: AsyncSession, area: Area, path: Path, filename: str, *, dry_run: bool
) -> ImportReport:
    grids = await load_grid_index(session, area)
    table = await to_thread.run_sync(open_table, path, filename)
    try:
        default_grid = area if area.level == AreaLevel.micro_grid else None
        index, warnings = map_headers(table.headers, micro_grid_optional=default_grid is not None)
        report = ImportReport(warnings=warnings, dry_run=dry_run)
        seen: dict[tuple[str, str], int] = {}
        chunks = _chunks(table.rows)
        while chunk := await to_thread.run_sync(next, chunks, None):
            good = _validate(chunk, index, grids, default_grid, seen, report)
            await upsert_chunk(session, good, report, dry_run=dry_run)
            if report.created + report.updated + report.unchanged + report.rejected > MAX_DATA_ROWS:
                raise TooManyRows()
    finally:
        await to_thread.run_sync(table.close)
    if report.created + report.updated + report.unchanged + report.rejected == 0:
        raise ValidationFailed("表格中只有表头，没有数据行", fields={"file": "没有数据行"})
    return report


def _chunks(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while chunk := list(islice((r for r in rows if not is_blank(r[1])), CHUNK_ROWS)):
        yield chunk


def _validate(
    chunk: list[Row],
    index: dict[str, int],
    grids: GridIndex,
    default_grid: Area | None,
    seen: dict[tuple[str, str], int],
    report: ImportReport,
) -> list[tuple[Area, ParsedRow]]:
    good: list[tuple[Area, ParsedRow]] = []
    for number, cells in chunk:
        parsed, errors = parse_row(number, cells, index)
        grid = None
        if parsed is not None:
            grid, grid_error = grids.resolve(parsed.micro_grid, default_grid)
            if grid_error:
                errors = [RowError(row=number, field=TITLES["micro_grid"], detail=grid_error)]
        if parsed is not None and grid is not None:
            first = seen.setdefault((grid.id, parsed.address), number)
            if first != number:
                detail = f"与第 {first} 行重复（同一微网格、同一门牌地址），本行未导入"
                errors = [RowError(row=number, field=TITLES["address"], detail=detail)]
        if errors or parsed is None or grid is None:
            _reject(report, errors)
        else:
            good.append((grid, parsed))
    return good


def _reject(report: ImportReport, errors: list[RowError]) -> None:
    report.rejected += 1
    room = MAX_ERRORS_LISTED - len(report.errors)
    report.errors.extend(errors[: max(room, 0)])
    report.errors_omitted += max(len(errors) - max(room, 0), 0)


async def _save(upload: UploadFile, path: Path) -> None:
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise ImportFileTooLarge()
            out.write(chunk)


async def _audit(
    session: AsyncSession, actor_id: str | None, area: Area, filename: str, report: ImportReport
) -> None:
    await record(
        session,
        actor_id=actor_id,
        action="import_households",
        subject_type="area",
        subject_id=area.id,
        detail={
            "file": filename[:200],
            **report.model_dump(include={"created", "updated", "unchanged", "rejected"}),
        },
    )


def report_lines(report: ImportReport) -> list[str]:
    """The report as the CLI prints it."""
    head = "试运行（未写入）：" if report.dry_run else "导入完成："
    lines = [
        f"{head}新增 {report.created} 户，更新 {report.updated} 户，"
        f"未变 {report.unchanged} 户，拒绝 {report.rejected} 行"
    ]
    lines += [f"提示：{w}" for w in report.warnings]
    lines += [f"第 {e.row} 行 [{e.field}] {e.detail}" for e in report.errors]
    if report.errors_omitted:
        lines.append(f"……另有 {report.errors_omitted} 条错误未列出")
    return lines
