"""The `jxkh` command: one small module per command over the library, options shared in
`common`, help and usage errors in the clerk's language by `usage`."""

from __future__ import annotations

import copy
from typing import Annotated

import typer

from . import appraise, bonus, check, demo, diff, duty, explain, init, ledger, report, score, template
from .common import LangOption
from .usage import JxkhCommand, JxkhGroup

app = typer.Typer(
    name="jxkh",
    cls=JxkhGroup,
    invoke_without_command=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# In the year's order, which is the order `jxkh` and `jxkh -h` list them in. Each command's
# help is `cmd_<name>` (and `cmd_<name>_more`) in messages.TEXT.
app.command("init", cls=JxkhCommand)(init.command)
app.command("template", cls=JxkhCommand)(template.command)
app.command("check", cls=JxkhCommand)(check.command)
app.command("duty", cls=JxkhCommand)(duty.command)
app.command("ledger", cls=JxkhCommand)(ledger.command)
app.command("score", cls=JxkhCommand)(score.command)
app.command("report", cls=JxkhCommand)(report.command)
app.command("appraise", cls=JxkhCommand)(appraise.command)
app.command("bonus", cls=JxkhCommand)(bonus.command)
app.command("explain", cls=JxkhCommand)(explain.command)
app.command("diff", cls=JxkhCommand)(diff.command)
app.command("demo", cls=JxkhCommand)(demo.command)


@app.callback()
def overview(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", is_eager=True)] = False,
    lang: LangOption = "zh",
) -> None:
    """`jxkh` alone: what the commands are, in the year's order (exit 0); `--version`."""
    from .. import __version__
    from ..messages import text
    from .usage import commands_overview

    if version:
        typer.echo(text("version", lang, version=__version__))
        raise typer.Exit()
    if ctx.invoked_subcommand is not None:
        # `jxkh --lang en score`: the command speaks the language given before it.
        ctx.default_map = {name: {"lang": lang} for name in ctx.command.commands}
        return
    lines = [text("overview", lang, version=__version__), "", text("overview_year", lang),
             *commands_overview(ctx.command, ctx), "", text("overview_more", lang)]
    typer.echo("\n".join(lines))


def app_for(args: list[str]) -> typer.Typer:
    """The app as this run needs it. Typer builds every registered command's click command
    (signature, parameters, their types) before it parses anything: 30 ms of a 10k appraise
    for eleven commands not run (issue 14). A run naming its command first (after `--lang X`
    at most) gets an app holding that command alone; help, completion, no command or a
    mistyped one get the whole app."""
    rest = list(args)
    while rest and (rest[0].startswith("--lang=") or (rest[0] == "--lang" and len(rest) > 1)):
        rest = rest[1:] if rest[0].startswith("--lang=") else rest[2:]
    named = [info for info in app.registered_commands if rest and info.name == rest[0]]
    if not named:
        return app
    one = copy.copy(app)
    one.registered_commands = named
    return one


def main() -> None:
    import gc
    import os
    import sys

    # Start-up is most of a small unit's wait (issue 14: 10k ballots in 0.3 s). openpyxl imports
    # numpy only to recognise numpy numbers in cells, which jxkh never writes: a third of
    # openpyxl's import. pydantic would scan every installed package's entry points for
    # plugins. Neither is needed by the `jxkh` process (the library, imported, is untouched).
    sys.modules.setdefault("numpy", None)  # type: ignore[assignment]
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Parsing imports pydantic and builds typer's and the policy's models: objects that live to
    # the end, which the collector walked some forty times. The command switches it back on
    # (`common._run_action`) once its own objects are made; a run that ends before (help, a
    # usage error) ends with the process.
    gc.disable()
    from .. import interrupts

    interrupts.exit_after_interrupt = True  # this process ends after an interrupted command
    try:
        app_for(sys.argv[1:])()
    finally:
        # The process ends here: its last collection need not walk a million ballots' objects.
        gc.freeze()
