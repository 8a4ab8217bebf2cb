"""Hostile and messy inputs, built by code so each test shows what is wrong with its file.

Two kinds of builder: `package()`/`write_zip()` assemble an .xlsx from its XML parts by hand
(for what Excel would never write: bombs, entity declarations, lying zip headers, odd
sheet XML), and `xlsx()` goes through openpyxl for ordinary workbooks with one strange
thing in them. Every builder returns the path it wrote; `register` (from conftest) records
its SHA-256 so the suite can prove the tool never changed it.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jxkh.problems import cell_ref

MB = 1024 * 1024

# Called with every path a builder writes (conftest points it at the SHA-256 registry).
on_write: list[Callable[[Path], None]] = []


def _written(path: Path) -> Path:
    for hook in on_write:
        hook(path)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return _written(path)


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return _written(path)


# --- sheet XML by hand ------------------------------------------------------------------

def cell_xml(ref: str, value: Any) -> str:
    """One <c>: text inline, numbers, booleans; ("=", formula, cached) for a formula cell."""
    if value is None:
        return ""
    if isinstance(value, tuple) and value and value[0] == "=":
        _, formula, cached = value  # cached None: never calculated; "#DIV/0!": an error result
        saved = "" if cached is None else f"<v>{escape(str(cached))}</v>"
        kind = ' t="e"' if isinstance(cached, str) and cached.startswith("#") else ""
        return f'<c r="{ref}"{kind}><f>{escape(formula)}</f>{saved}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, (dt.date, dt.time)):  # a serial number in a date-formatted cell (style 1)
        return f'<c r="{ref}" s="1"><v>{excel_serial(value)!r}</v></c>'
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", str(value).replace("_x", "_x005F_x"))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


# Characters XML cannot carry (and \r, which it turns into \n): Excel writes them as _xHHHH_.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def excel_serial(value: dt.date | dt.time) -> float:
    """Days since Excel's epoch (1899-12-30), the fraction being the time of day."""
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    delta = moment.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def rows_xml(rows: Sequence[Sequence[Any]], *, start: int = 1, hidden: Iterable[int] = ()) -> str:
    hidden = set(hidden)
    out = []
    for r, row in enumerate(rows, start=start):
        attrs = ' hidden="1"' if r in hidden else ""
        cells = "".join(cell_xml(cell_ref(r, c), v) for c, v in enumerate(row))
        out.append(f'<row r="{r}"{attrs}>{cells}</row>')
    return "".join(out)


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def sheet_xml(
    rows: Sequence[Sequence[Any]] = (),
    *,
    hidden_rows: Iterable[int] = (),
    merges: Sequence[str] = (),
    tail: str = "",
    prolog: str = "",
) -> bytes:
    """A worksheet: `rows` from A1, then `tail` (raw <row> XML), then merged ranges."""
    merged = ""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    body = rows_xml(rows, hidden=hidden_rows) + tail
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f"<worksheet {NS}><sheetData>{body}</sheetData>{merged}</worksheet>"
    ).encode()


@dataclass
class Sheet:
    name: str
    xml: bytes
    state: str = "visible"  # or "hidden", "veryHidden"


STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    b'<xf numFmtId="0" fontId="0" fillId="1" borderId="0" xfId="0" applyFill="1"/></cellXfs>'
    b"</styleSheet>"
)  # style 1 is a date format (m/d/yyyy), style 2 a fill: "formatted but empty"


