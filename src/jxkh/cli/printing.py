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


def _console(file: Any) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; run() knows the command's own exit code.
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    console = _Console(file=file, highlight=False, soft_wrap=False, emoji=False)
    if not console.is_terminal:
        # Piped or redirected: never wrap a table row (a log line is read whole, or grepped).
        console.width = 100_000
    return console


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
    from rich.text import Text

    limit = console.width if console.is_terminal else None
    head = [escape(h) for h in header]
    body = [["" if v is None else escape(v) for v in row] for row in rows]
    aligned = fits(head, body, limit)
    for i, line in enumerate(table_lines(head, body, limit, right=right, keys=keys)):
        # soft_wrap: the line is printed as laid out, never wrapped or cut again by rich.
        console.print(Text(line, style="bold" if i == 0 and aligned else ""), soft_wrap=True)


def print_text(console: Console, value: object, style: str = "", indent: int = 0, hang: int = 0) -> None:
    """A line of text (a summary, a list of names), `indent` spaces in: on a terminal wrapped
    between words (`layout.wrap`), its continuation lines `hang` spaces further in, never
    inside a name or a number as rich would; piped, one line."""
    from rich.text import Text

    line = escape(value)
    parts = wrap(line, console.width - indent - hang) if console.is_terminal else [line]
    for i, part in enumerate(parts):
        console.print(Text(" " * (indent + (hang if i else 0)) + part, style=style), soft_wrap=True)


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
    from rich.text import Text

    errors = [p for p in problems if p.is_error]
    shown = errors if failed else problems
    heading = text("errors_heading", lang, n=len(errors)) if failed else text("warnings_heading", lang, n=len(shown))
    console.print(Text(heading, style="bold red" if failed else "yellow"))
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
