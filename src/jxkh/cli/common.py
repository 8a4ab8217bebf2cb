"""What every command shares: the options (`--policy -o --json --lang --debug`), finding the
workspace's files, and `run()`: the one guard that turns a result or a `JxkhError` into
output and an exit code, printing included.

Option help texts are not here: they are `param_<name>` in `messages.TEXT`, in both
languages, rendered by `usage.py`. A new shared option is one line here and one there.

Kept light: nothing here imports openpyxl, calamine or pydantic at import time, so
`jxkh --help` stays fast.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, Protocol

import typer

from ..messages import Code, text
from ..problems import ExitCode, JxkhError, Problem, UsageError, fail
from .printing import print_problems, release_stdout, stderr_console, stdout_console, write_json
from .usage import parse_lang

if TYPE_CHECKING:
    from rich.console import Console

    from ..policy import Policy

# Every path parameter says readable=False: click would otherwise refuse an unreadable file
# itself, with its own usage error (exit 2); jxkh's reader says permission denied (exit 3).
PolicyOption = Annotated[Optional[Path], typer.Option("--policy", readable=False, show_default=False)]
OutputOption = Annotated[Optional[Path], typer.Option("-o", "--output", readable=False, show_default=False)]
ForceOption = Annotated[bool, typer.Option("--force")]
JsonOption = Annotated[bool, typer.Option("--json")]
LangOption = Annotated[str, typer.Option("--lang", envvar="JXKH_LANG", parser=parse_lang, show_default=False)]
IndicatorsOption = Annotated[Optional[Path], typer.Option("--indicators", readable=False, show_default=False)]
RosterOption = Annotated[Optional[Path], typer.Option("--roster", readable=False, show_default=False)]
# An argument's metavar names its help text in messages.TEXT (`param_<metavar>`).
RatingsArgument = Annotated[Optional[Path], typer.Argument(metavar="ratings_file", readable=False, show_default=False)]
IndicatorsArgument = Annotated[Optional[Path], typer.Argument(metavar="indicators_file", readable=False, show_default=False)]
DebugOption = Annotated[bool, typer.Option("--debug", hidden=True)]


# Terminal tables list this many rows; a city office's tens of thousands are in the workbook
# (rich measuring them all took longer than the computation).
SHOWN_ROWS = 100


@dataclass
class Options:
    policy: Path | None = None
    output: Path | None = None
    force: bool = False
    json: bool = False
    lang: str = "zh"
    debug: bool = False

    def __post_init__(self) -> None:
        self.lang = "en" if str(self.lang).lower().startswith("en") else "zh"

    def load_policy(self, beside: Path | None = None) -> Policy:
        """--policy, else the jxkh.toml of the input's folder (`beside`), else the built-in policy."""
        from ..arguments import as_policy

        return as_policy(self.policy, beside)


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


def name_the_unit(result: Any, policy: Policy, options: Options) -> None:
    """An output whose titles and 落款 say 本单位 (the policy names no unit): a 提示 on the
    terminal saying how to name it. The JSON stays the library's result."""
    if getattr(result, "output", None) is not None and not options.json:
        from ..output.notice import unnamed_warnings

        result.warnings.extend(unnamed_warnings(policy))


def run(options: Options, action: Callable[[], Result], show: Callable[[Result, Console], None]) -> None:
    """Run a command's action and print its result (table or JSON) or its problems; map every
    failure, printing included, to an exit code. Never a traceback (unless --debug)."""
    import gc

    try:
        _run(options, action, show)
    finally:
        gc.unfreeze()  # what `_run_action` froze: collectable again (`main` freezes it all for the exit)


def _run(options: Options, action: Callable[[], Result], show: Callable[[Result, Console], None]) -> None:
    from .. import progress
    from ..interrupts import Terminated, signals_end_cleanly

    # A progress bar for long reads and writes: on a terminal only, never with --json.
    progress.configure(enabled=show_progress(options, sys.stderr), lang=options.lang)
    code = ExitCode.OK
    try:
        # Ctrl-C, SIGTERM, SIGHUP: the first ends the command (its temporary files removed),
        # later ones are ignored until the message is out: never a traceback.
        with signals_end_cleanly():
            try:
                try:
                    result = _run_action(action)
                except JxkhError as error:
                    code = error.exit_code
                    _report(error.problems, options, failed=True)
                else:
                    if options.json:
                        write_json(result.to_json(options.lang))
                    else:
                        show(result, stdout_console())
                        if result.warnings:
                            _report(result.warnings, options, failed=False)
                    sys.stdout.flush()
            except KeyboardInterrupt:
                _interrupted(options)
                raise typer.Exit(130) from None
            except Terminated as stop:
                _interrupted(options)
                raise typer.Exit(int(stop.code)) from None
    except typer.Exit:
        raise
    except OSError as exc:
        if exc.errno in (errno.EPIPE, errno.EINVAL) or isinstance(exc, BrokenPipeError):
            # The reader stopped reading (`| head -1`): not our failure, the command's own code.
            release_stdout()
            raise typer.Exit(int(code)) from None
        if options.debug:
            raise
        release_stdout()
        _say_safely(text("output_failed", options.lang, detail=exc.strerror or type(exc).__name__))
        raise typer.Exit(int(ExitCode.FILESYSTEM)) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if options.debug:
            raise
        _say_safely(text("internal_error", options.lang, detail=type(exc).__name__))
        raise typer.Exit(int(ExitCode.INTERNAL)) from None
    if code:
        raise typer.Exit(int(code))


def _interrupted(options: Options) -> None:
    """Say so. In the `jxkh` process, which ends now, what the interrupted work leaves behind is
    then finalised silently: a zip cut off mid-save says "Exception ignored … Traceback" from
    its `__del__` otherwise (the temporary file itself is already removed)."""
    from ..interrupts import exit_after_interrupt

    if exit_after_interrupt:
        sys.unraisablehook = lambda unraisable: None
    _say_safely(text("interrupted", options.lang))


def _say_safely(message: str) -> None:
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


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
        # Frozen first: switched back on, the collector's first pass would walk every object
        # made meanwhile (0.4 s after a million ballots), all of them still in use. `run`
        # unfreezes them once the output is out, for a process that runs more commands.
        gc.freeze()
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
        errors = [p.to_json(options.lang) for p in problems if p.is_error]
        warnings = [p.to_json(options.lang) for p in problems if not p.is_error]
        write_json({"errors": errors, "warnings": warnings})
        return
    if options.json:
        return
    print_problems(problems, stderr_console(), options.lang, failed=failed)
