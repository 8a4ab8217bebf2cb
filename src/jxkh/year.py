"""The rest of the plan's year, file by file (as `cycle` is for score/appraise/bonus):
责任分解公示 (`duty_file`), the 目标工作台账 (`ledger_file`) and the 自评报告 (`report_file`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cells import clean_text
from .messages import Code

if TYPE_CHECKING:
    from decimal import Decimal

    from .indicators import Indicator, IndicatorKey
    from .policy import Policy
    from .problems import Problem, Problems
    from .rules.duty import DutyResult
    from .rules.improvement import Improvement
    from .rules.scoring import ScoreResult
    from .rules.ledger import LedgerResult


def roster_source(roster_path: Path | str | None, beside: Path) -> Path | None:
    """The roster to check names against: the one given, else the workspace's ratings.xlsx
    (beside the indicators workbook `beside`), else none."""
    if roster_path is not None:
        return Path(roster_path)
    from .headers import RATINGS_FILE

    workspace = Path(beside).with_name(RATINGS_FILE)
    return workspace if workspace.is_file() else None


def duty_file(
    path: Path | str, policy: Policy | None = None, roster_path: Path | str | None = None, output: Path | str | None = None,
    write: bool = True,
    force: bool = False,
) -> DutyResult:
    """The 责任分解公示 of an indicators workbook (grades not needed), checked against a roster:
    `roster_path`'s 人员 sheet, else the workspace's ratings.xlsx when it has one filled in."""
    from .headers import DUTY_FILE, RATINGS_FILE, ROSTER_SHEETS
    from .messages import Code
    from .output.duty import write_duty
    from .plan import deadline, load_plan, plan_year
    from .problems import DataError, Problems
    from .ratings import read_roster
    from .rules.duty import break_down
    from .writer import check_output

    from .arguments import as_path, as_policy, optional_path

    path = as_path(path)
    policy, output = as_policy(policy, beside=path), optional_path(output, "output")
    roster_file = roster_source(optional_path(roster_path, "roster_path"), path)
    inputs = [path, *([roster_file] if roster_file is not None else [])]
    target = None
    if write:
        target = check_output(Path(output) if output is not None else path.with_name(DUTY_FILE), inputs, force)
    problems = Problems()
    entries = None
    roster_label = ""
    if roster_file is not None:
        roster = read_roster(roster_file, policy, problems)
        if roster is not None:
            entries = roster.entries
            roster_label = f"{roster_file.name} · {roster.sheet}"
        elif roster_path is not None:  # named on purpose, so its missing 人员 sheet is an error
            problems.add(Code.SHEET_MISSING, file=str(roster_file), value=ROSTER_SHEETS[0], found="—")
        else:  # the workspace's ratings.xlsx without a filled-in roster: nothing to check against
            roster_file = None
            inputs = [path]
    if roster_file is None:
        problems.add(Code.DUTY_ROSTER_UNCHECKED, file=str(path), ratings=RATINGS_FILE)
    try:
        sheet = load_plan(path, policy)
    except DataError as error:
        raise DataError([*error.problems, *problems]) from None
    deadlines = {i.key: deadline(i, problems, plan_year(policy)) for i in sheet.indicators}
    result = break_down(sheet.indicators, deadlines, entries, problems, roster_label)
    result.precision = policy.precision
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
    path: Path | str, policy: Policy | None = None, month: int | None = None, indicators_path: Path | str | None = None,
    output: Path | str | None = None, write: bool = True, force: bool = False,
) -> LedgerResult:
    """Analyse a 目标工作台账 at `month` (default: the latest month it has) against the indicators
    workbook (`indicators_path`, else the workspace's indicators.xlsx when filled in), and write
    `台账汇总.xlsx` beside the ledger. On any error nothing is written."""
    from .headers import LEDGER_SUMMARY_FILE
    from .ledger import load_ledger
    from .output.ledger import write_ledger
    from .plan import deadline, plan_year
    from .problems import Problems, UsageError, fail
    from .rules.ledger import analyse, link
    from .arguments import as_path, as_policy, optional_path
    from .writer import check_output

    path = as_path(path)
    policy, output = as_policy(policy, beside=path), optional_path(output, "output")
    indicators_path = optional_path(indicators_path, "indicators_path")
    if month is not None and not 1 <= month <= 12:
        raise fail(Code.MONTH_INVALID, UsageError, value=str(month))
    indicators_file = plan_source(indicators_path, Path(path))
    inputs = [path, *([indicators_file] if indicators_file is not None else [])]
    target = None
    if write:
        target = check_output(Path(output) if output is not None else path.with_name(LEDGER_SUMMARY_FILE), inputs, force)
    problems = Problems()
    plan = read_plan(indicators_file, indicators_path is not None, policy, problems)
    if plan is None and not problems.errors:
        indicators_file = None
        inputs = [path]
    deadlines = {i.key: deadline(i, problems, plan_year(policy)) for i in plan or []}
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


@dataclass
class ReportResult:
    """`jxkh report`: the scored indicators with what was done and the evidence, and the 改进
    analysis when the city office's assessment is given."""

    score: ScoreResult
    done: dict[IndicatorKey, str]  # indicator sheet and row → 完成情况
    evidence: dict[IndicatorKey, list[str]]  # indicator sheet and row → 佐证材料, one item each
    # Rows scored from the workbook's own 核定/考核 columns: their 自评等次 and 自评得分, so the
    # report shows both and never calls the office's figures the unit's self-assessment.
    own: dict[IndicatorKey, tuple[str, Decimal | None]] = field(default_factory=dict)
    improvement: Improvement | None = None
    ledger: Path | None = None
    assessed: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None
    measures: Path | None = None  # 整改措施.xlsx

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        from .cells import round_to

        score = self.score

        def num(value: Any) -> Any:  # every figure at the policy's precision, as all commands' JSON
            return round_to(value, score.precision) if value is not None else None

        def sums(by: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
            return {name: {k: num(v) for k, v in entry.items()} for name, entry in by.items()}

        return {
            "total": num(score.total), "max": num(score.max), "level": score.level,
            "categories": sums(score.categories), "departments": sums(score.departments),
            "indicators": [
                {"row": r.indicator.row, "id": r.indicator.id, "name": r.indicator.name, "category": r.indicator.category,
                 "points": num(r.indicator.points), "grade": r.indicator.grade, "score": num(r.score), "lost": num(r.lost),
                 "reason": r.indicator.reason, "done": self.done.get(r.indicator.key, ""),
                 "evidence": self.evidence.get(r.indicator.key, [])}
                for r in score.rows
            ],
            "improvement": None if self.improvement is None else self.improvement.to_json(score.precision),
            "ledger": None if self.ledger is None else str(self.ledger),
            "assessed": None if self.assessed is None else str(self.assessed),
            "warnings": [w.to_json(lang) for w in self.warnings],
            "output": None if self.output is None else str(self.output),
            "measures": None if self.measures is None else str(self.measures),
        }


def ledger_source(ledger_path: Path | str | None, beside: Path) -> Path | None:
    """The ledger the report quotes: the one given, else the workspace's 台账.xlsx (beside the
    indicators workbook `beside`), else none."""
    if ledger_path is not None:
        return Path(ledger_path)
    from .headers import LEDGER_FILE

    workspace = Path(beside).with_name(LEDGER_FILE)
    return workspace if workspace.is_file() else None


def report_file(
    path: Path | str, policy: Policy, ledger_path: Path | str | None = None, assessed_path: Path | str | None = None,
    output: Path | str | None = None, write: bool = True, force: bool = False,
) -> ReportResult:
    """The 自评报告 of a scored indicators workbook: `自评报告.docx` beside it, and with the city
    office's returned sheet (`assessed_path`) the 改进 analysis and `整改措施.xlsx`. 完成情况 comes
    from the workbook's 完成情况说明, else the ledger's monthly 完成情况; 佐证材料 from both."""
    from .assessed import read_assessed
    from .cycle import score_file
    from .headers import MEASURES_FILE, REPORT_FILE
    from .ledger import load_ledger
    from .output.improvement import write_measures
    from .output.report import write_report
    from .problems import DataError, Problems
    from .rules.improvement import assessed_apart, compare, self_score
    from .rules.ledger import link
    from .writer import check_output

    path = Path(path)
    ledger_file_ = ledger_source(ledger_path, Path(path))
    assessed = Path(assessed_path) if assessed_path is not None else None
    inputs = [path, *(p for p in (ledger_file_, assessed) if p is not None)]
    target = measures = None
    if write:
        target = check_output(Path(output) if output is not None else path.with_name(REPORT_FILE), inputs, force, ".docx")
        if assessed is not None:
            measures = check_output(target.with_name(MEASURES_FILE), inputs, force)
    problems = Problems()
    try:
        score = score_file(path, policy, write=False)
    except DataError as error:
        raise DataError([*error.problems]) from None
    indicators = [r.indicator for r in score.rows]
    tracks = []
    if ledger_file_ is not None:
        ledger = load_ledger(ledger_file_, policy, problems, required=ledger_path is not None)
        if ledger is None:
            ledger_file_ = None  # the workspace's blank ledger: said in a notice, and not quoted
        else:
            tracks = link(ledger.entries, indicators, {}, problems, path.name)
    assessed_scores = read_assessed(assessed, indicators, policy, problems) if assessed is not None else None
    problems.raise_if_errors()
    by_key = {t.key: t for t in tracks if t.key is not None}
    done: dict[IndicatorKey, str] = {}
    evidence: dict[IndicatorKey, list[str]] = {}
    for i in indicators:
        track = by_key.get(i.key)
        entries = [track.entries[m] for m in sorted(track.entries)] if track is not None else []
        done[i.key] = clean_text(i.values.get("summary")) or "；".join(f"{e.month}月：{e.done}" for e in entries if e.done)
        items = [*split_items(clean_text(i.values.get("evidence"))), *(x for e in entries for x in split_items(e.evidence))]
        evidence[i.key] = list(dict.fromkeys(items))
    own = {i.key: (i.self_grade or "", self_score(i, policy)) for i in indicators
           if (i.self_grade or i.self_score is not None) and assessed_apart(i)}
    result = ReportResult(score, done, evidence, own, ledger=ledger_file_, assessed=assessed)
    # The office's sheet, else the workbook's own 核定/考核 columns beside its 自评 ones.
    result.improvement = compare(score.rows, assessed_scores) if assessed_scores is not None else score.improvement
    if target is not None and measures is None and result.improvement is not None:
        measures = check_output(target.with_name(MEASURES_FILE), inputs, force)
    result.warnings = [*score.warnings, *problems.warnings]
    if target is not None:
        result.output = write_report(result, policy, target)
        if measures is not None and result.improvement is not None:
            result.measures = write_measures(result.improvement, policy, measures, inputs)
    return result


_ITEMS = re.compile(r"[、；;\n]+")


def split_items(text: str) -> list[str]:
    """佐证材料 as a list: "党建计划.doc、会议记录；照片" → three items."""
    return [item.strip() for item in _ITEMS.split(text or "") if item.strip()]
