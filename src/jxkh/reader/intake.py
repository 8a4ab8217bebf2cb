"""Opening a file safely: what it really is, its size, zip members (bombs), XML declarations
(entity bombs), encryption, an .ods's repeated rows; then calamine, or the csv reader."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO

from ..messages import Code
from ..policy import Limits
from ..problems import FileSystemError, cell_ref
from .book import Workbook, _fail, _short
from .xmlscan import MalformedXml, _tags, attributes

FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MB = 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


# Books opened once and handed out again inside `reusing` (resolved path → the book).
_REUSED: ContextVar[dict[Path, Workbook] | None] = ContextVar("reused_books", default=None)


@contextmanager
def reusing(book: Workbook) -> Iterator[None]:
    """Within the block, `open_workbook` of the same file (and limits) gives `book` again:
    its bytes read, its checks passed and its sheets built once. `jxkh check` looks at every
    sheet's header and then reads the file as appraise or score would; calamine building a
    million-row sheet twice was a third of its time."""
    shared = dict(_REUSED.get() or {})
    shared[book.path.resolve()] = book
    token = _REUSED.set(shared)
    try:
        yield
    finally:
        _REUSED.reset(token)


def open_workbook(path: Path | str, limits: Limits | None = None) -> Workbook:
    """Open and check a workbook; raise DataError (exit 1) or FileSystemError (exit 3).

    The file is read once, into memory, and everything after works on those bytes: their
    SHA-256 is the one the 说明 sheet records, whatever happens to the file meanwhile. (fastexcel
    reads a long ballot sheet from the file itself only while its size and modification time
    are those of the bytes read: `columnar.Reader`.)
    """
    path = Path(path)
    limits = limits or Limits()
    shared = _REUSED.get()
    if shared:
        book = shared.get(path.resolve()) if path.exists() else None
        if book is not None and book.limits == limits:
            return book
    if not path.exists():
        raise _fail(Code.FILE_NOT_FOUND, path, FileSystemError, value=str(path))
    if path.is_dir():
        raise _fail(Code.NOT_A_WORKBOOK, path, detail="这是一个文件夹 / a folder")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise _fail(Code.FORMAT_UNSUPPORTED, path, value=path.suffix or path.name)
    data = read_bounded(path, int(limits.max_file_mb * MB))
    if data is None:
        size = path.stat().st_size / MB
        raise _fail(Code.WORKBOOK_TOO_LARGE, path, detail=f"{size:.1f} MB", limit=f"{limits.max_file_mb} MB")
    digest = hashlib.sha256(data).hexdigest()
    READ_DIGESTS[path.resolve()] = digest
    if kind == "csv":
        book = _open_csv(path, data)
        book.sha256 = digest
        return book
    if not data:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail="空文件 / empty file")
    if data.startswith(_OLE_MAGIC):
        # An encrypted .xlsx is an OLE container holding EncryptionInfo, whatever its name.
        if _ENCRYPTION_INFO in data:
            raise _fail(Code.WORKBOOK_ENCRYPTED, path)
        if kind != "xls":
            kind = "xls"
    elif data.startswith(_ZIP_MAGIC):
        if kind == "xls":
            kind = "xlsx"
    else:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail=_sniff(data))
    book = Workbook(path=path, kind=kind, sheet_names=[], limits=limits, data=data, sha256=digest,
                    stamp=file_stamp(path, len(data)))
    if data.startswith(_ZIP_MAGIC):
        _check_zip(book, limits)
        if kind == "ods":
            _check_ods_extents(book)
    _open_calamine(book)
    return book


# Resolved path → SHA-256 of the bytes last read from it by `open_workbook`: what a 说明 sheet
# records for an input (re-hashing the file at write time could name bytes never read).
READ_DIGESTS: dict[Path, str] = {}


def file_stamp(path: Path, size: int) -> tuple[int, int] | None:
    """(size, modification time in ns) of the file when it is `size` bytes long, else None: a
    reader that reads it again (fastexcel) can be checked to have read the same bytes."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns) if found.st_size == size else None


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `limit` (read up to limit + 1: the
    size the file system reports can lie, a device never ends). Only a regular file is read:
    a FIFO would wait for ever, /dev/zero never end."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise _fail(Code.PERMISSION_DENIED, path, FileSystemError, value=str(path)) from None
    except FileNotFoundError:
        raise _fail(Code.FILE_NOT_FOUND, path, FileSystemError, value=str(path)) from None
    except OSError as exc:
        raise _fail(Code.NOT_A_WORKBOOK, path, detail=_short(exc)) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _fail(Code.NOT_A_WORKBOOK, path, detail="不是普通文件（管道或设备）/ not a regular file (a pipe or device)")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise _fail(Code.NOT_A_WORKBOOK, path, detail=_short(exc)) from None
    return None if len(data) > limit else data


def _sniff(data: bytes) -> str:
    start = data[:512].lstrip().lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table")):
        return "HTML 网页 / an HTML page"
    if start.startswith(b"%pdf"):
        return "PDF"
    return "无法识别的格式 / unrecognised content"


def _check_zip(book: Workbook, limits: Limits) -> None:
    try:
        archive = book.archive()
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
        for info in infos:
            _check_member_method(book, info)
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


