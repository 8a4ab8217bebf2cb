"""`整改措施.xlsx`: the 改进 analysis as a form to fill (附件1 二.5 制定切实可行的整改措施).

整改措施: one row per indicator the city office scored below the self-assessment — 指标, 失分
(self-assessed − assessed), 原因 (the office's, else the unit's 扣分原因), 整改措施 to write,
责任人 (the indicator's), 完成时限 to set. 改进分析: the same by indicator, 科室 and category.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..writer import BOX, add_explanation_sheet, fit_a4, font, new_workbook, save_atomic, set_cell, write_table, write_title

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy
    from ..rules.improvement import Improvement

MEASURES_SHEET, ANALYSIS_SHEET = "整改措施", "改进分析"
MEASURES_HEADERS = ["指标", "失分", "原因", "整改措施", "责任人", "完成时限"]


def _format(places: int) -> str:
    return "0" if places == 0 else "0." + "0" * places


def add_improvement_sheets(wb: Workbook, improvement: Improvement, places: int, title: str) -> None:
    """整改措施 and 改进分析, each under its title (`title`: the policy's, naming unit and year)."""
    number = _format(places)
    ws = wb.create_sheet(MEASURES_SHEET)
    rows = [[s.indicator.name, s.gap, s.reason, None, s.indicator.owner, None] for s in improvement.shortfalls]
    header_row = write_title(ws, f"{title}　{MEASURES_SHEET}", len(MEASURES_HEADERS))
    write_table(ws, MEASURES_HEADERS, rows, start_row=header_row, number_formats={2: number}, max_width=40)
    for letter in "CD":
        ws.column_dimensions[letter].width = 40
    fit_a4(ws, landscape=True, header_row=header_row)
    ws = wb.create_sheet(ANALYSIS_SHEET)
    rows = [
        [s.indicator.id, s.indicator.name, s.indicator.department, s.indicator.category, s.indicator.points,
         s.self_score, s.assessed_score, s.gap, s.reason]
        for s in improvement.shortfalls
    ]
    headers = ["序号", "指标名称", "责任科室", "类别", "分值", "自评得分", "核定得分", "低于自评", "原因"]
    header_row = write_title(ws, f"{title}　{ANALYSIS_SHEET}", len(headers))
    last = write_table(ws, headers, rows, start_row=header_row, number_formats={c: number for c in (6, 7, 8)}, max_width=40)
    r = last + 2
    for label, totals in (("责任科室", improvement.by_department), ("类别", improvement.by_category)):
        r = _totals(ws, r, [label, "低于自评（分）"], list(totals.items()), number) + 2
    fit_a4(ws, landscape=True, header_row=header_row, key_columns=2)


def _totals(ws: Worksheet, row: int, headers: list[str], rows: list[tuple[str, object]], number: str) -> int:
    """A small boxed table under the main one, in its 指标名称 and 责任科室 columns (wide
    enough for a 科室's name); returns its last row."""
    for c, header in enumerate(headers, start=2):
        cell = set_cell(ws, row, c, header)
        cell.font, cell.border = font(bold=True), BOX()
    for r, values in enumerate(rows, start=row + 1):
        for c, value in enumerate(values, start=2):
            cell = set_cell(ws, r, c, value)
            cell.font, cell.border, cell.number_format = font(), BOX(), number
    return row + len(rows)


def write_measures(improvement: Improvement, policy: Policy, output: Path, inputs: list[Path]) -> Path:
    wb = new_workbook()
    wb.remove(wb.active)
    add_improvement_sheets(wb, improvement, policy.precision, policy.title)
    notes = [
        ("依据", "附件1 二.5：结合总结自评以及市绩效办评估结果反馈，进行深度分析，认真查找自身薄弱环节，制定切实可行的整改措施。"),
        ("失分", "自评得分 − 市绩效办核定得分；只列核定低于自评的指标，差额大的在前。"),
        ("原因", "市绩效办给出的扣分原因或核定意见；未给出时为本单位自评时填写的扣分原因。"),
    ]
    add_explanation_sheet(wb, policy, inputs, notes)
    return save_atomic(wb, output)
