"""`jxkh explain -o explain.xlsx`: the derivation as a sheet to print (A4 portrait) and hand over.

One sheet per explanation, titled with the person's name (or the indicator): 项目 (the section),
计算过程 (the step, in words and figures) and 出处 (file, sheet and cell or row). `--all` writes
one sheet per person rather than one long sheet: each person is handed their own page, and a
sheet prints alone. Then the 说明 sheet (policy, inputs' SHA-256), as every output has.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..writer import add_explanation_sheet, fit_a4, font, new_workbook, save_atomic, set_cell, write_table, write_title

if TYPE_CHECKING:
    from ..explaining import Explanation, ExplainResult
    from ..policy import Policy

HEADERS = ["项目", "计算过程", "出处"]
WIDTHS = (12, 46, 26)  # one A4 portrait width at 10 pt; the steps wrap, a source (ratings.xlsx 测评 第 63 行) does not
SIGNATURES = ["经办人：", "复核人：", "      年    月    日"]
MAX_SHEET_NAME = 31  # Excel's limit
FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def rows(explanation: Explanation) -> list[list[Any]]:
    """项目 on a section's first row only; a detail (a ballot) indented under its step."""
    out: list[list[Any]] = []
    for section in explanation.sections:
        for n, step in enumerate(section.steps):
            out.append([section.title() if n == 0 else None, "　" * step.depth + step.text(),
                        step.where.text() if step.where is not None else None])
    return out


def sheet_names(explanations: Sequence[Explanation]) -> list[str]:
    """Each sheet named for its person (工号 added when a name repeats), within Excel's rules."""
    names: list[str] = []
    counts: dict[str, int] = {}
    for e in explanations:
        counts[e.name] = counts.get(e.name, 0) + 1
    for e in explanations:
        name = e.name if counts[e.name] == 1 or not e.id else f"{e.name}{e.id}"
        name = name.translate(FORBIDDEN).strip("'")[:MAX_SHEET_NAME] or "说明"
        base, n = name, 2
        while name in names or name == "说明":
            name = f"{base[:MAX_SHEET_NAME - 3]}_{n}"
            n += 1
        names.append(name)
    return names


def write_explain(result: ExplainResult, policy: Policy, output: Path, inputs: Sequence[Path]) -> Path:
    wb = new_workbook()
    wb.remove(wb.active)
    for explanation, name in zip(result.explanations, sheet_names(result.explanations)):
        ws = wb.create_sheet(name)
        header_row = write_title(ws, f"{policy.title}　{explanation.title()}", len(HEADERS))
        last = write_table(ws, HEADERS, rows(explanation), start_row=header_row, widths=WIDTHS)
        ws.auto_filter.ref = None  # a page to read, not a list to filter
        for r, line in enumerate(SIGNATURES, start=last + 2):  # handed over in a 复核: who explained, who checked
            set_cell(ws, r, 1, line).font = font()
        fit_a4(ws, header_row=header_row, landscape=False)
    add_explanation_sheet(wb, policy, list(inputs))
    return save_atomic(wb, output)
