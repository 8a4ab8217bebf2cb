"""`jxkh appraise [ratings.xlsx]`: democratic-evaluation ballots → staff scores and grades."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..headers import RATINGS_FILE
from ..messages import accountability_line, text
from .common import (
    name_the_unit,
    SHOWN_ROWS,
    RosterOption,
    DebugOption,
    ForceOption,
    IndicatorsOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    RatingsArgument,
    workspace_file,
)
from .pdf import PdfOption, run_with_pdf
from .printing import print_table, print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..rules.appraisal import AppraisalResult


def command(
    file: RatingsArgument = None,
    indicators: IndicatorsOption = None,
    roster: RosterOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Appraise staff from the ballots into <input>.scored.xlsx."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> AppraisalResult:
        from ..cycle import appraise_file

        path = workspace_file(file, RATINGS_FILE)
        policy = options.load_policy(path)
        result = appraise_file(path, policy, indicators_path=indicators, output=options.output, roster_path=roster, force=options.force)
        name_the_unit(result, policy, options)
        return result

    run_with_pdf(options, action, show, pdf)


def show(result: AppraisalResult, console: Console, lang: str) -> None:
    """The ranking, the grade counts, who is over the 优秀 quota, and where deductions came from."""
    people = result.people
    source = Path(result.file).name if result.file else ""
    print_text(console, text("appraise_title", lang, file=source, people=len(people), ballots=result.ballots_counted), style="bold")
    dims = list(people[0].dimensions) if people else []
    header = [text(key, lang) for key in ("appraise_col_rank", "appraise_col_name", "appraise_col_department", "appraise_col_ballots")]
    header += dims + [text(key, lang) for key in ("appraise_col_rating", "appraise_col_deduction", "appraise_col_final", "appraise_col_grade")]
    rows = [
        [str(p.rank), p.name, p.department or "", str(p.ballots), *(format(p.dimensions[d], "f") for d in dims),
         format(p.rating, "f"), format(p.deduction, "f"), format(p.final, "f"), p.grade + (" *" if p.over_quota or p.violation else "")]
        for p in people[:SHOWN_ROWS]
    ]
    # A ranking is read across: on a narrow terminal each person is a block, never a name cut to “…”.
    print_table(console, header, rows, right={0, *range(3, len(header) - 1)}, keys=3)
    if len(people) > SHOWN_ROWS:
        print_text(console, text("appraise_more", lang, shown=SHOWN_ROWS, total=len(people)))
    console.print()
    counts = "，".join(f"{grade} {n}" for grade, n in result.grades.items()) if lang != "en" else ", ".join(
        f"{grade} {n}" for grade, n in result.grades.items()
    )
    print_text(console, text("appraise_grades", lang, grades=counts), style="bold")
    over = [p for p in people if p.over_quota]
    if over:
        names = "、".join(f"{p.name}（{p.final}）" for p in over)
        print_text(console, text("appraise_over_quota", lang, allowed=result.quota_allowed, names=names), style="yellow")
    print_text(console, accountability_line(result.indicators, result.warnings, lang))
    if result.output is not None:
        print_text(console, text("wrote", lang, path=str(result.output)))
