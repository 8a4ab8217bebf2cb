"""`责任分解公示.xlsx`: the responsibility breakdown to post (附件1 四(1) 并在单位内部进行责任公示).

One printable sheet, A4 landscape (评分标准 is long): the title, the indicators grouped by 科室
under a band naming the 科室 with its count and points, then the 公示期 line, where comments go
and the 落款, as the bonus 公示 has. Then the 说明 sheet.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..cells import plain
from ..messages import text
from ..writer import fit_a4, font, grow_rows, new_workbook, save_atomic, set_cell
from .explanation import add_explanation_sheet
from .notice import closing_lines, notice_title, write_lines

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy
    from ..rules.duty import DutyResult

DUTY_SHEET = "责任分解公示"
DUTY_SUBJECT = "绩效目标责任分解"
DUTY_HEADERS = ["序号", "指标名称", "分值", "评分标准", "责任人", "责任领导", "完成时限"]
DUTY_WIDTHS = [6, 22, 6, 36, 9, 9, 12]  # 100: one A4 landscape width in 宋体 column units
HEADER_ROW = 3


def write_duty(result: DutyResult, policy: Policy, output: Path, inputs: list[Path]) -> Path:
    wb = new_workbook()
    ws = wb.active
    ws.title = DUTY_SHEET
    notice_sheet(ws, result, policy)
    notes = [
        ("依据", "附件1 四(1)：将绩效管理目标进行责任分解，分解落实到具体的内部管理岗位和责任人，确定责任领导，并在单位内部进行责任公示。"),
        ("分组", "按责任科室分组，科室按在指标表中首次出现的顺序排列；每组标题行注明指标数与规定、自选指标的分值合计（加分项、扣分项不计入）。"),
    ]
    add_explanation_sheet(wb, policy, inputs, notes)
    return save_atomic(wb, output)


def notice_sheet(ws: Worksheet, result: DutyResult, policy: Policy) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    columns = len(DUTY_HEADERS)
    last_col = get_column_letter(columns)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    body, bold = font(), font(bold=True)

    title = notice_title(policy.title, DUTY_SUBJECT)
    set_cell(ws, 1, 1, title).font = font(size=18, bold=True)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"].alignment = center
    ws.row_dimensions[1].height = 36
    total = sum((result.points(d) for d in result.departments), Decimal(0))
    summary = f"共 {result.count} 项指标（规定、自选指标 {plain(total)} 分），分解到 {len(result.departments)} 个科室，落实到责任人和责任领导。"
    set_cell(ws, 2, 1, summary).font = body
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"].alignment = left

    for c, header in enumerate(DUTY_HEADERS, start=1):
        cell = set_cell(ws, HEADER_ROW, c, header)
        cell.font, cell.alignment, cell.border = bold, center, box
    r = HEADER_ROW
    band = PatternFill("solid", fgColor="DDEBF7")
    number = 0
    texts: list[tuple[int, int, str]] = []  # (row, 0-based column, text): the rows' heights follow their wrapped lines
    for department, duties in result.departments.items():
        r += 1
        label = f"{department or text('no_department')}（{len(duties)} 项，{plain(result.points(department))} 分）"
        set_cell(ws, r, 1, label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=columns)
        for c in range(1, columns + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.fill, cell.border, cell.alignment = bold, band, box, left
        for duty in duties:
            r += 1
            number += 1
            i = duty.indicator
            values = [i.id or number, i.name, i.points, i.criteria, i.owner, i.leader, duty.deadline_text]
            for c, value in enumerate(values, start=1):
                cell = set_cell(ws, r, c, value if value != "" else None)
                cell.font, cell.border = body, box
                cell.alignment = left if c in (2, 4) else center
                if isinstance(value, str):
                    texts.append((r, c - 1, value))
    # 公示和征求意见: the bonus 公示's closing lines ([notice] in jxkh.toml; blanks to fill in).
    for c, width in enumerate(DUTY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    grow_rows(ws, texts, DUTY_WIDTHS)
    r = write_lines(ws, r + 2, columns, closing_lines(policy, None), size=11)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    fit_a4(ws, landscape=True, header_row=HEADER_ROW)
    ws.print_area = f"A1:{last_col}{r}"
