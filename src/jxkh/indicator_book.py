"""An indicators workbook → one list of indicators, and an account of how it was read.

Offices keep 规定指标, 自选指标 and 加分项 on separate sheets under one header: every sheet
whose header names the indicator columns is read, in workbook order, as one list, and a
row's blank 类别 is taken from its sheet's name. Nothing is left out silently: every sheet
not read and every column not used is named in a notice, and `layout` says which sheet was
taken as what and which column as which field (what `jxkh check` shows).

Reading is here; the model is `indicators`; the band and total checks are the rules'
(`rules.scoring.validate`), run here over the parsed rows so a clerk sees every problem at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import clean_text, normalize
from .headers import CATEGORIES, INDICATOR_FIELDS, INDICATOR_SHEETS, SELF_FIELDS, Field, header_index, not_data_sheet
from .indicators import Indicator, ParsedRows, assessed_columns, parse_indicators
from .sheet_roles import IGNORED, INDICATORS, SheetUse, classify, head, table_columns
from .messages import Code, Phrase
from .problems import Problem, Problems, cell_ref

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table, Workbook



@dataclass
class IndicatorBook:
    """What `load_indicators` returns; unpacks as `table, indicators, warnings` (the first table)."""

    tables: list[Table]
    indicators: list[Indicator]
    warnings: list[Problem]
    layout: list[SheetUse] = field(default_factory=list)
    fault_column: bool = True  # whether any sheet has 个人原因, i.e. whether anyone could be charged

    @property
    def table(self) -> Table:
        return self.tables[0]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.table, self.indicators, self.warnings))


def load_indicators(path: Path | str, policy: Policy | None = None) -> IndicatorBook:
    """Read and validate an indicators workbook; raise DataError listing every problem.
    `policy` None: the jxkh.toml beside the input, else the built-in one."""
    from .arguments import as_path, as_policy

    path = as_path(path)
    policy = as_policy(policy, beside=path)
    problems = Problems()
    book = read_indicators(path, policy, problems)
    problems.raise_if_errors()
    assert book is not None
    return book


def read_indicators(path: Path | str, policy: Policy, problems: Problems) -> IndicatorBook | None:
    """Like `load_indicators`, but collect the problems; None when no indicators sheet is usable.

    A file that is not a usable workbook (missing, corrupt, a jxkh output…) still raises at once.
    """
    from .provenance import refuse_own_output
    from .reader import open_workbook
    from .rules.scoring import validate

    book = open_workbook(path, policy.limits)
    refuse_own_output(book)
    problems.extend(book.problems)
    layout = [classify(book, sheet, policy) for sheet in book.sheet_names]
    chosen = [use for use in layout if use.role == INDICATORS]
    if len(chosen) > 1:  # a 汇总 sheet copying the indicators would count them twice
        for use in chosen:
            kind = not_data_sheet(use.sheet)
            if kind is not None:
                use.role, use.reason = IGNORED, Phrase(f"sheet_{kind}")
        chosen = [use for use in layout if use.role == INDICATORS]
    if not chosen:
        return _unreadable(book, policy, problems)

    tables: list[Table] = []
    parsed = ParsedRows()
    for use in chosen:
        table = _read(book, use.sheet, problems, policy, require_rows=len(chosen) == 1)
        if table is None:
            continue
        tables.append(table)
        use.header_row = table.header_row
        use.columns = table_columns(table)
        _report_columns(table, problems)
        start = len(parsed.clean)
        parse_indicators(table, policy, problems, default_category=_sheet_category(use.sheet), rows=parsed)
        if not _has_grade_column(table, parsed, problems):
            del parsed.clean[start:]  # the missing column is the one problem, not one per row
    if not tables:
        return None
    for use in layout:
        if use.role != INDICATORS and use.reason is not None:
            problems.add(Code.SHEET_NOT_READ, file=book.file, sheet=use.sheet, value=use.sheet, reason=use.reason)
    if len(tables) > 1:
        problems.add(Code.SHEETS_COMBINED, file=book.file, value="、".join(t.sheet for t in tables))
        if not parsed and not any(p.code == Code.SHEET_EMPTY for p in problems):
            problems.add(Code.SHEET_EMPTY, file=book.file, sheet=tables[0].sheet)
    _report_sources(tables, problems)
    fault_column = any("personal_fault" in t.columns for t in tables)
    if not fault_column and parsed:
        problems.add(Code.NO_FAULT_COLUMN, file=book.file, sheet=tables[0].sheet if len(tables) == 1 else None)
    sheet = tables[0].sheet if len(tables) == 1 else None
    problems.extend(validate(parsed, policy, file=book.file, sheet=sheet))
    return IndicatorBook(tables, list(parsed), problems.warnings, layout, fault_column)


def _read(book: Workbook, sheet: str, problems: Problems, policy: Policy, *, require_rows: bool) -> Table | None:
    from .reader import read_table

    return read_table(book, sheet, INDICATOR_FIELDS, problems, limits=policy.limits, require_rows=require_rows)


def _unreadable(book: Workbook, policy: Policy, problems: Problems) -> None:
    """No sheet has the indicator header: read the likeliest one so the reader says what is missing,
    and name a header that looks like a missing column (完成等次情况 → rename it 完成等次)."""
    from .reader import find_sheet

    sheet = find_sheet(book, INDICATOR_SHEETS, first_if_missing=True, problems=problems)
    if sheet is None:
        return None
    found = Problems()
    _read(book, sheet, found, policy, require_rows=True)
    grid = head(book, sheet)
    for problem in found:
        if problem.code == Code.COLUMN_MISSING and problem.row:
            wanted = next(f for f in INDICATOR_FIELDS.values() if f.label == problem.value)
            headers = grid[problem.row - 1] if problem.row - 1 < len(grid) else []
            hit = _lookalike_cell(headers, wanted)
            if hit is not None:
                col, text = hit
                problems.add(
                    Code.COLUMN_MISNAMED, file=problem.file, sheet=problem.sheet, cell=cell_ref(problem.row, col),
                    row=problem.row, value=text, field=wanted.label,
                )
                continue
        problems.append(problem)
    return None


# --- which sheets -------------------------------------------------------------------------


def _sheet_category(sheet: str) -> str | None:
    """规定指标 / 自选指标 / 加分项 / 扣分项 when the sheet's name says so (“自选指标（30项）”)."""
    key = normalize(sheet).lower()
    hits = {name for name, spellings in CATEGORIES.items() for s in spellings if len(s) >= 2 and normalize(s).lower() in key}
    return hits.pop() if len(hits) == 1 else None


