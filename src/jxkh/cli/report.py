"""`jxkh report [indicators.xlsx] [--ledger 台账.xlsx] [--assessed F]`: the 自评报告 as a Word document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..headers import INDICATORS_FILE
from ..messages import text
from .common import (
    SHOWN_ROWS,
    DebugOption,
    ForceOption,
    IndicatorsArgument,
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

    from ..rules.improvement import Improvement
    from ..year import ReportResult

LedgerOption = Annotated[Optional[Path], typer.Option("--ledger", show_default=False)]
AssessedOption = Annotated[Optional[Path], typer.Option("--assessed", show_default=False)]


def command(
    file: IndicatorsArgument = None,
    ledger: LedgerOption = None,
    assessed: AssessedOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Write the self-assessment report 自评报告.docx (and 整改措施.xlsx with --assessed)."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> ReportResult:
        from ..year import report_file

        path = workspace_file(file, INDICATORS_FILE)
        return report_file(path, options.load_policy(path), ledger_path=ledger, assessed_path=assessed,
                           output=options.output, force=options.force)

    run_with_pdf(options, action, show, pdf)  # the Word report's PDF; 整改措施.xlsx is a form to fill in


def show(result: ReportResult, console: Console, lang: str) -> None:
    from ..cells import round_to

    places = result.score.precision

    score = result.score
    print_text(console, text("score_total", lang, total=format(round_to(score.total, places), "f"),
                             max=format(score.max.normalize(), "f"),
                             ratio=format(round_to(score.total / score.max * 100, places), "f") + "%",
                             level=score.level), style="bold")
    missing = [r.indicator.name for r in score.rows if not result.done.get(r.indicator.key)]
    if missing:
        print_text(console, text("report_no_done", lang, n=len(missing), names="、".join(missing[:10])))
    if result.ledger is not None:
        print_text(console, text("report_ledger", lang, path=str(result.ledger)))
    if result.improvement is not None:
        show_improvement(result.improvement, console, lang, places)
    console.print()
    for path in (result.output, result.measures):
        if path is not None:
            print_text(console, text("wrote", lang, path=str(path)))


def show_improvement(improvement: Improvement, console: Console, lang: str, places: int) -> None:
    """Where the city office scored below the self-assessment: by indicator, then by 科室 and category."""
    from ..cells import round_to

    def num(value: Decimal) -> str:
        return format(round_to(value, places), "f")

    console.print()
    print_text(console, text("report_shortfalls", lang, n=len(improvement.shortfalls),
                             gap=format(round_to(improvement.gap, places), "f")), style="bold")
    if not improvement.shortfalls:
        return
    header = [text(key, lang) for key in ("score_col_indicator", "score_col_department", "score_col_category",
                                          "report_col_self", "report_col_assessed", "report_col_gap")]
    print_table(console, header, [
        [s.indicator.name, s.indicator.department, s.indicator.category, num(s.self_score), num(s.assessed_score), num(s.gap)]
        for s in improvement.shortfalls[:SHOWN_ROWS]
    ], right=(3, 4, 5))
    for title, totals in (("score_col_department", improvement.by_department),
                          ("score_col_category", improvement.by_category)):
        line = "，".join(f"{name} {format(round_to(v, places), 'f')}" for name, v in totals.items())
        print_text(console, f"{text(title, lang)}：{line}")
