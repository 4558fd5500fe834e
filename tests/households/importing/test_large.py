"""A 20,000-row register: streamed in chunks, one lookup query per chunk. Prints its time."""

from __future__ import annotations

import time

from openpyxl import Workbook
from sqlalchemy import event, func, select

from jinghutong.households.importing import service
from jinghutong.models import Household, HouseholdTag

ROWS = 20_000
TAGS = ("独居老人", "留守儿童、重点关注", None, None)


def write_register(path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("户籍登记")
    sheet.append(["微网格", "门牌地址", "户主姓名", "人口数", "标签", "纬度", "经度"])
    for i in range(rows):
        lat, lng = 29.5 + (i % 1000) / 10_000, 118.8 + (i % 997) / 10_000
        sheet.append(
            ["第1微网格", f"上坊村{i // 100}组{i}号", f"方{i}", 1 + i % 5, TAGS[i % 4], lat, lng]
        )
    book.save(path)


async def test_twenty_thousand_rows_import_and_reimport_unchanged(
    upload, database, session, tmp_path
):
    path = tmp_path / "register.xlsx"
    write_register(path, ROWS)
    content = path.read_bytes()
    lookups: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        if (
            statement.lstrip().startswith("SELECT households.")
            and "address" in statement
            and ("unnest" in statement or "area_id IN" in statement)
        ):
            lookups.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        first = (await upload(content)).json()
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        again = (await upload(content)).json()
        again_s = time.perf_counter() - started
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)

    print(f"\n{ROWS} rows on {database.dialect}: import {first_s:.1f} s, re-import {again_s:.1f} s")
    assert (first["created"], first["rejected"]) == (ROWS, 0), first["errors"][:3]
    assert (again["unchanged"], again["created"], again["updated"]) == (ROWS, 0, 0)
    assert len(lookups) == 2 * ROWS // service.CHUNK_ROWS
    assert await session.scalar(select(func.count()).select_from(Household)) == ROWS
    assert await session.scalar(select(func.count()).select_from(HouseholdTag)) == ROWS // 4 * 3
