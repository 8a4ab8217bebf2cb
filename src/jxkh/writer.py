"""Writing output workbooks: safe cell values, shared sheet layout, the 说明 sheet, atomic save.

Outputs are new files, written to a temporary file beside the target and renamed, so a
crash, a full disk or Ctrl-C never leaves half a workbook, and an input is never the target.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import compress, repeat, zip_longest
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .headers import EXPLANATION_SHEET, TOOL_LABEL
from .messages import Code
from .problems import DataError, FileSystemError, JxkhError, UsageError, cell_ref, column_letter, fail
from .progress import activity

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .policy import Policy

# Characters an XML text cannot carry as they are: control characters XML 1.0 forbids, and
# the carriage return (parsers read it as a line feed). Excel writes them as _xHHHH_ and
# LibreOffice and calamine read that back (checked), so a name pasted with a stray \r or
# \x01 comes back exactly; a literal "_x0041_" in the text is escaped in turn (_x005F_).
_ESCAPED = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f]")
_NONCHARACTERS = re.compile("[\ufffe\uffff]")  # no meaning, no place in XML: dropped
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_XML_SPACE = re.compile(r"[ \t\n]")  # what readers trim from text not marked xml:space="preserve"
_FORMULA_START = ("=", "+", "-", "@")
EXCEL_TEXT_LIMIT = 32767


def set_cell(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    """Write one cell; text that looks like a formula (`=1+1`, `@x`) stays text."""
    if isinstance(value, str):
        text = _ESCAPED.sub(_escape_char, _LITERAL_ESCAPE.sub("_x005F_", _NONCHARACTERS.sub("", value)))
        if text and not text.strip():  # openpyxl marks no xml:space="preserve" on all-blank text
            text = _XML_SPACE.sub(_escape_char, text)
        cell = ws.cell(row=row, column=col)
        cell.value = text
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
        return cell
    if isinstance(value, float) and value != value:  # NaN never reaches a workbook
        value = None
    return ws.cell(row=row, column=col, value=value)


def _escape_char(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


# Blocks whose every character is wide (W) or full-width (F): CJK punctuation, ideographs, full-width forms.
_ALL_WIDE = re.compile("[\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]+")


def display_width(value: Any) -> int:
    """Columns the text takes on screen: wide (W) and full-width (F) characters count two."""
    text = "" if value is None else str(value)
    if text.isascii():
        return len(text)
    if _ALL_WIDE.fullmatch(text):  # a name in Chinese
        return 2 * len(text)
    kinds = list(map(unicodedata.east_asian_width, text))
    return len(text) + kinds.count("W") + kinds.count("F")


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    number_formats: dict[int, str] | None = None,
    max_width: int = 50,
    bold_last: bool = False,
    widths: Sequence[float] | None = None,
) -> int:
    """A header row (bold, shaded, frozen, filter) and data rows, every cell boxed in the
    body font and wrapped, so a column narrowed for the page grows its rows instead of
    cutting text; returns the last row written. `bold_last`: the last row is a total;
    `widths`: the columns' widths, else from their content.

    The data rows are written as sheet XML when the workbook is saved (`write_rows`), the
    way openpyxl would write them, at a tenth of openpyxl's cost per cell.
    """
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="DDEBF7")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    fixed, widths = widths, [_header_width(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = set_cell(ws, start_row, c, header)
        cell.font, cell.fill, cell.alignment, cell.border = font(bold=True), fill, center, BOX()
    rows = rows if isinstance(rows, list) else list(rows)
    columns = max(len(headers), max(map(len, rows), default=0))
    body, total = (rows[:-1], rows[-1:]) if bold_last else (rows, [])
    formats = number_formats or {}
    plain = [style_id(ws, font=font(), border=BOX(), alignment=wrap)] * columns
    # Short words (等次, 是/否, a name) centred: left-aligned beside a right-aligned number
    # they read as one cell (“94.20优秀”).
    centered = style_id(ws, font=font(), border=BOX(), alignment=center)
    for c in _short_word_columns(body, columns, _text_cells(ws)):
        plain[c] = centered
    numeric = {c - 1: style_id(ws, font=font(), border=BOX(), alignment=wrap, number_format=f) for c, f in formats.items()}
    long_texts: list[tuple[int, int, str]] = []
    r, data_widths = write_rows(ws, start_row + 1, body, styles=plain, numeric_styles=numeric, long_texts=long_texts)
    if total:
        strong = [style_id(ws, font=font(bold=True), border=BOX(), alignment=wrap)] * columns
        strong_numbers = {
            c - 1: style_id(ws, font=font(bold=True), border=BOX(), alignment=wrap, number_format=f) for c, f in formats.items()
        }
        r, total_widths = write_rows(ws, r + 1, total, styles=strong, numeric_styles=strong_numbers, long_texts=long_texts)
        data_widths = [max(a, b) for a, b in zip_longest(data_widths, total_widths, fillvalue=0)]
    for c, width in enumerate(data_widths):
        width = min(width, max_width)
        if c < len(widths):
            widths[c] = max(widths[c], width)
        else:
            widths.append(width)
    natural = list(fixed) if fixed else [max(5, width + 1.5) for width in widths]
    widths = list(fixed) if fixed else _page_widths(natural)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    # fit_a4 may lay the columns out again (bands of columns): it needs their own widths and
    # the long texts, to give each row the height of its wrapped lines at the final widths.
    known = ws.__dict__.get("_jxkh_natural", [])  # a second table on the sheet: the wider of each column
    ws.__dict__["_jxkh_natural"] = [max(a, b) for a, b in zip_longest(known, natural, fillvalue=0)]
    ws.__dict__.setdefault("_jxkh_long_texts", []).extend(long_texts)
    grow_rows(ws, long_texts, widths)
    header_lines = max((lines_needed(str(h), w) for h, w in zip(headers, widths)), default=1)
    if header_lines > 1:
        ws.row_dimensions[start_row].height = round(header_lines * LINE_HEIGHT + 2, 1)
    ws.freeze_panes = f"A{start_row + 1}"  # a coordinate: ws.cell() would put an empty cell there
    if r > start_row:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(widths))}{r}"
    return r


SHORT_WORD = 8  # display width: 不合格, 基本称职, a three-character name


def _short_word_columns(rows: Sequence[Sequence[Any]], columns: int, texts: _TextCells | None = None) -> list[int]:
    """The columns whose every value is a short text (none a number), and not all blank.
    `texts`: the workbook's texts, measured once for this and for `write_rows`."""
    texts = _TextCells() if texts is None else texts
    whole = min(map(len, rows), default=0) >= columns
    found = []
    for c in range(columns):
        if rows and whole and type(rows[0][c]) not in _TEXTS:
            continue  # a number: most columns end at their first row
        # Each distinct text looked at once: a city's 66,706 names are otherwise a million display widths.
        words = set(map(itemgetter(c), rows)) if whole else {row[c] for row in rows if c < len(row)}
        words -= {None, ""}
        if not words or set(map(type, words)) != {str}:
            continue
        texts.add(words)
        # A short word never wraps unless it holds a line break.
        if max(map(texts.widths.__getitem__, words)) <= SHORT_WORD and words.isdisjoint(texts.wrapping):
            found.append(c)
    return found


