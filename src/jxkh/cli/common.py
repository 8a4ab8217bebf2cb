"""What every command shares: the options (`--policy -o --json --lang --debug`), finding the
workspace's files, and turning a result or a `JxkhError` into output and an exit code.

Kept light: nothing here imports openpyxl, calamine or pydantic at import time, so
`jxkh --help` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, Protocol

import typer

from ..messages import Code, text
from ..problems import ExitCode, JxkhError, Problem, UsageError, fail

if TYPE_CHECKING:
    from rich.console import Console

    from ..policy import Policy

PolicyOption = Annotated[
    Optional[Path],
    typer.Option("--policy", help="政策文件 policy file (default: ./jxkh.toml, else built-in)", show_default=False),
]
OutputOption = Annotated[Optional[Path], typer.Option("-o", "--output", help="输出文件 output workbook", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="在标准输出打印 JSON 结果 / print the JSON result on stdout")]
LangOption = Annotated[
    str, typer.Option("--lang", envvar="JXKH_LANG", help="消息语言 message language: zh | en", show_default="zh")
]
IndicatorsOption = Annotated[
    Optional[Path],
    typer.Option(
        "--indicators",
        help="指标表，据此计入责任扣分（默认：当前文件夹的 indicators.xlsx）/ indicators workbook for "
        "accountability deductions (default: ./indicators.xlsx when present)",
        show_default=False,
    ),
]
RatingsArgument = Annotated[
    Optional[Path],
    typer.Argument(help="民主测评表 ratings workbook (default: ./ratings.xlsx)", show_default=False),
]
IndicatorsArgument = Annotated[
    Optional[Path],
    typer.Argument(help="指标表 indicators workbook (default: ./indicators.xlsx)", show_default=False),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="出错时显示 traceback / show tracebacks", hidden=True)]


# Terminal tables list this many rows; a city office's tens of thousands are in the workbook
# (rich measuring them all took longer than the computation).
SHOWN_ROWS = 100


@dataclass
class Options:
    policy: Path | None = None
    output: Path | None = None
    json: bool = False
    lang: str = "zh"
    debug: bool = False

    def __post_init__(self) -> None:
        self.lang = "en" if str(self.lang).lower().startswith("en") else "zh"

    def load_policy(self) -> Policy:
        from ..policy import load_policy

        return load_policy(self.policy)


class Result(Protocol):
    warnings: list[Problem]

    def to_json(self, lang: str = "zh") -> dict[str, Any]: ...


def workspace_file(given: Path | None, name: str) -> Path:
    """The file argument, else the workspace's `name` in the current folder (exit 2 if neither)."""
    if given is not None:
        return given
    candidate = Path(name)
    if candidate.exists():
        return candidate
    raise fail(Code.NO_INPUT, UsageError, file=name, value=name)


def stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def run(options: Options, action: Callable[[], Result], show: Callable[[Result, Console], None]) -> None:
    """Run a command's action; print its result (table or JSON); map failures to exit codes."""
    from .. import progress

    # A progress bar for long reads and writes: on a terminal only, never with --json.
    progress.configure(enabled=show_progress(options, sys.stderr), lang=options.lang)
    try:
        result = _run_action(action)
    except JxkhError as error:
        _report(error.problems, options, failed=True)
        raise typer.Exit(int(error.exit_code)) from None
    except KeyboardInterrupt:
        stderr_console().print(text("interrupted", options.lang))
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if options.debug:
            raise
        stderr_console().print(text("internal_error", options.lang, detail=type(exc).__name__))
        raise typer.Exit(int(ExitCode.INTERNAL)) from None
    if options.json:
        from ..jsonout import dumps

        sys.stdout.write(dumps(result.to_json(options.lang)) + "\n")
        return
    show(result, stdout_console())
    if result.warnings:
        _report(result.warnings, options, failed=False)


def _run_action(action: Callable[[], Result]) -> Result:
    import gc

    from .. import progress

    # A million ballots make millions of small objects that live to the end of the command:
    # the cyclic collector walking them again and again cost 40% of the rules' time at 1M
    # ballots. Nothing here builds cycles worth collecting before the process exits.
    gc.disable()
    try:
        return action()
    finally:
        gc.enable()
        progress.configure(enabled=False)


def show_progress(options: Options, stream: Any) -> bool:
    """Whether reads and writes show a progress bar: not with --json, only on a terminal."""
    if options.json:
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _report(problems: list[Problem], options: Options, *, failed: bool) -> None:
    if options.json and failed:
        from ..jsonout import dumps

        errors = [p.to_json(options.lang) for p in problems if p.is_error]
        warnings = [p.to_json(options.lang) for p in problems if not p.is_error]
        sys.stdout.write(dumps({"errors": errors, "warnings": warnings}) + "\n")
        return
    if options.json:
        return
    print_problems(problems, stderr_console(), options.lang, failed=failed)


def print_problems(problems: list[Problem], console: Console, lang: str, *, failed: bool) -> None:
    """A table of problems: where (file · sheet!cell), code, message. User text is never markup."""
    from rich.table import Table
    from rich.text import Text

    errors = [p for p in problems if p.is_error]
    shown = errors if failed else problems
    heading = text("errors_heading", lang, n=len(errors)) if failed else text("warnings_heading", lang, n=len(shown))
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    # Narrow terminals fold long messages rather than cut them ("-o" must stay readable).
    table.add_column(text("col_where", lang), overflow="fold")
    table.add_column(text("col_code", lang), no_wrap=True)
    table.add_column(text("col_message", lang), overflow="fold", ratio=1)
    for problem in shown:
        where = " ".join(part for part in (os.path.basename(problem.file or ""), problem.where) if part)
        table.add_row(Text(where), Text(str(problem.code)), Text(problem.message(lang)))
    console.print(Text(heading, style="bold red" if failed else "yellow"))
    console.print(table)
    if failed and len(shown) < len(problems):
        print_problems([p for p in problems if not p.is_error], console, lang, failed=False)
