"""`jxkh explain 张伟` / `--indicator 8` / `--all`: how a figure was reached, each with its source cell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from .common import (
    DebugOption,
    ForceOption,
    IndicatorsOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    RatingsArgument,
    RosterOption,
    run,
    workspace_file,
)
from .printing import print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..explaining import ExplainResult

WhoArgument = Annotated[Optional[str], typer.Argument(metavar="who", show_default=False)]


def command(
    who: WhoArgument = None,
    file: RatingsArgument = None,
    indicator: Annotated[Optional[str], typer.Option("--indicator", show_default=False)] = None,
    everyone: Annotated[bool, typer.Option("--all")] = False,
    pool: Annotated[Optional[str], typer.Option("--pool", show_default=False)] = None,
    indicators: IndicatorsOption = None,
    roster: RosterOption = None,
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Explain how a person's score, grade and bonus (or an indicator row's score) were reached."""
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> ExplainResult:
        from ..cycle import explain_file
        from ..headers import RATINGS_FILE

        from ..messages import Code
        from ..problems import UsageError, fail
        from ..reader import FORMATS

        nonlocal who, file, indicators
        # `--all FILE`, `--indicator 8 FILE`: no person is named, so the first argument is the file.
        if who is not None and file is None and (everyone or indicator is not None):
            if indicator is not None and Path(who).suffix.lower() not in FORMATS and not Path(who).exists():
                raise fail(Code.EXPLAIN_PERSON_AND_INDICATOR, UsageError, value=who, indicator=indicator)
            if indicator is not None and indicators is None:
                indicators = Path(who)
            else:
                file = Path(who)
            who = None
        ratings = None if indicator is not None else workspace_file(file, RATINGS_FILE)
        beside = ratings if ratings is not None else (indicators or Path("."))
        return explain_file(ratings, who, options.load_policy(beside if beside.is_file() else None), pool,
                            indicators_path=indicators, roster_path=roster, indicator=indicator, everyone=everyone,
                            output=options.output, force=options.force)

    run(options, action, lambda result, console: show(result, console, options.lang))


def show(result: ExplainResult, console: Console, lang: str) -> None:
    """Each explanation: its title, then each section's steps, a step's source after it."""
    from ..messages import text

    for n, explanation in enumerate(result.explanations):
        if n:
            console.print()
        print_text(console, explanation.title(lang), style="bold")
        for section in explanation.sections:
            print_text(console, section.title(lang), style="bold")
            for step in section.steps:
                line = step.text(lang)
                if step.where is not None:
                    line += "  〔" + step.where.text(lang) + "〕"
                print_text(console, line, indent=2 * (1 + step.depth), hang=2)
    if result.output is not None:
        print_text(console, text("wrote", lang, path=str(result.output)))