def _page_widths(widths: list[float]) -> list[float]:
    """Column widths as they will print: as they are when they fit A4 portrait or landscape,
    else with the widest text columns narrowed to fit landscape at `SMALLEST_SCALE`."""
    if sum(widths) <= LANDSCAPE_WIDTH:
        return widths
    return _narrowed(widths, LANDSCAPE_WIDTH * 100 / SMALLEST_SCALE)


LINE_HEIGHT = 14.5  # points per line of 10-pt text: Noto CJK (what LibreOffice prints 宋体 with) spaces lines 1.44 em


def lines_needed(text: str, width: float) -> int:
    """Lines a text takes in a column `width` units wide at the body size: a unit is a digit
    of the 11-pt default font (6.15 pt), a 10-pt CJK character (display width 2) 10 pt. A CJK
    character may end a line anywhere; a run of Latin letters and digits (a SHA-256) moves
    whole to the next line, and is cut only when longer than a line."""
    room = max(int(max(width - 1.2, 1) * 2 * 6.15 / BODY_SIZE), 1)  # 1.2: the cell's padding (measured in LibreOffice's PDF)
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for token in _TOKENS.findall(part):
            size = display_width(token)
            if used + size <= room:
                used += size
            elif size <= room:
                lines, used = lines + 1, size
            else:  # longer than a line: starts its own line, cut where the line ends
                lines += (1 if used else 0) + (size - 1) // room
                used = size - (size - 1) // room * room
        total += lines
    return total


ROW_HEIGHT_LIMIT = 409.0  # points: the tallest row Excel allows
_TOKENS = re.compile(r"[!-~]+|.")  # a run of printable ASCII (a word, a number), else one character


def grow_rows(ws: Worksheet, long_texts: list[tuple[int, int, str]], widths: Sequence[float]) -> None:
    """Give each row holding a text longer than its column the height of its wrapped lines:
    neither LibreOffice nor Excel grows a row written without a height when the file opens.
    Called again with new widths, it sets those rows' heights anew (a row back to one line
    loses the height it was given)."""
    grown: set[int] = ws.__dict__.setdefault("_jxkh_grown", set())
    heights: dict[int, float | None] = dict.fromkeys((r for r, _, _ in long_texts if r in grown), None)
    known: dict[tuple[str, float], int] = {}  # a 科室 repeats on hundreds of rows: measured once
    for row, col, value in long_texts:
        if col < len(widths):
            lines = known.get((value, widths[col]))
            if lines is None:
                lines = known[value, widths[col]] = lines_needed(value, widths[col])
            if lines > 1:
                # Excel's tallest row is 409 pt: a taller one is refused as corrupt when opened.
                heights[row] = min(ROW_HEIGHT_LIMIT, max(heights.get(row) or 0, round(lines * LINE_HEIGHT + 2, 1)))
    if not heights:
        return
    for block in ws.__dict__.get("_jxkh_rows", []):
        for row in [row for row in heights if block.first <= row <= block.last]:
            height = heights.pop(row)
            block.pieces[(row - block.first) * block.stride + 2] = f'" ht="{height}" customHeight="1">' if height else '">'
            grown.add(row) if height else grown.discard(row)
    for row, height in heights.items():  # rows openpyxl writes (dates)
        ws.row_dimensions[row].height = height
        grown.add(row) if height else grown.discard(row)


