"""`jxkh duty [indicators.xlsx]`: the 责任分解公示 to post, grouped by 科室."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..headers import INDICATORS_FILE
from ..messages import text
from .common import (
    DebugOption,
    ForceOption,
    IndicatorsArgument,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    RosterOption,
    workspace_file,
)
from .pdf import PdfOption, run_with_pdf
from .printing import print_table, print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..rules.duty import DutyResult


def command(
    file: IndicatorsArgument = None,
    roster: RosterOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Post the responsibility breakdown (by department) as 责任分解公示.xlsx."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> DutyResult:
        from ..year import duty_file

        path = workspace_file(file, INDICATORS_FILE)
        return duty_file(path, options.load_policy(path), roster_path=roster, output=options.output, force=options.force)

    run_with_pdf(options, action, show, pdf)


def show(result: DutyResult, console: Console, lang: str) -> None:
    from ..cells import plain

    print_text(console, text("duty_title", lang, file=Path(result.file or "").name), style="bold")
    header = [text(key, lang) for key in ("score_col_department", "duty_col_count", "score_col_points", "role_owner", "role_leader")]
    rows = []
    for name, duties in result.departments.items():
        owners = list(dict.fromkeys(d.indicator.owner for d in duties if d.indicator.owner))
        leaders = list(dict.fromkeys(d.indicator.leader for d in duties if d.indicator.leader))
        rows.append([name or text("no_department", lang), str(len(duties)), plain(result.points(name)), "、".join(owners), "、".join(leaders)])
    print_table(console, header, rows, right=(1, 2))
    if result.roster is not None:
        print_text(console, text("duty_roster_checked", lang, path=str(result.roster)))
    if result.output is not None:
        print_text(console, text("wrote", lang, path=str(result.output)))
