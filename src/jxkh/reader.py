"""Reading workbooks (xlsx, xlsm, xls, ods via calamine; csv in UTF-8 or GBK) into tables.

Every command reads through here. A file is checked before calamine sees it: size, zip
members (bombs), XML declarations (entity bombs), encryption, and what it really is. A
sheet becomes a `Table`: its header row found by name in the first 20 rows, data rows with
their spreadsheet row numbers, blank and total rows dropped, merged cells filled.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
import zlib
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from operator import length_hint
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

from .cells import is_blank, normalize
from .headers import TOTAL_MARKERS, Field, header_index, is_total_label
from .messages import Code
from .policy import Limits
from .problems import DataError, FileSystemError, Problems, cell_ref
from .progress import EVERY, activity

if TYPE_CHECKING:
    from .progress import Activity

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
HEADER_SEARCH_ROWS = 20
EXCEL_TEXT_LIMIT = 32767  # characters in one cell
MB = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Workbook:
    """An opened, checked workbook. `problems` holds the warnings found while opening."""

    path: Path
    kind: str
    sheet_names: list[str]
    hidden_sheets: set[str] = field(default_factory=set)
    problems: Problems = field(default_factory=Problems)
    _book: Any = None
    _csv_rows: list[list[Any]] | None = None
    _sheet_xml: dict[str, str] = field(default_factory=dict)  # sheet name → zip member (xlsx)
    limits: Limits = field(default_factory=Limits)
    _sheets: dict[str, Any] = field(default_factory=dict)  # calamine sheets, loaded once each
    # What the sheet XML says and calamine does not show (xlsx), scanned once as the sheet is
    # loaded; the XML itself is not kept (351 MB for a million ballots).
    _scans: dict[str, _Scan] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return str(self.path)

    def _sheet(self, sheet: str) -> Any:
        """The calamine sheet, built once: building it allocates rows × columns cells."""
        if sheet not in self._sheets:
            from python_calamine import CalamineError

            try:
                source = self._prepare(sheet) or self._book
                self._sheets[sheet] = source.get_sheet_by_name(sheet)
            except CalamineError as exc:
                raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None
        return self._sheets[sheet]

    def rows(self, sheet: str) -> list[list[Any]]:
        """The sheet's cell values from A1, as a rectangle; '' for an empty cell."""
        if self._csv_rows is not None:
            return self._csv_rows
        from python_calamine import CalamineError

        try:
            return self._sheet(sheet).to_python(skip_empty_area=False)
        except CalamineError as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None

    def iter_rows(self, sheet: str) -> tuple[int, Iterator[list[Any]]]:
        """(number of rows, the rows one at a time): `rows` without holding them all as Python lists."""
        if self._csv_rows is not None:
            return len(self._csv_rows), iter(self._csv_rows)
        from python_calamine import CalamineError

        data = self._sheet(sheet)
        try:
            end, start = data.end, data.start
        except CalamineError as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None
        if not end or data.height == 0:
            return 0, iter(())
        return end[0] + 1, self._rows_from_a1(data, start[1])

    def _rows_from_a1(self, data: Any, first_col: int) -> Iterator[list[Any]]:
        # iter_rows starts at row 1 but at the first used column: pad, as to_python(skip_empty_area=False) does.
        from python_calamine import CalamineError

        try:
            if not first_col:
                yield from data.iter_rows()
            else:
                pad = [""] * first_col
                for row in data.iter_rows():
                    yield pad + row
        except CalamineError as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None

    def merged_ranges(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """0-based ((row, col), (row, col)) corners of merged ranges (xlsx/xls only)."""
        if self._book is None:
            return []
        return self._sheet(sheet).merged_cell_ranges or []

    def sheet_xml(self, sheet: str) -> bytes | None:
        """The raw XML of an xlsx sheet (None for other formats), read from the file each time."""
        member = self._sheet_xml.get(sheet)
        if member is None:
            return None
        try:
            with zipfile.ZipFile(self.path) as archive:
                return archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None

    def _scan(self, sheet: str) -> _Scan:
        if sheet not in self._scans:
            if self._sheet_xml.get(sheet) is None:
                return _Scan()
            self._sheet(sheet)  # scans the XML before calamine builds the sheet
        return self._scans[sheet]

    def formulas_without_value(self, sheet: str, rows: Container[int] | None = None) -> set[tuple[int, int]]:
        """0-based (row, col) of formula cells saved with no result (xlsx only).

        Calamine reads such a cell as empty; a program that writes formulas without
        calculating them (scripts, some exporters) leaves them so, and silently reading
        0 would be wrong.
        """
        return {(r, c) for r, c in self._scan(sheet).formulas if rows is None or r in rows}

    def error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """0-based (row, col) → the error shown (#DIV/0!, #N/A…) of error cells (xlsx only).

        Calamine reads an error as an empty cell: a 得分 of #DIV/0! would silently count as
        "not filled in".
        """
        return dict(self._scan(sheet).errors)

    def hidden_rows(self, sheet: str) -> set[int]:
        """1-based numbers of rows hidden in Excel/WPS (xlsx only: `<row r="5" hidden="1">`)."""
        return set(self._scan(sheet).hidden)

    def _prepare(self, sheet: str) -> Any:
        """Scan the sheet's XML once (formulas without value, error cells, hidden rows, extent)
        and return a trimmed copy of the workbook when `_trimmed_book` calls for one."""
        xml = self.sheet_xml(sheet)
        if xml is None:
            return None
        self._scans[sheet] = _Scan.of(xml)
        return self._trimmed_book(sheet, xml)

    def _trimmed_book(self, sheet: str, xml: bytes) -> Any:
        """A copy of the workbook without the sheet's blank cells, when they stretch it far.

        Calamine builds a sheet as a dense rectangle up to its farthest cell: a space typed
        in Z1000000, or "" cells left by a formula filled down a whole column, cost rows ×
        columns cells of memory (XFD1048576 would need terabytes). Blank cells read as
        blank either way, so dropping them loses nothing. Cells with real values beyond
        `limits.max_cells` are refused, naming the farthest one.
        """
        bound = _extent_bound(xml)
        if bound is not None and not _sparse(xml, *bound) and bound[0] * bound[1] <= self.limits.max_cells:
            return None  # the usual dense sheet: no cell beyond the last one, no need for the exact extent
        trimmed, (rows, cols) = xml, _extent(xml)
        if _sparse(xml, rows, cols):
            # Mostly the far cells are trailing rows: cut after the last row holding a value.
            trimmed = _cut_after_last_value(xml)
            rows, cols = _extent(trimmed)
            if _sparse(trimmed, rows, cols):  # far columns, or blanks as shared strings: cell by cell
                blank_strings = self._blank_shared_strings()
                trimmed = _ANY_CELL.sub(lambda m: b"" if _is_blank_cell(m, blank_strings) else m.group(0), trimmed)
                rows, cols = _extent(trimmed)
        if rows * cols > self.limits.max_cells:
            raise _fail(
                Code.WORKBOOK_TOO_LARGE, self, sheet=sheet, detail=f"{sheet}!A1:{cell_ref(rows, cols - 1)}",
                limit=f"{self.limits.max_cells} 单元格 / cells",
            )
        if trimmed is xml:
            return None
        from python_calamine import CalamineWorkbook

        buffer = io.BytesIO()
        with zipfile.ZipFile(self.path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
            for info in source.infolist():
                data = trimmed if info.filename == self._sheet_xml[sheet] else source.read(info)
                copy.writestr(info.filename, data)
        buffer.seek(0)
        return CalamineWorkbook.from_filelike(buffer)

    def _blank_shared_strings(self) -> set[int]:
        """Indexes of shared strings that are blank (spaces, invisible characters)."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                xml = archive.read("xl/sharedStrings.xml")
        except KeyError:
            return set()
        return {
            i for i, m in enumerate(_SHARED_STRING.finditer(xml))
            if is_blank(html.unescape(b"".join(_TEXT_RUN.findall(m.group(1) or b"")).decode("utf-8", "replace")))
        }


# <f> is a cell's first child and its text is escaped, so one pass finds the formula cells whose
# saved value (<v>) is missing or empty; a filled-down column of a million stays fast.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)><f\b[^>]*?(?:/>|>[^<]*</f>)(<v\s*/>|<v></v>)?</c>'
)


@dataclass
class _Scan:
    """One sheet XML's formulas saved without a value and error cells (0-based (row, col)), and hidden rows (1-based)."""

    formulas: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, xml: bytes) -> _Scan:
        scan = cls()
        if b"<f" in xml:
            for letters, digits, attrs, saved in _FORMULA_WITHOUT_VALUE.findall(xml):
                if saved and b't="str"' in attrs:
                    continue  # a text result saved empty (="" from IF): blank, not missing
                scan.formulas.append((int(digits) - 1, _column_index(letters)))
        if b't="e"' in xml:
            scan.errors = {
                _parse_ref(m.group(1).decode()): m.group(2).decode("utf-8", "replace") for m in _ERROR_CELL.finditer(xml)
            }
        if b'hidden="' in xml:
            scan.hidden = {int(m.group(1)) for m in _HIDDEN_ROW.finditer(xml)}
        return scan


_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"[^>]*?\bhidden="(?:1|true)"')
# Excel, LibreOffice and openpyxl all write r first; a cell without it only shrinks the estimate.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ANY_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_SHARED_STRING = re.compile(rb"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_TEXT_RUN = re.compile(rb"<t\b[^>]*>([^<]*)</t>")  # runs of <r> too; <rPh> phonetic runs are rare
_TRIM_ABOVE_CELLS = 1_000_000
_VALUE_START = re.compile(rb"<v>\s*[^<\s]|<t(?:\s[^>]*)?>\s*[^<\s]")


def _extent(xml: bytes) -> tuple[int, int]:
    """Rows and columns up to the farthest cell: what calamine will allocate."""
    refs = _CELL_REF.findall(xml)
    if not refs:
        return 0, 0
    return max(int(r) for _, r in refs), max(_column_index(c) for c in {c for c, _ in refs}) + 1


def _extent_bound(xml: bytes) -> tuple[int, int] | None:
    """Rows and columns at least as far as `_extent`'s, without listing every cell (4.5 s at a
    million rows): the last cell written, checked by one search for any cell beyond it.
    None when that cell cannot be read (then `_extent` decides)."""
    at = xml.rfind(b'<c r="')
    if at < 0:
        return 0, 0
    last = _CELL_REF.match(xml, at)
    if last is None:
        return None
    digits = last.group(2).decode()
    # The widest column: the last row may end early (a blank 备注), so also the first and last
    # stretches of the sheet; any wider cell elsewhere sends this to `_extent`.
    sample = _CELL_REF.findall(xml, 0, 1 << 16) + _CELL_REF.findall(xml, max(0, at - (1 << 16)))
    letters = max((c.decode() for c, _ in sample), key=lambda c: (len(c), c))
    if digits.startswith("0"):  # A007: shorter numbers may be larger
        return None
    # Longer, or as long and sorting after (column letters; row digits as _CELL_REF reads them).
    farther_col = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    farther_col += filter(None, [_after(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")])
    farther_row = [f"[0-9]{{{len(digits) + 1},7}}"] if len(digits) < 7 else []
    farther_row += filter(None, [_after(digits, "0123456789")])
    beyond = [
        *(f"(?:{'|'.join(farther_col)})[0-9]{{1,7}}" for _ in farther_col[:1]),
        *(f"[A-Z]{{1,3}}(?:{'|'.join(farther_row)})" for _ in farther_row[:1]),
    ]
    if beyond and re.search(rf'<c r="(?:{"|".join(beyond)})"'.encode(), xml):
        return None
    return int(digits), _column_index(letters) + 1


def _after(text: str, alphabet: str) -> str:
    """A regex for the strings as long as `text` over `alphabet` that sort after it."""
    alternatives = []
    for i, ch in enumerate(text):
        rest = alphabet[alphabet.index(ch) + 1 :]
        if rest:
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{len(text) - i - 1}}}" if i < len(text) - 1 else ""
            alternatives.append(re.escape(text[:i]) + f"[{rest[0]}-{rest[-1]}]" + tail)
    return "|".join(alternatives)


def _sparse(xml: bytes, rows: int, cols: int) -> bool:
    """Whether the sheet's rectangle is large and mostly made of cells that are not there."""
    return rows * cols > _TRIM_ABOVE_CELLS and rows * cols > 4 * xml.count(b"<c ")


def _cut_after_last_value(xml: bytes) -> bytes:
    """The sheet without the rows after the last one holding a non-blank value."""
    end = xml.find(b"</sheetData>")
    start = xml.find(b"<sheetData")
    if end < 0 or start < 0:
        return xml
    last = None
    for last in _VALUE_START.finditer(xml, start, end):
        pass
    if last is None:
        cut = xml.find(b">", start) + 1
    else:
        row_end = xml.find(b"</row>", last.end(), end)
        cut = end if row_end < 0 else row_end + len(b"</row>")
    return xml[:cut] + xml[end:]


_ODS_TABLE = re.compile(rb'<table:table\b[^>]*?\btable:name="([^"]*)"')
_ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_ODS_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated="([0-9]+)"')


def _check_ods_extents(book: Workbook) -> None:
    """Refuse an .ods whose repeated rows and columns reach past `limits.max_cells`.

    An .ods says "this row, 1,048,576 times" in a few bytes (number-rows-repeated), and
    calamine builds every cell of every sheet as it opens the file: a tiny file, terabytes
    of memory. So this runs before calamine sees it.
    """
    try:
        with zipfile.ZipFile(book.path) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
        raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None
    for table in _ODS_TABLE.finditer(content):
        sheet = html.unescape(table.group(1).decode("utf-8", "replace"))
        rows, cols = _ods_extent(content, table.end())
        if rows * cols > book.limits.max_cells:
            raise _fail(
                Code.WORKBOOK_TOO_LARGE, book, sheet=sheet, detail=f"{sheet}!A1:{cell_ref(rows, cols - 1)}",
                limit=f"{book.limits.max_cells} 单元格 / cells",
            )


def _ods_extent(content: bytes, start: int) -> tuple[int, int]:
    """Rows and columns of the .ods table from `start` up to its farthest cell holding anything."""
    end = content.find(b"</table:table>", start)
    end = len(content) if end < 0 else end
    rows = last_row = width = 0
    pos = _next_ods_row(content, start, end)
    while pos >= 0:
        tag_end = content.find(b">", pos, end) + 1
        if tag_end <= 0:
            break
        tag = content[pos:tag_end]
        close = tag_end if tag.endswith(b"/>") else content.find(b"</table:table-row>", tag_end, end)
        close = end if close < 0 else close
        repeated = _ODS_ROWS_REPEATED.search(tag)
        count = int(repeated.group(1)) if repeated else 1
        # The last cell holding anything; cells up to it count as often as they repeat.
        last = max(content.rfind(b"value-type", tag_end, close), content.rfind(b"<text:", tag_end, close))
        if last >= 0:
            used = content.count(b"<table:table-cell", tag_end, last)
            used += content.count(b"<table:covered-table-cell", tag_end, last)
            used += sum(int(n) - 1 for n in _ODS_COLUMNS_REPEATED.findall(content, tag_end, last))
            last_row, width = rows + count, max(width, used)
        rows += count
        pos = _next_ods_row(content, close, end)
    return last_row, width


def _next_ods_row(content: bytes, pos: int, end: int) -> int:
    """Where the next <table:table-row …> starts (not <table:table-rows> or <table:table-row-group>)."""
    while (pos := content.find(b"<table:table-row", pos, end)) >= 0:
        if content[pos + 16 : pos + 17] in (b" ", b">", b"/", b"\n", b"\t", b"\r"):
            return pos
        pos += 16
    return -1


def _is_blank_cell(match: re.Match[bytes], blank_strings: set[int]) -> bool:
    body = match.group(2)
    if not body:
        return True
    # A formula cell is judged by its saved value: calamine reads an unsaved one as blank too,
    # and formulas_without_value reads the original XML, not this copy.
    tag = match.group(0)[: match.group(0).find(b">")]
    value = re.search(rb"<v>([^<]*)</v>", body)
    if b't="s"' in tag:
        return value is None or not value.group(1).strip().isdigit() or int(value.group(1)) in blank_strings
    if b't="inlineStr"' in tag or b't="str"' in tag:
        text = b"".join(_TEXT_RUN.findall(body)) if value is None else value.group(1)
        return is_blank(html.unescape(text.decode("utf-8", "replace")))
    return value is None or not value.group(1).strip()


def _column_index(letters: bytes | str) -> int:
    col = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _fail(code: Code, book: Workbook | Path | str, error: type = DataError, **params: Any) -> Exception:
    file = book.file if isinstance(book, Workbook) else str(book)
    problems = Problems()
    problems.add(code, file=file, **params)
    return error(problems)


def open_workbook(path: Path | str, limits: Limits | None = None) -> Workbook:
    """Open and check a workbook; raise DataError (exit 1) or FileSystemError (exit 3)."""
    path = Path(path)
    limits = limits or Limits()
    if not path.exists():
        raise _fail(Code.FILE_NOT_FOUND, path, FileSystemError, value=str(path))
    if path.is_dir():
        raise _fail(Code.NOT_A_WORKBOOK, path, detail="这是一个文件夹 / a folder")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise _fail(Code.FORMAT_UNSUPPORTED, path, value=path.suffix or path.name)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except PermissionError:
        raise _fail(Code.PERMISSION_DENIED, path, FileSystemError, value=str(path)) from None
    if size > limits.max_file_mb * MB:
        raise _fail(Code.WORKBOOK_TOO_LARGE, path, detail=f"{size / MB:.1f} MB", limit=f"{limits.max_file_mb} MB")
    if kind == "csv":
        return _open_csv(path)
    if size == 0:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail="空文件 / empty file")
    if head.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo, whatever its name.
        if _ENCRYPTION_INFO in path.read_bytes():
            raise _fail(Code.WORKBOOK_ENCRYPTED, path)
        if kind != "xls":
            kind = "xls"
    elif head.startswith(_ZIP_MAGIC):
        if kind == "xls":
            kind = "xlsx"
    else:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail=_sniff(head, path))
    book = Workbook(path=path, kind=kind, sheet_names=[], limits=limits)
    if head.startswith(_ZIP_MAGIC):
        _check_zip(book, limits)
        if kind == "ods":
            _check_ods_extents(book)
    _open_calamine(book)
    return book