def package(sheets: Sequence[Sheet], *, macros: bool = False, extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The parts of an .xlsx (or, with `macros`, an .xlsm with a vbaProject.bin)."""
    main_type = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macros
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    vba_default = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' if macros else ""
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{vba_default}'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}><sheets>'
            + "".join(
                f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"'
                + (f' state="{s.state}"' if s.state != "visible" else "") + "/>"
                for i, s in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            + (
                f'<Relationship Id="rId{len(sheets) + 2}" '
                'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                if macros else ""
            )
            + "</Relationships>"
        ).encode(),
        "xl/styles.xml": STYLES,
    }
    for i, s in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{i}.xml"] = s.xml
    if macros:
        members["xl/vbaProject.bin"] = VBA_PROJECT
    members.update(extra or {})
    return members


# An OLE container's magic and a VBA module's source as it would be stored: enough for the
# reader to recognise; nothing here can run, and the tool must never try.
VBA_PROJECT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24 + b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\n  Shell \"calc.exe\"\r\nEnd Sub\r\n"


# --- zip by hand ------------------------------------------------------------------------


@dataclass
class Deflated:
    """A member given as a ready deflate stream with its true size and CRC (bombs)."""

    stream: bytes
    size: int
    crc: int
    declared_size: int | None = None  # what the headers claim; a lying zip differs from `size`


def deflate(data: bytes) -> Deflated:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Deflated(comp.compress(data) + comp.flush(), len(data), zlib.crc32(data))


def repeated(head: bytes, chunk: bytes, times: int, tail: bytes) -> Deflated:
    """head + chunk×times + tail, deflated without ever holding it: after a full flush the
    compressor forgets its window, so the chunk compresses to the same bytes every time."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    last = comp.compress(tail) + comp.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return Deflated(first + block * times + last, len(head) + len(chunk) * times + len(tail), crc)


def write_zip(path: Path, members: dict[str, bytes | Deflated], *, method: dict[str, int] | None = None,
              flags: dict[str, int] | None = None) -> Path:
    """A zip of deflated members, headers written by hand so sizes can be whatever a test needs;
    `method` and `flags` set what a member's headers claim (Deflate64 = 9, AES = 99; flag 1 =
    encrypted), whatever its bytes."""
    out = bytearray()
    central = bytearray()
    for name, content in members.items():
        item = content if isinstance(content, Deflated) else deflate(content)
        size = item.size if item.declared_size is None else item.declared_size
        raw_name = name.encode()
        offset = len(out)
        how, bits = (method or {}).get(name, 8), 0x800 | (flags or {}).get(name, 0)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, bits, how, 0, 0x21, item.crc, len(item.stream), size, len(raw_name), 0
        )
        out += raw_name + item.stream
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, bits, how, 0, 0x21, item.crc, len(item.stream), size,
            len(raw_name), 0, 0, 0, 0, 0, offset,
        )
        central += raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return write_bytes(path, bytes(out + central + end))


def xlsx_parts(path: Path, sheets: Sequence[Sheet], **kwargs: Any) -> Path:
    return write_zip(path, package(sheets, **kwargs))


def raw_xlsx(path: Path, sheets: dict[str, list[list[Any]]], changes: dict[str, Any] | None = None, **kwargs: Any) -> Path:
    """`sheets` (with `changes`) as hand-written XML: for formulas, error values, macros."""
    return write_zip(path, package(sheets_xml(changed(sheets, changes)), **kwargs))


# --- ordinary workbooks through openpyxl -------------------------------------------------


def xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    merges: dict[str, list[str]] | None = None,
    hidden_rows: dict[str, list[int]] | None = None,
    hidden_sheets: Iterable[str] = (),
    formats: dict[str, str] | None = None,
) -> Path:
    """A workbook as Excel would save it. Text is always text (a name "=A1" stays a name);
    ("=", formula, None) is a formula; `formats` gives "Sheet!A1" a number format."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(value, tuple) and value and value[0] == "=":
                    cell.value = "=" + value[1]
                else:
                    if isinstance(value, str):  # as Excel writes it: a carriage return as _x000D_
                        value = value.replace("\r", "_x000D_")
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        for r in (hidden_rows or {}).get(name, []):
            ws.row_dimensions[r].hidden = True
        if name in set(hidden_sheets):
            ws.sheet_state = "hidden"
    for where, number_format in (formats or {}).items():
        sheet, ref = where.split("!")
        wb[sheet][ref].number_format = number_format
    wb.save(path)
    return _written(path)


def csv_file(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in rows])
    return write_bytes(path, buffer.getvalue().encode(encoding))


def changed(sheets: dict[str, list[list[Any]]], changes: dict[str, Any] | None) -> dict[str, list[list[Any]]]:
    """A copy of `sheets` with {"Sheet!A1": value} applied (the grid grows as needed)."""
    out = {name: [list(row) for row in rows] for name, rows in sheets.items()}
    for where, value in (changes or {}).items():
        sheet, ref = where.split("!")
        letters = ref.rstrip("0123456789")
        r, c = int(ref[len(letters):]) - 1, 0
        for ch in letters:
            c = c * 26 + ord(ch) - 64
        c -= 1
        rows = out.setdefault(sheet, [])
        while len(rows) <= r:
            rows.append([])
        while len(rows[r]) <= c:
            rows[r].append(None)
        rows[r][c] = value
    return out


# --- the commands' inputs: good by default, one cell changed per case ------------------------
# Invented unit and people. Indicators: 300 + 200 + 100 = 600 points (unit.total); scored
# 300 (好) + 180 (良好, 90%) + 70 (一般, 70%) = 550. Ballots, one pair per person:
# 柯雨桐 (95 + 90)/2 = 92.5 优秀; 宋知远 (85 + 80)/2 = 82.5 良好; 鲁青禾 (70 + 71)/2 = 70.5 合格.

INDICATOR_HEADER = ["序号", "类别", "指标名称", "分值", "责任科室", "责任人", "责任领导", "完成等次", "得分", "个人原因"]
INDICATORS = {
    "指标": [
        ["青川县某协会2015年绩效管理履职情况考核评分表"],
        INDICATOR_HEADER,
        [1, "规定指标", "机关效能建设", 300, "办公室", "柯雨桐", "宋知远", "好", 300, "否"],
        [2, "规定指标", "政务信息报送", 200, "办公室", "鲁青禾", "宋知远", "良好", 180, "否"],
        [3, "自选指标", "服务会员企业", 100, "联络科", "鲁青禾", "宋知远", "一般", 70, "否"],
    ]
}
RATING_HEADER = ["工号", "被测评人", "科室", "德", "能", "勤", "绩", "廉"]
ROSTER_HEADER = ["工号", "姓名", "科室", "岗位系数", "在岗月数", "违纪违法"]
RATINGS = {
    "测评": [
        RATING_HEADER,
        ["Q1", "柯雨桐", "办公室", 10, 19, 28, 28, 10],
        ["Q1", "柯雨桐", "办公室", 9, 18, 27, 27, 9],
        ["Q2", "宋知远", "办公室", 9, 17, 25, 25, 9],
        ["Q2", "宋知远", "办公室", 8, 16, 24, 24, 8],
        ["Q3", "鲁青禾", "联络科", 7, 14, 21, 21, 7],
        ["Q3", "鲁青禾", "联络科", 7, 14, 22, 21, 7],
    ],
    "人员": [
        ROSTER_HEADER,
        ["Q1", "柯雨桐", "办公室", 1, 12, "否"],
        ["Q2", "宋知远", "办公室", 1.2, 12, "否"],
        ["Q3", "鲁青禾", "联络科", 1, 12, "否"],
    ],
}


def indicators(path: Path, changes: dict[str, Any] | None = None, **kwargs: Any) -> Path:
    return xlsx(path, changed(INDICATORS, changes), **kwargs)


def ratings(path: Path, changes: dict[str, Any] | None = None, **kwargs: Any) -> Path:
    return xlsx(path, changed(RATINGS, changes), **kwargs)


# --- hostile files ---------------------------------------------------------------------------


def sheets_xml(sheets: dict[str, list[list[Any]]], **per_sheet: Any) -> list[Sheet]:
    """Hand-written sheet XML for every sheet of `sheets` (extra keyword arguments go to the first)."""
    out = []
    for i, (name, rows) in enumerate(sheets.items()):
        out.append(Sheet(name, sheet_xml(rows, **(per_sheet if i == 0 else {}))))
    return out


def zip_bomb(path: Path, sheets: dict[str, list[list[Any]]], unpacked_mb: int = 200) -> Path:
    """A valid workbook whose first sheet's XML is padded with `unpacked_mb` MB of spaces:
    a few hundred KB on disk (deflate packs spaces about 1000:1)."""
    members = package(sheets_xml(sheets))
    head, tail = members["xl/worksheets/sheet1.xml"].split(b"</sheetData>")
    members["xl/worksheets/sheet1.xml"] = repeated(head, b" " * MB, unpacked_mb, b"</sheetData>" + tail)
    return write_zip(path, members)


def lying_zip(path: Path, sheets: dict[str, list[list[Any]]], unpacked_mb: int = 50) -> Path:
    """As `zip_bomb`, but the zip headers claim the sheet is 2 KB: checks of sizes alone pass."""
    members = package(sheets_xml(sheets))
    head, tail = members["xl/worksheets/sheet1.xml"].split(b"</sheetData>")
    bomb = repeated(head, b" " * MB, unpacked_mb, b"</sheetData>" + tail)
    bomb.declared_size = 2048
    members["xl/worksheets/sheet1.xml"] = bomb
    return write_zip(path, members)


def billion_laughs(levels: int = 9) -> str:
    """The classic XML entity bomb: 10^levels copies of "lol" from a few hundred bytes."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, levels + 1)
    ]
    return "<!DOCTYPE worksheet [" + "".join(entities) + "]>"