def _header_width(header: str) -> int:
    """A header may wrap onto two lines: 计算得分率 needs the width of three characters, not five."""
    width = display_width(header)
    return width if width <= 6 else max(6, -(-width // 2) + 1)


def BOX() -> Any:  # noqa: N802 - a constant, built on demand so openpyxl loads lazily
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


# Every cell names its font: 宋体, what Chinese offices print in; LibreOffice prints it with
# Noto Serif CJK where Windows fonts are absent (pdf.SUBSTITUTES), digits included.
FONT_NAME = "宋体"
BODY_SIZE = 10  # points on paper: sheets print at 100% (90% at least), never shrunk to fit
TITLE_SIZE = 14
# What fits across A4 within the margins below, in column-width units (characters of the
# workbook's default font); measured through LibreOffice.
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 84, 124
SMALLEST_SCALE = 90  # 10 pt at 90% is 9 pt on paper: the smallest text a leader should read
NARROWEST = 10  # a text column is narrowed to this at most, its text wrapping onto more lines


def new_workbook() -> Workbook:
    """An empty workbook whose default font is the body font: a column's width is counted in
    the default font's digits, so with 宋体 a width prints the same in Excel (SimSun) and in
    LibreOffice (Noto Serif CJK); with Calibri, LibreOffice here drew it a third wider."""
    from openpyxl import Workbook
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    normal = font(size=11)
    wb._fonts = IndexedList([normal])
    wb._named_styles["Normal"].font = normal
    return wb


def font(*, size: float = BODY_SIZE, bold: bool = False) -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT_NAME, size=size, bold=bold)


def merge_line(ws: Worksheet, row: int, columns: int, value: Any, alignment: Any) -> Any:
    """One line of text across the first `columns` columns (a title, a 公示 line); returns its cell."""
    cell = set_cell(ws, row, 1, value)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    cell.alignment = alignment
    return cell


def write_title(ws: Worksheet, title: str, columns: int, lines: Sequence[str] = ()) -> int:
    """Row 1: the title (unit, year and what the sheet is), then the clerk's own lines above
    their table (填报单位, date); returns the row the table's header goes in."""
    from openpyxl.styles import Alignment

    cell = merge_line(ws, 1, columns, title, Alignment(horizontal="center", vertical="center", wrap_text=True))
    cell.font = font(size=TITLE_SIZE, bold=True)
    ws.row_dimensions[1].height = 30
    row = 2
    for line in lines:
        merge_line(ws, row, columns, line, Alignment(horizontal="left", vertical="center")).font = font()
        row += 1
    return row


def fit_a4(ws: Worksheet, *, header_row: int, title_row: int | None = 1, key_columns: int = 1,
           landscape: bool | None = None) -> None:
    """Print on A4 at 9 pt or more: portrait when the columns fit it, else landscape, else
    landscape with the widest text columns narrowed (wrapping). A table too wide even so is
    cut into bands of whole columns, each a page wide, with the first `key_columns` (the
    names) repeated on every page. Title and header rows on every page; 第 N 页 共 M 页 in
    the footer, each sheet counting its own pages."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    letters = [get_column_letter(c) for c in range(1, ws.max_column + 1)]
    widths = [ws.column_dimensions[x].width or 8.43 for x in letters]
    if landscape is None:
        landscape = sum(widths) > PORTRAIT_WIDTH
    room = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
    reach = room * 100 / SMALLEST_SCALE  # what fits across the page at the smallest scale
    scale, top = 100, 0.6  # top: the margin, in inches
    if sum(widths) > room:
        narrowed = _narrowed(widths, reach)
        if sum(narrowed) <= reach or not key_columns:
            widths = narrowed
            scale = max(SMALLEST_SCALE, min(100, int(room * 100 / sum(widths))))
        else:
            natural = ws.__dict__.get("_jxkh_natural") or widths
            natural = [*natural[: len(widths)], *widths[len(natural):]]
            widths, starts = column_bands(natural, key_columns, reach)
            scale = SMALLEST_SCALE
            ws.print_title_cols = f"A:{letters[key_columns - 1]}"
            for start in starts:  # a break left of each band's first column (0-based id)
                ws.col_breaks.append(Break(id=start, max=1048575))
            if title_row:
                _title_in_header(ws, title_row, len(letters))
                title_row, top = title_row + 1, 0.85  # the title prints in the header: room for it
        for letter, width in zip(letters, widths):
            ws.column_dimensions[letter].width = width
        grow_rows(ws, ws.__dict__.get("_jxkh_long_texts", []), widths)
    if title_row and not ws.print_title_cols and isinstance(title := ws.cell(row=title_row, column=1).value, str):
        title_lines = lines_needed(title, sum(widths) * BODY_SIZE / TITLE_SIZE)
        if title_lines > 1 and TITLE_SEPARATOR in title:  # unit and year above, the sheet's name below
            title = title.replace(TITLE_SEPARATOR, "\n", 1)
            set_cell(ws, title_row, 1, title)
            title_lines = lines_needed(title, sum(widths) * BODY_SIZE / TITLE_SIZE)
        ws.row_dimensions[title_row].height = max(ws.row_dimensions[title_row].height or 0, title_lines * 20 + 8)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.scale = scale
    ws.page_setup.firstPageNumber, ws.page_setup.useFirstPageNumber = 1, True  # each sheet counts its own pages
    ws.sheet_properties.pageSetUpPr = None  # no fit-to-page: it shrinks a wide table to 5 pt
    ws.print_title_rows = f"{title_row or header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = top, 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    footer = ws.oddFooter.center
    footer.text, footer.font, footer.size = PAGE_FOOTER, f"{FONT_NAME},Regular", BODY_SIZE


def _title_in_header(ws: Worksheet, title_row: int, columns: int) -> None:
    """A table printed in bands of columns: its title row, one cell across all of them, would
    print in pieces, so the title prints in the page header of every page instead and the
    title row on screen only (the print area starts below it)."""
    from openpyxl.utils import get_column_letter

    header = ws.oddHeader.center
    title = str(ws.cell(row=title_row, column=1).value or "").replace("&", "&&")  # & starts a header code
    header.text, header.font, header.size = title, f"{FONT_NAME},Bold", TITLE_SIZE
    last = max([ws.max_row, *(block.last for block in ws.__dict__.get("_jxkh_rows", []))])
    ws.print_area = f"A{title_row + 1}:{get_column_letter(columns)}{last}"


TITLE_SEPARATOR = "　"  # between the policy's title and the sheet's name: write_title's callers put it


# &P/&N: Excel counts each sheet's pages; LibreOffice's &N counts the whole file's, so pdf.py
# writes each sheet's own count in its place when it prints.
PAGE_FOOTER = "第 &P 页 共 &N 页"
COMFORTABLE = 24  # a text column's width in a band before the band's spare room is shared out
BAND_FLOOR = 14  # the narrowest a text column is made to fit a band (about seven characters)
KEY_WIDEST = 18  # the repeated name columns: printed on every band, so kept narrow


def column_bands(natural: Sequence[float], key_columns: int, reach: float) -> tuple[list[float], list[int]]:
    """A table too wide for one page, cut into bands of whole columns in their order, each
    fitting `reach` beside the `key_columns` printed on every page: (the columns' widths, the
    0-based index of each band's first column after the first band). Bands are filled with
    each column at its narrowest (its own width, a text column down to `BAND_FLOOR`); each
    band's spare room then widens its text columns evenly, up to `COMFORTABLE`, then up to
    their own widths: fewer bands first, then fewer wrapped lines."""
    widths = [min(w, KEY_WIDEST) for w in natural[:key_columns]]
    widths += [min(w, BAND_FLOOR) for w in natural[key_columns:]]
    room = max(reach - sum(widths[:key_columns]), COMFORTABLE)
    bands: list[list[int]] = [[]]
    used = 0.0
    for c in range(key_columns, len(widths)):
        if bands[-1] and used + widths[c] > room:
            bands.append([])
            used = 0.0
        bands[-1].append(c)
        used += widths[c]
    for band in bands:
        spare = room - sum(widths[c] for c in band)
        for limit in ([min(natural[c], COMFORTABLE) for c in range(len(natural))], natural):
            growing = [c for c in band if limit[c] > widths[c] + 0.01]
            while spare > 0.5 and growing:
                share = spare / len(growing)
                for c in growing:
                    step = min(share, limit[c] - widths[c])
                    widths[c] += step
                    spare -= step
                growing = [c for c in growing if limit[c] > widths[c] + 0.01]
        for c in band:
            widths[c] = int(widths[c] * 10) / 10  # down: rounding up could overfill the band
    return widths, [band[0] for band in bands[1:]]


def _narrowed(widths: list[float], room: float) -> list[float]:
    """The widest columns narrowed to one width, none below `NARROWEST`, until the columns
    fit `room` (or every wide column is at `NARROWEST`)."""
    cap = max(widths)
    while cap > NARROWEST and sum(min(w, cap) for w in widths) > room:
        cap -= 1
    return [min(w, cap) for w in widths]


def style_id(ws: Worksheet, **styles: Any) -> int:
    """The workbook's index for a cell style (font=, border=, alignment=, number_format=…), for `write_rows`."""
    from openpyxl.cell import Cell

    cell = Cell(ws)  # never placed in the sheet: it only registers the style with the workbook
    for name, value in styles.items():
        setattr(cell, name, value)
    return cell.style_id


_SIMPLE = frozenset((str, int, float, Decimal, bool, type(None)))
_EXACT = 10**15  # integers shorter than this read the same as str() and as %.16g


class _Absent:
    """Where a row is too short to have a value: no cell at all, in a styled column too."""

    def __repr__(self) -> str:  # apart from every number's str() (`_column_keys`)
        return "<absent>"


_ABSENT = _Absent()
_TEXTS = frozenset((str, type(None)))
# A column of only these is keyed by its values (`write_rows`): no two equal ones write other cells.
_VALUE_KEYED = frozenset((str, int, type(None), _Absent))
_NO_CELL = "\x00"  # what `_cell_xml` gives a value that writes no cell: never XML (NUL is written _x0000_)


class _Rows(NamedTuple):
    """Rows `first`…`last` from `write_rows`, `width` columns, as the pieces of their XML,
    `stride` pieces a row: `<row r="`, the row's number, `">` (or its height, `grow_rows`),
    then four a cell: `<c r="B`, the row's number, `"` and the cell's style or not, the rest
    of the cell; then `</row>`. Joined only when the workbook is saved."""

    first: int
    last: int
    width: int
    pieces: list[str]
    stride: int


class _TextCells:
    """Each text's cell once for the whole workbook (`_text_cell`): the 公示 lists the same
    people again. Kept in three lookups that `write_rows` maps over a column in C."""

    def __init__(self) -> None:
        self.xml: dict[str, str] = {}  # a text's XML after its style; none for a text that writes no value ("")
        self.widths: dict[str, int] = {}
        self.wrapping: set[str] = set()  # texts that may need more than one line

    def add(self, texts: Iterable[str]) -> None:
        """Make the cells of those `texts` not yet made."""
        for text in texts:
            if text in self.widths:
                continue
            xml, self.widths[text], wraps = _text_cell(text)
            if xml:
                self.xml[text] = xml
            if wraps:
                self.wrapping.add(text)


def _text_cells(ws: Worksheet) -> _TextCells:
    """The texts of `ws`'s workbook."""
    return ws.parent.__dict__.setdefault("_jxkh_texts", _TextCells())  # type: ignore[no-any-return]


def write_rows(
    ws: Worksheet,
    first_row: int,
    rows: Iterable[Sequence[Any]],
    *,
    styles: Sequence[int | None] = (),
    numeric_styles: dict[int, int] | None = None,
    height: float | None = None,
    long_texts: list[tuple[int, int, str]] | None = None,
) -> tuple[int, list[int]]:
    """Rows of values from `first_row` down, written as sheet XML when the workbook is saved by
    `save_atomic`: (the last row written, each column's widest `display_width`).

    Exactly what `set_cell` would give (text that looks like a formula stays text, control
    characters escaped); `styles[c]` (0-based column) styles every cell of a column, blank ones
    included, `numeric_styles[c]` the numbers of a column. Nothing may be written with openpyxl
    in these rows. A value of another kind (a date) writes the rows with openpyxl instead.
    `long_texts` collects (row, 0-based column, text) of the texts that may need more than
    one line (`grow_rows` then sets those rows' heights).

    Column by column, each distinct value once: names, 科室 and grades repeat down a column,
    scores are a few thousand values, a text is made once for the whole workbook. A city's
    66,706 rows are then a few passes in C over each column.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    numeric_styles = numeric_styles or {}
    columns = list(zip_longest(*rows, fillvalue=_ABSENT))
    kinds = [set(map(type, column)) for column in columns]
    if not set().union(*kinds) <= _SIMPLE | {_Absent}:
        return _write_rows_openpyxl(ws, first_row, rows, styles, numeric_styles, height, long_texts)
    from openpyxl.utils import get_column_letter

    width = max(len(styles), len(columns))
    widths = [0] * width
    n = len(rows)
    if not n:
        return first_row - 1, widths
    texts = _text_cells(ws)
    numbers = list(map(str, range(first_row, first_row + n)))
    stride = 3 + 4 * width + 1
    pieces = [""] * (stride * n)
    pieces[0::stride] = ['<row r="'] * n
    pieces[1::stride] = numbers
    pieces[2::stride] = [f'" ht="{height}" customHeight="1">' if height is not None else '">'] * n
    pieces[stride - 1 :: stride] = ["</row>"] * n
    long: list[tuple[int, int, str]] = []
    for c, column in enumerate(columns):
        style = styles[c] if c < len(styles) else None
        base = f' s="{style}"' if style else ""
        blank = "/>" if style else _NO_CELL
        at = 3 + 4 * c
        pieces[at::stride] = [f'<c r="{get_column_letter(c + 1)}'] * n
        pieces[at + 1 :: stride] = numbers
        if kinds[c] <= _TEXTS:  # names, 科室: looked up in C
            distinct = set(column)
            distinct.discard(None)
            texts.add(distinct)
            widths[c] = max(map(texts.widths.__getitem__, distinct), default=0)
            pieces[at + 2 :: stride] = [f'"{base}'] * n
            pieces[at + 3 :: stride] = cells = list(map(texts.xml.get, column, repeat(blank)))
            wrapping = distinct & texts.wrapping
        else:  # numbers, or a mix: each distinct one by one
            numeric = f' s="{numeric_styles[c]}"' if numeric_styles.get(c) else base
            keys = column if kinds[c] <= _VALUE_KEYED else _column_keys(column, kinds[c])
            xml: dict[Any, str] = {}
            for key, value in dict(zip(keys, column)).items():
                xml[key], w = _cell_xml(value, base, numeric, blank, texts)
                widths[c] = max(widths[c], w)
            pieces[at + 2 :: stride] = ['"'] * n
            pieces[at + 3 :: stride] = cells = list(map(xml.__getitem__, keys))
            wrapping = {v for v in column if type(v) is str} & texts.wrapping if str in kinds[c] else set()
        if _NO_CELL in cells:  # no cell at all: its four pieces go
            for i in compress(range(n), [cell is _NO_CELL for cell in cells]):
                pieces[i * stride + at : i * stride + at + 4] = ("", "", "", "")
        if wrapping and long_texts is not None:
            long += ((r, c, v) for r, v in zip(range(first_row, first_row + n), column) if v in wrapping)
    if long_texts is not None:
        long_texts.extend(sorted(long))  # row by row, as `grow_rows` has always had them
    last = first_row + n - 1
    ws.__dict__.setdefault("_jxkh_rows", []).append(_Rows(first_row, last, width, pieces, stride))
    return last, widths


def _column_keys(column: Sequence[Any], kinds: set[type]) -> list[Any]:
    """For a column not `_VALUE_KEYED`: a key per value, equal where the values write the same
    cell and are as wide. Their str(), which tells 94.2 from 94.20 (not as wide) and -0.0 from
    0.0; with the type where a column mixes kinds (1.5 the float is not styled as 1.5 the Decimal)."""
    if len(kinds - _VALUE_KEYED) == 1 and str not in kinds:
        return list(map(str, column))
    return list(zip(map(type, column), map(str, column)))


def _cell_xml(value: Any, base: str, numeric: str, blank: str, texts: _TextCells) -> tuple[str, int]:
    """A value's cell XML after its `<c r="B7"`, and its display width. `base`, `numeric`: the
    style attribute of the column's cells and of its numbers; `blank`: what a cell without a
    value writes after its style (`_NO_CELL`: no cell)."""
    t = type(value)
    empty = blank if blank is _NO_CELL else base + blank
    if t is str:
        texts.add([value])
        xml = texts.xml.get(value)
        return (base + xml if xml else empty), texts.widths[value]
    if value is None:
        return empty, 0
    if value is _ABSENT:
        return _NO_CELL, 0
    if t is float and value != value:  # NaN never reaches a workbook
        return empty, 3
    if t is bool:  # a number format applies to it, as to any int
        return f'{numeric} t="b"><v>{int(value)}</v></c>', len(str(value))
    if t is int and -_EXACT < value < _EXACT:
        shown = str(value)
    else:  # as openpyxl writes a number: %.16g
        from openpyxl.compat import safe_string

        shown = safe_string(value)
    return f'{base if t is float else numeric} t="n"><v>{shown}</v></c>', len(str(value))


def _write_rows_openpyxl(
    ws: Worksheet, first_row: int, rows: list[Sequence[Any]], styles: Sequence[int | None],
    numeric_styles: dict[int, int], height: float | None, long_texts: list[tuple[int, int, str]] | None = None,
) -> tuple[int, list[int]]:
    from copy import copy

    from openpyxl.cell import Cell

    def look(style: int | None) -> Any:
        sample = Cell(ws)
        sample._style = copy(ws.parent._cell_styles[style]) if style else sample._style
        return sample._style

    base = {c: look(s) for c, s in enumerate(styles) if s}
    numbers = {c: look(s) for c, s in numeric_styles.items() if s}
    widths: list[int] = []
    r = first_row - 1
    for r, values in enumerate(rows, start=first_row):
        for c, value in enumerate(values):
            if value is None and c not in base:
                continue
            cell = set_cell(ws, r, c + 1, value)
            if c in numbers and isinstance(value, (int, Decimal)):
                cell._style = copy(numbers[c])
            elif c in base:
                shown = cell.number_format  # a date keeps the date format openpyxl gave it
                cell._style = copy(base[c])
                if cell.is_date:
                    cell.number_format = shown
            widths.extend([0] * (c + 1 - len(widths)))
            widths[c] = max(widths[c], display_width(value))
            if long_texts is not None and isinstance(value, str) and (display_width(value) > NARROWEST or "\n" in value):
                long_texts.append((r, c, value))
        for c in base:
            if c >= len(values):
                ws.cell(row=r, column=c + 1)._style = copy(base[c])
        if height is not None:
            ws.row_dimensions[r].height = height
    return r, widths


# Anything `_cell_text` would change: most names and labels have none of it.
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


def _cell_text(value: str) -> str:
    """What `set_cell` stores for a text."""
    if not _NEEDS_ESCAPE.search(value) and value.strip():
        return value
    text = _ESCAPED.sub(_escape_char, _LITERAL_ESCAPE.sub("_x005F_", _NONCHARACTERS.sub("", value)))
    if text and not text.strip():
        text = _XML_SPACE.sub(_escape_char, text)
    return text


# A text `_cell_text` or `_text_element` would change: to escape, or with outer white space.
_SPECIAL_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f&<>\ufffe\uffff]|_x[0-9A-Fa-f]{4}_|\A\s|\s\Z")


def _text_cell(value: str) -> tuple[str, int, bool]:
    """A text's cell XML after its style ("" for an empty text, which writes no value), its
    `display_width`, and whether it may need more than one line (`grow_rows`)."""
    if value and not _SPECIAL_TEXT.search(value):  # most names and labels: one look
        body = f' t="inlineStr"><is><t>{value}</t></is></c>'
    else:
        text = _cell_text(value) if value else ""
        body = f' t="inlineStr"><is>{_text_element(text)}</is></c>' if text else ""
    width = display_width(value)
    return body, width, width > NARROWEST or "\n" in value


def _text_element(text: str) -> str:
    """<t> as openpyxl writes it (ElementTree): &, <, > escaped; xml:space kept when the text
    has outer spaces and is not all spaces."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    if stripped and stripped != text:
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def add_bar_chart(
    ws: Worksheet, title: str, *, label_col: int, value_col: int, first_row: int, last_row: int, anchor: str,
    axis: str = "number", most: int = 0,
) -> None:
    """A bar chart of one column against its labels (the summary sheets' chart), 15 × 7.5 cm:
    anchored below its table it stays on the table's A4 page. `axis`: "people" steps in whole
    people up to `most`, "percent" runs 0–100%."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.legend = None
    chart.height, chart.width = 7.5, 15
    data = Reference(ws, min_col=value_col, min_row=first_row - 1, max_row=last_row)
    labels = Reference(ws, min_col=label_col, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides both axes by default
    if axis == "people":
        chart.y_axis.majorUnit = max(1, -(-most // 8))  # whole people, at most about eight steps
        chart.y_axis.scaling.min = 0
        chart.y_axis.number_format = "0"
    elif axis == "percent":
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.majorUnit = 0.2
        chart.y_axis.number_format = "0%"
    place_chart(ws, chart, title, anchor)


def place_chart(ws: Worksheet, chart: Any, title: str, anchor: str) -> None:
    """Put a chart at `anchor` with its title and axes in the body font, on one printed page
    (a page break before it when it would cross one)."""
    chart.title = _chart_title(title)
    chart.x_axis.txPr = chart.y_axis.txPr = _chart_text(BODY_SIZE)
    if chart.legend is not None:
        chart.legend.txPr = _chart_text(BODY_SIZE)
    ws.add_chart(chart, anchor)
    _keep_on_one_page(ws, int(anchor.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), chart.height / 2.54 * POINTS_PER_INCH)


def _chart_text(size: float, bold: bool = False) -> Any:
    """Chart text in the body font, Latin and East Asian alike: left unset, Excel takes the
    theme's Calibri/等线 and LibreOffice a Latin sans, so 人 and 7 would print in two faces."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

    face = CharacterProperties(latin=Font(typeface=FONT_NAME), ea=Font(typeface=FONT_NAME), sz=int(size * 100), b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=face), endParaRPr=face)])


