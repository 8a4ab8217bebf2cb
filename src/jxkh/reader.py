"""Reading workbooks (xlsx, xlsm, xls, ods via calamine; csv in UTF-8 or GBK) into tables.

Every command reads through here. A file is checked before calamine sees it: size, zip
members (bombs), XML declarations (entity bombs), encryption, and what it really is. A
sheet becomes a `Table`: its header row found by name in the first 20 rows, data rows with
their spreadsheet row numbers, blank and total rows dropped, merged cells filled.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .cells import is_blank, normalize
from .headers import Field, header_index, is_total_label
from .messages import Code
from .policy import Limits
from .problems import DataError, FileSystemError, Problems, cell_ref

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
HEADER_SEARCH_ROWS = 20
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

    @property
    def file(self) -> str:
        return str(self.path)

    def rows(self, sheet: str) -> list[list[Any]]:
        """The sheet's cell values from A1, as a rectangle; '' for an empty cell."""
        if self._csv_rows is not None:
            return self._csv_rows
        from python_calamine import CalamineError

        try:
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except CalamineError as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None

    def merged_ranges(self, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """0-based ((row, col), (row, col)) corners of merged ranges (xlsx/xls only)."""
        if self._book is None:
            return []
        return self._book.get_sheet_by_name(sheet).merged_cell_ranges or []

    def formulas_without_value(self, sheet: str) -> set[tuple[int, int]]:
        """0-based (row, col) of formula cells saved with no result (xlsx only).

        Calamine reads such a cell as empty; a program that writes formulas without
        calculating them (scripts, some exporters) leaves them so, and silently reading
        0 would be wrong.
        """
        member = self._sheet_xml.get(sheet)
        if member is None:
            return set()
        with zipfile.ZipFile(self.path) as archive:
            xml = archive.read(member)
        if b"<f" not in xml:
            return set()
        found = set()
        for match in _CELL_WITH_FORMULA.finditer(xml):
            body = match.group(2)
            if not _SAVED_VALUE.search(body):
                found.add(_parse_ref(match.group(1).decode()))
        return found


_CELL_WITH_FORMULA = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>((?:(?!</c>).)*?<f[\s>/](?:(?!</c>).)*?)</c>', re.S)


_SAVED_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


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
    book = Workbook(path=path, kind=kind, sheet_names=[])
    if head.startswith(_ZIP_MAGIC):
        _check_zip(book, limits)
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
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as member:
                        prolog = member.read(4096)
                    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                        raise _fail(Code.WORKBOOK_UNSAFE_XML, book, detail=f"{info.filename}: <!DOCTYPE/<!ENTITY")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                book.problems.add(Code.MACROS_IGNORED, file=book.file)
            if "xl/workbook.xml" in names:
                book._sheet_xml = _xlsx_sheet_members(archive)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None


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
    for encoding in ("utf-8-sig", "gb18030"):
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
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]
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
) -> Table | None:
    """Find the header, map columns to fields, collect data rows. None when unusable (problems say why)."""
    limits = limits or Limits()
    file = book.file
    if sheet in book.hidden_sheets:
        problems.add(Code.HIDDEN_SHEET, file=file, sheet=sheet, value=sheet)
    grid = book.rows(sheet)
    if len(grid) > limits.max_rows:
        problems.add(Code.WORKBOOK_TOO_LARGE, file=file, sheet=sheet, detail=f"{len(grid)} 行 / rows", limit=f"{limits.max_rows}")
        return None
    _fill_merged(book, sheet, grid)

    index = header_index(fields)
    required = [f.name for f in fields.values() if f.required]
    found = _find_header(grid, index, required)
    if found is None:
        if not any(not is_blank(v) for row in grid[:HEADER_SEARCH_ROWS] for v in row):
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

    formula_cells = book.formulas_without_value(sheet)
    header_keys = {col: normalize(str(headers[col])).lower() for col in columns.values()}
    rows: list[tuple[int, list[Any]]] = []
    for r in range(header_rows[-1] + 1, len(grid)):
        values = grid[r]
        if _is_blank_row(values):
            continue
        if _is_repeated_header(values, header_keys):
            problems.add(Code.HEADER_REPEATED, file=file, sheet=sheet, row=r + 1)
            continue
        if _is_total_row(values):
            continue
        rows.append((r + 1, values))
    if formula_cells:
        kept = {number - 1 for number, _ in rows}
        used = set(columns.values())
        for r, c in sorted(formula_cells):
            if r in kept and c in used:
                problems.add(Code.FORMULA_WITHOUT_VALUE, file=file, sheet=sheet, cell=cell_ref(r + 1, c), row=r + 1)
    if require_rows and not rows:
        problems.add(Code.SHEET_EMPTY, file=file, sheet=sheet)
    return Table(file=file, sheet=sheet, header_row=header_row, headers=headers, columns=columns, rows=rows, labels=labels)


def _fill_merged(book: Workbook, sheet: str, grid: list[list[Any]]) -> None:
    """Give every cell of a merged range the value of its top-left cell (how a reader sees it)."""
    for (r0, c0), (r1, c1) in book.merged_ranges(sheet):
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def _find_header(grid: list[list[Any]], index: dict[str, str], required: list[str]) -> tuple[list[int], list[str]] | None:
    """The header row(s) and the header text of every column; None when no row looks like one."""
    best: tuple[int, int] | None = None  # (score, row)
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        mapped = _map_row(row, index)
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
    return all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in values)


def _is_total_row(values: list[Any]) -> bool:
    seen = 0
    for value in values:
        if isinstance(value, str) and value.strip():
            if is_total_label(value):
                return True
            seen += 1
            if seen == 3:
                return False
    return False


def _is_repeated_header(values: list[Any], header_keys: dict[int, str]) -> bool:
    hits = sum(
        1 for c, key in header_keys.items() if c < len(values) and isinstance(values[c], str) and normalize(values[c]).lower() == key
    )
    return hits >= max(2, (len(header_keys) + 1) // 2)
