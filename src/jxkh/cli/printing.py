"""Everything the CLI prints: result tables, problem lists, JSON, and what happens when the
console cannot take it.

- Streams never fail on a character: a name outside the console's code page (买买提•艾力 or
  张䶮 under GBK) comes out as "?", never as a UnicodeEncodeError after the workbook was written.
- JSON goes out as UTF-8 bytes, streamed, whatever the console's encoding.
- Cell text is shown with its control characters escaped (`layout.escape`).
- Result tables (rankings, bonus splits, 科室 summaries) are aligned columns when piped or when
  they fit; on a narrower terminal each row is a block of “header value” pairs folded between
  pairs (`layout.table_lines`), so a name or a number is never cut, as rich's tables cut them.
- On a terminal, problems are a table when it fits, else one block each with the message on
  its own lines, wrapped between words; piped or redirected, one problem per line
  (位置 TAB 代码 TAB 问题) so logs and grep work. Either way at most `PROBLEM_ROWS` are listed.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from ..messages import text
from .layout import escape, fits, pad, table_lines, width, wrap

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..problems import Problem

# Problems listed in the terminal; --json has them all. Measuring 300,000 rows took a minute.
PROBLEM_ROWS = 200


def tolerant_streams() -> None:
    """Unencodable characters on stdout/stderr become "?" instead of an exception."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict":
            try:
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                pass


def stdout_console() -> Console:
    return _console(sys.stdout)


def stderr_console() -> Console:
    return _console(sys.stderr)


# Piped or redirected, a console never wraps: a table row or log line is read whole, or grepped.
PIPE_WIDTH = 100_000


def _console(file: Any) -> Console:
    if _plain(file):
        return PlainConsole(file)  # type: ignore[return-value]
    return _rich_console(file)


def _rich_console(file: Any) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; run() knows the command's own exit code.
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    console = _Console(file=file, highlight=False, soft_wrap=False, emoji=False)
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console


def _plain(file: Any) -> bool:
    """Whether rich would treat `file` as no terminal, decided without importing rich: by the
    same rules (rich's `Console.is_terminal`), any case they leave open going to rich."""
    import builtins

    if file is None or hasattr(file, "rich_proxied_file") or hasattr(builtins, "get_ipython"):
        return False
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return False
    if getattr(getattr(sys.stdin, "__class__", None), "__module__", "").startswith("idlelib"):
        return False
    isatty = getattr(file, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed stream: rich says no terminal
        return True


# Characters rich removes from a Text (its `strip_control_codes`) and the tab it expands by cell
# width: a line holding one goes through rich, as does one that could be wider than PIPE_WIDTH.
_RICH_CHANGES = frozenset("\x07\x08\x0b\x0c\x0d\t")


class PlainConsole:
    """rich's Console as jxkh uses it on a stream that is no terminal: no styles (rich renders
    none without a terminal), no wrapping, each line written and flushed as rich writes it. The
    same bytes without importing rich (a fifth of a 10k-ballot appraise's start-up, issue 14).
    A line rich would change (see `_RICH_CHANGES`) is printed by a rich console on the same file."""

    is_terminal = False
    width = PIPE_WIDTH

    def __init__(self, file: Any):
        self.file = file
        self._rich: Console | None = None

    def print(self, line: str = "", style: str = "", soft_wrap: bool | None = None) -> None:
        if len(line) * 2 > PIPE_WIDTH or not _RICH_CHANGES.isdisjoint(line):
            from rich.text import Text

            if self._rich is None:
                self._rich = _rich_console(self.file)
            self._rich.print(Text(line, style=style), soft_wrap=soft_wrap)
            return
        try:
            self.file.write(line + "\n")
            self.file.flush()
        except BrokenPipeError:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE)) from None


def _line(console: Console | PlainConsole, line: str, style: str = "", soft_wrap: bool | None = None) -> None:
    """One line as laid out; `soft_wrap`: never wrapped or cut again by rich (None: the console's way)."""
    if isinstance(console, PlainConsole):
        console.print(line, style, soft_wrap)
        return
    from rich.text import Text

    console.print(Text(line, style=style), soft_wrap=soft_wrap)


def cell(value: object, justify: Any = None, style: str = "") -> Text:
    """Text for the console (a name, a cell's content, a line with a path in it): control
    characters escaped, never read as markup."""
    from rich.text import Text

    return Text("" if value is None else escape(value), justify=justify, style=style)


