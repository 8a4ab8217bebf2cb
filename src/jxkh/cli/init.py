"""`jxkh init [DIR]`: a workspace — jxkh.toml and blank indicators.xlsx / ratings.xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..messages import text
from .common import DebugOption, JsonOption, LangOption, Options, PolicyOption, run
from .printing import print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..templates import InitResult


def command(
    folder: Annotated[Path, typer.Argument(readable=False, show_default=False)] = Path("."),
    unit: Annotated[Optional[str], typer.Option("--unit", show_default=False)] = None,
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, show_default=False)] = None,
    policy: PolicyOption = None,
    preset: Annotated[str | None, typer.Option("--preset", show_default=False)] = None,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Set up a workspace: jxkh.toml and blank indicators.xlsx, ratings.xlsx.

    Existing files are never overwritten: they are skipped and listed. With --policy, that
    file is copied as the workspace's jxkh.toml; with --preset, a rule book's commented policy
    (each value citing its article) is written instead of the default 岩联2015 one. --unit and
    --year name the unit and year in the titles and the 公示 (without --unit outputs say 本单位).
    """
    options = Options(policy=policy, json=json, lang=lang, debug=debug)

    def action() -> InitResult:
        from ..templates import init_workspace

        return init_workspace(folder, policy, preset, unit=unit, year=year)

    def show(result: InitResult, console: Console) -> None:

        for path in result.written:
            print_text(console, text("init_wrote", options.lang, path=path))
        for path in result.skipped:
            print_text(console, text("init_skipped", options.lang, path=path), style="yellow")
        print_text(console, text("init_next", options.lang))

    run(options, action, show)