def entity_bomb(path: Path, sheets: dict[str, list[list[Any]]], *, padding: str = "", utf16: bool = False) -> Path:
    """An entity bomb in the first sheet (the first data cell holds &lol9;). `padding` goes
    before the DTD (a long comment hides it from a check of the first bytes); `utf16` puts
    it in a UTF-16 sharedStrings part instead."""
    parts = sheets_xml(sheets)
    extra = {}
    if utf16:
        sst = (
            '<?xml version="1.0" encoding="UTF-16"?>\n' + billion_laughs()
            + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            "<si><t>&lol9;</t></si></sst>"
        )
        extra["xl/sharedStrings.xml"] = b"\xff\xfe" + sst.encode("utf-16-le")
    else:
        xml = parts[0].xml.decode()
        xml = xml.replace("?>\n", "?>\n" + padding + billion_laughs(), 1)
        first = list(sheets.values())[0]
        marker = escape(str(first[-1][1]))  # the last row's second cell becomes the bomb
        parts[0].xml = xml.replace(f">{marker}<", ">&lol9;<", 1).encode()
    return write_zip(path, package(parts, extra=extra))


def truncated(path: Path, source: Path) -> Path:
    """The first half of a good workbook (a download cut off)."""
    data = source.read_bytes()
    return write_bytes(path, data[: len(data) // 2])


def damaged(path: Path, source: Path) -> Path:
    """A good workbook with its first sheet's compressed bytes overwritten (a bad disk sector)."""
    import zipfile

    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size - 2, 200)):
        data[i] ^= 0x5A
    return write_bytes(path, bytes(data))


def encrypted_ods(path: Path) -> Path:
    """An .ods saved with a password: its manifest declares the parts encrypted."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="9000">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>'
    )
    return write_zip(path, {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": manifest.encode(),
        "content.xml": bytes(range(256)) * 8,  # ciphertext
    })


def far_cell(path: Path, sheets: dict[str, list[list[Any]]], ref: str, value: Any) -> Path:
    """`sheets` with one more cell far away (a space typed in XFD1048576, a stray "x")."""
    letters = ref.rstrip("0123456789")
    row = int(ref[len(letters):])
    parts = sheets_xml(sheets, tail=f'<row r="{row}">{cell_xml(ref, value)}</row>')
    return write_zip(path, package(parts))


def million_empty_rows(path: Path, sheets: dict[str, list[list[Any]]], rows: int = 1_000_000) -> Path:
    """`sheets` with `rows` formatted but empty rows after the data, as Excel saves a fill
    colour dragged down the sheet: `<row r="…" s="2" customFormat="1"/>` each."""
    start = len(next(iter(sheets.values()))) + 1
    members = package(sheets_xml(sheets))
    head, tail = members["xl/worksheets/sheet1.xml"].split(b"</sheetData>")
    body = b"".join(b'<row r="%d" s="2" customFormat="1"/>' % r for r in range(start, start + rows))
    xml = head + body + b"</sheetData>" + tail
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    members["xl/worksheets/sheet1.xml"] = Deflated(comp.compress(xml) + comp.flush(), len(xml), zlib.crc32(xml))
    return write_zip(path, members)


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)


def ods_cell(value: Any, across: int = 1) -> str:
    repeat = f' table:number-columns-repeated="{across}"' if across > 1 else ""
    if value is None:
        return f"<table:table-cell{repeat}/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f'<table:table-cell{repeat} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell{repeat} office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods(path: Path, sheets: dict[str, list[list[Any]]], tail: str = "") -> Path:
    """An .ods as LibreOffice writes it, `tail` (raw <table:table-row> XML) after the first sheet's rows."""
    tables = []
    for i, (name, rows) in enumerate(sheets.items()):
        body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        tables.append(f'<table:table table:name="{escape(name)}">{body}{tail if i == 0 else ""}</table:table>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS}>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    return write_zip(path, {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": manifest.encode(),
        "content.xml": content.encode(),
    })


