"""`jxkh template indicators|ratings [-o F]`: a blank workbook with drop-downs and input hints."""

from __future__ import annotations

import os

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..messages import Code, text
from ..problems import UsageError, fail
from .common import (
    DebugOption,
    ForceOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    run,
)
from .printing import print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..templates import TemplateResult


KINDS = ("indicators", "ratings", "ledger")  # as templates.KINDS; repeated so `jxkh --help` stays light


def parse_kind(value: str) -> str:
    from .usage import parse_choice

    return parse_choice(value, KINDS)


def command(
    kind: Annotated[str, typer.Argument(parser=parse_kind, autocompletion=lambda: list(KINDS))],
    policy: PolicyOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Write a blank workbook to fill in (help text: `cmd_template` in messages.TEXT).

    Default file: indicators.xlsx or ratings.xlsx in the current folder; an existing file is
    replaced only with --force.
    """
    options = Options(policy=policy, output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> TemplateResult:
        from ..templates import FILE_NAMES, write_template

        target = output if output is not None else Path(FILE_NAMES[kind])
        # A blank form must not replace a filled-in one, whoever first wrote it: only --force does.
        if not force and os.path.lexists(target) and not os.path.isdir(target):
            raise fail(Code.OUTPUT_EXISTS, UsageError, file=str(target), value=str(target))
        return write_template(kind, target, options.load_policy(), force=force)

    def show(result: TemplateResult, console: Console) -> None:

        print_text(console, text("wrote", options.lang, path=result.output))

    run(options, action, show)
