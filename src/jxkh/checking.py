"""`jxkh check`: validate one workbook without writing anything.

Which kind of workbook it is comes from its sheet names (测评/人员 → ballots, 指标 → indicators),
else from the header row of its first sheet; then the matching reader and rules run exactly
as `score`/`appraise` would, so check reports the same problems they would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import normalize
from .headers import (
    INDICATOR_FIELDS,
    INDICATOR_SHEETS,
    RATING_FIELDS,
    RATING_SHEETS,
    ROSTER_SHEETS,
    header_index,
)

if TYPE_CHECKING:
    from .sheet_roles import SheetUse
    from .policy import Policy
    from .problems import Problem
    from .reader import Workbook

INDICATORS, RATINGS, BOTH = "indicators", "ratings", "both"
_HEADER_ROWS = 20


@dataclass
class CheckResult:
    file: Path
    kind: str  # "indicators" | "ratings" | "both"
    warnings: list[Problem] = field(default_factory=list)
    # Ratings: the indicators workbook whose accountability charges were linked (as appraise would).
    indicators: Path | None = None
    sheets: list[SheetUse] = field(default_factory=list)  # how each sheet and column was read

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        # The shape of the data-error JSON (SPEC §6), with no errors.
        return {
            "file": str(self.file),
            "kind": self.kind,
            "indicators": None if self.indicators is None else str(self.indicators),
            "sheets": [s.to_json(lang) for s in self.sheets],
            "errors": [],
            "warnings": [w.to_json(lang) for w in self.warnings],
        }


def detect_kind(book: Workbook, policy: Policy) -> str:
    """indicators or ratings: by sheet name first, else by which header the first sheet has."""
    names = {normalize(s).lower() for s in book.sheet_names}
    if names & {normalize(s).lower() for s in (*RATING_SHEETS, *ROSTER_SHEETS)}:
        return RATINGS
    if names & {normalize(s).lower() for s in INDICATOR_SHEETS}:
        return INDICATORS
    if not book.sheet_names:
        return INDICATORS
    from .sheet_roles import head

    grid = head(book, book.sheet_names[0])[:_HEADER_ROWS]  # the first rows, never the whole sheet as lists
    indicator_keys = _distinctive(header_index(INDICATOR_FIELDS), header_index(RATING_FIELDS))
    rating_keys = _distinctive(header_index(RATING_FIELDS), header_index(INDICATOR_FIELDS))
    rating_keys.update({normalize(d).lower(): d for d in policy.staff.dimensions})
    best_indicator = max((_matches(row, indicator_keys) for row in grid), default=0)
    best_rating = max((_matches(row, rating_keys) for row in grid), default=0)
    # A tie (or nothing recognised) goes to indicators, whose header-not-found names what is expected.
    return RATINGS if best_rating > best_indicator else INDICATORS


def _distinctive(mine: dict[str, str], other: dict[str, str]) -> dict[str, str]:
    """Header spellings that only this kind of workbook uses (科室 and 类别 appear in both)."""
    return {key: name for key, name in mine.items() if key not in other}


def _matches(row: list[Any], keys: dict[str, str]) -> int:
    return len({keys[k] for k in (normalize(str(v)).lower() for v in row if v not in (None, "")) if k in keys})


def check_file(path: Path | str, policy: Policy, indicators: Path | str | None = None) -> CheckResult:
    """Read and validate `path` as score/appraise would; raise DataError listing every problem.

    A ratings workbook is checked together with the accountability charges of `indicators`,
    else of the workspace's indicators.xlsx when there is one, exactly as `jxkh appraise` runs:
    a 责任人 missing from the ballots shows up here, not only at appraise. A workbook holding
    both indicator and ballot sheets is checked as both, its own indicators giving the charges.
    `sheets` says how each sheet and column was taken.
    """
    from .arguments import as_path, as_policy, optional_path
    from .cycle import appraise_file
    from .provenance import refuse_own_output
    from .reader import open_workbook, reusing

    path = as_path(path)
    policy, indicators = as_policy(policy, beside=path), optional_path(indicators, "indicators")
    if path.is_dir():  # a folder holds per-rater ballot files (`jxkh check 测评票/`)
        appraised = appraise_file(path, policy, indicators_path=indicators, write=False)
        return CheckResult(path, RATINGS, list(appraised.warnings), appraised.indicators)
    book = open_workbook(path, policy.limits)
    refuse_own_output(book)
    with reusing(book):  # score and appraise read this book again: its sheets are built once
        return _check_book(book, path, policy, indicators)


def _check_book(book: Workbook, path: Path, policy: Policy, indicators: Path | None) -> CheckResult:
    from .cycle import appraise_file, score_file
    from .sheet_roles import BALLOTS, INDICATORS as INDICATOR_ROLE, classify
    from .problems import DataError, Problems

    sheets = [classify(book, sheet, policy) for sheet in book.sheet_names]
    roles = {use.role for use in sheets}
    kind = BOTH if {INDICATOR_ROLE, BALLOTS} <= roles else detect_kind(book, policy)
    problems, warnings, linked = Problems(), [], None
    if kind in (INDICATORS, BOTH):
        try:
            scored = score_file(path, policy, write=False)
            warnings += scored.warnings
            read = {use.sheet: use for use in scored.layout}
            sheets = [read.get(use.sheet, use) if use.role in (INDICATOR_ROLE, "ignored") else use for use in sheets]
        except DataError as error:
            problems.extend(error.problems)
    if kind in (RATINGS, BOTH):
        try:
            appraised = appraise_file(path, policy, indicators_path=path if kind == BOTH else indicators, write=False)
            warnings += [w for w in appraised.warnings if w not in warnings]
            linked = appraised.indicators
        except DataError as error:
            problems.extend(p for p in error.problems if p not in problems)
    if problems.errors:
        raise DataError(problems)
    return CheckResult(path, kind, warnings, linked, sheets)
