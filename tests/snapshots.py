"""Comparing workbooks by what a spreadsheet program shows, never by bytes (zip timestamps differ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl


def snapshot(path: Path) -> dict[str, Any]:
    """Every sheet's cell values, merged ranges, frozen panes, widths and data validations."""
    wb = openpyxl.load_workbook(path)
    sheets: dict[str, Any] = {}
    for ws in wb.worksheets:
        sheets[ws.title] = {
            "values": [list(row) for row in ws.iter_rows(values_only=True)],
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "widths": {k: v.width for k, v in sorted(ws.column_dimensions.items())},
            "validations": sorted(validations(ws)),
        }
    return sheets


def validations(ws: Any) -> list[tuple[Any, ...]]:
    """(range, type, operator, formula1, formula2, prompt, error) of each data validation."""
    return [
        (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt, dv.error)
        for dv in ws.data_validations.dataValidation
    ]


def validation_for(ws: Any, cell: str) -> Any:
    """The data validation covering `cell` (e.g. "B4"), or None."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            return dv
    return None