def ods_bomb(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A few hundred bytes that say: this row of 1,024 "x" cells, 1,048,576 times (10^9 cells)."""
    row = f'<table:table-row table:number-rows-repeated="1048576">{ods_cell("x", across=1024)}</table:table-row>'
    return ods(path, sheets, tail=row)


# --- the same sheet XML, spelt another legal way --------------------------------------------

STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
SPELLINGS = ("attribute-order", "single-quotes", "spaces", "lower-case", "leading-zero", "prefix", "strict")


def respell(xml: bytes, how: str) -> bytes:
    """`xml` (as `sheet_xml` writes it) with every tag spelt `how`; the same sheet to any XML parser."""
    text = xml.decode()
    if how == "attribute-order":  # r last: <c t="e" r="D2">
        text = re.sub(r'<(c|row) r="([^"]*)"((?: [\w:]+="[^"]*")*)', r'<\1\3 r="\2"', text)
    elif how == "single-quotes":
        text = re.sub(r'<(c|row)((?: [\w:]+="[^"]*")*)', lambda m: "<" + m.group(1) + m.group(2).replace('"', "'"), text)
    elif how == "spaces":
        text = re.sub(r'<(c|row) ((?:[\w:]+="[^"]*" ?)*)>', lambda m: f"<{m.group(1)}\n  " + m.group(2).replace("=", " = ").replace('" ', '"\t') + " >", text)
    elif how == "lower-case":
        text = re.sub(r'<c r="([A-Z]+)', lambda m: f'<c r="{m.group(1).lower()}', text)
    elif how == "leading-zero":
        text = re.sub(r'<c r="([A-Z]+)([0-9]+)"', r'<c r="\g<1>0\2"', text)
    elif how == "prefix":
        text = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", text).replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="')
    elif how == "strict":
        text = strict(text)
    return text.encode()


def strict(text: str) -> str:
    return text.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main", STRICT_MAIN).replace(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships\"", STRICT_RELS + '"'
    )


def spelt(path: Path, sheets: dict[str, list[list[Any]]], how: str, changes: dict[str, Any] | None = None,
          *, tail: str = "", hidden_rows: Iterable[int] = (), cols: str = "") -> Path:
    """`sheets` (with `changes`) as hand-written XML, every sheet spelt `how`; `tail` (raw
    <row> XML) after the first sheet's rows and `cols` (a raw <cols> element) before them,
    spelt so too."""
    parts = sheets_xml(changed(sheets, changes), tail=tail, hidden_rows=hidden_rows)
    parts[0].xml = parts[0].xml.replace(b"<sheetData>", cols.encode() + b"<sheetData>", 1)
    members = package([Sheet(s.name, respell(s.xml, how), s.state) for s in parts])
    if how == "strict":
        members["xl/workbook.xml"] = strict(members["xl/workbook.xml"].decode()).encode()
    return write_zip(path, members)


def ods_bomb_spelt(path: Path, sheets: dict[str, list[list[Any]]], how: str) -> Path:
    """`ods_bomb` with its repeated row spelt `how`: single quotes and spaces, or another prefix."""
    cells = '<t:table-cell t:number-columns-repeated = "1024" office:value-type=\'string\'><text:p>x</text:p></t:table-cell>'
    if how == "single-quotes":
        row = f"<table:table-row  table:number-rows-repeated = '1048576' >{ods_cell('x', across=1024)}</table:table-row>"
    else:  # the table namespace under another prefix, attributes in another order
        row = (f'<t:table-row xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               f"t:number-rows-repeated='1048576'>{cells}</t:table-row>")
    return ods(path, sheets, tail=row)
