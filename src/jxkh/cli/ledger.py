"""`jxkh ledger [台账.xlsx] [--month 6]`: the 目标工作台账 summed up for the 绩效情况分析会."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..headers import LEDGER_FILE
from ..messages import text
from .common import (
    SHOWN_ROWS,
    DebugOption,
    ForceOption,
    IndicatorsOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    workspace_file,
)
from .pdf import PdfOption, run_with_pdf
from .printing import print_table, print_text

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from ..rules.ledger import LedgerResult

LedgerArgument = Annotated[Optional[Path], typer.Argument(metavar="ledger_file", readable=False, show_default=False)]
MonthOption = Annotated[Optional[int], typer.Option("--month", show_default=False)]


def command(
    file: LedgerArgument = None,
    month: MonthOption = None,
    indicators: IndicatorsOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Sum up the monthly ledger for the performance review meeting into 台账汇总.xlsx."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> LedgerResult:
        from ..year import ledger_file

        path = workspace_file(file, LEDGER_FILE)
        return ledger_file(path, options.load_policy(path), month=month, indicators_path=indicators,
                           output=options.output, force=options.force)

    run_with_pdf(options, action, show, pdf)


def show(result: LedgerResult, console: Console, lang: str) -> None:
    from ..cells import round_to

    def pct(value: Decimal | None) -> str:
        return "" if value is None else format(round_to(value * 100, result.precision), "f") + "%"

    def section(key: str, rows: list[list[object]], columns: tuple[str, ...], right: tuple[int, ...]) -> None:
        console.print()
        print_text(console, text(key, lang, n=len(rows), month=result.month), style="bold")
        if rows:
            print_table(console, [text(c, lang) for c in columns], rows[:SHOWN_ROWS], right=right)

    print_text(console, text(
        "ledger_title", lang, file=Path(result.file or "").name, month=result.month, elapsed=pct(result.elapsed),
        tolerance=pct(result.tolerance),
    ), style="bold")
    print_table(console, [text("score_col_department", lang), text("ledger_col_progress", lang, month=result.month)], [
        [name or text("no_department", lang), pct(by_month[result.month])] for name, by_month in result.departments.items()
    ], right=(1,))
    section("ledger_behind", [
        [f.track.label, f.track.department, pct(f.progress), pct(f.expected), pct(f.gap)] for f in result.behind
    ], ("score_col_indicator", "score_col_department", "ledger_col_now", "ledger_col_expected", "ledger_col_gap"), (2, 3, 4))
    section("ledger_overdue", [
        [f.track.label, f.track.department, f"{f.track.deadline}", pct(f.progress)] for f in result.overdue
    ], ("score_col_indicator", "score_col_department", "ledger_col_deadline", "ledger_col_now"), (3,))
    section("ledger_missing", [
        [t.label, t.department, str(max(t.entries)) if t.entries else "—"] for t in result.missing
    ], ("score_col_indicator", "score_col_department", "ledger_col_last"), ())
    section("ledger_issues", [
        [t.label, t.department, e.issues] for t, e in result.issues
    ], ("score_col_indicator", "score_col_department", "ledger_col_issue"), ())
    if result.indicators is None:
        print_text(console, text("ledger_no_indicators", lang))
    if result.output is not None:
        console.print()
        print_text(console, text("wrote", lang, path=str(result.output)))
