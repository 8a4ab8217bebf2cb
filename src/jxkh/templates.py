"""Blank workbooks a unit fills in: the indicator form (附件2 履职情况考核评分表) and the ballots.

Column names come from `headers` (the first, canonical name of each field) and the policy
(dimensions and their maxima, completion grades, rater groups), so a template always reads
back with the same policy. Drop-downs and number checks use Excel data validation, which WPS
and LibreOffice honour too; every column carries an input hint shown when a cell is selected.

`python -m jxkh.templates templates/` regenerates the committed copies in `templates/`.
The text in the sheets (titles, hints) is workbook content, in Chinese like every workbook
the tool writes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .headers import (
    CATEGORIES,
    FORM_ONLY_FIELDS,
    INDICATOR_FIELDS,
    INDICATOR_SHEETS,
    INDICATORS_FILE,
    LEDGER_FIELDS,
    LEDGER_FILE,
    MANDATED,
    RATING_FIELDS,
    RATING_SHEETS,
    RATINGS_FILE,
    ROSTER_FIELDS,
    ROSTER_SHEETS,
    SELF_CHOSEN,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from .policy import Policy
    from .problems import Problem

KINDS = ("indicators", "ratings", "ledger")
FILE_NAMES = {"indicators": INDICATORS_FILE, "ratings": RATINGS_FILE, "ledger": LEDGER_FILE}

# Rows offered with drop-downs and checks; a unit's form has a few dozen indicators and a
# ballot sheet one row per ballot (staff × raters), so ballots get more.
INDICATOR_ROWS = 200
BALLOT_ROWS = 2000
ROSTER_ROWS = 300
LEDGER_ROWS = 1000  # a unit's 30 indicators × 12 months, with room

TITLE_ROW, NOTES_ROW, HEADER_ROW = 1, 2, 3
YES_NO = ("是", "否")

INDICATOR_TITLE = "绩效管理履职情况考核评分表"
BALLOT_TITLE = "干部职工年度绩效民主测评表（每张测评票一行）"
ROSTER_TITLE = "人员名单"
LEDGER_TITLE = "目标工作台账（每个指标每月一行）"
# The tick-box 测评票 (`staff.method = "votes"`): one printed page per rater.
VOTE_SHEET, VOTE_NOTES_SHEET = "第1票", "说明"
VOTE_TITLE = "年度考核民主测评票"
VOTE_ROWS = 30
VOTE_NOTE = "请在每位被测评人的一个等次（{boxes}）下打“√”，每人只勾一项；多勾或不勾为废票。"
VOTE_CLERK_NOTES = (
    "打勾测评票（jxkh.toml 中 staff.method = \"votes\"）的用法：",
    "1. 在“第1票”填好被测评人和科室（与“人员”表一致），打印后发给每位测评人；有测评人类别时每张票填写“测评人类别”。",
    "2. 收回后每张票录入一张工作表：复制“第1票”，改名为 第2票、第3票……；也可以每张票一个文件，与人员.xlsx 放在同一文件夹。",
    "3. 运行 jxkh appraise（文件夹：jxkh appraise 文件夹名）。√ ✓ 1 是 都算打勾；一行勾了两项或没有勾的按废票提示，不计入。",
    "4. 每张票的得分为所勾等次的分值（jxkh.toml 的 [staff.votes]），每人得分为有效票的平均分，按 [staff.cutoffs] 定等次。",
    "本“说明”表不作为测评票读取。",
)

# Width (in characters) per field; the rest get 10.
_WIDTHS = {
    "id": 8, "category": 11, "name": 32, "points": 8, "criteria": 40, "department": 12, "owner": 10, "leader": 10,
    "grade": 10, "score": 8, "ratio": 9, "reason": 32, "personal_fault": 9, "note": 20,
    "deadline": 12, "summary": 36, "evidence": 30,
    "rater": 10, "rater_group": 11, "coefficient": 9, "months": 9, "prior_grade": 14, "violation": 9,
}


@dataclass(frozen=True)
class Column:
    label: str
    width: int
    hint: str
    choices: tuple[str, ...] = ()  # a drop-down list
    number: tuple[str, Decimal | None, Decimal | None] | None = None  # (operator, low, high)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _choices(values: Any) -> str:
    return "/".join(values)


def indicator_columns(policy: Policy) -> list[Column]:
    f = INDICATOR_FIELDS
    grades = tuple(policy.unit.bands)
    bands = "；".join(
        f"{grade} {_fmt(low * 100)}%" if low == high else f"{grade} {_fmt(low * 100)}%–{_fmt(high * 100)}%"
        for grade, (low, high) in policy.unit.bands.items()
    )
    hints = {
        "id": "序号，不可重复",
        "category": f"从下拉列表选择：{_choices(CATEGORIES)}；不填按规定指标",
        "name": "必填：指标名称",
        "points": f"必填：该项分值（大于0）；规定指标与自选指标合计应为 {_fmt(policy.unit.total)} 分",
        "criteria": "评分标准（可选）",
        "department": "责任科室",
        "owner": "责任人姓名，与测评表中的姓名一致；多人用“、”分隔",
        "leader": "责任领导姓名，与测评表中的姓名一致",
        "grade": f"规定/自选指标必填，从下拉列表选择。得分比例：{bands}",
        "score": "得分（数字）；与得分率填一项即可，都不填则按等次默认比例计分",
        "ratio": "得分率，如 90% 或 0.9；与得分填一项即可",
        "reason": "扣分原因",
        "personal_fault": "因个人原因失分选“是”：责任人和责任领导在个人考评中扣分",
        "note": "备注（可选）",
        "deadline": "完成时限，如 6月、2015年6月30日、上半年、年底（jxkh ledger 据此判断是否逾期）",
        "summary": "完成情况说明：年底自评时写明做了什么（写入自评报告）",
        "evidence": "佐证材料：文件、照片、报表等的名称，多项用“、”分隔（写入自评报告）",
    }
    columns = []
    for name, spec in f.items():
        if name in FORM_ONLY_FIELDS:
            continue
        choices: tuple[str, ...] = ()
        number = None
        if name == "category":
            choices = tuple(CATEGORIES)
        elif name == "grade":
            choices = grades
        elif name == "personal_fault":
            choices = YES_NO
        elif name == "points":
            number = ("greaterThan", Decimal(0), None)
        elif name == "score":
            number = ("greaterThanOrEqual", Decimal(0), None)
        columns.append(Column(spec.label, _WIDTHS.get(name, 10), hints[name], choices, number))
    return columns


def ballot_columns(policy: Policy) -> list[Column]:
    groups = tuple(policy.staff.rater_weights)
    hints = {
        "id": "工号（可选），填写时须与人员表一致",
        "name": "必填：被测评人姓名，与人员表一致",
        "department": "被测评人所在科室",
        "rater": "测评人（可选，测评通常不记名）",
        "rater_group": (
            f"测评人类别，从下拉列表选择：{_choices(groups)}" if groups else "测评人类别（可选），如 领导、同事"
        ),
    }
    columns = [
        Column(spec.label, _WIDTHS.get(name, 10), hints[name], groups if name == "rater_group" else ())
        for name, spec in RATING_FIELDS.items()
    ]
    for dimension, maximum in policy.staff.dimensions.items():
        columns.append(Column(
            dimension, 7, f"{dimension}：0–{_fmt(maximum)} 分", number=("between", Decimal(0), maximum),
        ))
    return columns


def roster_columns(policy: Policy) -> list[Column]:
    hints = {
        "id": "工号，不可重复",
        "name": "必填：姓名，与测评表一致",
        "department": "所在科室",
        "coefficient": "岗位系数（大于0），不填按 1",
        "months": "本年度在岗月数 0–12，不填按 12",
        "prior_grade": "上年度考核等次（仅显示）",
        "violation": "有违纪违法行为选“是”：年度考评为不合格",
    }
    numbers: dict[str, tuple[str, Decimal | None, Decimal | None]] = {
        "coefficient": ("greaterThan", Decimal(0), None),
        "months": ("between", Decimal(0), Decimal(12)),
    }
    return [
        Column(spec.label, _WIDTHS.get(name, 10), hints[name], YES_NO if name == "violation" else (), numbers.get(name))
        for name, spec in ROSTER_FIELDS.items()
    ]


def ledger_columns(policy: Policy) -> list[Column]:
    hints = {
        "month": "月份 1–12（也可一月一张工作表，工作表命名为“6月”，此列可不填）",
        "department": "责任科室",
        "category": "类别（可选）：规定指标与自选指标各自从 1 编号时，只填序号的行须选类别",
        "id": "指标序号，与指标表一致",
        "name": "指标名称，与指标表一致（序号与名称至少填一项）",
        "plan": "本月工作计划",
        "done": "本月完成情况",
        "progress": "截至本月累计完成全年目标的百分比，如 60 或 60%",
        "issues": "存在问题；没有填“无”",
        "next_plan": "下月工作计划",
        "evidence": "佐证材料名称，多项用“、”分隔",
        "reporter": "填报人",
    }
    numbers: dict[str, tuple[str, Decimal | None, Decimal | None]] = {
        "month": ("between", Decimal(1), Decimal(12)), "progress": ("between", Decimal(0), Decimal(100)),
    }
    widths = {"month": 7, "category": 10, "id": 7, "name": 28, "department": 12, "plan": 28, "done": 32, "progress": 9, "issues": 28,
              "next_plan": 28, "evidence": 24, "reporter": 9}
    choices = {"category": (MANDATED, SELF_CHOSEN)}
    return [Column(spec.label, widths[name], hints[name], choices.get(name, ()), numbers.get(name))
            for name, spec in LEDGER_FIELDS.items()]


def ledger_template(policy: Policy | None = None) -> Workbook:
    """A blank 目标工作台账 (sheet 台账): one row per indicator per month."""
    from openpyxl import Workbook

    policy = _policy(policy)
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    columns = ledger_columns(policy)
    notes = _notes(columns, "每月底由各科室填写，jxkh ledger 据此列出进度滞后、逾期、未填报的指标和存在问题。")
    _fill_sheet(ws, LEDGER_TITLE, notes, columns, LEDGER_ROWS)
    return wb


def _notes(columns: list[Column], extra: str) -> str:
    lists = "、".join(c.label for c in columns if c.choices)
    return f"填表说明：从第 {HEADER_ROW + 1} 行起每行填写一条；{lists}可从下拉列表选择；选中单元格可看到填写提示。{extra}"


def _fill_sheet(ws: Worksheet, title: str, notes: str, columns: list[Column], rows: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .writer import set_cell

    last = len(columns)
    set_cell(ws, TITLE_ROW, 1, title).font = Font(bold=True, size=14)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last)
    ws.row_dimensions[TITLE_ROW].height = 24
    set_cell(ws, NOTES_ROW, 1, notes).font = Font(size=9, color="595959")
    ws.cell(NOTES_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=NOTES_ROW, start_column=1, end_row=NOTES_ROW, end_column=last)
    ws.row_dimensions[NOTES_ROW].height = 30

    thin = Side(style="thin", color="808080")
    fill = PatternFill("solid", fgColor="DDEBF7")
    first, end = HEADER_ROW + 1, HEADER_ROW + rows
    for c, column in enumerate(columns, start=1):
        cell = set_cell(ws, HEADER_ROW, c, column.label)
        cell.font, cell.fill = Font(bold=True), fill
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = column.width
        area = f"{letter}{first}:{letter}{end}"
        if column.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            dv.error = f"请从下拉列表选择：{_choices(column.choices)}"
        elif column.number:
            operator, low, high = column.number
            dv = DataValidation(type="decimal", operator=operator, formula1=_fmt(low) if low is not None else None,
                                formula2=_fmt(high) if high is not None else None, allow_blank=True)
            dv.error = column.hint
        else:  # no check, only the hint
            dv = DataValidation(allow_blank=True)
        dv.promptTitle = column.label
        dv.prompt = column.hint
        dv.showInputMessage = True
        if dv.type:
            dv.errorTitle = column.label
            dv.showErrorMessage = True
        dv.add(area)
        ws.add_data_validation(dv)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"  # a string: ws.cell() would create an empty A4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _policy(policy: Policy | None) -> Policy:
    if policy is not None:
        return policy
    from .policy import Policy

    return Policy()


def indicator_template(policy: Policy | None = None) -> Workbook:
    """A blank 考核评分表 (sheet 指标) with drop-downs for 类别/完成等次/个人原因 and input hints."""
    from openpyxl import Workbook

    policy = _policy(policy)
    wb = Workbook()
    ws = wb.active
    ws.title = INDICATOR_SHEETS[0]
    columns = indicator_columns(policy)
    notes = _notes(columns, f"规定指标与自选指标分值合计应为 {_fmt(policy.unit.total)} 分；加分项、扣分项另计。")
    _fill_sheet(ws, INDICATOR_TITLE, notes, columns, INDICATOR_ROWS)
    return wb


def ratings_template(policy: Policy | None = None) -> Workbook:
    """A blank ballot workbook: sheet 测评 (one row per ballot) and sheet 人员 (the roster);
    with `staff.method = "votes"` the printable tick-box form instead (`vote_template`)."""
    from openpyxl import Workbook

    policy = _policy(policy)
    if policy.staff.method == "votes":
        return vote_template(policy)
    wb = Workbook()
    ballots = wb.active
    ballots.title = RATING_SHEETS[0]
    columns = ballot_columns(policy)
    maxima = "、".join(f"{d} {_fmt(m)} 分" for d, m in policy.staff.dimensions.items())
    _fill_sheet(ballots, BALLOT_TITLE, _notes(columns, f"各项满分：{maxima}。"), columns, BALLOT_ROWS)
    roster = wb.create_sheet(ROSTER_SHEETS[0])
    columns = roster_columns(policy)
    _fill_sheet(roster, ROSTER_TITLE, _notes(columns, "人员表中每人都须有测评票。"), columns, ROSTER_ROWS)
    return wb


def vote_template(policy: Policy) -> Workbook:
    """The tick-box 测评票 to print and hand out (`staff.method = "votes"`): sheet 第1票, a form
    with the 测评人类别 line, one row per person and a box per grade (a drop-down offers √);
    then 人员 (the roster) and 说明 (how to enter the papers). A form is a sheet, so the
    papers go back in as one sheet each (第1票, 第2票 …) or one file each in a folder: the
    layouts `jxkh appraise` reads. Nothing is filled in, so it reads back with the policy."""
    from openpyxl.styles import Alignment, Border, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .writer import fit_a4, font, new_workbook, set_cell, write_title

    wb = new_workbook()
    ws = wb.active
    ws.title = VOTE_SHEET
    boxes = list(policy.staff.votes)
    labels = ["序号", RATING_FIELDS["name"].label, RATING_FIELDS["department"].label, *boxes]
    widths = [6, 12, 14, *(max(8, 2 * len(b) + 2) for b in boxes)]
    line = write_title(ws, VOTE_TITLE, len(labels), [VOTE_NOTE.format(boxes="、".join(boxes))])
    header = line + 1
    ws.cell(line - 1, 1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[line - 1].height = 30  # the note on two lines
    ws.row_dimensions[line].height = 22
    groups = tuple(policy.staff.rater_weights)  # the line 测评人类别：… is read for the whole paper
    set_cell(ws, line, 1, f"{RATING_FIELDS['rater_group'].label}：").font = font()
    ws.merge_cells(start_row=line, start_column=1, end_row=line, end_column=2)
    if groups:
        dv = DataValidation(type="list", formula1='"' + ",".join(groups) + '"', allow_blank=True)
        dv.promptTitle, dv.prompt = RATING_FIELDS["rater_group"].label, f"从下拉列表选择：{_choices(groups)}"
        dv.add(f"C{line}")
        ws.add_data_validation(dv)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, (label, width) in enumerate(zip(labels, widths), start=1):
        cell = set_cell(ws, header, c, label)
        cell.font, cell.border = font(bold=True), box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = width
        for r in range(header + 1, header + 1 + VOTE_ROWS):
            ws.cell(r, c).border = box
            ws.cell(r, c).alignment = Alignment(horizontal="center", vertical="center")
    for r in range(header + 1, header + 1 + VOTE_ROWS):
        ws.row_dimensions[r].height = 20
    ticks = DataValidation(type="list", formula1='"√"', allow_blank=True)
    ticks.promptTitle, ticks.prompt = "打勾", "在一个等次下打“√”（可从下拉列表选择），其余留空"
    ticks.add(f"D{header + 1}:{get_column_letter(len(labels))}{header + VOTE_ROWS}")
    ws.add_data_validation(ticks)
    fit_a4(ws, header_row=header, landscape=False)

    roster = wb.create_sheet(ROSTER_SHEETS[0])
    columns = roster_columns(policy)
    _fill_sheet(roster, ROSTER_TITLE, _notes(columns, "人员表中每人都须有测评票。"), columns, ROSTER_ROWS)
    notes = wb.create_sheet(VOTE_NOTES_SHEET)
    notes.column_dimensions["A"].width = 100
    for r, text in enumerate(VOTE_CLERK_NOTES, start=1):
        set_cell(notes, r, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
    return wb


def build(kind: str, policy: Policy | None = None) -> Workbook:
    if kind == "indicators":
        return indicator_template(policy)
    if kind == "ratings":
        return ratings_template(policy)
    if kind == "ledger":
        return ledger_template(policy)
    raise ValueError(f"unknown template kind {kind!r}; expected one of {KINDS}")


@dataclass
class TemplateResult:
    """What `jxkh template` wrote."""

    kind: str
    output: Path
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {"template": self.kind, "output": str(self.output), "warnings": []}


def write_template(kind: str, output: Path | str, policy: Policy | None = None, force: bool = False) -> TemplateResult:
    """Build the blank workbook and save it atomically. An existing file is replaced only when
    jxkh wrote it (a 说明 sheet naming jxkh, which blank forms do not have) or with `force`."""
    from .writer import check_output, save_atomic

    output = check_output(Path(output), [], force=force)
    save_atomic(build(kind, policy), output)
    return TemplateResult(kind, output)


@dataclass
class InitResult:
    """What `jxkh init` wrote, and what it found already there and left alone."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "written": [str(p) for p in self.written],
            "skipped": [str(p) for p in self.skipped],
            "warnings": [w.to_json(lang) for w in self.warnings],
        }


