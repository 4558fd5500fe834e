"""Reading an uploaded register as a stream of rows, with the checks a hostile file needs.

Before anything parses the file: its size, its kind by magic bytes, and for xlsx the zip
directory (total uncompressed size and per-member compression ratio), so a zip bomb is refused
without inflating it. xlsx is read by openpyxl in read-only mode, one row at a time; CSV with
the csv module, UTF-8 (with or without BOM) or GB18030, which is what Excel saves in China."""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from jinghutong.core.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
# Small members (styles, themes) may legitimately compress better than 100:1; what could
# hurt is a large member, so the ratio is checked above this size.
RATIO_CHECK_FROM = 1024 * 1024
MAX_MEMBERS = 1000
HEADER_SEARCH_ROWS = 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003)
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class ImportFileTooLarge(PayloadTooLarge):
    detail = f"文件太大了（最多 {MAX_FILE_BYTES // (1024 * 1024)} MB），请分成几个文件导入"


class NotASpreadsheet(UnsupportedMediaType):
    detail = "只支持 Excel（.xlsx）或 CSV 文件，请在 Excel 中“另存为”后再上传"


class SuspiciousFile(ValidationFailed):
    detail = "文件异常：解压后的内容过大或压缩比异常，已拒绝。请用 Excel 重新保存后再上传"


class EmptySheet(ValidationFailed):
    detail = "表格是空的：第一个工作表中没有找到表头和数据"


class FormulaWithoutValue:
    """An xlsx formula cell saved without a computed value (e.g. written by a script)."""

    def __repr__(self) -> str:
        return "FormulaWithoutValue"


FORMULA_WITHOUT_VALUE = FormulaWithoutValue()
Row = tuple[int, list[object]]  # (row number as the spreadsheet shows it, cell values)


@dataclass
class Table:
    header_row: int
    headers: list[str]
    rows: Iterator[Row]
    close: Callable[[], None]


def open_table(path: Path, filename: str) -> Table:
    """Check the file and position a row stream just after the header row."""
    kind = sniff(path, filename)
    if kind == "xlsx":
        inspect_zip(path)
        rows = _xlsx_rows(path)
    else:
        rows = _csv_rows(path)
    try:
        header_row, headers = _find_header(rows)
    except BaseException:
        rows.close()
        raise
    return Table(header_row, headers, rows, rows.close)


def sniff(path: Path, filename: str) -> str:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileTooLarge()
    with path.open("rb") as f:
        head = f.read(8192)
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        raise NotASpreadsheet(
            "这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后再上传"
        )
    if filename.lower().endswith(_EXCEL_SUFFIXES):
        raise NotASpreadsheet("文件不是有效的 Excel 表格，可能已损坏，请用 Excel 重新保存后再上传")
    if not _looks_like_text(head):
        raise NotASpreadsheet()
    return "csv"


def _looks_like_text(head: bytes) -> bool:
    if any(b < 0x20 and b not in (0x09, 0x0A, 0x0D) for b in head):
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return True
        except UnicodeDecodeError:
            continue
    return False


def inspect_zip(path: Path) -> None:
    """Refuse zip bombs from the zip directory alone, then make sure it is a workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotASpreadsheet(
            "文件不是有效的 Excel 表格，可能已损坏，请用 Excel 重新保存后再上传"
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise SuspiciousFile()
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise SuspiciousFile()
    for m in members:
        if m.file_size > RATIO_CHECK_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise SuspiciousFile()
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise NotASpreadsheet("这个压缩文件不是 Excel 表格，请上传 .xlsx 或 CSV 文件")


def _is_formula(raw: object) -> bool:
    return (isinstance(raw, str) and raw.startswith("=")) or isinstance(
        raw, ArrayFormula | DataTableFormula
    )


def _xlsx_rows(path: Path) -> Generator[Row, None, None]:
    # Two streaming readers in step: cached values, and formulas (to tell a formula whose
    # value was never computed from an empty cell, which data_only alone cannot). File objects,
    # not the path: openpyxl would refuse a path whose name does not end in .xlsx.
    handles = [path.open("rb"), path.open("rb")]
    try:
        values_book = load_workbook(handles[0], read_only=True, data_only=True)
        formula_book = load_workbook(handles[1], read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        for handle in handles:
            handle.close()
        raise NotASpreadsheet("Excel 文件已损坏或格式不正确，请用 Excel 重新保存后再上传") from exc
    try:
        if not values_book.worksheets:
            raise EmptySheet()
        values_sheet, formula_sheet = values_book.worksheets[0], formula_book.worksheets[0]
        values_sheet.reset_dimensions()
        formula_sheet.reset_dimensions()
        pairs = zip(
            values_sheet.iter_rows(values_only=True),
            formula_sheet.iter_rows(values_only=True),
            strict=False,
        )
        for number, (values, raws) in enumerate(pairs, start=1):
            cells: list[object] = list(values)
            for i, raw in enumerate(raws[: len(cells)]):
                if cells[i] is None and _is_formula(raw):
                    cells[i] = FORMULA_WITHOUT_VALUE
            yield number, cells
    finally:
        values_book.close()
        formula_book.close()
        for handle in handles:
            handle.close()


def _csv_encoding(path: Path) -> str:
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as f:
                while chunk := f.read(1024 * 1024):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "utf-8-sig" if encoding == "utf-8" else encoding
    raise NotASpreadsheet("无法识别 CSV 文件的文字编码，请在 Excel 中另存为“CSV UTF-8”后再上传")


def _csv_rows(path: Path) -> Generator[Row, None, None]:
    encoding = _csv_encoding(path)
    with path.open(encoding=encoding, newline="") as f:
        first = f.readline()
        f.seek(0)
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        try:
            for number, values in enumerate(csv.reader(f, delimiter=delimiter), start=1):
                yield number, list(values)
        except csv.Error as exc:
            raise ValidationFailed(
                f"CSV 文件格式有误（{exc}），请用 Excel 重新保存后再上传"
            ) from exc


def is_blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _find_header(rows: Iterator[Row]) -> tuple[int, list[str]]:
    for number, values in rows:
        if not is_blank(values):
            return number, ["" if v is None else str(v) for v in values]
        if number >= HEADER_SEARCH_ROWS:
            break
    raise EmptySheet()
