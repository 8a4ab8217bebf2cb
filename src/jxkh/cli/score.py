"""`jxkh score [indicators.xlsx]`: score the unit's indicators into `<input>.scored.xlsx`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..headers import INDICATORS_FILE
from ..messages import text
from .common import (
    name_the_unit,
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
from .report import AssessedOption

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from ..rules.scoring import ScoreResult

# Rows shown per table (科室, 责任追究): the workbook has them all, and rich measuring thousands
# of rows took longer than scoring them.


def command(
    file: IndicatorsArgument = None,
    assessed: AssessedOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Score the unit's indicators into <input>.scored.xlsx."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> ScoreResult:
        from ..cycle import score_file

        path = workspace_file(file, INDICATORS_FILE)
        policy = options.load_policy(path)
        result = score_file(path, policy, output=options.output, assessed_path=assessed, force=options.force)
        name_the_unit(result, policy, options)
        return result

    run_with_pdf(options, action, show, pdf)


def show(result: ScoreResult, console: Console, lang: str) -> None:
    """The summary: subtotals by 类别 and 责任科室, the total and level, the charges. User text escaped."""
    from ..cells import round_to
    from ..headers import MANDATED, SELF_CHOSEN

    places, mode = result.precision, result.rounding

    def num(value: Decimal | None) -> str:
        return "" if value is None else format(round_to(value, places, mode), "f")

    def pct(score: Decimal, points: Decimal) -> str:
        return format(round_to(score / points * 100, places, mode), "f") + "%" if points else ""

    def header(*keys: str) -> list[str]:
        return [text(key, lang) for key in keys]

    print_text(console, text("score_title", lang, file=Path(result.file or "").name), style="bold")
    print_table(console, header("score_col_category", "score_col_points", "score_col_score", "score_col_ratio"), [
        [name, num(entry["points"]), num(entry["score"]),
         pct(entry["score"], entry["points"]) if name in (MANDATED, SELF_CHOSEN) else ""]
        for name, entry in result.categories.items()
    ], right=(1, 2, 3))
    console.print()
    print_table(console, header("score_col_department", "score_col_points", "score_col_score", "score_col_ratio"), [
        [name or text("no_department", lang), num(entry["points"]), num(entry["score"]), pct(entry["score"], entry["points"])]
        for name, entry in list(result.departments.items())[:SHOWN_ROWS]
    ], right=(1, 2, 3))
    if len(result.departments) > SHOWN_ROWS:
        print_text(console, text("score_more", lang, shown=SHOWN_ROWS, total=len(result.departments)))
    console.print()
    total = text(
        "score_total", lang, total=format(round_to(result.total, places, mode), "f"), max=format(result.max.normalize(), "f"),
        ratio=pct(result.total, result.max), level=result.level,
    )
    print_text(console, total, style="bold")
    if result.accountability:
        console.print()
        print_text(console, text("score_charges", lang, n=len(result.accountability)), style="bold")
        print_table(console, header(
            "score_col_person", "score_col_role", "score_col_indicator", "score_col_lost", "score_col_deduction"
        ), [
            [c.person, text("role_owner" if c.role == "owner" else "role_leader", lang), c.label, num(c.lost), num(c.deduction)]
            for c in result.accountability[:SHOWN_ROWS]
        ], right=(3, 4), keys=2)
        if len(result.accountability) > SHOWN_ROWS:
            print_text(console, text("score_more", lang, shown=SHOWN_ROWS, total=len(result.accountability)))
    if result.improvement is not None:
        from .report import show_improvement

        show_improvement(result.improvement, console, lang, places)
    if result.output is not None:
        console.print()
        print_text(console, text("wrote", lang, path=str(result.output)))