def _sniff(head: bytes, path: Path) -> str:
    with path.open("rb") as handle:
        start = handle.read(512).lstrip().lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table")):
        return "HTML 网页 / an HTML page"
    if start.startswith(b"%pdf"):
        return "PDF"
    return "无法识别的格式 / unrecognised content"


def _check_zip(book: Workbook, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(book.path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None
    with archive:
        infos = archive.infolist()
        total = sum(info.file_size for info in infos)
        if total > limits.max_unpacked_mb * MB:
            raise _fail(
                Code.WORKBOOK_TOO_LARGE, book, detail=f"解压后 {total / MB:.0f} MB / unpacks to {total / MB:.0f} MB",
                limit=f"{limits.max_unpacked_mb} MB",
            )
        for info in infos:
            if info.file_size > 10 * MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise _fail(
                    Code.WORKBOOK_TOO_LARGE, book,
                    detail=f"{info.filename} 压缩比 {ratio:.0f}:1 / packs {ratio:.0f}:1", limit=f"{limits.max_ratio}:1",
                )
        names = {info.filename for info in infos}
        if "content.xml" not in names and "xl/workbook.xml" not in names:
            raise _fail(Code.NOT_A_WORKBOOK, book, detail="压缩包中没有工作表 / a zip without worksheets")
        try:
            for info in infos:
                if not info.filename.lower().endswith((".bin", ".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf")):
                    with archive.open(info) as member:
                        unsafe = _unsafe_prolog(member)
                    if unsafe:
                        raise _fail(Code.WORKBOOK_UNSAFE_XML, book, detail=f"{info.filename}: {unsafe}")
            if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
                raise _fail(Code.WORKBOOK_ENCRYPTED, book)  # a password-protected .ods
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                book.problems.add(Code.MACROS_IGNORED, file=book.file)
            if "xl/workbook.xml" in names:
                book._sheet_xml = _xlsx_sheet_members(archive)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None


_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_PROLOG_LIMIT = 1 << 20


def _unsafe_prolog(member: IO[bytes]) -> str | None:
    """Why an XML part is unsafe (a DTD, where entity bombs live), else None.

    A DTD can only come before the root element, but comments and whitespace may push it
    past any fixed number of bytes, and the part may be UTF-16: so read until the root
    element starts. No workbook needs a megabyte of prolog.
    """
    data = b""
    while len(data) <= _PROLOG_LIMIT:
        chunk = member.read(64 * 1024)
        data += chunk
        text = _decode_prolog(data)
        if text is None:  # not XML (a picture, a binary part)
            return None
        pos = 0
        while match := _PROLOG_ITEM.match(text, pos):
            pos = match.end()
        rest = text[pos:]
        if rest.startswith(("<!DOCTYPE", "<!ENTITY")):
            return "<!DOCTYPE/<!ENTITY"
        if len(rest) > 1 and rest[0] == "<" and rest[1] not in "!?":
            return None  # the root element: no DTD
        if not chunk:
            return None  # the part ends inside its prolog: calamine will call it corrupt
    return "XML 声明超过 1 MB / an XML prolog over 1 MB"


def _decode_prolog(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16-be" if data.startswith(b"\xfe\xff") or data[:1] == b"\x00" else "utf-16-le"
        return data[: len(data) // 2 * 2].decode(encoding, "replace").lstrip("\ufeff")
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    return text if text.lstrip()[:1] in ("<", "") else None


def _xlsx_sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML member, from workbook.xml and its relationships."""
    from defusedxml.ElementTree import fromstring

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - an odd but readable package: calamine decides
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    members = {}
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        members[sheet.get("name", "")] = path
    return members


def _open_calamine(book: Workbook) -> None:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(book.path))
    except PasswordError:
        raise _fail(Code.WORKBOOK_ENCRYPTED, book) from None
    except (CalamineError, OSError, ValueError) as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise _fail(Code.WORKBOOK_ENCRYPTED, book) from None
        raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None
    book._book = workbook
    book.sheet_names = list(workbook.sheet_names)
    book.hidden_sheets = {
        meta.name for meta in workbook.sheets_metadata if meta.visible != SheetVisibleEnum.Visible
    }


def _open_csv(path: Path) -> Workbook:
    raw = path.read_bytes()
    # Excel's "Unicode text" is UTF-16 with a BOM; users rename it to .csv.
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _fail(Code.CSV_ENCODING, path)
    if "\x00" in text:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail="二进制内容 / binary content")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # A CSV cell may exceed Excel's 32,767 characters (read_table reports it by cell); the
    # file size is already bounded by limits.max_file_mb.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail=_short(exc)) from None
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    return Workbook(path=path, kind="csv", sheet_names=[path.stem], _csv_rows=rows)


# --- tables -----------------------------------------------------------------------------


@dataclass
class Table:
    """One sheet's data: header found, data rows kept with their spreadsheet row numbers."""

    file: str
    sheet: str
    header_row: int  # 1-based, the (last) header row
    headers: list[str]  # the header text of every column, as in the file
    columns: dict[str, int]  # field name → 0-based column
    rows: list[tuple[int, list[Any]]]  # (1-based row number, values padded to the width)
    labels: dict[str, str] = field(default_factory=dict)  # field name → header text in the file
    # (1-based row, 0-based column) of cells the reader already reported (#DIV/0!, formulas
    # never calculated): they read as blank, and a loader must not call them blank again.
    reported: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: int, name: str) -> str:
        return cell_ref(row, self.columns[name])

    def where(self, row: int, name: str) -> dict[str, Any]:
        """Keyword arguments locating a field's cell, for `Problems.add`."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell(row, name), "row": row}

    def value(self, values: list[Any], name: str) -> Any:
        col = self.columns.get(name)
        return None if col is None else values[col]

    @property
    def extra_columns(self) -> list[int]:
        """Columns the tool does not know, kept in outputs."""
        known = set(self.columns.values())
        return [i for i, h in enumerate(self.headers) if h and i not in known]


def find_sheet(book: Workbook, names: Iterable[str], *, first_if_missing: bool, problems: Problems) -> str | None:
    """The first sheet whose name matches one of `names` (normalised), else the first sheet."""
    wanted = [normalize(n).lower() for n in names]
    by_key = {normalize(s).lower(): s for s in book.sheet_names}
    for key in wanted:
        if key in by_key:
            return by_key[key]
    if book.kind == "csv" or (first_if_missing and book.sheet_names):
        return book.sheet_names[0] if book.sheet_names else None
    problems.add(
        Code.SHEET_MISSING, file=book.file, value=next(iter(names)), found="、".join(book.sheet_names) or "无"
    )
    return None


def read_table(
    book: Workbook,
    sheet: str,
    fields: dict[str, Field],
    problems: Problems,
    *,
    limits: Limits | None = None,
    require_rows: bool = True,
    stream: bool = False,
) -> Table | None:
    """Find the header, map columns to fields, collect data rows. None when unusable (problems say why).

    With `stream=True` the table's `rows` is an iterator: each row is read, checked and handed
    over one at a time, never all held (a million ballots as Python lists is most of a
    gigabyte). The rows' problems (repeated headers, merged and hidden rows, error cells…) are
    added as the rows are read and when the last one has been; `reported` holds every error
    cell and formula without a value of the used columns from the start, so a loader asking
    about the row it is reading gets the same answer as with the whole list.
    """
    shown = activity("progress_read", file=book.path.name)
    try:
        table = _read_table(book, sheet, fields, problems, limits or book.limits, require_rows, stream, shown)
    except BaseException:
        shown.finish()
        raise
    if table is None:
        shown.finish()
    return table


def _read_table(
    book: Workbook, sheet: str, fields: dict[str, Field], problems: Problems, limits: Limits, require_rows: bool,
    stream: bool, shown: Activity,
) -> Table | None:
    file = book.file
    if sheet in book.hidden_sheets:
        problems.add(Code.HIDDEN_SHEET, file=file, sheet=sheet, value=sheet)
    if stream:
        count, source = book.iter_rows(sheet)
    else:
        grid = book.rows(sheet)
        count, source = len(grid), iter(grid)
    shown.update(0, count)
    if count > limits.max_rows:
        problems.add(Code.WORKBOOK_TOO_LARGE, file=file, sheet=sheet, detail=f"{count} 行 / rows", limit=f"{limits.max_rows}")
        return None
    fill = _MergedFill(book.merged_ranges(sheet))
    # The header is looked for in the first 20 rows, and a two-row header may end on the 21st.
    head = []
    for r, values in enumerate(source):
        fill(r, values)
        head.append(values)
        if len(head) > HEADER_SEARCH_ROWS:
            break

    index = header_index(fields)
    required = [f.name for f in fields.values() if f.required]
    found = _find_header(head, index, required)
    if found is None:
        if not any(not is_blank(v) for row in head[:HEADER_SEARCH_ROWS] for v in row):
            problems.add(Code.SHEET_EMPTY, file=file, sheet=sheet)
        else:
            expected = "、".join(fields[name].label for name in required)
            problems.add(Code.HEADER_NOT_FOUND, file=file, sheet=sheet, expected=expected)
        return None
    header_rows, headers = found
    header_row = header_rows[-1] + 1
    columns = {name: c for name, (c, _) in _map_row(headers, index).items()}
    labels = {name: headers[c] for name, c in columns.items()}
    for name, col in _duplicates(headers, index):
        problems.add(
            Code.COLUMN_DUPLICATE, file=file, sheet=sheet, cell=cell_ref(header_row, col), row=header_row,
            value=headers[col], other=cell_ref(header_row, columns[name]),
        )
    missing = [name for name in required if name not in columns]
    for name in missing:
        problems.add(Code.COLUMN_MISSING, file=file, sheet=sheet, row=header_row, value=fields[name].label)
    if missing:
        return None

    used = set(columns.values())
    # Error cells and formulas without a value in the used columns, whatever their row: a
    # loader asks only about rows it was given, so the rows dropped below make no difference.
    reported = {(r + 1, c) for r, c in book.error_cells(sheet) if c in used}
    reported |= {(r + 1, c) for r, c in book.formulas_without_value(sheet) if c in used}
    table = Table(
        file=file, sheet=sheet, header_row=header_row, headers=headers, columns=columns, rows=[], labels=labels,
        reported=reported,
    )
    rows = _data_rows(book, table, head, source, fill, header_rows[-1] + 1, used, problems, require_rows, shown)
    table.rows = rows if stream else list(rows)
    return table


class _Kept:
    """Which rows `_data_rows` kept: every row from the first after the header to the last kept,
    except the few dropped (blank, total and repeated-header rows). 1-based."""

    def __init__(self, first: int):
        self.first = first
        self.last = 0
        self.dropped: set[int] = set()

    def __contains__(self, row: object) -> bool:
        return isinstance(row, int) and self.first <= row <= self.last and row not in self.dropped


def _data_rows(
    book: Workbook, table: Table, head: list[list[Any]], source: Iterator[list[Any]], fill: _MergedFill,
    first: int, used: set[int], problems: Problems, require_rows: bool, shown: Activity,
) -> Iterator[tuple[int, list[Any]]]:
    """The data rows below the header as (1-based row, values); the sheet's problems as found."""
    try:
        yield from _checked_rows(book, table, head, source, fill, first, used, problems, require_rows, shown)
    finally:
        shown.finish()


def _checked_rows(
    book: Workbook, table: Table, head: list[list[Any]], source: Iterator[list[Any]], fill: _MergedFill,
    first: int, used: set[int], problems: Problems, require_rows: bool, shown: Activity,
) -> Iterator[tuple[int, list[Any]]]:
    file, sheet = table.file, table.sheet
    header_keys = _HeaderKeys(table.headers, used)
    kept = _Kept(first + 1)
    dropped = kept.dropped
    limit = EXCEL_TEXT_LIMIT
    r = first - 1
    every = EVERY - 1
    for r, values in _chain_rows(head, source, first, fill):
        if not r & every:
            shown.update(r)
        if _is_blank_row(values):
            dropped.add(r + 1)
            continue
        if header_keys.repeated(values):
            problems.add(Code.HEADER_REPEATED, file=file, sheet=sheet, row=r + 1)
            dropped.add(r + 1)
            continue
        if _is_total_row(values):
            dropped.add(r + 1)
            continue
        kept.last = r + 1
        # length_hint is a string's length and 0 for a number: the whole row in one C call.
        if max(map(length_hint, values), default=0) > limit:
            for c, v in enumerate(values):
                if type(v) is str and len(v) > limit:
                    problems.add(
                        Code.TEXT_TOO_LONG, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1,
                        value=v[:20] + "…", length=len(v),
                    )
        yield r + 1, values
    reported = _report_sheet_quirks(book, sheet, table.header_row, kept, used, problems)
    for r, c in sorted(book.formulas_without_value(sheet)):
        if c in used and r + 1 in kept:
            problems.add(Code.FORMULA_WITHOUT_VALUE, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1)
            reported.add((r + 1, c))
    table.reported.clear()
    table.reported.update(reported)
    if require_rows and not kept.last:
        problems.add(Code.SHEET_EMPTY, file=file, sheet=sheet)


def _chain_rows(
    head: list[list[Any]], source: Iterator[list[Any]], first: int, fill: _MergedFill
) -> Iterator[tuple[int, list[Any]]]:
    """(0-based row, values) from `first` on: the rows already read, then the rest, filled as they come."""
    yield from enumerate(head[first:], first)
    if fill.pending(len(head)):
        for r, values in enumerate(source, len(head)):
            fill(r, values)
            yield r, values
    else:
        yield from enumerate(source, len(head))


def _report_sheet_quirks(
    book: Workbook, sheet: str, header_row: int, kept: _Kept, used: set[int], problems: Problems
) -> set[tuple[int, int]]:
    """What Excel shows differently from what is read: merged and hidden rows (warnings), error
    cells (errors, returned as (row, column) so loaders do not report them again)."""
    file = book.file
    last = kept.last
    for (r0, c0), (r1, c1) in book.merged_ranges(sheet):
        # Titles and two-row headers are merged by design; a signature line below the data too.
        if (r0, c0) != (r1, c1) and any(r in kept for r in range(max(r0 + 1, header_row + 1), min(r1 + 1, last) + 1)):
            ref = f"{cell_ref(r0 + 1, c0)}:{cell_ref(r1 + 1, c1)}"
            problems.add(Code.MERGED_CELLS, file=file, sheet=sheet, cell=cell_ref(r0 + 1, c0), row=r0 + 1, value=ref)
    hidden = sorted(r for r in book.hidden_rows(sheet) if r in kept)
    if hidden:
        shown = ", ".join(map(str, hidden[:20])) + (f" … ({len(hidden)})" if len(hidden) > 20 else "")
        problems.add(Code.HIDDEN_ROWS, file=file, sheet=sheet, row=hidden[0] if len(hidden) == 1 else None, value=shown)
    reported = set()
    for (r, c), error in sorted(book.error_cells(sheet).items()):
        if r + 1 in kept and c in used:
            problems.add(Code.FORMULA_ERROR, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1, value=error)
            reported.add((r + 1, c))
    return reported


class _MergedFill:
    """Gives every cell of a merged range the value of its top-left cell (how a reader sees it),
    row by row: `fill(r, values)` for r = 0, 1, 2… in order. The ranges apply in their order,
    each taking its value when its first row passes, as if each were applied to the whole sheet
    in turn."""

    def __init__(self, ranges: list[tuple[tuple[int, int], tuple[int, int]]]):
        self.ranges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
        self.values: list[Any] = [None] * len(self.ranges)
        self.order = sorted((i for i, (r0, _, r1, _) in enumerate(self.ranges) if r1 >= r0), key=lambda i: self.ranges[i][0])
        self.next = 0  # in `order`: the first range not yet started
        self.active: list[int] = []  # ranges covering the current row, in their own order
        self.last = max((self.ranges[i][2] for i in self.order), default=-1)

    def pending(self, r: int) -> bool:
        """Whether any range reaches row `r` or below."""
        return self.last >= r

    def __call__(self, r: int, row: list[Any]) -> None:
        if r > self.last:
            return
        ranges, order = self.ranges, self.order
        active = [i for i in self.active if ranges[i][2] >= r]
        started = False
        while self.next < len(order) and ranges[order[self.next]][0] <= r:
            active.append(order[self.next])
            self.next += 1
            started = True
        if started:
            active.sort()
        self.active = active
        for i in active:
            r0, c0, _, c1 = ranges[i]
            if r == r0:
                self.values[i] = row[c0] if c0 < len(row) else ""
            value = self.values[i]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def _find_header(grid: list[list[Any]], index: dict[str, str], required: list[str]) -> tuple[list[int], list[str]] | None:
    """The header row(s) and the header text of every column; None when no row looks like one."""
    best: tuple[int, int] | None = None  # (score, row)
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        mapped = _map_row(row, index)
        if r + 1 < len(grid) and not all(name in mapped for name in required):
            # A two-row header whose rows each lack a required column (被测评人 above, 德…廉
            # under a merged 测评得分): the pair counts as one header starting here.
            below = _map_row(grid[r + 1], index)
            together = {**below, **mapped}
            if not all(name in below for name in required) and all(name in together for name in required):
                mapped = together
        score = len(mapped) + (100 if all(name in mapped for name in required) else 0)
        if mapped and (best is None or score > best[0]):
            best = (score, r)
    if best is None or best[0] < 2:
        return None
    r = best[1]
    header_rows = [r]
    headers = [_header_text(v) for v in grid[r]]
    # A two-row header: a merged group title ("测评得分") above the dimension names.
    if r + 1 < len(grid):
        above = _map_row(grid[r], index)
        below = {name: c for name, (c, _) in _map_row(grid[r + 1], index).items() if name not in above}
        if below and all(normalize(headers[c]).lower() not in index for c in below.values()):
            header_rows.append(r + 1)
            for c, text in enumerate(_header_text(v) for v in grid[r + 1]):
                if text and (not headers[c] or normalize(headers[c]).lower() not in index):
                    headers[c] = text
    return header_rows, headers


def _map_row(row: list[Any], index: dict[str, str]) -> dict[str, tuple[int, str]]:
    mapped: dict[str, tuple[int, str]] = {}
    for c, value in enumerate(row):
        if isinstance(value, str) and value:
            name = index.get(normalize(value).lower())
            if name and name not in mapped:
                mapped[name] = (c, value)
    return mapped


def _duplicates(headers: list[str], index: dict[str, str]) -> list[tuple[str, int]]:
    """(field, column) of every header cell naming a field an earlier column already names."""
    seen: set[str] = set()
    dups = []
    for c, text in enumerate(headers):
        name = index.get(normalize(text).lower()) if text else None
        if name:
            if name in seen:
                dups.append((name, c))
            seen.add(name)
    return dups


def _header_text(value: Any) -> str:
    return "" if is_blank(value) else str(value).strip()


def _is_blank_row(values: list[Any]) -> bool:
    for v in values:  # a data row stops at its first cell
        if v is None or v == "" or (isinstance(v, str) and not v.strip()):
            continue
        return False
    return True


# The characters a total label can start with after `normalize(...).lower()` (合 总 小 共 t s).
_TOTAL_STARTS = frozenset(m[0] for m in TOTAL_MARKERS) | frozenset(m[0].upper() for m in TOTAL_MARKERS)


def _is_total_row(values: list[Any]) -> bool:
    """Whether one of the row's first three texts is a total label (合计, 小计, Total…)."""
    seen = 0
    for value in values:
        if isinstance(value, str):
            ch = value[:1]
            if not ch or ch.isspace():
                stripped = value.strip()
                if not stripped:
                    continue
                ch = stripped[0]
            # Normalising every text is the slow part: a text starting with ASCII or a CJK
            # ideograph (both unchanged by NFKC, never invisible) that cannot start a marker is
            # no total label.
            maybe = ch in _TOTAL_STARTS if ch < "\x80" or "\u4e00" <= ch <= "\u9fff" else True
            if maybe and is_total_label(value):
                return True
            seen += 1
            if seen == 3:
                return False
    return False


class _HeaderKeys:
    """The used columns' header text, normalised: a data row repeating at least half of them
    (and two) is the header printed again (a sheet pasted page by page)."""

    def __init__(self, headers: list[str], used: set[int]):
        self.keys = sorted((c, normalize(str(headers[c])).lower()) for c in used)
        self.need = max(2, (len(self.keys) + 1) // 2)
        self.misses = len(self.keys) - self.need  # more misses than this: not a header
        self.ordered = False

    def repeated(self, values: list[Any]) -> bool:
        if not self.ordered:
            # The columns the first data row shows to be cheap misses go first (the scores:
            # numbers), so most rows are decided after a few comparisons.
            width = len(values)

            def cheap(item: tuple[int, str]) -> bool:
                c, key = item
                v = values[c] if c < width else None
                return not isinstance(v, str) or (v.isascii() and not key.isascii())

            self.keys.sort(key=cheap, reverse=True)
            self.ordered = True
        # Cheap misses first (numbers, blanks, ASCII text under a Chinese header); stop as soon
        # as the header can no longer be reached. Same answer as normalising every cell.
        misses, hits = 0, 0
        texts = []
        width = len(values)
        for c, key in self.keys:
            v = values[c] if c < width else None
            if isinstance(v, str) and not (v.isascii() and not key.isascii()):
                texts.append((v, key))
                continue
            misses += 1
            if misses > self.misses:
                return False
        for v, key in texts:
            if normalize(v).lower() == key:
                hits += 1
            else:
                misses += 1
                if misses > self.misses:
                    return False
        return hits >= self.need