def print_table(
    console: Console, header: list[str], rows: list[list[object]], *, right: Collection[int] = (), keys: int = 1
) -> None:
    """A result table (`layout.table_lines`): piped, one row per line; on a terminal, aligned when it
    fits, else folded by row, the first `keys` cells leading each block. Cell text is escaped;
    `right` are the columns of numbers."""
    limit = console.width if console.is_terminal else None
    head = [escape(h) for h in header]
    body = [["" if v is None else escape(v) for v in row] for row in rows]
    aligned = fits(head, body, limit)
    for i, line in enumerate(table_lines(head, body, limit, right=right, keys=keys)):
        _line(console, line, "bold" if i == 0 and aligned else "", soft_wrap=True)


def print_text(console: Console, value: object, style: str = "", indent: int = 0, hang: int = 0) -> None:
    """A line of text (a summary, a list of names), `indent` spaces in: on a terminal wrapped
    between words (`layout.wrap`), its continuation lines `hang` spaces further in, never
    inside a name or a number as rich would; piped, one line."""
    line = escape(value)
    parts = wrap(line, console.width - indent - hang) if console.is_terminal else [line]
    for i, part in enumerate(parts):
        _line(console, " " * (indent + (hang if i else 0)) + part, style, soft_wrap=True)


def write_json(value: Any) -> None:
    """`value` as JSON on stdout, as UTF-8 bytes, written piece by piece."""
    from ..jsonout import iter_dump

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    chunk: list[str] = []
    size = 0
    for piece in iter_dump(value):
        chunk.append(piece)
        size += len(piece)
        if size > 1 << 16:
            _write(buffer, "".join(chunk))
            chunk, size = [], 0
    chunk.append("\n")
    _write(buffer, "".join(chunk))
    (buffer or sys.stdout).flush()


def _write(buffer: Any, data: str) -> None:
    if buffer is not None:
        buffer.write(data.encode("utf-8"))
    else:
        sys.stdout.write(data)


def release_stdout() -> None:
    """After stdout failed (closed pipe, full disk): point it at the null device, so the
    interpreter's final flush has nowhere to fail and nothing is reported twice."""
    try:
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (AttributeError, ValueError, OSError):
        pass


def problem_rows(problems: Iterable[Problem], lang: str) -> list[tuple[str, str, str]]:
    rows = []
    for problem in problems:
        # The file as the user named it: a folder in it matters (output-dir-missing, other folders).
        where = " ".join(part for part in (problem.file or "", problem.where) if part)
        rows.append((escape(where), str(problem.code), escape(problem.message(lang))))
    return rows


def print_problems(problems: list[Problem], console: Console, lang: str, *, failed: bool) -> None:
    """Errors (or warnings): a heading, then where · code · message for each, at most PROBLEM_ROWS."""
    errors = [p for p in problems if p.is_error]
    shown = errors if failed else problems
    heading = text("errors_heading", lang, n=len(errors)) if failed else text("warnings_heading", lang, n=len(shown))
    _line(console, heading, "bold red" if failed else "yellow")
    rows = problem_rows(shown[:PROBLEM_ROWS], lang)
    header = (text("col_where", lang), text("col_code", lang), text("col_message", lang))
    if not console.is_terminal:
        lines = ["\t".join(header), *("\t".join(row) for row in rows)]
    else:
        lines = _terminal_lines(header, rows, console.width)
    if len(shown) > PROBLEM_ROWS:
        lines.append(text("problems_more", lang, n=len(shown) - PROBLEM_ROWS, total=len(shown)))
    console.file.write("\n".join(lines) + "\n")
    console.file.flush()
    if failed and len(shown) < len(problems):
        print_problems([p for p in problems if not p.is_error], console, lang, failed=False)


def _terminal_lines(header: tuple[str, str, str], rows: list[tuple[str, str, str]], columns: int) -> list[str]:
    """Aligned columns when every row fits the terminal; else each problem as a block with its
    message on its own lines, wrapped between words, so nothing is cut mid-word."""
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(3)]
    if sum(widths) + 4 <= columns:
        return [f"{pad(a, widths[0])}  {pad(b, widths[1])}  {c}".rstrip() for a, b, c in [header, *rows]]
    lines = []
    for where, code, message in rows:
        if width(where) + 2 + width(code) <= columns:
            lines.append(f"{where}  {code}")
        else:
            lines += [where, "  " + code]
        lines += ["    " + line for line in wrap(message, columns - 4)]
    return lines
