"""`--pdf` for the commands that write something to print (score, appraise, bonus, duty, ledger,
and report's Word document): the option, and the PDF written beside the output once it is
saved. Kept out of `common.py` so a command opts in with one parameter and `run_with_pdf`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable

import typer

from ..messages import text

if TYPE_CHECKING:
    from rich.console import Console

    from .common import Options

PdfOption = Annotated[bool, typer.Option("--pdf")]  # help: messages.TEXT["param_pdf"]


def write_pdf(output: Path | None, wanted: bool) -> list[Path]:
    """The workbook's PDF when `--pdf` was given. Without LibreOffice: exit 3, the workbook
    stays written (the message says so)."""
    if not wanted or output is None:
        return []
    from ..pdf import pdf_beside, to_pdf

    return [to_pdf(output, pdf_beside(output))]


def show_pdfs(console: Console, paths: list[Path], lang: str) -> None:
    from .printing import _line

    for path in paths:
        _line(console, text("wrote", lang, path=str(path)))


def run_with_pdf(options: Options, action: Callable[[], Any], show: Callable[[Any, Console, str], None], wanted: bool) -> None:
    """`common.run` for a command that writes something to print: with --pdf, the output's PDF
    is written once the action has saved it, and named after the command's own lines."""
    from .common import run

    pdfs: list[Path] = []

    def act() -> Any:
        result = action()
        pdfs.extend(write_pdf(result.output, wanted))
        return result

    def shown(result: Any, console: Console) -> None:
        show(result, console, options.lang)
        show_pdfs(console, pdfs, options.lang)

    run(options, act, shown)