def _chart_title(title: str) -> Any:
    from openpyxl.chart.text import Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import RegularTextRun

    rich = _chart_text(12, bold=True)
    rich.p[0].r = [RegularTextRun(rPr=rich.p[0].pPr.defRPr, t=title)]
    return Title(tx=Text(rich=rich), overlay=False)


PAGE_HEIGHT = 700  # points of A4 portrait within the margins, the footer and a repeated title
A4_HEIGHT, POINTS_PER_INCH = 842, 72  # A4 portrait is 297 mm: 842 pt


def _printed_height(ws: Worksheet, row: int) -> float:
    """A row's height on paper: its own, else 17 pt (what 11-pt 宋体 prints at). `.get`: indexing
    row_dimensions would add rows for openpyxl to write over write_rows' own."""
    return getattr(ws.row_dimensions.get(row), "height", None) or 17


def _keep_on_one_page(ws: Worksheet, row: int, height: float) -> None:
    """A page break before `row` when a drawing `height` points tall anchored there would run
    past the first page."""
    from openpyxl.worksheet.pagebreak import Break

    above = sum(_printed_height(ws, r) for r in range(1, row))
    if above + height > PAGE_HEIGHT and row > 1:
        ws.row_breaks.append(Break(id=row - 1))


def keep_with_foot(ws: Worksheet, *, header_row: int, last: int, end: int, row_height: float, keep: int = 3) -> None:
    """A page break before the list's last `keep` rows (data rows `header_row`+1 … `last`, each
    `row_height` tall) when what is under them (合计, 公示期, 落款, to row `end`) would otherwise
    start a page of its own under a repeated header with no names: a 公示 one page long but for
    its foot. Pages as LibreOffice and Excel cut them: A4 portrait less the top and bottom margins,
    the title and header rows repeated."""
    from openpyxl.worksheet.pagebreak import Break

    def height(r: int) -> float:
        if header_row < r <= last:
            return row_height
        return _printed_height(ws, r)

    room = A4_HEIGHT - POINTS_PER_INCH * (ws.page_margins.top + ws.page_margins.bottom)
    titles = sum(height(r) for r in range(1, header_row + 1))
    used, page, page_of = 0.0, 1, {}
    for r in range(1, end + 1):
        if used + height(r) > room and r > header_row + 1:
            page, used = page + 1, titles
        used += height(r)
        page_of[r] = page
    if last - keep > header_row and page_of[end] > page_of[last]:
        ws.row_breaks.append(Break(id=last - keep))


