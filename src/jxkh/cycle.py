"""The cycle file by file: read a workbook, apply the rules, write the result.

These are what the CLI commands call, and what a Python user calls with paths. The rules
themselves (`jxkh.rules`) take validated models and do no I/O.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imports inside the functions keep `import jxkh.cycle` light
    from datetime import date
    from decimal import Decimal

    from .policy import Policy
    from .problems import DataError, Problem, Problems
    from .rules.appraisal import AppraisalResult
    from .rules.bonus import BonusResult
    from .rules.duty import DutyResult
    from .rules.ledger import LedgerResult
    from .rules.scoring import ScoreResult
    from .year import ReportResult
    from .explaining import ExplainResult


def score_file(
    path: Path | str, policy: Policy | None = None, output: Path | str | None = None, write: bool = True,
    assessed_path: Path | str | None = None, force: bool = False,
) -> ScoreResult:
    """Score an indicators workbook: read it, apply `rules.scoring`, write `<stem>.scored.xlsx`.

    `output` defaults to beside the input; `write=False` only scores (appraisal calls it for
    `.accountability`). With `assessed_path` (the city office's returned sheet) the result and the
    workbook carry the 改进 analysis. An existing `output` jxkh did not write is replaced only
    with `force`; `policy` None: the jxkh.toml beside the input, else the built-in one. Raises
    DataError listing every problem, and then writes nothing.
    """
    from .arguments import as_path, as_policy, optional_path
    from .indicator_book import load_indicators
    from .output.scored import write_scored
    from .rules.scoring import score
    from .writer import check_output, default_output

    path = as_path(path)
    policy, output = as_policy(policy, beside=path), optional_path(output, "output")
    assessed_path = optional_path(assessed_path, "assessed_path")
    inputs = [path, *([assessed_path] if assessed_path is not None else [])]
    target = None
    if write:  # refuse a bad target before any work: an input, a missing folder, a locked file
        target = check_output(Path(output) if output is not None else default_output(path), inputs, force)
    book = load_indicators(path, policy)
    result = score(book.indicators, policy)
    result.warnings = [*book.warnings, *result.warnings]
    result.layout = book.layout
    result.fault_column = book.fault_column
    if assessed_path is not None:
        from .assessed import read_assessed
        from .problems import Problems
        from .rules.improvement import compare

        problems = Problems()
        assessed = read_assessed(assessed_path, book.indicators, policy, problems)
        problems.raise_if_errors()
        result.improvement = compare(result.rows, assessed)
        result.warnings.extend(problems.warnings)
    else:  # 自评 and 核定/考核 side by side in the workbook itself: the same analysis
        from .rules.improvement import against_self

        result.improvement = against_self(result.rows, policy)
    if target is not None:
        result.output = write_scored(book.tables, result, policy, inputs, target)
    return result


# The workspace's indicators workbook: `jxkh appraise`/`bonus` apply its accountability
# deductions when it is beside the ratings workbook and no --indicators is given (SPEC §2).


def _only_empty(error: DataError) -> bool:
    from .messages import Code

    return all(p.code == Code.SHEET_EMPTY for p in error.problems.errors)


def accountability_source(indicators_path: Path | str | None, beside: Path) -> Path | None:
    """The indicators workbook whose charges apply: the one given, else the workspace's (the
    indicators.xlsx beside the input `beside`: its own folder, not the current one), else none."""
    if indicators_path is not None:
        return Path(indicators_path)
    from .headers import INDICATORS_FILE

    workspace = Path(beside).with_name(INDICATORS_FILE)
    return workspace if workspace.is_file() else None


def appraise_file(
    ratings_path: Path | str,
    policy: Policy | None = None,
    indicators_path: Path | str | None = None,
    output: Path | str | None = None,
    write: bool = True,
    roster_path: Path | str | None = None,
    force: bool = False,
) -> AppraisalResult:
    """Appraise staff from a ratings workbook and write `<stem>.scored.xlsx`.

    Accountability deductions come from `indicators_path`, else from `indicators.xlsx` in
    the ratings workbook's folder when there is one (`result.indicators` says which; None: none
    applied). `ratings_path` may be a folder of per-rater ballot files; `roster_path` a
    workbook whose 人员 sheet is the roster (else the ratings' own, or the folder's 人员 file).
    Problems in the ballots, the roster and the indicators are reported together;
    on any error nothing is written.
    """
    from .arguments import as_path, as_policy, optional_path
    from .output.appraisal import write_appraisal
    from .writer import check_output, default_output

    ratings_path = as_path(ratings_path, "ratings_path")
    policy, output = as_policy(policy, beside=ratings_path), optional_path(output, "output")
    indicators_path = optional_path(indicators_path, "indicators_path")
    indicators = accountability_source(indicators_path, ratings_path)
    target = None
    if write:
        inputs = [ratings_path, *([indicators] if indicators is not None else [])]
        target = check_output(Path(output) if output is not None else default_output(ratings_path), inputs, force)
    with _preparing(target):
        run = appraisal_run(ratings_path, policy, indicators_path, roster_path)
    if target is not None:
        run.result.output = write_appraisal(run.result, run.ratings, policy, target, run.inputs)
    return run.result


def _preparing(target: Path | None) -> AbstractContextManager[None]:
    """With a workbook to write, openpyxl is imported while fastexcel builds a large ballot sheet."""
    from .reader import columnar

    return columnar.meanwhile(_import_writer) if target is not None else nullcontext()


def _import_writer() -> None:
    import openpyxl  # noqa: F401


@dataclass
class AppraisalRun:
    """An appraisal with what it was computed from: the ballots read, the indicators scored
    (None without an indicators workbook) and the input files (for the 说明 sheet)."""

    result: AppraisalResult
    ratings: Any  # ratings.Ratings
    scored: ScoreResult | None
    inputs: list[Path]


def appraisal_run(
    ratings_path: Path, policy: Policy, indicators_path: Path | None = None, roster_path: Path | str | None = None,
    keep: bool = False,
) -> AppraisalRun:
    """Read the ballots (and the indicators' charges) and appraise; what `appraise_file` writes and
    `jxkh explain` explains (`keep`: each ballot's row kept, to name it)."""
    from .messages import Code
    from .problems import DataError, Problem, Problems
    from .ratings import read_ratings
    from .rules.appraisal import appraise, link_charges
    from .standing import appraisal_year, read_standings

    indicators = accountability_source(indicators_path, ratings_path)
    inputs = [ratings_path, *([indicators] if indicators is not None else [])]
    problems = Problems()
    ratings = read_ratings(ratings_path, policy, problems, roster_path, keep)
    if ratings is not None:  # a folder: the files read, each hashed in the 说明 sheet
        inputs = [*ratings.files, *inputs[1:]]
    standings = read_standings(ratings.roster if ratings is not None else None, policy, problems)
    charges = []
    level = None
    scored = None
    notices = []  # from the indicators: not filled in, or no 个人原因 column: nobody could be charged
    if indicators is not None:
        try:
            scored = score_file(indicators, policy, write=False)
            charges, level = scored.accountability, scored.level
            notices = [w for w in scored.warnings if w.code == Code.NO_FAULT_COLUMN]
        except DataError as error:
            if indicators_path is None and _only_empty(error):
                # The blank indicators.xlsx `jxkh init` wrote, not filled in yet: no charges, said so.
                empty = error.problems.errors[0]
                notices = [Problem(Code.INDICATORS_NOT_FILLED, file=empty.file, sheet=empty.sheet)]
            else:
                problems.extend(error.problems)
    if ratings is not None:
        link_charges(charges, ratings.ballots.people, problems)
    problems.raise_if_errors()
    assert ratings is not None
    result = appraise(ratings.ballots, ratings.roster, charges, policy, standings, level, appraisal_year(policy))
    result.warnings = [*ratings.warnings, *notices, *result.warnings]
    result.indicators = indicators
    result.files = ratings.files
    return AppraisalRun(result, ratings, scored, inputs)


def bonus_file(
    ratings_path: Path | str,
    policy: Policy | None,
    pool: Decimal | str | int | None,
    indicators_path: Path | str | None = None,
    output: Path | str | None = None,
    write: bool = True,
    roster_path: Path | str | None = None,
    force: bool = False,
    notice_start: date | None = None,
) -> BonusResult:
    """Split `pool` by 扣差补优 over the grades recomputed from the ballots, and write `bonus.xlsx`.

    The appraisal is recomputed, never read from an earlier output that may be stale, with
    the accountability deductions of `indicators_path`, else of `indicators.xlsx` beside the
    ratings workbook (as `appraise_file`). `output` defaults to `bonus.xlsx` beside the ratings
    workbook. A bad pool and bad ballots are reported together; on any error nothing is written.
    `notice_start`: the first day of the 公示期 (else the policy's `[notice] start`).
    """
    from .arguments import as_path, as_policy, optional_path
    from .headers import BONUS_FILE
    from .output.bonus import write_bonus
    from .problems import DataError, Problems
    from .rules.bonus import distribute
    from .writer import check_output

    ratings_path = as_path(ratings_path, "ratings_path")
    policy, output = as_policy(policy, beside=ratings_path), optional_path(output, "output")
    indicators_path = optional_path(indicators_path, "indicators_path")
    indicators = accountability_source(indicators_path, ratings_path)
    inputs = [ratings_path, *([indicators] if indicators is not None else [])]
    target = None
    if write:
        target = check_output(Path(output) if output is not None else ratings_path.with_name(BONUS_FILE), inputs, force)
    pool_problems = Problems()
    amount = parse_pool(pool, pool_problems)
    try:
        with _preparing(target):
            appraisal = appraise_file(ratings_path, policy, indicators_path=indicators_path, write=False, roster_path=roster_path)
    except DataError as error:
        raise DataError([*pool_problems, *error.problems]) from None
    pool_problems.raise_if_errors()
    assert amount is not None
    result = distribute(appraisal.people, amount, policy)
    result.warnings = [*appraisal.warnings, *result.warnings]
    result.indicators = appraisal.indicators
    if target is not None:
        result.output = write_bonus(result, policy, target, ratings_path, appraisal.indicators, appraisal.files, notice_start)
    return result


def explain_file(
    ratings_path: Path | str | None,
    who: str | None = None,
    policy: Policy | None = None,
    pool: Decimal | str | int | None = None,
    indicators_path: Path | str | None = None,
    roster_path: Path | str | None = None,
    indicator: str | None = None,
    everyone: bool = False,
    output: Path | str | None = None,
    force: bool = False,
) -> ExplainResult:
    """How a person's figures were reached (`who`: a name or 工号; `everyone`: all of them), or an
    indicator row's (`indicator`: its 序号 or name, from `indicators_path` or the workspace's).

    The appraisal (and with `pool` the split) is computed as `appraise`/`bonus` compute it, the
    rules recording their steps; `explaining` orders them. `output`: also an explain.xlsx.
    """
    from .arguments import as_path, as_policy, optional_path
    from .explaining import ExplainResult, ballot_index, explain_indicator, explain_person, find_people, find_rows
    from .headers import INDICATORS_FILE
    from .messages import Code
    from .problems import DataError, Problems, UsageError, fail
    from .rules.bonus import distribute
    from .writer import check_output

    output = optional_path(output, "output")
    indicators_path = optional_path(indicators_path, "indicators_path")
    if indicator is not None:
        path = indicators_path if indicators_path is not None else Path(INDICATORS_FILE)
        path = as_path(path, "indicators_path")
        policy = as_policy(policy, beside=path)
        target = check_output(output, [path], force) if output is not None else None
        scored = score_file(path, policy, write=False)
        found = find_rows(scored.rows, indicator)
        if not found:
            raise fail(Code.EXPLAIN_INDICATOR_NOT_FOUND, UsageError, file=str(path), value=indicator)
        result = ExplainResult([explain_indicator(scored.rows[i], scored, policy) for i in found], scored.warnings)
        inputs = [path]
    else:
        ratings_path = as_path(ratings_path, "ratings_path")
        policy = as_policy(policy, beside=ratings_path)
        if who is None and not everyone:
            raise fail(Code.EXPLAIN_WHO_MISSING, UsageError)
        indicators = accountability_source(indicators_path, ratings_path)
        target = None
        if output is not None:
            target = check_output(output, [ratings_path, *([indicators] if indicators is not None else [])], force)
        pool_problems = Problems()
        amount = parse_pool(pool, pool_problems) if pool is not None else None
        try:
            run = appraisal_run(ratings_path, policy, indicators_path, roster_path, keep=True)
        except DataError as error:
            raise DataError([*pool_problems, *error.problems]) from None
        pool_problems.raise_if_errors()
        people = run.result.people
        if everyone:
            chosen = list(range(len(people)))
        else:
            assert who is not None
            chosen = find_people(people, who)
            if not chosen:
                from .ratings.identity import Directory

                hint = Directory(run.ratings.ballots.people).hint(who)
                raise fail(Code.EXPLAIN_NOT_FOUND, UsageError, value=who, hint=hint)
            if len(chosen) > 1:
                raise fail(Code.EXPLAIN_AMBIGUOUS, UsageError, value=who,
                           matches="、".join(f"{people[i].name}（{people[i].id or ''}）" for i in chosen))
        bonus = distribute(people, amount, policy) if amount is not None else None
        rows = ballot_index(run.ratings.ballots)
        result = ExplainResult([explain_person(i, run, policy, bonus, rows) for i in chosen],
                               [*run.result.warnings, *(bonus.warnings if bonus is not None else [])], everyone=everyone)
        inputs = run.inputs
    if target is not None:
        from .output.explain import write_explain

        result.output = write_explain(result, policy, target, inputs)
    return result


def parse_pool(value: object, problems: Problems) -> Decimal | None:
    """The pool as typed (`--pool 50000`, "50,000.00", "50000元", "５００００") → Decimal; else
    POOL_INVALID and None. Read here, where the user's text comes in: the rules take a Decimal."""
    from decimal import Decimal

    from .cells import CellValueError, to_decimal
    from .messages import Code

    if value is None or (isinstance(value, str) and not value.strip()):
        problems.add(Code.POOL_MISSING)
        return None
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        pool: Decimal | None = Decimal(value)
    else:
        try:
            pool = to_decimal(value) if isinstance(value, (str, float)) else None
        except CellValueError:
            pool = None
    if pool is None or not pool.is_finite() or pool <= 0:
        problems.add(Code.POOL_INVALID, value=str(value))
        return None
    return pool


DEMO_FOLDER = "jxkh-demo"
DEMO_POOL = 50000


@dataclass
class DemoResult:
    """`jxkh demo`: the example copied into `folder`, then the whole year run on it: the 责任分解公示,
    the ledger at its latest month, the scoring, appraisal and split, the 自评报告."""

    folder: Path
    copied: list[Path]
    score: ScoreResult
    appraisal: AppraisalResult
    bonus: BonusResult
    grades: list[str]  # the policy's staff grades, best first
    warnings: list[Problem] = field(default_factory=list)
    duty: DutyResult | None = None
    ledger: LedgerResult | None = None
    report: ReportResult | None = None

    @property
    def outputs(self) -> list[Path]:
        year = [self.duty, self.ledger]
        report = [self.report.output, self.report.measures] if self.report is not None else []
        return [p for p in (*(r.output for r in year if r is not None), self.score.output, self.appraisal.output,
                            self.bonus.output, *report) if p is not None]

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "copied": [str(p) for p in self.copied],
            "outputs": [str(p) for p in self.outputs],
            "score": self.score.to_json(lang),
            "appraise": self.appraisal.to_json(lang),
            "bonus": self.bonus.to_json(lang),
            "duty": None if self.duty is None else self.duty.to_json(lang),
            "ledger": None if self.ledger is None else self.ledger.to_json(lang),
            "report": None if self.report is None else self.report.to_json(lang),
        }


def run_demo(folder: Path | str = DEMO_FOLDER, pool: Decimal | str | int = DEMO_POOL, policy: Policy | None = None) -> DemoResult:
    """Write the bundled example unit into `folder` (new, or empty) and run the whole cycle on it.

    An existing folder with anything in it is refused (exit 2): the demo never overwrites a
    user's files. `policy` defaults to the example's own jxkh.toml.
    """
    from .arguments import as_path, as_policy
    from .example import write_example
    from .headers import ASSESSED_FILE, INDICATORS_FILE, LEDGER_FILE, RATINGS_FILE
    from .messages import Code
    from .policy import POLICY_FILE, load_policy
    from .problems import Problems, UsageError, fail
    from .year import duty_file, ledger_file, report_file

    folder = as_path(folder, "folder")
    if policy is not None:
        policy = as_policy(policy)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise fail(Code.FOLDER_NOT_EMPTY, UsageError, file=str(folder), value=str(folder))
    problems = Problems()  # a bad --pool is refused before anything is copied
    parse_pool(pool, problems)
    problems.raise_if_errors()
    try:
        copied = write_example(folder)
    except OSError as exc:  # a read-only or full place: the folder cannot be made or written
        from .writer import write_failure

        raise write_failure(exc, folder, shown=folder) from None
    if policy is None:
        policy = load_policy(folder / POLICY_FILE)
    indicators, ratings = folder / INDICATORS_FILE, folder / RATINGS_FILE
    ledger, assessed = folder / LEDGER_FILE, folder / ASSESSED_FILE
    duty = duty_file(indicators, policy, roster_path=ratings)
    progress = ledger_file(ledger, policy, indicators_path=indicators)
    score = score_file(indicators, policy)
    appraisal = appraise_file(ratings, policy, indicators_path=indicators)
    bonus = bonus_file(ratings, policy, pool, indicators_path=indicators)
    report = report_file(indicators, policy, ledger_path=ledger, assessed_path=assessed)
    # bonus recomputes the appraisal and report the scoring: their warnings are shown once.
    warnings: list[Problem] = []
    for step in (duty, progress, score, appraisal, bonus, report):
        warnings.extend(w for w in step.warnings if w not in warnings)
    return DemoResult(folder, copied, score, appraisal, bonus, policy.staff.grades, warnings, duty, progress, report)
