"""The unit's indicator workbook (附件2 履职情况考核评分表) → validated `Indicator` models.

Reading is here; what the grades are worth is `jxkh.rules.scoring`. So that a clerk sees
every problem at once, `load_indicators` also runs the scoring checks (bands, totals) over
the rows that parsed, and raises one `DataError` with everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import CellValueError, clean_text, is_blank, normalize, to_decimal, to_ratio, to_yes_no
from .headers import (
    CATEGORIES,
    INDICATOR_FIELDS,
    INDICATOR_SHEETS,
    MANDATED,
    PENALTY_ITEM,
    SELF_CHOSEN,
)
from .messages import Code
from .problems import DataError, Problem, Problems

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table

GRADED = (MANDATED, SELF_CHOSEN)  # the categories that carry points toward unit.total and a grade

_CATEGORY_KEYS = {normalize(spelling).lower(): name for name, spellings in CATEGORIES.items() for spelling in spellings}

_SCORING_FIELDS = {"category", "points", "score", "ratio"}
_READER_CELL_CODES = {Code.FORMULA_WITHOUT_VALUE, Code.FORMULA_ERROR}
# A row with none of these filled is an unused line of a pre-numbered form (序号 1…30 typed in
# advance, 类别 from a drop-down): not an indicator, and not an error.
_SUBSTANTIVE = ("name", "points", "grade", "score", "ratio", "criteria", "department", "owner", "leader", "reason")


@dataclass(frozen=True)
class Indicator:
    """One indicator row. `grade` is the policy's spelling when recognised, else the text as typed."""

    row: int  # spreadsheet row number
    name: str
    category: str = MANDATED
    points: Decimal | None = None  # None only for a 加分项/扣分项 given by its 得分
    grade: str | None = None
    score: Decimal | None = None  # 得分 as typed
    ratio: Decimal | None = None  # 得分率 as a fraction (85% → 0.85)
    id: str | None = None
    department: str = ""
    owner: str = ""
    leader: str = ""
    personal_fault: bool = False
    criteria: str = ""
    reason: str = ""
    note: str = ""
    file: str | None = None
    sheet: str | None = None
    cells: dict[str, str] = field(default_factory=dict, compare=False)  # field → A1 cell
    values: dict[str, Any] = field(default_factory=dict, compare=False)  # field → cell content as read

    @property
    def graded(self) -> bool:
        return self.category in GRADED

    def where(self, name: str) -> dict[str, Any]:
        """Keyword arguments for `Problems.add` locating this row's `name` cell (the row when absent)."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cells.get(name), "row": self.row}


@dataclass
class IndicatorSheet:
    """What `load_indicators` returns; unpacks as `table, indicators, warnings`."""

    table: Table
    indicators: list[Indicator]
    warnings: list[Problem]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.table, self.indicators, self.warnings))


def load_indicators(path: Path | str, policy: Policy | None = None) -> IndicatorSheet:
    """Read and validate an indicators workbook; raise DataError listing every problem."""
    from .arguments import as_path, as_policy
    from .reader import find_sheet, open_workbook, read_table

    path = as_path(path)
    policy = as_policy(policy, beside=path)
    book = open_workbook(path, policy.limits)
    problems = Problems(book.problems)
    sheet = find_sheet(book, INDICATOR_SHEETS, first_if_missing=True, problems=problems)
    table = None
    if sheet is not None:
        table = read_table(book, sheet, INDICATOR_FIELDS, problems, limits=policy.limits)
    if table is None:
        problems.raise_if_errors()
        raise DataError(problems)  # pragma: no cover - read_table returns None only with an error
    indicators = parse_indicators(table, policy, problems)
    problems.raise_if_errors()
    return IndicatorSheet(table=table, indicators=indicators, warnings=problems.warnings)


def parse_indicators(table: Table, policy: Policy, problems: Problems) -> list[Indicator]:
    """A table's rows as indicators; problems added to `problems` (rows with errors are still returned)."""
    from .rules.scoring import check_rows, check_total

    indicators: list[Indicator] = []
    clean: list[Indicator] = []  # rows without a parsing error, for the scoring checks
    points_ok = True
    first_id: dict[str, int] = {}
    grades = {normalize(g).lower(): g for g in policy.unit.bands}

    if "grade" not in table.columns:
        if any(_category_of(table, values) in GRADED for _, values in table.rows):
            problems.add(
                Code.COLUMN_MISSING, file=table.file, sheet=table.sheet, row=table.header_row,
                value=INDICATOR_FIELDS["grade"].label,
            )
    # The reader's own cell problems, once: collecting them again for each row was quadratic.
    reported = _reported_cells(problems)
    for number, values in table.rows:
        if all(is_blank(table.value(values, name)) for name in _SUBSTANTIVE):
            continue
        row = _RowReader(table, number, values, problems, reported)
        category = row.category()
        name = row.text("name")
        if not name:
            row.add(Code.VALUE_REQUIRED, "name", column=row.label("name"))
        points = row.number("points")
        if points is not None and points < 0 and category == PENALTY_ITEM:
            points = -points  # a 扣分项 typed as −2 takes 2 points
        if points is None and "points" not in row.failed:
            # 加分项/扣分项 may be given by their 得分 alone; everything else needs 分值.
            if category in GRADED or category is None or is_blank(row.raw("score")):
                row.add(Code.VALUE_REQUIRED, "points", column=row.label("points"))
        elif points is not None and points <= 0:
            row.add(Code.POINTS_INVALID, "points")
        grade_text = row.text("grade")
        grade = grades.get(normalize(grade_text).lower(), grade_text) if grade_text else None
        score = row.number("score")
        ratio = row.ratio("ratio")
        fault = row.yes_no("personal_fault")
        owner = row.text("owner")
        if fault and not owner:
            row.add(Code.FAULT_WITHOUT_OWNER, "owner" if "owner" in table.columns else "personal_fault")
        ident = row.text("id") or None
        if ident is not None:
            key = normalize(ident).lower()
            if key in first_id:
                row.add(Code.DUPLICATE_ID, "id", column=row.label("id"), other=first_id[key])
            else:
                first_id[key] = number
        indicator = Indicator(
            row=number,
            name=name,
            category=category or MANDATED,
            points=points if points is not None and points > 0 else None,
            grade=grade,
            score=score,
            ratio=ratio,
            id=ident,
            department=row.text("department"),
            owner=owner,
            leader=row.text("leader"),
            personal_fault=bool(fault),
            criteria=row.text("criteria"),
            reason=row.text("reason"),
            note=row.text("note"),
            file=table.file,
            sheet=table.sheet,
            cells={f: table.cell(number, f) for f in table.columns},
            values={f: table.value(values, f) for f in table.columns},
        )
        indicators.append(indicator)
        # A row whose category or points are unknown makes the points total meaningless.
        if category is None or (category in GRADED and indicator.points is None):
            points_ok = False
        # The scoring checks need the row's numbers; other mistakes (a 是/否, a duplicate 序号) don't stop them.
        if category is not None and not row.failed & _SCORING_FIELDS and (indicator.points or not indicator.graded):
            clean.append(indicator)
    if "grade" in table.columns:  # else the missing column is the one problem, not one per row
        problems.extend(check_rows(clean, policy))
    if points_ok and indicators:  # no rows at all is reported as an empty sheet
        problems.extend(check_total(indicators, policy, file=table.file, sheet=table.sheet))
    return indicators


