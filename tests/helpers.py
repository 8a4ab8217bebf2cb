"""Small builders so a test shows its data: workbooks from rows, reading outputs back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def make_xlsx(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    """Write a workbook: {sheet name: rows}. Strings starting with '=' are formulas (openpyxl's rule)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)
    return path


def read_back(path: Path, sheet: str) -> list[list[Any]]:
    """An output sheet's table, row by row from its header (openpyxl, so what a spreadsheet
    program would see): the title rows above it, repeated on every printed page, left out."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    first = header_row(ws)
    return [list(row) for row in ws.iter_rows(min_row=first, values_only=True)]


def header_row(ws: Any) -> int:
    """The table's header row: the last of the rows printed on every page (1 when none)."""
    titles = ws.print_title_rows
    return int(titles.split(":")[-1].lstrip("$")) if titles else 1


def soffice() -> str | None:
    """The LibreOffice binary, or None (tests that need it skip)."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(source: Path, fmt: str, outdir: Path, timeout: int = 180) -> Path:
    """Convert with headless LibreOffice (`fmt` e.g. "xlsx", "xls", "ods", "pdf",
    'csv:"Text - txt - csv (StarCalc)":44,34,76' for UTF-8 CSV). Each call gets its own
    profile folder, so conversions can run in parallel. Returns the converted file."""
    import subprocess
    import tempfile

    binary = soffice()
    assert binary, "LibreOffice is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=timeout,
        )
    extension = fmt.split(":")[0]
    result = outdir / f"{source.stem}.{extension}"
    assert result.exists(), f"LibreOffice did not write {result}"
    return result
