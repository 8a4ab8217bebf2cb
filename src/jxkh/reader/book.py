"""The calamine workbook facade: an opened, checked workbook, its sheets built once each
(after their XML was scanned and, when they stretch far, trimmed), and what they hold."""

from __future__ import annotations

import io
import queue
import threading
import zipfile
import zlib
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from ..messages import Code
from ..policy import Limits
from ..problems import DataError, Problems, cell_ref
from .xmlscan import (
    FirstRows, MalformedXml, _cut_after_last_value, _Scan, _sparse, blank_shared_strings, drop_blank_cells, scan,
    scan_chunks,
)


HEAD_ROWS = 40  # a cut sheet's rows: the header's 21 and enough data rows to check what follows
# From this much sheet XML (about 20,000 ballot rows, where they may be read as columns) a sheet's
# first rows are read from its cut: below it the sheet is built anyway, and a cut is work lost.
CUT_BYTES = 5_000_000
CHUNK = 1 << 20  # a long sheet's XML is unpacked and scanned this much at a time (never held whole)


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
    data: bytes = b""  # the file as read, once
    sha256: str = ""  # of `data`
    stamp: tuple[int, int] | None = None  # the file's size and mtime when `data` was read (intake.file_stamp)
    _sheets: dict[str, Any] = field(default_factory=dict)  # calamine sheets, loaded once each
    # What the sheet XML says and calamine does not show (xlsx), scanned once as the sheet is
    # loaded; the XML itself is not kept (351 MB for a million ballots).
    _scans: dict[str, _Scan] = field(default_factory=dict)
    _archive: Any = field(default=None, repr=False)  # the xlsx zip, opened once for the sheets' XML
    _cut: Workbook | None = field(default=None, repr=False)  # `cut`: the copy with sheets cut short
    _cut_xml: dict[str, bytes] = field(default_factory=dict, repr=False)  # sheet → its XML as cut

    @property
    def file(self) -> str:
        return str(self.path)

    def archive(self) -> zipfile.ZipFile:
        """The workbook's zip, over the bytes read (never the file again)."""
        return zipfile.ZipFile(io.BytesIO(self.data))

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
            # One zip directory read per book, not per sheet (600 per-rater sheets read it 600 times).
            if self._archive is None:
                self._archive = self.archive()
            return self._archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, zlib.error) as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, detail=_short(exc)) from None

    def _unpacked(self, member: str) -> Iterator[bytes]:
        """An xlsx sheet's XML, unpacked `CHUNK` bytes at a time from the bytes read."""
        try:
            if self._archive is None:
                self._archive = self.archive()
            with self._archive.open(member) as part:
                while chunk := part.read(CHUNK):
                    yield chunk
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

    def column_hidden(self, sheet: str, col: int) -> bool:
        """Whether the 0-based column is hidden in Excel/WPS (xlsx only: `<col hidden="1">`)."""
        return self._scan(sheet).column_hidden(col)

    def _prepare(self, sheet: str) -> Any:
        """Scan the sheet's XML once (formulas without value, error cells, hidden rows, extent)
        and return a trimmed copy of the workbook when `_trimmed_book` calls for one."""
        xml = self.sheet_xml(sheet)
        if xml is None:
            if self.kind == "xlsx":  # unscanned, calamine could be asked for terabytes
                raise _fail(Code.WORKBOOK_CORRUPT, self, sheet=sheet, detail=f"{sheet}: 找不到工作表数据 / no sheet part")
            return None
        try:
            found = self._scans.get(sheet)
            if found is None:
                self._scans[sheet] = found = scan(xml)
            return self._trimmed_book(sheet, xml, found)
        except MalformedXml as exc:
            raise _fail(Code.WORKBOOK_CORRUPT, self, sheet=sheet, detail=_short(exc)) from None

    def cut(self, sheets: list[str]) -> Workbook | None:
        """This workbook with each of `sheets` cut after its first `HEAD_ROWS` rows (merged
        ranges and columns kept), their facts scanned from the same read of their XML, without
        building them: the headers and the lines above them of long sheets, read without a
        Python object per cell. Each sheet's XML is read once; asked for more sheets, the copy
        is made again with them all (xlsx only; None for other formats or XML the scan refuses,
        which building the sheet then reports)."""
        if not sheets or any(s not in self._sheet_xml for s in sheets):
            return None
        new = [s for s in dict.fromkeys(sheets) if s not in self._cut_xml]
        if new or self._cut is None:
            for sheet in new:
                cut = self._scan_and_cut(sheet)
                if cut is None:
                    return None
                self._cut_xml[sheet] = cut
            self._cut = self._copy({self._sheet_xml[s]: xml for s, xml in self._cut_xml.items()})
        return self._cut

    def _scan_and_cut(self, sheet: str) -> bytes | None:
        """Scan the sheet's XML (unless built already) and cut its first rows, as it is unpacked a
        chunk at a time, the next chunk unpacked on a thread meanwhile: the XML is never held
        whole (351 MB for a million ballots). None when the scan refuses it."""
        member = self._sheet_xml[sheet]
        cuts: list[FirstRows] = []
        ahead = self.xml_size([sheet]) > CHUNK  # a form per rater is one chunk: no thread for it

        def chunks() -> Iterator[bytes]:  # one reading from the start, the rows cut as it goes
            cuts.append(FirstRows(HEAD_ROWS))
            unpacked = self._unpacked(member)
            return cuts[-1].watch(_read_ahead(unpacked) if ahead else unpacked)

        try:
            if sheet in self._scans:
                for _ in chunks():
                    pass
            else:
                self._scans[sheet] = scan_chunks(chunks)  # its last reading went to the end
        except MalformedXml:
            return None
        cut = cuts[-1].result()
        if cut is None:  # no end to its sheetData after all: the whole sheet is the cut
            cut = self.sheet_xml(sheet) or b""
        return cut

    def facts(self, sheet: str) -> _Scan:
        """What the sheet's XML says (`cut` or building the sheet scans it)."""
        return self._scan(sheet)

    def first_rows(self, sheet: str, count: int) -> list[list[Any]]:
        """The sheet's first `count` (≤ `HEAD_ROWS`) rows, as `iter_rows` gives them: from the cut
        when the sheet is cut or long (`CUT_BYTES` of XML), never building it for them."""
        source: Workbook = self
        if sheet not in self._sheets and (sheet in self._cut_xml or self.xml_size([sheet]) >= CUT_BYTES):
            source = self.cut([sheet]) or self
        _, rows = source.iter_rows(sheet)
        return list(islice(rows, count))

    def xml_size(self, sheets: list[str]) -> int:
        """The unpacked size of these xlsx sheets' XML, from the zip's directory, without
        unpacking it (0 for other formats)."""
        if self._archive is None and self._sheet_xml:
            self._archive = self.archive()
        size = 0
        for sheet in sheets:
            member = self._sheet_xml.get(sheet)
            try:
                size += self._archive.getinfo(member).file_size if member else 0
            except KeyError:
                pass
        return size

    def _copy(self, members: dict[str, bytes]) -> Workbook | None:
        """This workbook with these zip members replaced, opened by calamine."""
        from python_calamine import CalamineError, CalamineWorkbook

        data = self._copy_with(members)
        copy = Workbook(
            path=self.path, kind=self.kind, sheet_names=list(self.sheet_names), hidden_sheets=set(self.hidden_sheets),
            _sheet_xml=dict(self._sheet_xml), limits=self.limits, data=data, sha256=self.sha256,
        )
        try:
            copy._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except CalamineError:
            return None
        return copy

    def _copy_with(self, members: dict[str, bytes]) -> bytes:
        """The workbook's zip with these members replaced (stored, not compressed)."""
        buffer = io.BytesIO()
        with self.archive() as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
            for info in source.infolist():
                data = members.get(info.filename)
                copy.writestr(info.filename, source.read(info) if data is None else data)
        return buffer.getvalue()

    def _trimmed_book(self, sheet: str, xml: bytes, found: _Scan) -> Any:
        """A copy of the workbook without the sheet's blank cells, when they stretch it far.

        Calamine builds a sheet as a dense rectangle up to its farthest cell: a space typed
        in Z1000000, or "" cells left by a formula filled down a whole column, cost rows ×
        columns cells of memory (XFD1048576 would need terabytes). Blank cells read as
        blank either way, so dropping them loses nothing. Cells with real values beyond
        `limits.max_cells` are refused, naming the farthest one, before calamine sees them.
        """
        rows, cols, cells = found.rows, found.cols, found.cells
        if not _sparse(rows, cols, cells) and rows * cols <= self.limits.max_cells:
            return None  # the usual dense sheet
        trimmed = xml
        if _sparse(rows, cols, cells):
            # Mostly the far cells are trailing rows: cut after the last row holding a value.
            trimmed = _cut_after_last_value(xml)
            again = scan(trimmed)
            rows, cols, cells = again.rows, again.cols, again.cells
            if _sparse(rows, cols, cells):  # far columns, or blanks as shared strings: cell by cell
                trimmed = drop_blank_cells(trimmed, self._blank_shared_strings())
                again = scan(trimmed)
                rows, cols = again.rows, again.cols
        if rows * cols > self.limits.max_cells:
            raise _fail(
                Code.WORKBOOK_TOO_LARGE, self, sheet=sheet, detail=f"{sheet}!A1:{cell_ref(rows, cols - 1)}",
                limit=f"{self.limits.max_cells} 单元格 / cells",
            )
        if trimmed is xml:
            return None
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_filelike(io.BytesIO(self._copy_with({self._sheet_xml[sheet]: trimmed})))

    def _blank_shared_strings(self) -> set[int]:
        """Indexes of shared strings that are blank (spaces, invisible characters)."""
        try:
            with self.archive() as archive:
                xml = archive.read("xl/sharedStrings.xml")
        except KeyError:
            return set()
        return blank_shared_strings(xml)


_DONE = object()


def _read_ahead(chunks: Iterator[bytes], depth: int = 2) -> Iterator[bytes]:
    """The chunks, the next `depth` read on a thread meanwhile: unpacking releases the GIL, so
    the sheet is unpacked on one core while the other scans it. Stopping early stops the thread."""
    ready: queue.Queue[Any] = queue.Queue(depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                pass
        return False

    def run() -> None:
        try:
            for chunk in chunks:
                if not put(chunk):
                    return
            put(_DONE)
        except Exception as exc:  # the reader's own error (workbook corrupt), raised where it is read
            put(exc)
        finally:
            getattr(chunks, "close", lambda: None)()

    thread = threading.Thread(target=run, name="jxkh-unpack", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _fail(code: Code, book: Workbook | Path | str, error: type = DataError, **params: Any) -> Exception:
    file = book.file if isinstance(book, Workbook) else str(book)
    problems = Problems()
    problems.add(code, file=file, **params)
    return error(problems)