def add_explanation_sheet(wb: Workbook, policy: Policy, inputs: Sequence[Path], notes: Sequence[tuple[str, str]] = ()) -> Worksheet:
    """The 说明 sheet (output/explanation.py), here too for the writers that import it from here."""
    from .output.explanation import add_explanation_sheet as add

    return add(wb, policy, inputs, notes)


def sha256(path: Path) -> str:
    """The SHA-256 of the bytes jxkh read from `path` (open_workbook records it), else of the file now."""
    from .reader import READ_DIGESTS

    known = READ_DIGESTS.get(Path(path).resolve())
    if known:
        return known
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# How an output shows jxkh wrote it (`written_by_jxkh`): the 说明 sheet's 生成工具 row.
GENERATOR_LABEL = TOOL_LABEL
GENERATOR_PREFIX = "jxkh "


def default_output(input_path: Path, suffix: str = ".scored.xlsx") -> Path:
    """`indicators.xlsx` → `indicators.scored.xlsx`, beside the input."""
    return input_path.with_name(input_path.stem + suffix)


# The longest file name the common file systems take (NTFS, ext4, APFS: 255), less what
# Excel's and LibreOffice's lock files add to it (`.~lock.NAME#`): a longer name could never
# be opened by them anyway.
MAX_NAME_BYTES = 255 - len(".~lock.#")
# Excel's last column, XFD.
MAX_COLUMNS = 16384


