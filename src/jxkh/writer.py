"""Writing output workbooks: safe cell values, shared sheet layout, the 说明 sheet, atomic save.

Outputs are new files, written to a temporary file beside the target and renamed, so a
crash, a full disk or Ctrl-C never leaves half a workbook, and an input is never the target.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import zip_longest
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .headers import EXPLANATION_SHEET, INPUT_LABEL, TOOL_LABEL
from .messages import Code
from .problems import FileSystemError, UsageError, fail
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


def display_width(value: Any) -> int:
    """Columns the text takes on screen: wide (W) and full-width (F) characters count two."""
    text = "" if value is None else str(value)
    if text.isascii():
        return len(text)
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
) -> int:
    """A header row (bold, frozen, filter) and data rows; returns the last row written.
    `bold_last`: the last row is a total, bold across the table.

    The data rows are written as sheet XML when the workbook is saved (`write_rows`), the
    way openpyxl would write them, at a tenth of openpyxl's cost per cell.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [display_width(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = set_cell(ws, start_row, c, header)
        cell.font, cell.fill, cell.alignment = bold, fill, center
    numeric = {c - 1: style_id(ws, number_format=f) for c, f in (number_formats or {}).items()}
    rows = rows if isinstance(rows, list) else list(rows)
    body, total = (rows[:-1], rows[-1:]) if bold_last else (rows, [])
    r, data_widths = write_rows(ws, start_row + 1, body, numeric_styles=numeric)
    if total:
        strong = [style_id(ws, font=bold)] * max(len(headers), len(total[0]))
        strong_numbers = {c - 1: style_id(ws, font=bold, number_format=f) for c, f in (number_formats or {}).items()}
        r, total_widths = write_rows(ws, r + 1, total, styles=strong, numeric_styles=strong_numbers)
        data_widths = [max(a, b) for a, b in zip_longest(data_widths, total_widths, fillvalue=0)]
    for c, width in enumerate(data_widths):
        width = min(width, max_width)
        if c < len(widths):
            widths[c] = max(widths[c], width)
        else:
            widths.append(width)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, width + 2)
    ws.freeze_panes = f"A{start_row + 1}"  # a coordinate: ws.cell() would put an empty cell there
    if r > start_row:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(widths))}{r}"
    return r


def fit_a4(ws: Worksheet, *, landscape: bool, header_row: int) -> None:
    """A4, fitted to the page width and as many pages tall as it takes, header row on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def style_id(ws: Worksheet, **styles: Any) -> int:
    """The workbook's index for a cell style (font=, border=, alignment=, number_format=…), for `write_rows`."""
    from openpyxl.cell import Cell

    cell = Cell(ws)  # never placed in the sheet: it only registers the style with the workbook
    for name, value in styles.items():
        setattr(cell, name, value)
    return cell.style_id


_SIMPLE = (str, int, float, Decimal, bool, type(None))
_EXACT = 10**15  # integers shorter than this read the same as str() and as %.16g