def init_workspace(folder: Path, policy_file: Path | None = None, preset: str | None = None,
                   unit: str | None = None, year: int | None = None) -> InitResult:
    """A workspace in `folder`: jxkh.toml (the built-in policy text, a `presets` text, or a copy
    of `policy_file`) and blank indicators.xlsx / ratings.xlsx. Existing files are never overwritten.

    The templates follow the workspace's policy (an existing jxkh.toml wins), so their
    dimension columns and drop-downs are the ones the later commands expect. `unit` and
    `year` go into the jxkh.toml written (its title and 落款), never into an existing one.
    """
    from .messages import Code
    from .policy import DEFAULT_TOML, POLICY_FILE, Policy, load_policy, read_policy_text, unit_policy_text
    from .problems import FileSystemError, fail
    from .writer import save_atomic

    from .presets import ALIASES, PRESET_NAMES, preset_name, preset_toml
    from .problems import UsageError

    folder = Path(folder)
    toml = folder / POLICY_FILE
    if preset is not None:
        if preset_name(preset) is None:
            raise fail(Code.PRESET_UNKNOWN, UsageError, value=preset, expected="、".join(PRESET_NAMES), aliases=", ".join(ALIASES))
        preset = preset_name(preset)
    if preset is not None and policy_file is not None:
        raise fail(Code.PRESET_WITH_POLICY, UsageError, value=preset)
    if toml.is_file():
        policy, policy_text = load_policy(toml), None
    elif preset is not None:
        import tomllib

        from .policy import policy_from_dict

        policy_text = preset_toml(preset)
        policy = policy_from_dict(tomllib.loads(policy_text), source=preset)
    elif policy_file is not None:
        policy = load_policy(Path(policy_file))
        # Copied as UTF-8, what TOML requires, whatever the file was saved as (GBK from Notepad).
        policy_text = read_policy_text(policy_file)
    else:
        policy, policy_text = Policy(), DEFAULT_TOML
    if policy_text is not None and (unit or year):
        policy_text = unit_policy_text(policy_text, unit, year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(folder), value=str(folder)) from None

    result = InitResult(folder)
    if policy_text is None or toml.exists():
        result.skipped.append(toml)
    else:
        try:
            with toml.open("x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
                handle.write(policy_text)
        except FileExistsError:
            result.skipped.append(toml)
        except OSError:
            raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(toml), value=str(toml)) from None
        else:
            result.written.append(toml)
    if toml in result.written and not (unit or "").strip():
        from .output.notice import unnamed_warnings

        result.warnings = unnamed_warnings(load_policy(toml))
    for kind in KINDS:
        target = folder / FILE_NAMES[kind]
        if target.exists():
            result.skipped.append(target)
            continue
        result.written.append(save_atomic(build(kind, policy), target))
    return result


def main(argv: list[str] | None = None) -> int:
    from .writer import save_atomic

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "templates")
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        print(save_atomic(build(kind), folder / FILE_NAMES[kind]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
