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
    from .policy import Policy
    from .problems import Problem
    from .reader import Workbook

INDICATORS, RATINGS = "indicators", "ratings"
_HEADER_ROWS = 20


@dataclass
class CheckResult:
    file: Path
    kind: str  # "indicators" | "ratings"
    warnings: list[Problem] = field(default_factory=list)
    # Ratings: the indicators workbook whose accountability charges were linked (as appraise would).
    indicators: Path | None = None

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        # The shape of the data-error JSON (SPEC §6), with no errors.
        return {
            "file": str(self.file),
            "kind": self.kind,
            "indicators": None if self.indicators is None else str(self.indicators),
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
    grid = book.rows(book.sheet_names[0])[:_HEADER_ROWS]
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
    a 责任人 missing from the ballots shows up here, not only at appraise.
    """
    from .arguments import as_path, as_policy, optional_path
    from .cycle import score_file
    from .reader import open_workbook

    path = as_path(path)
    policy, indicators = as_policy(policy, beside=path), optional_path(indicators, "indicators")
    # A folder holds per-rater ballot files (`jxkh check 测评票/`).
    kind = RATINGS if path.is_dir() else detect_kind(open_workbook(path, policy.limits), policy)
    if kind == INDICATORS:
        scored = score_file(path, policy, write=False)
        return CheckResult(path, kind, list(scored.warnings))
    from .cycle import appraise_file

    appraised = appraise_file(path, policy, indicators_path=indicators, write=False)
    return CheckResult(path, kind, list(appraised.warnings), appraised.indicators)