def write_rows(
    ws: Worksheet,
    first_row: int,
    rows: Iterable[Sequence[Any]],
    *,
    styles: Sequence[int | None] = (),
    numeric_styles: dict[int, int] | None = None,
    height: float | None = None,
) -> tuple[int, list[int]]:
    """Rows of values from `first_row` down, written as sheet XML when the workbook is saved by
    `save_atomic`: (the last row written, each column's widest `display_width`).

    Exactly what `set_cell` would give (text that looks like a formula stays text, control
    characters escaped); `styles[c]` (0-based column) styles every cell of a column, blank ones
    included, `numeric_styles[c]` the numbers of a column. Nothing may be written with openpyxl
    in these rows. A value of another kind (a date) writes the rows with openpyxl instead.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    numeric_styles = numeric_styles or {}
    if any(type(v) not in _SIMPLE for values in rows for v in values):
        return _write_rows_openpyxl(ws, first_row, rows, styles, numeric_styles, height)
    from openpyxl.compat import safe_string
    from openpyxl.utils import get_column_letter

    width = max(len(styles), max(map(len, rows), default=0))
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    base = [f' s="{s}"' if s else "" for s in styles] + [""] * (width - len(styles))
    numeric = [f' s="{numeric_styles[c]}"' if numeric_styles.get(c) else base[c] for c in range(width)]
    styled = [bool(s) for s in styles] + [False] * (width - len(styles))
    widths = [0] * width
    row_open = f' ht="{height}" customHeight="1">' if height is not None else ">"
    out: list[str] = []
    append = out.append
    r = first_row - 1
    for r, values in enumerate(rows, start=first_row):
        cells = []
        for c, v in enumerate(values):
            t = type(v)
            if t is str:
                text = _cell_text(v) if v else ""
                if text:
                    cells.append(f'<c r="{letters[c]}{r}"{base[c]} t="inlineStr"><is>{_text_element(text)}</is></c>')
                elif styled[c]:
                    cells.append(f'<c r="{letters[c]}{r}"{base[c]}/>')
                w = len(v) if v.isascii() else display_width(v)
            elif v is None:
                if styled[c]:
                    cells.append(f'<c r="{letters[c]}{r}"{base[c]}/>')
                continue
            elif t is float and v != v:  # NaN never reaches a workbook
                if styled[c]:
                    cells.append(f'<c r="{letters[c]}{r}"{base[c]}/>')
                w = 3
            elif t is bool:  # a number format applies to it, as to any int
                cells.append(f'<c r="{letters[c]}{r}"{numeric[c]} t="b"><v>{int(v)}</v></c>')
                w = len(str(v))
            elif t is int and -_EXACT < v < _EXACT:
                text = str(v)
                cells.append(f'<c r="{letters[c]}{r}"{numeric[c]} t="n"><v>{text}</v></c>')
                w = len(text)
            else:  # as openpyxl writes a number: %.16g
                cells.append(f'<c r="{letters[c]}{r}"{base[c] if t is float else numeric[c]} t="n"><v>{safe_string(v)}</v></c>')
                w = display_width(v)
            if w > widths[c]:
                widths[c] = w
        append(f'<row r="{r}"{row_open}{"".join(cells)}</row>')
    if r >= first_row:
        pending = ws.__dict__.setdefault("_jxkh_rows", [])
        pending.append((first_row, r, width, out))
    return r, widths


def _write_rows_openpyxl(
    ws: Worksheet, first_row: int, rows: list[Sequence[Any]], styles: Sequence[int | None],
    numeric_styles: dict[int, int], height: float | None,
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
                cell._style = copy(base[c])
            widths.extend([0] * (c + 1 - len(widths)))
            widths[c] = max(widths[c], display_width(value))
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


def _text_element(text: str) -> str:
    """<t> as openpyxl writes it (ElementTree): &, <, > escaped; xml:space kept when the text
    has outer spaces and is not all spaces."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    stripped = text.strip()
    if stripped and stripped != text:
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def add_bar_chart(ws: Worksheet, title: str, *, label_col: int, value_col: int, first_row: int, last_row: int, anchor: str) -> None:
    """A bar chart of one column against its labels (the summary sheets' chart)."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.title = title
    chart.legend = None
    chart.height, chart.width = 7.5, 15
    data = Reference(ws, min_col=value_col, min_row=first_row - 1, max_row=last_row)
    labels = Reference(ws, min_col=label_col, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(labels)
    ws.add_chart(chart, anchor)


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


def add_explanation_sheet(
    wb: Workbook, policy: Policy, inputs: Sequence[Path], notes: Sequence[tuple[str, str]] = ()
) -> Worksheet:
    """说明: what was done (notes), the policy values used, each input's SHA-256, version, time."""
    ws = wb.create_sheet(EXPLANATION_SHEET)
    rows: list[tuple[str, str]] = [*notes]
    rows.append((TOOL_LABEL, f"jxkh {__version__}"))
    rows.append(("生成时间", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")))
    for path in inputs:
        rows.append((INPUT_LABEL.format(name=Path(path).name), sha256(path)))
    rows.extend((f"政策 {key}", value) for key, value in policy.values())
    write_table(ws, ["项目", "内容"], rows, max_width=80)
    return ws


def default_output(input_path: Path, suffix: str = ".scored.xlsx") -> Path:
    """`indicators.xlsx` → `indicators.scored.xlsx`, beside the input."""
    return input_path.with_name(input_path.stem + suffix)


def check_output(output: Path, inputs: Sequence[Path], suffix: str = ".xlsx") -> Path:
    """Refuse, before any work, an output that is an input, in a missing folder, or open elsewhere."""
    output = Path(output)
    if output.suffix.lower() != suffix:
        code = Code.OUTPUT_NOT_DOCX if suffix == ".docx" else Code.OUTPUT_NOT_XLSX
        raise fail(code, UsageError, file=str(output), value=str(output))
    for source in inputs:
        if _same_file(output, Path(source)):
            raise fail(Code.OUTPUT_IS_INPUT, UsageError, file=str(output), value=str(output))
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise fail(Code.OUTPUT_DIR_MISSING, FileSystemError, file=str(output), value=str(parent))
    if _locked(output):
        raise fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(output), value=str(output))
    return output


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _locked(path: Path) -> bool:
    """Excel leaves `~$name` beside an open file, LibreOffice/WPS `.~lock.name#`."""
    return (path.parent / f"~${path.name}").exists() or (path.parent / f".~lock.{path.name}#").exists()


def save_atomic(wb: Workbook, output: Path) -> Path:
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


def save_with(output: Path, save: Any, suffix: str = ".xlsx.tmp") -> Path:
    """`save(temp_path)` writes the file (a workbook, a Word document); it becomes `output` by a
    rename, so a crash, a full disk or Ctrl-C never leaves half a file."""
    output = Path(output)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".jxkh-", suffix=suffix, dir=output.parent or ".")
    except PermissionError:
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(output), value=str(output.parent)) from None
    except (FileNotFoundError, NotADirectoryError):
        raise fail(Code.OUTPUT_DIR_MISSING, FileSystemError, file=str(output), value=str(output.parent)) from None
    except OSError as exc:  # a read-only or full file system
        code = Code.DISK_FULL if exc.errno == errno.ENOSPC else Code.PERMISSION_DENIED
        raise fail(code, FileSystemError, file=str(output), value=str(output.parent)) from None
    os.close(handle)
    temp = Path(temp_name)
    shown = activity("progress_write", file=output.name)
    try:
        save(temp)
        # mkstemp makes the file private (0600); an output is an ordinary file others may open.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, output)
    except PermissionError:
        raise fail(Code.OUTPUT_LOCKED, FileSystemError, file=str(output), value=str(output)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise fail(Code.DISK_FULL, FileSystemError, file=str(output), value=str(output)) from None
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(output), value=str(output)) from None
    finally:  # also on KeyboardInterrupt: no half file is left behind
        shown.finish()
        temp.unlink(missing_ok=True)
    return output


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
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as copy:
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
            blocks = sorted(blocks, key=lambda block: block[0])
            for number, _ in own:
                if any(first <= number <= last for first, last, _, _ in blocks):
                    raise ValueError(f"{ws.title}: row {number} written twice")
            last_row = max([ws.max_row, *(last for _, last, _, _ in blocks)])
            last_col = max([ws.max_column, *(width for _, _, width, _ in blocks)])
            head = _DIMENSION.sub(lambda m: f'<dimension ref="{m.group(1)}:{get_column_letter(last_col)}{last_row}"/>', head, count=1)
            with copy.open(info.filename, "w", force_zip64=True) as member:
                member.write((head + "<sheetData>").encode("utf-8"))
                i = 0
                for number, text in own:
                    while i < len(blocks) and blocks[i][0] < number:
                        member.write("".join(blocks[i][3]).encode("utf-8"))
                        i += 1
                    member.write(text.encode("utf-8"))
                for block in blocks[i:]:
                    member.write("".join(block[3]).encode("utf-8"))
                member.write(("</sheetData>" + tail).encode("utf-8"))
    return True