# --- which columns ------------------------------------------------------------------------


def _report_columns(table: Table, problems: Problems) -> None:
    """Every header cell not read: a notice each, naming the field it looks like when it does."""
    for c in table.extra_columns:
        header = table.headers[c]
        where = {"file": table.file, "sheet": table.sheet, "cell": cell_ref(table.header_row, c), "row": table.header_row}
        wanted = _lookalike_field(header, exclude=set(table.columns))
        if wanted is not None:
            problems.add(Code.COLUMN_LOOKALIKE, **where, value=header, field=wanted.label)
        else:
            problems.add(Code.COLUMN_UNUSED, **where, value=header)


def _lookalike_field(header: str, exclude: set[str]) -> Field | None:
    """The field a header that is not one of its spellings most likely means (得分情况 → 得分)."""
    key = normalize(header).lower()
    if len(key) < 2:
        return None
    best: tuple[float, Field] | None = None
    for spec in INDICATOR_FIELDS.values():
        if spec.name in exclude:
            continue
        for spelling in spec.headers:
            other = normalize(spelling).lower()
            if not other.isascii() and len(other) >= 2:
                ratio = 1.0 if other in key else difflib.SequenceMatcher(None, key, other).ratio()
                if ratio >= 0.75 and (best is None or ratio > best[0]):
                    best = (ratio, spec)
    return None if best is None else best[1]


def _lookalike_cell(headers: list[Any], wanted: Field) -> tuple[int, str] | None:
    index = header_index(INDICATOR_FIELDS)
    for c, value in enumerate(headers):
        text = clean_text(value)
        if text and normalize(text).lower() not in index:
            if _lookalike_field(text, exclude=set()) is wanted:
                return c, text
    return None


def _has_grade_column(table: Table, parsed: list[Indicator], problems: Problems) -> bool:
    """A table with 规定/自选 rows needs 完成等次 (or 自评等次). When its 完成情况 holds grades, that is
    the column to rename: 完成情况 is narrative and never read as a grade."""
    if "grade" in table.columns or "self_grade" in table.columns:
        return True
    mine = [i for i in parsed if i.sheet == table.sheet]
    if not any(i.graded for i in mine):
        return True
    label = INDICATOR_FIELDS["grade"].label
    where = {"file": table.file, "sheet": table.sheet, "row": table.header_row}
    if "summary" in table.columns and _holds_grades(table):
        col = table.columns["summary"]
        problems.add(Code.COLUMN_MISNAMED, **where, cell=cell_ref(table.header_row, col), value=table.headers[col], field=label)
    else:
        problems.add(Code.COLUMN_MISSING, **where, value=label)
    return False


def _holds_grades(table: Table) -> bool:
    texts = [clean_text(table.value(values, "summary")) for _, values in table.rows]
    texts = [t for t in texts if t]
    return bool(texts) and all(len(normalize(t)) <= 3 for t in texts)


def _report_sources(tables: list[Table], problems: Problems) -> None:
    """Which columns gave the assessed values: 考核/核定 when present, else the 自评 ones."""
    for table in tables:
        selfs = [name for name in SELF_FIELDS if name in table.columns]
        if not selfs:
            continue
        where = {"file": table.file, "sheet": table.sheet, "row": table.header_row}
        assessed = [n for n in ("grade", "score", "ratio") if n in table.columns]
        alone = [n for n in selfs if not assessed_columns(SELF_FIELDS[n]) & set(table.columns)]
        label = table.labels.get
        if assessed and len(alone) < len(selfs):
            problems.add(
                Code.ASSESSED_PREFERRED, **where, assessed="、".join(label(n, n) for n in assessed),
                own="、".join(label(n, n) for n in selfs),
            )
        if alone:
            mapping = "，".join(f"{label(n, n)} → {INDICATOR_FIELDS[SELF_FIELDS[n]].label}" for n in alone)
            problems.add(Code.SELF_ASSESSED_USED, **where, mapping=mapping)

