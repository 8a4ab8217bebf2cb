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
    run,
    workspace_file,
)
from .pdf import PdfOption, show_pdfs, write_pdf
from .printing import cell

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console
    from rich.text import Text

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

    pdfs: list[Path] = []

    def action() -> LedgerResult:
        from ..year import ledger_file

        path = workspace_file(file, LEDGER_FILE)
        result = ledger_file(path, options.load_policy(path), month=month, indicators_path=indicators,
                             output=options.output, force=options.force)
        pdfs.extend(write_pdf(result.output, pdf))
        return result

    run(options, action, lambda result, console: (show(result, console, options.lang), show_pdfs(console, pdfs, options.lang)))


def show(result: LedgerResult, console: Console, lang: str) -> None:
    from rich.table import Table

    from ..cells import round_to

    def pct(value: Decimal | None) -> Text:
        return cell("" if value is None else format(round_to(value * 100, result.precision), "f") + "%", justify="right")

    def table(*keys: str) -> Table:
        grid = Table(box=None, pad_edge=False, header_style="bold")
        for key in keys:
            grid.add_column(text(key, lang))
        return grid

    def section(key: str, rows: list[list[Text]], *columns: str) -> None:
        console.print()
        console.print(cell(text(key, lang, n=len(rows), month=result.month), style="bold"))
        if rows:
            grid = table(*columns)
            for row in rows[:SHOWN_ROWS]:
                grid.add_row(*row)
            console.print(grid)

    console.print(cell(text(
        "ledger_title", lang, file=Path(result.file or "").name, month=result.month, elapsed=pct(result.elapsed).plain,
        tolerance=pct(result.tolerance).plain,
    ), style="bold"))
    by_department = table("score_col_department")
    by_department.add_column(text("ledger_col_progress", lang, month=result.month), justify="right")
    for name, by_month in result.departments.items():
        by_department.add_row(cell(name or text("no_department", lang)), pct(by_month[result.month]))
    console.print(by_department)
    section("ledger_behind", [
        [cell(f.track.label), cell(f.track.department), pct(f.progress), pct(f.expected), pct(f.gap)]
        for f in result.behind
    ], "score_col_indicator", "score_col_department", "ledger_col_now", "ledger_col_expected", "ledger_col_gap")
    section("ledger_overdue", [
        [cell(f.track.label), cell(f.track.department), cell(f"{f.track.deadline}"), pct(f.progress)]
        for f in result.overdue
    ], "score_col_indicator", "score_col_department", "ledger_col_deadline", "ledger_col_now")
    section("ledger_missing", [
        [cell(t.label), cell(t.department), cell(str(max(t.entries)) if t.entries else "—")]
        for t in result.missing
    ], "score_col_indicator", "score_col_department", "ledger_col_last")
    section("ledger_issues", [
        [cell(t.label), cell(t.department), cell(e.issues)] for t, e in result.issues
    ], "score_col_indicator", "score_col_department", "ledger_col_issue")
    if result.indicators is None:
        console.print(cell(text("ledger_no_indicators", lang)))
    if result.output is not None:
        console.print()
        console.print(cell(text("wrote", lang, path=str(result.output))))
