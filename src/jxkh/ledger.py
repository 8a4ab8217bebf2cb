"""The 目标工作台账 (附件1 二.3–4: 月工作计划总结汇报制度, 建立目标工作台账) → validated entries.

One row per indicator per month: 月份, 序号/指标, 本月计划, 完成情况, 进度（%）, 存在问题,
下月计划, 佐证材料, 填报人. Offices keep it as one sheet for the year, one sheet per month
(named 6月: then 月份 may be left out) or one sheet per 科室. Every sheet with a ledger header
is read; any other sheet is named in a notice (提示), never skipped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import CellValueError, clean_text, is_blank, normalize, to_ratio
from .headers import CATEGORIES, LEDGER_FIELDS
from .indicators import category_of
from .messages import Code, Phrase
from .plan import month_of
from .problems import Problem, Problems

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table

# The text fields of an entry, as in LEDGER_FIELDS.
TEXTS = ("plan", "done", "issues", "next_plan", "evidence", "reporter")
# A row with none of these is an unused line of a pre-filled form (指标 listed, nothing reported).
_REPORTED = ("plan", "done", "progress", "issues", "next_plan", "evidence")
_NOT_READ = {Code.HEADER_NOT_FOUND, Code.SHEET_EMPTY, Code.COLUMN_MISSING}


@dataclass(frozen=True)
class Entry:
    """One indicator's report for one month."""

    file: str
    sheet: str
    row: int
    month: int
    id: str | None
    name: str
    department: str
    progress: Decimal | None  # a fraction: 60% → 0.6
    category: str | None = None  # 规定指标/自选指标 when the row says: tells apart two indicators numbered alike
    plan: str = ""
    done: str = ""
    issues: str = ""
    next_plan: str = ""
    evidence: str = ""
    reporter: str = ""
    cells: dict[str, str] = field(default_factory=dict, compare=False)

    def where(self, name: str) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cells.get(name), "row": self.row}

    @property
    def place(self) -> str:
        """`6月!第7行`: where the row is, for a message about another row."""
        return f"{self.sheet}!{self.row}:{self.row}"


@dataclass
class Ledger:
    file: str
    sheets: list[str]  # the sheets read
    entries: list[Entry]
    warnings: list[Problem] = field(default_factory=list)


def load_ledger(path: Path | str, policy: Policy, problems: Problems, required: bool = True) -> Ledger | None:
    """Every ledger sheet's rows as entries; problems added (None when no sheet is a ledger).
    An unusable file (missing, corrupt…) raises at once, as everywhere. A ledger with no rows yet
    is an error when `required`, else (the workspace's blank 台账.xlsx that the report would
    only quote) a notice and None."""
    from .provenance import refuse_own_output
    from .reader import open_workbook, read_table

    book = open_workbook(Path(path), policy.limits)
    refuse_own_output(book)  # 台账汇总.xlsx given back: its rows read like a ledger's
    problems.extend(book.problems)
    tables: list[tuple[Table, int | None, str]] = []
    first_refusal: list[Problem] = []
    for sheet in book.sheet_names:
        found = Problems()
        table = read_table(book, sheet, LEDGER_FIELDS, found, limits=policy.limits, require_rows=False)
        if table is not None and ("id" in table.columns or "name" in table.columns):
            problems.extend(found)
            tables.append((table, _sheet_month(sheet), sheet))
            continue
        if table is None and not all(p.code in _NOT_READ for p in found.errors):
            problems.extend(found)  # a ledger sheet with a real problem (a duplicate column…)
            continue
        first_refusal = first_refusal or list(found) or [
            Problem(Code.HEADER_NOT_FOUND, file=book.file, sheet=sheet,
                    params={"expected": "、".join(LEDGER_FIELDS[n].label for n in ("name", "progress"))})
        ]
        problems.add(Code.SHEET_NOT_READ, file=book.file, sheet=sheet, value=sheet, reason=Phrase("not_read_ledger"))
    if not tables:
        problems.extend(first_refusal)
        return None
    entries: list[Entry] = []
    for table, month, sheet in tables:
        entries.extend(_entries(table, month, sheet, problems))
    if not entries and not required:
        problems.add(Code.SHEET_NOT_READ, file=book.file, sheet=tables[0][0].sheet, value=tables[0][0].sheet,
                     reason=Phrase("not_read_ledger_blank"))
        return None
    if not entries:
        problems.add(Code.SHEET_EMPTY, file=book.file, sheet=tables[0][0].sheet)
    return Ledger(file=book.file, sheets=[t.sheet for t, _, _ in tables], entries=entries)


def _sheet_month(name: str) -> int | None:
    try:
        return month_of(name)
    except ValueError:
        return None


def _entries(table: Table, sheet_month: int | None, sheet: str, problems: Problems) -> list[Entry]:
    entries = []
    if "month" not in table.columns and sheet_month is None and table.rows:
        problems.add(Code.MONTH_MISSING, file=table.file, sheet=table.sheet, row=table.header_row)
        return entries
    # One sheet per 科室 without a 科室 column: the sheet's name is the 科室 (unless it is a month).
    sheet_department = sheet if "department" not in table.columns and sheet_month is None else ""
    for number, values in table.rows:
        def raw(name: str) -> Any:
            return table.value(values, name)

        if all(is_blank(raw(n)) for n in _REPORTED):
            continue
        ident = clean_text(raw("id")) or None
        name = clean_text(raw("name"))
        ok = True
        if ident is None and not name:
            where = table.where(number, "name" if "name" in table.columns else "id")
            problems.add(Code.VALUE_REQUIRED, **where, column=table.labels.get("name", LEDGER_FIELDS["name"].label))
            ok = False
        month = sheet_month
        if "month" in table.columns and not is_blank(raw("month")):
            try:
                month = month_of(raw("month"))
            except ValueError:
                problems.add(Code.MONTH_INVALID, **table.where(number, "month"), value=raw("month"))
                ok = False
        elif month is None:
            problems.add(Code.MONTH_MISSING, **table.where(number, "month"))
            ok = False
        category = category_of(raw("category"))
        if category is None and not is_blank(raw("category")):
            problems.add(Code.CATEGORY_UNKNOWN, **table.where(number, "category"), value=raw("category"),
                         expected="/".join(CATEGORIES))
            ok = False
        progress = None
        try:
            progress = to_ratio(raw("progress"))
        except CellValueError as exc:
            problems.add(exc.code, **table.where(number, "progress"), value=raw("progress"), column=table.labels["progress"])
            ok = False
        if progress is not None and not (0 <= progress <= 1):
            problems.add(Code.PROGRESS_INVALID, **table.where(number, "progress"), value=raw("progress"))
            ok = False
        if (number, table.columns["progress"]) in table.reported:
            ok = False
        if not ok or month is None:
            continue
        entries.append(Entry(
            file=table.file, sheet=sheet, row=number, month=month, id=ident, name=name,
            department=clean_text(raw("department")) or sheet_department, progress=progress, category=category,
            **{n: clean_text(raw(n)) for n in TEXTS},
            cells={n: table.cell(number, n) for n in table.columns},
        ))
    return entries


def is_open_issue(text: str) -> bool:
    """存在问题 that says something: not blank and not 无/暂无/没有/— ."""
    return normalize(text).strip("。.") not in _NO_ISSUE


_NO_ISSUE = {"", "无", "暂无", "没有", "无问题", "/", "-", "—", "——", "none", "n/a"}
