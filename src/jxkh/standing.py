"""Reading what the grading rules look at on the 人员 roster: 处分/组织处理 and its year, 试用期,
入职日期, 病事假月数, 立案审查, 优秀确认 and the quota's pool column → one `Standing` per person.

Reading only: what each value does to a grade is `rules.standing` and `rules.quota`. Every bad
cell is reported with its address; the roster reader has already read the other columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .cells import CellValueError, clean_text, is_blank, normalize, to_decimal, to_yes_no
from .headers import RULE_FIELDS, header_index
from .messages import Code

if TYPE_CHECKING:
    from .policy import Policy
    from .problems import Problems
    from .ratings import Roster, RosterEntry


@dataclass(frozen=True)
class Standing:
    """One person's record for the grading rules. `cells` maps a field to its A1 cell."""

    sanctions: tuple[str, ...] = ()  # measures as the policy names them (记过, 警告…)
    sanction_year: int | None = None
    probation: bool = False
    hired: date | None = None
    leave_months: Decimal | None = None
    investigation: bool = False
    violation: bool = False
    confirm: bool | None = None  # 优秀确认: 是/否, None when blank
    pool: str | None = None  # the value of `staff.quota_pools`' column
    prior_grade: str | None = None
    cells: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


# 处分 cells list several measures: “警告、诫勉”, “记过；降级”.
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_NONE = {"无", "没有", "-", "—", "/", "否"}
_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2})\s*日?)?\s*月?$")
_YEAR = re.compile(r"(19|20)\d{2}")


def appraisal_year(policy: Policy) -> int | None:
    """`status.year`, else the year in the title (龙岩市工商联2015年度绩效管理 → 2015)."""
    if policy.status.year is not None:
        return policy.status.year
    found = _YEAR.search(policy.title)
    return int(found.group()) if found else None


def pool_column(roster: Roster, policy: Policy) -> int | None:
    """The 0-based column `staff.quota_pools` names, matched like any header; None when unset."""
    name = policy.staff.quota_pools
    if name is None:
        return None
    wanted = normalize(name).lower()
    for i, header in enumerate(roster.headers):
        if header and normalize(str(header)).lower() == wanted:
            return i
    return -1


def read_standings(roster: Roster | None, policy: Policy, problems: Problems) -> dict[int, Standing]:
    """Each roster row's `Standing` (keyed by spreadsheet row); {} without a roster."""
    from .problems import cell_ref

    if roster is None:
        return {}
    pools = pool_column(roster, policy)
    if pools == -1:
        problems.add(
            Code.QUOTA_POOL_COLUMN_MISSING, file=roster.file, sheet=roster.sheet, value=policy.staff.quota_pools,
            found="、".join(str(h) for h in roster.headers if h),
        )
        pools = None
    measures = {normalize(m).lower(): m for m in policy.status.sanctions}
    columns = rule_columns(roster)
    standings: dict[int, Standing] = {}
    for entry in roster.entries:
        reader = _Row(roster, columns, entry, problems)
        pool = None
        if pools is not None:
            pool = clean_text(entry.values[pools]) if pools < len(entry.values) else ""
            if not pool:
                problems.add(
                    Code.VALUE_REQUIRED, file=roster.file, sheet=roster.sheet, cell=cell_ref(entry.row, pools), row=entry.row,
                    column=roster.headers[pools],
                )
        standings[entry.row] = Standing(
            sanctions=reader.sanctions(measures),
            sanction_year=reader.year("sanction_year"),
            probation=bool(reader.yes_no("probation")),
            hired=reader.date("hired"),
            leave_months=reader.months("leave_months"),
            investigation=bool(reader.yes_no("investigation")),
            violation=entry.violation,
            confirm=reader.yes_no("confirm"),
            pool=pool or None,
            prior_grade=entry.prior_grade,
            cells=reader.cells,
        )
    return standings


def rule_columns(roster: Roster) -> dict[str, int]:
    """The roster's known columns and the rule columns (`headers.RULE_FIELDS`) found among its headers."""
    index = header_index(RULE_FIELDS)
    columns = dict(roster.columns)
    for i, header in enumerate(roster.headers):
        name = index.get(normalize(str(header or "")).lower())
        if name is not None:
            columns.setdefault(name, i)
    return columns


class _Row:
    """One roster row's rule columns, each problem reported at its cell."""

    def __init__(self, roster: Roster, columns: dict[str, int], entry: RosterEntry, problems: Problems):
        from .problems import cell_ref

        self.roster, self.columns, self.entry, self.problems = roster, columns, entry, problems
        self.cells = {name: cell_ref(entry.row, col) for name, col in columns.items()}

    def raw(self, name: str) -> Any:
        col = self.columns.get(name)
        return None if col is None or col >= len(self.entry.values) else self.entry.values[col]

    def where(self, name: str) -> dict[str, Any]:
        return {"file": self.roster.file, "sheet": self.roster.sheet, "cell": self.cells[name], "row": self.entry.row}

    def label(self, name: str) -> str:
        return self.roster.headers[self.columns[name]]

    def yes_no(self, name: str) -> bool | None:
        raw = self.raw(name)
        try:
            return to_yes_no(raw)
        except CellValueError as exc:
            self.problems.add(exc.code, **self.where(name), value=raw, column=self.label(name))
            return None

    def sanctions(self, measures: dict[str, str]) -> tuple[str, ...]:
        raw = self.raw("sanction")
        if is_blank(raw):
            return ()
        found: list[str] = []
        for part in _SEPARATORS.split(clean_text(raw)):
            key = normalize(part).lower()
            if not key or key in _NONE:
                continue
            measure = measures.get(key)
            if measure is None:
                self.problems.add(
                    Code.SANCTION_UNKNOWN, **self.where("sanction"), value=part, expected="、".join(measures.values()),
                )
            elif measure not in found:
                found.append(measure)
        return tuple(found)

    def year(self, name: str) -> int | None:
        raw = self.raw(name)
        if is_blank(raw):
            return None
        if isinstance(raw, (date, datetime)):
            return raw.year
        found = _YEAR.search(normalize(clean_text(raw)))
        if found is None:
            self.problems.add(Code.YEAR_INVALID, **self.where(name), value=raw, column=self.label(name))
            return None
        return int(found.group())

    def date(self, name: str) -> date | None:
        raw = self.raw(name)
        if is_blank(raw):
            return None
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        found = _DATE.match(normalize(clean_text(raw)))
        try:
            if found is None:
                raise ValueError
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3) or 1))
        except ValueError:
            self.problems.add(Code.DATE_INVALID, **self.where(name), value=raw, column=self.label(name))
            return None

    def months(self, name: str) -> Decimal | None:
        raw = self.raw(name)
        try:
            value = to_decimal(raw)
        except CellValueError as exc:
            self.problems.add(exc.code, **self.where(name), value=raw, column=self.label(name))
            return None
        if value is not None and not 0 <= value <= 12:
            self.problems.add(Code.LEAVE_MONTHS_OUT_OF_RANGE, **self.where(name), value=raw, column=self.label(name))
            return None
        return value

