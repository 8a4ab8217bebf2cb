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
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .messages import Code
from .problems import FileSystemError, UsageError, fail

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
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_table(
    ws: Worksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    start_row: int = 1,
    number_formats: dict[int, str] | None = None,
    max_width: int = 50,
) -> int:
    """A header row (bold, frozen, filter) and data rows; returns the last row written."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    widths = [display_width(h) for h in headers]
    for c, header in enumerate(headers, start=1):
        cell = set_cell(ws, start_row, c, header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = start_row
    for r, values in enumerate(rows, start=start_row + 1):
        for c, value in enumerate(values, start=1):
            cell = set_cell(ws, r, c, value)
            if number_formats and c in number_formats and isinstance(value, (int, Decimal)):
                cell.number_format = number_formats[c]
            if c <= len(widths):
                widths[c - 1] = max(widths[c - 1], min(display_width(value), max_width))
            else:
                widths.append(min(display_width(value), max_width))
    from openpyxl.utils import get_column_letter

    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, width + 2)
    ws.freeze_panes = ws.cell(row=start_row + 1, column=1)
    if r > start_row:
        ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(widths))}{r}"
    return r


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
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def add_explanation_sheet(
    wb: Workbook, policy: Policy, inputs: Sequence[Path], notes: Sequence[tuple[str, str]] = ()
) -> Worksheet:
    """说明: what was done (notes), the policy values used, each input's SHA-256, version, time."""
    ws = wb.create_sheet("说明")
    rows: list[tuple[str, str]] = [*notes]
    rows.append(("生成工具", f"jxkh {__version__}"))
    rows.append(("生成时间", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")))
    for path in inputs:
        rows.append((f"输入文件 {Path(path).name} SHA-256", sha256(path)))
    rows.extend((f"政策 {key}", value) for key, value in policy.values())
    write_table(ws, ["项目", "内容"], rows, max_width=80)
    return ws


def default_output(input_path: Path, suffix: str = ".scored.xlsx") -> Path:
    """`indicators.xlsx` → `indicators.scored.xlsx`, beside the input."""
    return input_path.with_name(input_path.stem + suffix)


def check_output(output: Path, inputs: Sequence[Path]) -> Path:
    """Refuse, before any work, an output that is an input, in a missing folder, or open elsewhere."""
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise fail(Code.OUTPUT_NOT_XLSX, UsageError, file=str(output), value=str(output))
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
    output = Path(output)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".jxkh-", suffix=".xlsx.tmp", dir=output.parent or ".")
    except PermissionError:
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(output), value=str(output.parent)) from None
    except (FileNotFoundError, NotADirectoryError):
        raise fail(Code.OUTPUT_DIR_MISSING, FileSystemError, file=str(output), value=str(output.parent)) from None
    except OSError as exc:  # a read-only or full file system
        code = Code.DISK_FULL if exc.errno == errno.ENOSPC else Code.PERMISSION_DENIED
        raise fail(code, FileSystemError, file=str(output), value=str(output.parent)) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        wb.save(temp)
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
        temp.unlink(missing_ok=True)
    return output
