"""`jxkh diff OLD NEW`: what changed between two outputs of one kind (复核 after an objection)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..messages import text
from .common import DebugOption, ForceOption, JsonOption, LangOption, Options, OutputOption, run
from .printing import print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..diffing import DiffResult

OldArgument = Annotated[Path, typer.Argument(metavar="old", show_default=False)]
NewArgument = Annotated[Path, typer.Argument(metavar="new", show_default=False)]


def command(
    old: OldArgument,
    new: NewArgument,
    output: OutputOption = None,
    force: ForceOption = False,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Compare two outputs of one kind: who changed, who was added or removed, which inputs and policy differ."""
    options = Options(output=output, force=force, json=json, lang=lang, debug=debug)

    def action() -> DiffResult:
        from ..diffing import diff_files

        return diff_files(old, new, options.output, options.force)

    run(options, action, lambda result, console: show(result, console, options.lang))


def show(result: DiffResult, console: Console, lang: str) -> None:
    from ..output.diff import summary_line, unit_word

    print_text(console, text("diff_title", lang, old=str(result.old.path), new=str(result.new.path),
                            kind=result.old.kind.label), style="bold")
    for c in result.changes:
        delta = c.delta
        print_text(console, text("diff_change", lang, who=c.who, field=c.field, old=_shown(result.shown(c.old, c.field), lang),
                                new=_shown(result.shown(c.new, c.field), lang),
                                delta="" if delta is None else f"（{result.shown(delta, c.field, signed=True)}）"))
    for r in result.added:
        print_text(console, text("diff_added", lang, who=r.label))
    for r in result.removed:
        print_text(console, text("diff_removed", lang, who=r.label))
    for name, old, new in result.inputs:
        print_text(console, text("diff_input", lang, file=name, old=_shown(old, lang), new=_shown(new, lang)))
    for key, old, new in result.policy:
        print_text(console, text("diff_policy", lang, item=key, old=_shown(old, lang), new=_shown(new, lang)))
    if not result.identical and not result.changes and not result.added and not result.removed:
        print_text(console, text("diff_same_figures", lang, count=result.compared, unit=unit_word(result, lang)))
    print_text(console, summary_line(result, lang), style="bold")
    if result.output is not None:
        print_text(console, text("wrote", lang, path=str(result.output)))


def _shown(value: object, lang: str) -> str:
    return text("diff_none", lang) if value is None else str(value)
