"""`bonus.xlsx`: 奖金分配 (the working sheet), 公示 (ready to print and post), 汇总, 说明.

附件1 四(3): 奖金分配方案将进行公示和征求意见 — so the 公示 sheet is made to be printed as
it is: A4 portrait, fitted to the page width, its header row repeated on every page, with a
line for the posting period and the office that takes comments. Workbook labels are Chinese
whatever `--lang` says: the workbook is what gets printed and posted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..cells import round_to
from ..messages import accountability_line, text
from ..rules.bonus import Allocation, BonusResult, grade_counts
from .explanation import add_explanation_sheet
from ..writer import (
    new_workbook,
    BOX,
    add_bar_chart,
    fit_a4,
    font,
    keep_with_foot,
    save_atomic,
    set_cell,
    style_id,
    write_rows,
    write_table,
    write_title,
)
from .notice import Line, closing_lines, notice_title, opening_line, write_heading, write_lines

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy

ALLOCATION_SHEET = "奖金分配"
NOTICE_SHEET = "公示"
SUMMARY_SHEET = "汇总"

NOTICE_HEADERS = ["序号", "科室", "姓名", "等次", "金额（元）"]
NOTICE_WIDTHS = [7, 24, 16, 12, 18]
SCORE_HEADER, SCORE_WIDTH = "考评得分", 11  # with `[notice] show_score`, before 等次
NOTICE_SUBJECT = "绩效奖金二次分配"
# 11 pt in 16-pt rows: a unit of 30 on one A4 page with the closing lines.
NOTICE_SIZE, ROW_HEIGHT = 11, 16
TOTAL_LABEL = "合计"

BASE_TEXT = {"coefficient": "按岗位系数 × 在岗月数/12 的比例", "equal": "平均"}
ROUNDING_TEXT = {"half_up": "四舍五入", "half_even": "四舍六入五成双"}
SPLIT_TEXT = {"base": "按基数比例", "equal": "平均", "score": "按考评得分比例"}


def money_format(unit: Decimal) -> str:
    places = max(0, -unit.normalize().as_tuple().exponent)
    return "#,##0" + ("." + "0" * places if places else "")


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def method_lines(result: BonusResult, policy: Policy) -> list[tuple[str, str]]:
    """扣差补优 in plain Chinese with this year's figures: the 说明 sheet's first rows."""
    unit = result.unit
    counts = grade_counts(result.people, policy.staff.grades)
    deducted_grades = [(g, r) for g, r in policy.bonus.deduct.items() if r > 0]
    deduct_text = "，".join(f"{g}等次扣减基数的{percent(Decimal(r))}" for g, r in deducted_grades) or "不扣减"
    by_grade = "，".join(f"{g} {n} 人" for g, n in counts.items() if n)
    deducted_people = sum(1 for a in result.people if a.deducted > 0)
    lines = [
        ("奖金总额", f"{_yuan(result.pool)} 元，{len(result.people)} 人（{by_grade}）"),
        ("分配方法", "扣差补优法：在单位绩效考评奖金总额的范围内，根据个人年度绩效考评结果，从等次较差的人员扣减，"
                     "补给等次优秀的人员，奖金总额不变（《绩效管理实施方案》四(3)）。"),
        ("基数", f"奖金总额{BASE_TEXT[result.base_mode]}分配给每人作为基数，基数合计 {_yuan(result.pool)} 元。"),
        ("扣减", f"{deduct_text}；扣减合计 {_yuan(result.deducted_total)} 元（{deducted_people} 人）。"),
    ]
    recipients = result.recipients
    if result.deducted_total == 0:
        lines.append(("补增", "无人被扣减，每人金额即基数。"))
    elif result.returned:
        who = "、".join(dict.fromkeys(a.grade for a in recipients))
        lines.append((
            "补增",
            f"没有{'、'.join(policy.bonus.award_to)}等次的人员，扣减的 {_yuan(result.deducted_total)} 元"
            f"按基数比例退还给扣减比例最低的{who}等次 {len(recipients)} 人。",
        ))
    else:
        lines.append((
            "补增",
            f"扣减的 {_yuan(result.deducted_total)} 元{SPLIT_TEXT[result.award_split]}补给"
            f"{result.award_grade}等次 {len(recipients)} 人（补给顺序：{' → '.join(policy.bonus.award_to)}，"
            "取第一个有人的等次）。",
        ))
    lines.append(("金额", "金额 = 基数 − 扣减 + 补增；全体金额合计等于奖金总额。"))
    lines.append((
        "尾数处理",
        f"金额以 {unit} 元为单位。基数与补增按最大余数法取整（先舍去尾数，再把差额逐个 {unit} 元补给舍去部分最大者；"
        f"舍去部分相同时，依次按等次较高、姓名、工号排序，与表中行序无关），扣减按{ROUNDING_TEXT[policy.rounding]}取整，"
        f"因此合计恰好等于奖金总额 {_yuan(result.pool)} 元。",
    ))
    return lines


def write_bonus(
    result: BonusResult, policy: Policy, output: Path, ratings: Path, indicators: Path | None = None,
    files: list[Path] | None = None,
    notice_start: date | None = None,
) -> Path:
    """Write `bonus.xlsx` atomically. The 说明 names the ballots the grades were recomputed
    from and whether the indicators' accountability deductions counted; `notice_start` is
    the first day of the 公示期 (else `[notice] start`, else blanks)."""
    source = accountability_line(None if indicators is None else Path(indicators).name, result.warnings)
    notes = [("考评依据", f"等次由 {Path(ratings).name} 的测评票重新计算；{source}")]
    # `files`: the workbooks the ballots came from (a folder's files), each hashed.
    inputs = [*(files or [Path(ratings)]), *([Path(indicators)] if indicators is not None else [])]

    wb = new_workbook()
    ws = wb.active
    ws.title = ALLOCATION_SHEET
    _allocation_sheet(ws, result, policy)
    notice_sheet(wb.create_sheet(NOTICE_SHEET), result, policy, notice_start)
    _summary_sheet(wb.create_sheet(SUMMARY_SHEET), result, policy)
    add_explanation_sheet(wb, policy, inputs, [*method_lines(result, policy), *notes])
    return save_atomic(wb, output)


def _allocation_sheet(ws: Worksheet, result: BonusResult, policy: Policy) -> None:
    with_id = any(a.id for a in result.people)
    headers = [*(["工号"] if with_id else []), "科室", "姓名", "岗位系数", "在岗月数", "考评得分", "等次",
               "扣减比例", "基数", "扣减", "补增", "金额"]
    money = money_format(result.unit)

    def row(a: Allocation) -> list[object]:
        return [*([a.id] if with_id else []), a.department, a.name, a.coefficient, a.months, a.final, a.grade,
                a.rate, a.base, a.deducted, a.awarded, a.amount]

    people = result.people
    total = [*([TOTAL_LABEL] if with_id else []), *([None] if with_id else [TOTAL_LABEL]), f"{len(people)} 人",
             None, None, None, None, None, result.pool, result.deducted_total, result.deducted_total,
             result.amount_total]
    first_money = len(headers) - 3
    formats = {first_money + k: money for k in range(4)}
    score_places = max((-p.final.as_tuple().exponent for p in people if p.final is not None), default=0)
    formats[headers.index("考评得分") + 1] = "0." + "0" * score_places if score_places > 0 else "0"
    formats[len(headers) - 4] = "0%"
    header_row = write_title(ws, f"{policy.title}　绩效奖金分配表（扣差补优法）", len(headers))
    last = write_table(ws, headers, [*map(row, people), total], start_row=header_row, number_formats=formats,
                       bold_last=True)
    ws.auto_filter.ref = f"A{header_row}:{ws.cell(row=header_row, column=len(headers)).column_letter}{last - 1}"
    # Printed for the leadership's sign-off; the names (工号, 科室, 姓名) on every page.
    fit_a4(ws, header_row=header_row, key_columns=headers.index("姓名") + 1)


def notice_sheet(ws: Worksheet, result: BonusResult, policy: Policy, start: date | None = None) -> None:
    """The 公示 as it is posted: A4 portrait at 11 pt, title (and 文号), what is posted, the
    boxed list with its 合计 in 元, then the 公示期, where to object, the contacts and the 落款."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    with_score = policy.notice.show_score
    headers, widths = list(NOTICE_HEADERS), list(NOTICE_WIDTHS)
    if with_score:
        headers.insert(3, SCORE_HEADER)
        widths.insert(3, SCORE_WIDTH)
        widths[1] -= SCORE_WIDTH - 4  # the 科室 column gives room: still one A4 portrait width
    columns = len(headers)
    last_col = get_column_letter(columns)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    body = font(size=NOTICE_SIZE)
    money = money_format(result.unit)

    row = write_heading(ws, columns, notice_title(policy.title, NOTICE_SUBJECT), policy)
    opening = opening_line(policy, "绩效奖金二次分配方案")
    row = write_lines(ws, row, columns, [Line(opening.text + _notice_summary(result))], size=NOTICE_SIZE) + 1

    header_row = row
    for c, header in enumerate(headers, start=1):
        cell = set_cell(ws, header_row, c, header)
        cell.font, cell.alignment, cell.border = font(size=NOTICE_SIZE, bold=True), center, BOX()
    ws.row_dimensions[header_row].height = 20

    # The unit's own order (the 人员 roster's rows) where there is one, else the appraisal's;
    # then grouped by 科室 in the order they first appear.
    people = result.people
    if all(a.roster_row is not None for a in people):
        people = sorted(people, key=lambda a: a.roster_row or 0)
    departments = {d: i for i, d in enumerate(dict.fromkeys(a.department or "" for a in people))}
    ordered = sorted(people, key=lambda a: departments[a.department or ""])
    # Everyone's row boxed, the amount right-aligned in yuan; as sheet XML (write_rows): a city
    # office's tens of thousands of rows styled cell by cell in openpyxl took seconds.
    cell_style = style_id(ws, font=body, border=BOX(), alignment=Alignment(horizontal="center", vertical="center"))
    amount_style = style_id(
        ws, font=body, border=BOX(), alignment=Alignment(horizontal="right", vertical="center", indent=1), number_format=money
    )
    styles = [cell_style] * (columns - 1) + [amount_style]
    numeric: dict[int, int] = {}
    if with_score:
        places = max((-a.final.as_tuple().exponent for a in people if a.final is not None), default=0)
        numeric[3] = style_id(ws, font=body, border=BOX(), alignment=Alignment(horizontal="center", vertical="center"),
                              number_format="0." + "0" * places if places > 0 else "0")

    def line(number: int, a: Allocation) -> list[object]:
        return [number, a.department, a.name, *([a.final] if with_score else []), a.grade, a.amount]

    r, _ = write_rows(ws, header_row + 1, [line(n, a) for n, a in enumerate(ordered, start=1)],
                      styles=styles, numeric_styles=numeric, height=ROW_HEIGHT)
    r += 1
    total = [TOTAL_LABEL, None, f"{len(ordered)} 人", *([None] * (columns - 4)), result.amount_total]
    for c, value in enumerate(total, start=1):
        cell = set_cell(ws, r, c, value)
        cell.font, cell.border = font(size=NOTICE_SIZE, bold=True), BOX()
        cell.alignment = Alignment(horizontal="right" if c == columns else "center", vertical="center")
    ws.cell(row=r, column=columns).number_format = money
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    ws.row_dimensions[r].height = ROW_HEIGHT

    r = write_lines(ws, r + 2, columns, closing_lines(policy, start), size=NOTICE_SIZE)
    ws.freeze_panes = f"A{header_row + 1}"

    # Posted on a notice board: A4 portrait, never shrunk; the title and header on every page.
    fit_a4(ws, header_row=header_row, landscape=False)
    keep_with_foot(ws, header_row=header_row, last=header_row + len(ordered), end=r, row_height=ROW_HEIGHT)
    ws.print_area = f"A1:{last_col}{r}"