# Compression methods calamine cannot unpack (nor zipfile, some of them): a file another
# program packed so is refused by name, not left to fail somewhere inside.
_METHODS = {9: "Deflate64", 12: "BZIP2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 98: "PPMd"}
_AES = 99


def _check_member_method(book: Workbook, info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1 or info.compress_type == _AES:  # a zip password (ZipCrypto or AES)
        raise _fail(Code.WORKBOOK_ENCRYPTED, book)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        method = _METHODS.get(info.compress_type, f"#{info.compress_type}")
        raise _fail(
            Code.WORKBOOK_CORRUPT, book,
            detail=f"{info.filename} 用 {method} 压缩，无法读取 / packed with {method}, which cannot be read",
        )


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
    """Sheet name → its XML member, from workbook.xml and its relationships, found as calamine
    finds them: elements by local name (so strict OOXML and prefixes too), the relationship by
    `r:id` or `relationships:id`, a target under xl/ unless it says /xl/ or xl/."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}  # calamine refuses such a package
    try:
        targets = {}
        for tag in _tags(rels, 0, len(rels)):
            if tag.name == b"Relationship" and tag.kind != "end":
                attrs = attributes(tag.attrs)
                targets[attrs.get("Id")] = attrs.get("Target", "")
        members = {}
        for tag in _tags(workbook, 0, len(workbook)):
            if tag.name == b"sheet" and tag.kind != "end":
                attrs = attributes(tag.attrs)
                target = targets.get(attrs.get("r:id", attrs.get("relationships:id")), "")
                members[attrs.get("name", "")] = target[1:] if target.startswith("/xl/") else (
                    target if target.startswith("xl/") else f"xl/{target}"
                )
    except MalformedXml:
        return {}  # calamine decides
    return members


def _open_calamine(book: Workbook) -> None:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(book.data))
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


def _not_simplified_chinese(text: str, raw: bytes) -> bool:
    """Whether text that decoded as GBK is really Big5 (Taiwan, Hong Kong): GB18030 decodes
    almost any bytes, but Big5 read so is mostly rare characters and kana, where a GBK file
    of an office's forms is nearly all in the common GB2312 set."""
    wide = [ch for ch in text[:20000] if ord(ch) > 127]
    if len(wide) < 4:
        return False
    common = sum(1 for ch in wide if _in_gb2312(ch))
    if common >= 0.8 * len(wide):
        return False
    try:
        raw.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _open_csv(path: Path, raw: bytes) -> Workbook:
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
    if encoding == "gb18030" and _not_simplified_chinese(text, raw):
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


def _check_ods_extents(book: Workbook) -> None:
    """Refuse an .ods whose repeated rows and columns reach past `limits.max_cells`.

    An .ods says "this row, 1,048,576 times" in a few bytes (number-rows-repeated), and
    calamine builds every cell of every sheet as it opens the file: a tiny file, terabytes
    of memory. So this runs before calamine sees it, reading content.xml with the sheet-XML
    tokenizer (any prefix, quote, attribute order).
    """
    try:
        with book.archive() as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
        raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None
    try:
        extents = list(_ods_extents(content))
    except MalformedXml as exc:
        raise _fail(Code.WORKBOOK_CORRUPT, book, detail=_short(exc)) from None
    for sheet, rows, cols in extents:
        if rows * cols > book.limits.max_cells:
            raise _fail(
                Code.WORKBOOK_TOO_LARGE, book, sheet=sheet, detail=f"{sheet}!A1:{cell_ref(rows, cols - 1)}",
                limit=f"{book.limits.max_cells} 单元格 / cells",
            )


def _ods_extents(content: bytes) -> Iterator[tuple[str, int, int]]:
    """(sheet, rows, columns) of every table, up to its farthest cell holding anything (a value
    type or any element inside), repeated rows and columns counted as often as they repeat."""
    name, rows, last_row, width = "", 0, 0, 0
    row_repeat, columns, used = 1, 0, 0
    cell_repeat, holds, in_cell = 1, False, False
    for tag in _tags(content, 0, len(content)):
        local, kind = tag.name, tag.kind
        if in_cell and local not in (b"table-cell", b"covered-table-cell"):
            holds = True  # <text:p> and the like
            continue
        if local == b"table" and kind != "end":
            name, rows, last_row, width = _local_attrs(tag.attrs).get("name", ""), 0, 0, 0
        elif local == b"table":
            yield name, last_row, width
        elif local == b"table-row":
            if kind != "end":
                row_repeat, columns, used = _repeat(tag.attrs, "number-rows-repeated"), 0, 0
            if kind != "start":
                if used:
                    last_row, width = rows + row_repeat, max(width, used)
                rows += row_repeat
        elif local in (b"table-cell", b"covered-table-cell"):
            if kind != "end":
                attrs = _local_attrs(tag.attrs)
                cell_repeat, holds = _repeat(tag.attrs, "number-columns-repeated"), "value-type" in attrs
                in_cell = kind == "start"
            if kind != "start":
                in_cell = False
                columns += cell_repeat
                if holds:
                    used = columns


def _local_attrs(raw: bytes) -> dict[str, str]:
    return {name.rsplit(":", 1)[-1]: value for name, value in attributes(raw).items()}


def _repeat(raw: bytes, attribute: str) -> int:
    value = _local_attrs(raw).get(attribute, "1").strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1
