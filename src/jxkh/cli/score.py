"""`jxkh score [indicators.xlsx]`: score the unit's indicators into `<input>.scored.xlsx`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
    run,
    workspace_file,
)
from .pdf import PdfOption, show_pdfs, write_pdf
from .printing import cell
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

    pdfs: list[Path] = []

    def action() -> ScoreResult:
        from ..cycle import score_file

        path = workspace_file(file, INDICATORS_FILE)
        result = score_file(path, options.load_policy(path), output=options.output, assessed_path=assessed, force=options.force)
        pdfs.extend(write_pdf(result.output, pdf))
        return result

    run(options, action, lambda result, console: (show(result, console, options.lang), show_pdfs(console, pdfs, options.lang)))


def show(result: ScoreResult, console: Console, lang: str) -> None:
    """The summary: subtotals by 类别 and 责任科室, the total and level, the charges. User text through cell()."""
    from rich.table import Table

    from ..cells import round_to
    from ..headers import MANDATED, SELF_CHOSEN

    places, mode = result.precision, result.rounding

    def num(value: Decimal | None) -> Text:
        return cell("" if value is None else format(round_to(value, places, mode), "f"), justify="right")

    def pct(score: Decimal, points: Decimal) -> Text:
        return cell(format(round_to(score / points * 100, places, mode), "f") + "%" if points else "", justify="right")

    def table(*keys: str) -> Table:
        grid = Table(box=None, pad_edge=False, header_style="bold")
        for key in keys:
            grid.add_column(text(key, lang))
        return grid

    console.print(cell(text("score_title", lang, file=Path(result.file or "").name), style="bold"))
    by_category = table("score_col_category", "score_col_points", "score_col_score", "score_col_ratio")
    for name, entry in result.categories.items():
        ratio = pct(entry["score"], entry["points"]) if name in (MANDATED, SELF_CHOSEN) else cell("")
        by_category.add_row(cell(name), num(entry["points"]), num(entry["score"]), ratio)
    console.print(by_category)
    console.print()
    by_department = table("score_col_department", "score_col_points", "score_col_score", "score_col_ratio")
    for name, entry in list(result.departments.items())[:SHOWN_ROWS]:
        by_department.add_row(
            cell(name or text("no_department", lang)), num(entry["points"]), num(entry["score"]),
            pct(entry["score"], entry["points"]),
        )
    console.print(by_department)
    if len(result.departments) > SHOWN_ROWS:
        console.print(cell(text("score_more", lang, shown=SHOWN_ROWS, total=len(result.departments))))
    console.print()
    total = text(
        "score_total", lang, total=format(round_to(result.total, places, mode), "f"), max=format(result.max.normalize(), "f"),
        ratio=pct(result.total, result.max).plain, level=result.level,
    )
    console.print(cell(total, style="bold"))
    if result.accountability:
        console.print()
        console.print(cell(text("score_charges", lang, n=len(result.accountability)), style="bold"))
        charges = table(
            "score_col_person", "score_col_role", "score_col_indicator", "score_col_lost", "score_col_deduction"
        )
        for charge in result.accountability[:SHOWN_ROWS]:
            role = text("role_owner" if charge.role == "owner" else "role_leader", lang)
            charges.add_row(
                cell(charge.person), cell(role), cell(charge.label),
                num(charge.lost), num(charge.deduction),
            )
        console.print(charges)
        if len(result.accountability) > SHOWN_ROWS:
            console.print(cell(text("score_more", lang, shown=SHOWN_ROWS, total=len(result.accountability))))
    if result.improvement is not None:
        from .report import show_improvement

        show_improvement(result.improvement, console, lang, places)
    if result.output is not None:
        console.print()
        console.print(cell(text("wrote", lang, path=str(result.output))))
