"""`jxkh bonus --pool 50000 [ratings.xlsx]`: split the bonus pool by 扣差补优 into `bonus.xlsx`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..headers import RATINGS_FILE
from ..messages import Code, accountability_line, text
from ..problems import UsageError, fail
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

    from ..rules.bonus import BonusResult


def command(
    file: RatingsArgument = None,
    pool: Annotated[
        Optional[str],
        typer.Option("--pool", show_default=False),
    ] = None,
    indicators: IndicatorsOption = None,
    roster: RosterOption = None,
    start: Annotated[
        Optional[datetime],
        typer.Option("--from", formats=["%Y-%m-%d"], show_default=False),
    ] = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    pdf: PdfOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Split the bonus pool by grade (扣差补优) into bonus.xlsx, with a printable 公示 sheet."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> BonusResult:
        from ..cycle import bonus_file

        if pool is None:  # a missing option is wrong usage (exit 2); a bad amount is bad input (exit 1)
            raise fail(Code.POOL_MISSING, UsageError)
        ratings = workspace_file(file, RATINGS_FILE)
        policy = options.load_policy(ratings)
        result = bonus_file(ratings, policy, pool, indicators_path=indicators, output=options.output,
                            roster_path=roster, force=options.force, notice_start=start.date() if start else None)
        name_the_unit(result, policy, options)
        return result

    run_with_pdf(options, action, show, pdf)


def show(result: BonusResult, console: Console, lang: str) -> None:
    """Per person base, deducted, awarded and amount, with totals; user text escaped, never markup."""
    keys = ["department", "name", "grade", "base", "deducted", "awarded", "amount"]
    rows: list[list[object]] = [
        [a.department or "", a.name, a.grade, *(f"{v:,f}" for v in (a.base, a.deducted, a.awarded, a.amount))]
        for a in result.people[:SHOWN_ROWS]
    ]
    rows.append([text("bonus_total", lang), str(len(result.people)), "",
                 *(f"{v:,f}" for v in (result.pool, result.deducted_total, result.deducted_total, result.amount_total))])
    print_text(console, text("bonus_title", lang), style="bold")
    print_table(console, [text(f"bonus_col_{key}", lang) for key in keys], rows, right=range(3, 7), keys=3)
    if len(result.people) > SHOWN_ROWS:
        print_text(console, text("bonus_more", lang, shown=SHOWN_ROWS, total=len(result.people)))
    console.print()
    print_text(console, summary(result, lang), style="bold")
    print_text(console, accountability_line(result.indicators, result.warnings, lang))
    if result.output is not None:
        print_text(console, text("wrote", lang, path=str(result.output)))


def summary(result: BonusResult, lang: str) -> str:
    pool, deducted = f"{result.pool:,f}", f"{result.deducted_total:,f}"
    if result.deducted_total == 0:
        return text("bonus_summary_none", lang, pool=pool)
    count = len(result.recipients)
    if result.returned:
        return text("bonus_summary_returned", lang, pool=pool, deducted=deducted, groups="、".join(result.award_to),
                    count=count)
    return text("bonus_summary", lang, pool=pool, deducted=deducted, grade=result.award_grade, count=count,
                split=text(f"split_{result.award_split}", lang))
