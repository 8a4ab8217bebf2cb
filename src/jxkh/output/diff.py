"""`jxkh diff -o 变更说明.xlsx`: the record of a change, printed A4 portrait and signed.

One sheet: a title naming both files, the summary line (or why the two are identical),
then one row per difference: 人员/指标 changes, people added or removed, inputs and policy
values that differ. Workbook labels are Chinese whatever `--lang` says, as every output's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..messages import text
from ..writer import fit_a4, font, new_workbook, save_atomic, set_cell, style_id, write_rows, write_table

if TYPE_CHECKING:
    from ..diffing import DiffResult

SHEET = "变更说明"
HEADERS = ["类别", "对象", "项目", "原值", "新值", "变化"]
WIDTHS = [10, 18, 10, 34, 34, 12]


def summary_line(result: DiffResult, lang: str = "zh") -> str:
    """The one line that says what the comparison found, or why the two are identical."""
    unit = unit_word(result, lang)
    if result.identical:
        return text("diff_identical", lang, inputs=len(result.old.inputs), policy=len(result.old.policy),
                    count=result.compared, unit=unit)
    changed = len({c.who for c in result.changes})
    return text("diff_summary", lang, count=result.compared, unit=unit, changed=changed, added=len(result.added),
                removed=len(result.removed), inputs=len(result.inputs), policy=len(result.policy))


def unit_word(result: DiffResult, lang: str = "zh") -> str:
    return text("diff_unit_people" if result.old.kind.people else "diff_unit_indicators", lang)


def rows(result: DiffResult) -> list[list[Any]]:
    subject = "人员" if result.old.kind.people else "指标"
    out: list[list[Any]] = []
    for c in result.changes:
        delta = c.delta
        out.append([subject, c.who, c.field, result.shown(c.old, c.field), result.shown(c.new, c.field),
                    None if delta is None else result.shown(delta, c.field, signed=True)])
    for r in result.added:
        out.append(["新增", r.label, None, None, None, None])
    for r in result.removed:
        out.append(["删除", r.label, None, None, None, None])
    for name, old, new in result.inputs:
        out.append(["输入文件", name, "SHA-256", old, new, None])
    for key, old, new in result.policy:
        out.append(["政策", key, None, old, new, None])
    return out


def write_diff(result: DiffResult, output: Path) -> Path:
    from openpyxl.styles import Alignment

    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    title = set_cell(ws, 1, 1, f"变更说明：{result.old.path} → {result.new.path}（{result.old.kind.label}）")
    title.font = font(size=14, bold=True)
    set_cell(ws, 2, 1, summary_line(result)).alignment = Alignment(wrap_text=False)
    header_row = 4
    body = rows(result) or [["无变化", None, None, None, None, None]]
    # A SHA-256 is 64 characters: 原值/新值 wrap in fixed widths, so A4 portrait stays legible.
    write_table(ws, HEADERS, [], start_row=header_row)
    wrap = style_id(ws, alignment=Alignment(wrap_text=True, vertical="top"))
    last, _ = write_rows(ws, header_row + 1, body, styles=[None, None, None, wrap, wrap, None])
    for letter, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[letter].width = width
    for r, line in enumerate(["经办人：", "复核人：", "      年    月    日"], start=last + 2):
        set_cell(ws, r, 1, line)
    fit_a4(ws, landscape=False, header_row=header_row)
    ws.print_area = f"A1:F{last + 4}"
    return save_atomic(wb, output)