def _notice_summary(result: BonusResult) -> str:
    text = f"奖金总额 {_yuan(result.pool)} 元，按扣差补优法分配：扣减合计 {_yuan(result.deducted_total)} 元"
    if result.deducted_total == 0:
        return text + "。"
    if result.returned:
        return text + f"，按基数比例退还给{len(result.recipients)} 人。"
    return text + f"，{SPLIT_TEXT[result.award_split]}补给{result.award_grade}等次 {len(result.recipients)} 人。"


def _summary_sheet(ws: Worksheet, result: BonusResult, policy: Policy) -> None:
    money = money_format(result.unit)
    rows = []
    for grade in policy.staff.grades:
        people = [a for a in result.people if a.grade == grade]
        amount = sum((a.amount for a in people), Decimal(0))
        mean = round_to(amount / len(people), -result.pool.as_tuple().exponent, policy.rounding) if people else None
        rows.append([
            grade,
            len(people),
            sum((a.base for a in people), Decimal(0)),
            sum((a.deducted for a in people), Decimal(0)),
            sum((a.awarded for a in people), Decimal(0)),
            amount,
            mean,
        ])
    rows.append([TOTAL_LABEL, len(result.people), result.pool, result.deducted_total, result.deducted_total,
                 result.amount_total, None])
    headers = ["等次", "人数", "基数合计", "扣减合计", "补增合计", "金额合计", "人均金额"]
    header_row = write_title(ws, f"{policy.title}　绩效奖金分配汇总", len(headers))
    last = write_table(ws, headers, rows, start_row=header_row, number_formats={c: money for c in range(3, 8)},
                       bold_last=True)
    add_bar_chart(ws, "各等次人均奖金（元）", label_col=1, value_col=7, first_row=header_row + 1, last_row=last - 1,
                  anchor=f"A{last + 2}")
    fit_a4(ws, header_row=header_row, landscape=False)


def _yuan(value: Decimal) -> str:
    return f"{value:,f}"