def check_output(output: Path | str, inputs: Sequence[Path | str], force: bool = False, suffix: str = ".xlsx") -> Path:
    """Refuse, before any work, an output that is a folder, an input, in a missing folder, open
    elsewhere, or an existing file jxkh did not write (unless `force`)."""
    output = Path(output)
    if _is_dir(output):
        raise fail(Code.OUTPUT_IS_FOLDER, UsageError, file=str(output), value=str(output))
    if output.suffix.lower() != suffix:
        code = Code.OUTPUT_NOT_DOCX if suffix == ".docx" else Code.OUTPUT_NOT_XLSX
        raise fail(code, UsageError, file=str(output), value=str(output))
    if len(os.fsencode(output.name)) > MAX_NAME_BYTES:
        raise fail(Code.NAME_TOO_LONG, UsageError, file=str(output), value=output.name, limit=MAX_NAME_BYTES)
    for source in inputs:
        if _same_file(output, Path(source)):
            raise fail(Code.OUTPUT_IS_INPUT, UsageError, file=str(output), value=str(output))
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise fail(Code.OUTPUT_DIR_MISSING, FileSystemError, file=str(output), value=str(parent))
    if _locked(output):
        raise fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(output), value=str(output))
    if not force and os.path.lexists(output) and not written_by_jxkh(output):
        raise fail(Code.OUTPUT_NOT_OURS, UsageError, file=str(output), value=str(output))
    return output