def _reported_cells(problems: Problems) -> set[tuple[str | None, str | None]]:
    return {(p.sheet, p.cell) for p in problems if p.code in _READER_CELL_CODES}


def _category_of(table: Table, values: list[Any]) -> str | None:
    raw = table.value(values, "category")
    if is_blank(raw):
        return MANDATED
    return _CATEGORY_KEYS.get(normalize(clean_text(raw)).lower())


class _RowReader:
    """One row's cells as values; each bad cell becomes a problem located at its A1 cell."""

    def __init__(
        self, table: Table, number: int, values: list[Any], problems: Problems,
        formula_cells: set[tuple[str | None, str | None]] | None = None,
    ):
        self.table, self.row_number, self.values, self.problems = table, number, values, problems
        self.failed: set[str] = set()
        # Cells the reader already reported (a formula with no saved result, #DIV/0!): one problem each.
        self.formula_cells = formula_cells if formula_cells is not None else _reported_cells(problems)

    def raw(self, name: str) -> Any:
        return self.table.value(self.values, name)

    def label(self, name: str) -> str:
        return self.table.labels.get(name, INDICATOR_FIELDS[name].label)

    def add(self, code: Code, name: str, **params: Any) -> None:
        self.failed.add(name)
        where = self.table.where(self.row_number, name) if name in self.table.columns else {
            "file": self.table.file, "sheet": self.table.sheet, "row": self.row_number,
        }
        if (where["sheet"], where.get("cell")) in self.formula_cells:
            return
        raw = self.raw(name)
        self.problems.add(code, value=None if is_blank(raw) else raw, **where, **params)

    def text(self, name: str) -> str:
        return clean_text(self.raw(name))

    def category(self) -> str | None:
        category = _category_of(self.table, self.values)
        if category is None:
            self.add(Code.CATEGORY_UNKNOWN, "category", expected="/".join(CATEGORIES))
        return category

    def number(self, name: str) -> Decimal | None:
        return self._parse(name, to_decimal)

    def ratio(self, name: str) -> Decimal | None:
        return self._parse(name, to_ratio)

    def yes_no(self, name: str) -> bool | None:
        return self._parse(name, to_yes_no)

    def _parse(self, name: str, parse: Any) -> Any:
        try:
            return parse(self.raw(name))
        except CellValueError as exc:
            self.add(exc.code, name, column=self.label(name))
            return None
