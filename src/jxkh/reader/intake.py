"""Opening a file safely: what it really is, its size, zip members (bombs), XML declarations
(entity bombs), encryption, an .ods's repeated rows; then calamine, or the csv reader."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from ..messages import Code
from ..policy import Limits
from ..problems import FileSystemError, cell_ref
from .book import Workbook, _fail, _short

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MB = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


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