def check_grid(file: str, sheet: str, header_row: int, width: int, added: int) -> None:
    """Refuse a sheet whose `width` columns leave no room for the `added` computed columns
    before Excel's last column: written past XFD, Excel and LibreOffice would drop them.
    Refused rather than moved: a clerk's column out at XFD is a stray keystroke to delete."""
    if width + added > MAX_COLUMNS:
        raise fail(
            Code.COLUMNS_BEYOND_GRID, DataError, file=file, sheet=sheet, cell=cell_ref(header_row, width - 1),
            value=column_letter(width - 1), count=added, last=column_letter(MAX_COLUMNS - added - 1),
        )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long to look up is no folder
        return False


# What `written_by_jxkh` will read of an existing file: jxkh's 说明 sheet and its strings are
# small; a bigger part (or one that unpacks a thousandfold) is not worth guessing at.
_PART_LIMIT = 256 * 1024 * 1024
_PART_RATIO = 1000


def written_by_jxkh(path: Path | str) -> bool:
    """Whether `path` is a workbook jxkh wrote: its 说明 sheet names jxkh as 生成工具. The
    sheet survives the clerk opening and re-saving the output in Excel or WPS."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.file_size > _PART_LIMIT or info.file_size > _PART_RATIO * max(info.compress_size, 1024):
                    return False
            if Path(path).suffix.lower() == ".docx":  # a Word report: its author, set by jxkh
                core = archive.read("docProps/core.xml").decode("utf-8", "replace")
                return re.search(r"<dc:creator>" + re.escape(GENERATOR_PREFIX), core) is not None
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        if EXPLANATION_SHEET not in book.sheet_names:
            return False
        rows = book.get_sheet_by_name(EXPLANATION_SHEET).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 - anything unreadable is not a file jxkh wrote
        return False
    return any(
        len(row) >= 2 and row[0] == GENERATOR_LABEL and str(row[1]).startswith(GENERATOR_PREFIX) for row in rows
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _locked(path: Path) -> bool:
    """Excel leaves `~$name` beside an open file, LibreOffice/WPS `.~lock.name#`."""
    return os.path.lexists(path.parent / f"~${path.name}") or os.path.lexists(path.parent / f".~lock.{path.name}#")


# Temporary files: `.jxkh-XXXX.xlsx.tmp` or `.docx.tmp` (and `.rows` while rows are spliced in).
TEMP_PREFIX = ".jxkh-"
STALE_SECONDS = 24 * 3600


def save_atomic(wb: Workbook, output: Path | str) -> Path:
    """Save to a temporary file in the target's folder, then rename it over the target."""

    def save(temp: Path) -> None:
        spliced = temp.with_name(temp.name + ".rows")
        try:
            wb.save(temp)
            if _splice_rows(wb, temp, spliced):
                os.replace(spliced, temp)
        finally:
            spliced.unlink(missing_ok=True)

    return save_with(output, save)


def save_with(output: Path | str, save: Any, suffix: str = ".xlsx.tmp") -> Path:
    """`save(temp_path)` writes the file (a workbook, a Word document); it becomes `output` by a
    rename, so a crash, a full disk or Ctrl-C never leaves half a file.

    Ctrl-C, SIGTERM and SIGHUP remove the temporary files and leave the target as it was;
    a SIGKILL cannot be caught, so temporary files older than a day are removed on the next
    save into that folder. A replaced output keeps its permissions (a private 0600 stays so).
    """
    from .interrupts import hold, release, signals_end_cleanly

    output = Path(output)
    folder = output.parent if str(output.parent) else Path(".")
    with signals_end_cleanly():
        _remove_stale(folder)
        hold()  # a signal between creating the file and knowing its name would leave it
        try:
            handle, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
        except OSError as exc:  # a missing, read-only or full folder
            release()
            raise write_failure(exc, output, shown=folder) from None
        os.close(handle)
        temp = Path(temp_name)
        shown = activity("progress_write", file=output.name)
        try:
            release()  # a signal that came meanwhile is raised here, inside the try
            save(temp)
            os.chmod(temp, _mode_for(output))
            os.replace(temp, output)
        except OSError as exc:
            _quiet_unclosed_zips()
            raise write_failure(exc, output, shown=output, replacing=True) from None
        finally:  # also on Ctrl-C and SIGTERM/SIGHUP: no half file is left behind
            shown.finish()
            temp.unlink(missing_ok=True)
    return output


