"""`<input>.scored.xlsx`: the clerk's indicator rows with the computed columns, a 汇总 sheet with a
chart, the 责任追究 list and the 说明 sheet. Sheet and column names are workbook content (Chinese)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import is_blank, round_to
from ..headers import BONUS_ITEM, INDICATOR_FIELDS, MANDATED, PENALTY_ITEM, SELF_CHOSEN
from ..messages import text
from .explanation import add_explanation_sheet
from ..writer import (
    new_workbook,
    BOX,
    add_bar_chart,
    check_grid,
    display_width,
    fit_a4,
    font,
    save_atomic,
    set_cell,
    write_table,
    write_title,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy
    from ..reader import Table
    from ..rules.scoring import ScoreResult

# Named so they never clash with the clerk's own 得分/得分率 columns, which are kept as typed, nor
# read as the city office's 核定得分 (a form may carry that column too).
# 原表行号: the row in the clerk's own workbook, which errors and the 责任追究 sheet cite.
COMPUTED = ("计算得分率", "计算得分", "失分", "原表行号")


def _number_format(places: int, percent: bool = False) -> str:
    return ("0" if places == 0 else "0." + "0" * places) + ("%" if percent else "")


# The sheets this writer adds: an input sheet of the same name is written as “<name>（指标）”.
_OWN_SHEETS = ("汇总", "责任追究", "说明")


def write_scored(tables: list[Table], result: ScoreResult, policy: Policy, inputs: list[Path], output: Path) -> Path:
    """Build the workbook and save it atomically at `output`: one indicator sheet per sheet read
    (“指标” when there was one), then 汇总, 责任追究 and 说明."""
    wb = new_workbook()
    wb.remove(wb.active)
    for table in tables:
        name = "指标" if len(tables) == 1 else table.sheet
        _indicator_sheet(wb.create_sheet(f"{name}（指标）" if name in _OWN_SHEETS else name), table, result, policy)
    _summary_sheet(wb.create_sheet("汇总"), result, policy)
    _accountability_sheet(wb.create_sheet("责任追究"), result, policy)
    if result.improvement is not None:
        from .improvement import add_improvement_sheets

        add_improvement_sheets(wb, result.improvement, policy.precision, policy.title)
    notes = [
        ("说明", "“计算得分率/计算得分/失分”为本工具按政策计算的结果；其余各列为原表内容。"),
        ("评分规则", f"各完成等次按 unit.bands 的比例得分（方案原文：完成任务好的按该项分值100%得分；良好按80%—100%得分；"
                     f"一般按60—80%得分；差的不得分，附件1 三.2）。规定指标与自选指标共 {policy.unit.total.normalize():f} 分；"
                     "加分项、扣分项另计入总分，受 unit.bonus_cap / unit.penalty_cap 限制。"),
        ("默认比例", "只填完成等次、未填得分或得分率的指标，按 unit.band_default 计分，并在提示中列出。"),
        ("责任追究", "个人原因造成失分的，责任人扣分 = 失分 × person_factor，责任领导扣分 = 责任人扣分 × leader_factor（附件1 四(1)）；每人全年上限在个人考评中计。"),
        ("输入工作表", "；".join(f"{Path(t.file).name} · {t.sheet}（表头在第 {t.header_row} 行）" for t in tables)),
    ]
    add_explanation_sheet(wb, policy, inputs, notes)
    return save_atomic(wb, output)


def _indicator_sheet(ws: Worksheet, table: Table, result: ScoreResult, policy: Policy) -> None:
    width = _used_width(table)
    check_grid(table.file, table.sheet, table.header_row, width, len(COMPUTED))
    headers = [table.headers[c] if c < len(table.headers) else "" for c in range(width)]
    taken = set(headers)
    computed = [name if name not in taken else f"{name}（计算）" for name in COMPUTED]
    scored = {r.row: r for r in result.rows if r.indicator.sheet == table.sheet}
    rows = []
    for number, values in table.rows:
        own = [None if is_blank(v) else v for v in values[:width]]
        r = scored.get(number)
        if r is None:
            rows.append([*own, None, None, None, number])
        else:
            fraction = None if r.fraction is None else round_to(r.fraction, policy.precision + 2, policy.rounding)
            rows.append([*own, fraction, r.score, r.lost, number])
    number_format = _number_format(policy.precision)
    formats = {width + 1: _number_format(policy.precision, percent=True), width + 2: number_format, width + 3: number_format}
    header_row = write_title(ws, f"{policy.title}　履职情况考核评分表（计分结果）", width + len(computed), table.preamble)
    write_table(ws, [*headers, *computed], rows, start_row=header_row, number_formats=formats)
    # The clerk's form plus four columns: the indicator's name on every page, however wide.
    name = table.columns.get("name")
    fit_a4(ws, header_row=header_row, key_columns=(name + 1) if name is not None and name < 4 else 1)


def _used_width(table: Table) -> int:
    """The columns that hold a header or any data (calamine pads rows to the widest row)."""
    width = 0
    for c in range(len(table.headers)):
        if table.headers[c] or any(c < len(v) and not is_blank(v[c]) for _, v in table.rows):
            width = c + 1
    return width


def _summary_sheet(ws: Worksheet, result: ScoreResult, policy: Policy) -> None:
    row = write_title(ws, f"{policy.title}　履职情况考核评分汇总", 4) + 1
    category_rows = []
    for name in (MANDATED, SELF_CHOSEN, BONUS_ITEM, PENALTY_ITEM):
        entry = result.categories.get(name)
        if entry:
            ratio = entry["score"] / entry["points"] if name in (MANDATED, SELF_CHOSEN) and entry["points"] else None
            category_rows.append([name, entry["points"], entry["score"], ratio])
    category_rows.append(["单位总分", result.max, result.total, result.ratio])
    category_rows.append(["年度等次", None, result.level, None])
    last = _block(ws, row, ["类别", "分值", "得分", "得分率"], category_rows, policy.precision, policy.rounding,
                  bold_from=len(category_rows) - 2)

    row = last + 2
    department_rows = [
        [name or text("no_department"), v["points"], v["score"], v["score"] / v["points"] if v["points"] else None]
        for name, v in result.departments.items()
    ]
    first_department = row + 1
    last = _block(ws, row, ["责任科室", "分值", "得分", "得分率"], department_rows, policy.precision, policy.rounding)
    if department_rows:
        points = sum((v["points"] for v in result.departments.values()), Decimal(0))
        scored = sum((v["score"] for v in result.departments.values()), Decimal(0))
        last = _block(ws, last, None, [["合计", points, scored, scored / points if points else None]], policy.precision, policy.rounding, bold_from=0)
        # 得分率, not points: a department with more 分值 would look better on points alone.
        add_bar_chart(ws, "各科室得分率", label_col=1, value_col=4, first_row=first_department, last_row=last - 1,
                      anchor=f"A{last + 2}", axis="percent")
    widths = [12, 10, 10, 10]
    for r in ws.iter_rows(min_row=3, max_col=4):
        for c, cell in enumerate(r):
            widths[c] = max(widths[c], min(display_width(cell.value), 40))
    for letter, w in zip("ABCD", widths):
        ws.column_dimensions[letter].width = w + 2
    fit_a4(ws, header_row=1, landscape=False)


def _block(ws: Worksheet, start: int, headers: list[str] | None, rows: list[list[Any]], places: int,
           rounding: str = "half_up", bold_from: int | None = None) -> int:
    """A small boxed table: bold shaded header, numbers at the policy precision, ratios as %;
    rows from `bold_from` on (totals) in bold. Without `headers` the rows continue the table above."""
    from openpyxl.styles import Alignment, PatternFill

    fill = PatternFill("solid", fgColor="DDEBF7")
    if headers:
        for c, header in enumerate(headers, start=1):
            cell = set_cell(ws, start, c, header)
            cell.font, cell.fill, cell.border = font(bold=True), fill, BOX()
            cell.alignment = Alignment(horizontal="center", vertical="center")
    r = start
    for i, (r, values) in enumerate(enumerate(rows, start=start + 1)):
        for c, value in enumerate(values, start=1):
            cell = set_cell(ws, r, c, value)
            cell.font, cell.border = font(bold=bold_from is not None and i >= bold_from), BOX()
            if isinstance(value, Decimal) and c == 4:  # the 得分率 column
                cell.value = round_to(value, places + 2, rounding)
                cell.number_format = _number_format(places, percent=True)
            elif isinstance(value, Decimal):
                cell.number_format = _number_format(places)
    return r


def _accountability_sheet(ws: Worksheet, result: ScoreResult, policy: Policy) -> None:
    roles = {"owner": INDICATOR_FIELDS["owner"].label, "leader": INDICATOR_FIELDS["leader"].label}
    rows = [
        [c.person, roles.get(c.role, c.role), c.id_cell, c.indicator, c.lost, c.deduction]
        for c in result.accountability
    ]
    number_format = _number_format(policy.precision)
    headers = ["姓名", "责任类型", "序号", "指标名称", "失分", "扣分"]
    header_row = write_title(ws, f"{policy.title}　责任追究", len(headers))
    write_table(ws, headers, rows, start_row=header_row, number_formats={5: number_format, 6: number_format})
    fit_a4(ws, header_row=header_row)
