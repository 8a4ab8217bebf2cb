"""The rest of the plan's year, file by file (as `cycle` is for score/appraise/bonus):
责任分解公示 (`duty_file`), the 目标工作台账 (`ledger_file`) and the 自评报告 (`report_file`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .messages import Code

if TYPE_CHECKING:
    from .indicators import Indicator
    from .policy import Policy
    from .problems import Problems
    from .rules.duty import DutyResult
    from .rules.ledger import LedgerResult


def roster_source(roster_path: Path | str | None) -> Path | None:
    """The roster to check names against: the one given, else the workspace's ratings.xlsx, else none."""
    if roster_path is not None:
        return Path(roster_path)
    from .headers import RATINGS_FILE

    return Path(RATINGS_FILE) if Path(RATINGS_FILE).is_file() else None


def duty_file(
    path: Path | str, policy: Policy, roster_path: Path | str | None = None, output: Path | str | None = None,
    write: bool = True,
) -> DutyResult:
    """The 责任分解公示 of an indicators workbook (grades not needed), checked against a roster:
    `roster_path`'s 人员 sheet, else the workspace's ratings.xlsx when it has one filled in."""
    from .headers import DUTY_FILE, ROSTER_SHEETS
    from .messages import Code
    from .output.duty import write_duty
    from .plan import deadline, load_plan
    from .problems import DataError, Problems
    from .ratings import read_roster
    from .rules.duty import break_down
    from .writer import check_output

    path = Path(path)
    roster_file = roster_source(roster_path)
    inputs = [path, *([roster_file] if roster_file is not None else [])]
    target = None
    if write:
        target = check_output(Path(output) if output is not None else path.with_name(DUTY_FILE), inputs)
    problems = Problems()
    names = None
    roster_label = ""
    if roster_file is not None:
        roster = read_roster(roster_file, policy, problems)
        if roster is not None:
            names = [entry.name for entry in roster.entries]
            roster_label = f"{roster_file.name} · {roster.sheet}"
        elif roster_path is not None:  # named on purpose, so its missing 人员 sheet is an error
            problems.add(Code.SHEET_MISSING, file=str(roster_file), value=ROSTER_SHEETS[0], found="—")
        else:  # the workspace's ratings.xlsx without a filled-in roster: nothing to check against
            roster_file = None
            inputs = [path]
    try:
        sheet = load_plan(path, policy)
    except DataError as error:
        raise DataError([*error.problems, *problems]) from None
    deadlines = {i.row: deadline(i, problems) for i in sheet.indicators}
    result = break_down(sheet.indicators, deadlines, names, problems, roster_label)
    problems.raise_if_errors()
    result.file = str(path)
    result.roster = roster_file
    result.warnings = [*sheet.warnings, *problems.warnings]
    if target is not None:
        result.output = write_duty(result, policy, target, inputs)
    return result


def plan_source(indicators_path: Path | str | None, beside: Path) -> Path | None:
    """The indicators workbook the ledger and the report follow: the one given, else the
    workspace's (beside the file `beside`)."""
    from .cycle import accountability_source

    return accountability_source(indicators_path, beside)


def read_plan(indicators: Path | None, given: bool, policy: Policy, problems: Problems) -> list[Indicator] | None:
    """The plan's indicators, problems added; None without a workbook, or for the workspace's
    blank one (`jxkh init` leaves it empty until the year's indicators are filled in)."""
    from .plan import load_plan
    from .problems import DataError

    if indicators is None:
        return None
    try:
        return load_plan(indicators, policy).indicators
    except DataError as error:
        if not given and all(p.code == Code.SHEET_EMPTY for p in error.problems.errors):
            return None
        problems.extend(error.problems)
        return None


def ledger_file(
    path: Path | str, policy: Policy, month: int | None = None, indicators_path: Path | str | None = None,
    output: Path | str | None = None, write: bool = True,
) -> LedgerResult:
    """Analyse a 目标工作台账 at `month` (default: the latest month it has) against the indicators
    workbook (`indicators_path`, else the workspace's indicators.xlsx when filled in), and write
    `台账汇总.xlsx` beside the ledger. On any error nothing is written."""
    from .headers import LEDGER_SUMMARY_FILE
    from .ledger import load_ledger
    from .output.ledger import write_ledger
    from .plan import deadline
    from .problems import Problems, UsageError, fail
    from .rules.ledger import analyse, link
    from .writer import check_output

    path = Path(path)
    if month is not None and not 1 <= month <= 12:
        raise fail(Code.MONTH_INVALID, UsageError, value=str(month))
    indicators_file = plan_source(indicators_path, Path(path))
    inputs = [path, *([indicators_file] if indicators_file is not None else [])]
    target = None
    if write:
        target = check_output(Path(output) if output is not None else path.with_name(LEDGER_SUMMARY_FILE), inputs)
    problems = Problems()
    plan = read_plan(indicators_file, indicators_path is not None, policy, problems)
    if plan is None and not problems.errors:
        indicators_file = None
        inputs = [path]
    deadlines = {i.row: deadline(i, problems) for i in plan or []}
    ledger = load_ledger(path, policy, problems)
    tracks = []
    if ledger is not None:
        tracks = link(ledger.entries, plan, deadlines, problems, indicators_file.name if indicators_file else "")
    problems.raise_if_errors()
    assert ledger is not None
    reported = month or max((e.month for e in ledger.entries), default=1)
    result = analyse(tracks, reported, policy.ledger.tolerance, policy.precision)
    result.file, result.indicators = str(path), indicators_file
    result.warnings = problems.warnings
    if target is not None:
        result.output = write_ledger(result, ledger, policy, target, inputs)
    return result