def _mode_for(output: Path) -> int:
    """The permissions of the file being replaced; for a new file, what the umask allows
    (mkstemp makes the temporary file private, 0600, whatever the umask)."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def write_failure(exc: OSError, output: Path, *, shown: Path, replacing: bool = False) -> JxkhError:
    """The error for a failed write of `output` (`shown`: the path a permission message names):
    a full disk, a name too long, a folder in the way, a missing folder, else no permission
    (on Windows, renaming over a file Excel holds open)."""
    if exc.errno in _FULL:
        return fail(Code.DISK_FULL, FileSystemError, file=str(output), value=str(output))
    if exc.errno == errno.ENAMETOOLONG:
        return fail(Code.NAME_TOO_LONG, UsageError, file=str(output), value=output.name, limit=MAX_NAME_BYTES)
    if exc.errno == errno.EISDIR:
        return fail(Code.OUTPUT_IS_FOLDER, UsageError, file=str(output), value=str(output))
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return fail(Code.OUTPUT_DIR_MISSING, FileSystemError, file=str(output), value=str(output.parent))
    if replacing and isinstance(exc, PermissionError):
        return fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(output), value=str(output))
    return fail(Code.PERMISSION_DENIED, FileSystemError, file=str(output), value=str(shown))


def _remove_stale(folder: Path) -> None:
    """Remove temporary files an earlier run could not (killed, or the power went) once a
    day old: a younger one may be another jxkh's, writing now."""
    cutoff = time.time() - STALE_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith((".tmp", ".tmp.rows"))):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass


def _quiet_unclosed_zips() -> None:
    """A write that failed (disk full) leaves the zip writer open; when it is collected,
    ZipFile.__del__ tries to finish the file, fails again, and Python prints "Exception
    ignored in ZipFile.__del__" and a traceback under our message. Those are dropped."""
    global _previous_hook
    if _previous_hook is not None:
        return
    _previous_hook = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, OSError) and getattr(unraisable.object, "__qualname__", "") == "ZipFile.__del__":
            return
        assert _previous_hook is not None
        _previous_hook(unraisable)

    sys.unraisablehook = hook


_previous_hook: Any = None


ROWS_COMPRESSION = 2
_ROW_START = re.compile(r'<row r="([0-9]+)"')
_DIMENSION = re.compile(r'<dimension ref="([A-Z]+[0-9]+)(?::[A-Z]+[0-9]+)?"/>')


def _splice_rows(wb: Workbook, saved: Path, target: Path) -> bool:
    """Copy the workbook openpyxl saved at `saved` to `target` with the rows of `write_rows`
    put in their sheets, in row order among openpyxl's own. False when there are none."""
    import zipfile

    from openpyxl.utils import get_column_letter

    pending = {ws.path.lstrip("/"): (ws, ws.__dict__.get("_jxkh_rows")) for ws in wb.worksheets if ws.__dict__.get("_jxkh_rows")}
    if not pending:
        return False
    # The rows' sheets deflated at level 2, not zlib's 6: a city's 48 MB sheet in a third of the
    # time (0.33 s against 0.92 s, measured), the file 7.0 MB against 5.5 MB; level 1 was no
    # faster and bigger, level 3 a third slower.
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=ROWS_COMPRESSION) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename not in pending:
                copy.writestr(info, data)
                continue
            ws, blocks = pending[info.filename]
            xml = data.decode("utf-8")
            start = xml.index("<sheetData")
            if xml.startswith("<sheetData/>", start):
                head, body, tail = xml[:start], "", xml[start + len("<sheetData/>") :]
            else:
                end = xml.index("</sheetData>", start)
                opened = xml.index(">", start) + 1
                head, body, tail = xml[:start], xml[opened:end], xml[end + len("</sheetData>") :]
            # openpyxl's rows, each up to the next (cell text never holds "<row": < is escaped)
            marks = [(int(m.group(1)), m.start()) for m in _ROW_START.finditer(body)]
            own = [(number, body[at : (marks[i + 1][1] if i + 1 < len(marks) else len(body))]) for i, (number, at) in enumerate(marks)]
            blocks = sorted(blocks, key=lambda block: block.first)
            for number, _ in own:
                if any(block.first <= number <= block.last for block in blocks):
                    raise ValueError(f"{ws.title}: row {number} written twice")
            last_row = max([ws.max_row, *(block.last for block in blocks)])
            last_col = max([ws.max_column, *(block.width for block in blocks)])
            head = _DIMENSION.sub(lambda m: f'<dimension ref="{m.group(1)}:{get_column_letter(last_col)}{last_row}"/>', head, count=1)
            with copy.open(info.filename, "w", force_zip64=True) as member:
                member.write((head + "<sheetData>").encode("utf-8"))
                i = 0
                for number, text in own:
                    while i < len(blocks) and blocks[i].first < number:
                        _write_block(member, blocks[i])
                        i += 1
                    member.write(text.encode("utf-8"))
                for block in blocks[i:]:
                    _write_block(member, block)
                member.write(("</sheetData>" + tail).encode("utf-8"))
    return True


def _write_block(member: Any, block: _Rows, rows: int = 4096) -> None:
    """A block's rows into the zip member, a few thousand at a time: a city's 66,706 rows
    joined at once would hold their XML twice over (text and UTF-8) at the end of the run."""
    step = rows * block.stride
    for at in range(0, len(block.pieces), step):
        member.write("".join(block.pieces[at : at + step]).encode("utf-8"))
