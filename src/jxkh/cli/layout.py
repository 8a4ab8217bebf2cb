"""Text for a terminal: control characters shown escaped, CJK-aware widths, wrapping that
never splits a word. Pure functions, no rich: `jxkh --help` uses them and must stay fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

# C0 controls (ESC, BEL, newline, tab…), DEL and C1 controls, line/paragraph separators and
# bidi overrides: from a cell they could retitle the window, clear the screen, write the
# clipboard (OSC 52) or reorder a line, so they are shown as \xNN / \uNNNN instead.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape(value: object) -> str:
    """`value` as text safe to print: every control character written out as an escape."""
    return _CONTROLS.sub(_escaped, str(value))


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two, combining marks none."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


# A break may come after a space or CJK punctuation, or between two CJK characters; never
# inside a run of letters, digits and signs ("score-outside-band", "85.71%", "J4").
_TOKENS = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019]+|.", re.S)
# Closing punctuation stays with the character before it (no line starts with "，" or "）").
_NO_LINE_START = set("，。、；：？！）》」』】”’%,.;:?!)]")


def wrap(text: str, limit: int) -> list[str]:
    """`text` in lines of at most `limit` columns, broken only where a reader would break it:
    after a space or CJK punctuation in the second half of the line when there is one (no
    single character left alone on the next line), else between two CJK characters.

    A single word wider than `limit` gets a line of its own (and runs past it) rather than
    being cut.
    """
    limit = max(limit, 8)
    tokens: list[str] = []
    for token in _TOKENS.findall(text):
        if tokens and token in _NO_LINE_START:
            tokens[-1] += token
        else:
            tokens.append(token)
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for token in tokens:
        size = width(token)
        if used + size > limit and "".join(line).strip():
            cut = _soft_break(line, limit)
            lines.append("".join(line[:cut]).rstrip())
            line = line[cut:]
            while line and line[0].isspace():
                line.pop(0)
            used = sum(width(t) for t in line)
            if token.isspace() and not line:
                continue
        line.append(token)
        used += size
    if "".join(line).strip() or not lines:
        lines.append("".join(line).rstrip())
    return lines


_SOFT_END = tuple("，。、；：？！）》」』】” ")


def _soft_break(line: list[str], limit: int) -> int:
    """Where to end a full line: after its last space or CJK punctuation past half the width,
    else at its end."""
    used = 0
    best = len(line)
    for i, token in enumerate(line[:-1], start=1):
        used += width(token)
        if used >= limit // 2 and (token.isspace() or token.endswith(_SOFT_END)):
            best = i
    return best


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def definitions(rows: list[tuple[str, str]], limit: int, indent: int = 2, gap: int = 2) -> list[str]:
    """A two-column list (term, description) as help texts show it; descriptions wrap."""
    if not rows:
        return []
    term_width = min(max(width(term) for term, _ in rows), 28)
    text_width = max(limit - indent - term_width - gap, 20)
    out: list[str] = []
    for term, description in rows:
        lines = wrap(description, text_width) if description else [""]
        if width(term) > term_width:
            out.append(" " * indent + term)
        else:
            out.append(" " * indent + pad(term, term_width + gap) + lines.pop(0))
        out.extend(" " * (indent + term_width + gap) + line for line in lines)
    return [line.rstrip() for line in out]


def table_lines(
    header: list[str], rows: list[list[str]], limit: int | None = None, *, right: Collection[int] = (), keys: int = 1
) -> list[str]:
    """A result table (a ranking, a bonus split, a 科室 summary) as lines of text.

    Piped (`limit` None), or when it fits the terminal: the header, then one line per row,
    columns two spaces apart (one, when that makes it fit) and aligned by display width (the
    `right` ones, numbers, to the right). Too wide for the terminal: one block per row, its first `keys` cells on the first
    line, then “header value” pairs packed into indented lines, broken only between pairs, so a
    name or a number is never cut; a long text (an indicator's name) wraps between words.
    """
    gap = _gap(header, rows, limit)
    if gap:
        widths = _widths(header, rows)
        return [_aligned(row, widths, right, gap) for row in [header, *rows]]
    assert limit is not None
    lines: list[str] = []
    for row in rows:
        lines += _packed([("", value) for value in row[:keys] if value], limit)
        pairs = [(name, value) for name, value in zip(header[keys:], row[keys:]) if value]
        lines += ["    " + line for line in _packed(pairs, limit - 4)]
    return lines


def fits(header: list[str], rows: list[list[str]], limit: int | None) -> bool:
    """Whether the table is laid out in aligned columns (piped, or as wide as the terminal at most)."""
    return _gap(header, rows, limit) > 0


def _gap(header: list[str], rows: list[list[str]], limit: int | None) -> int:
    """Spaces between aligned columns: two, or one when that makes the table fit; 0: it does not fit."""
    if limit is None:
        return 2
    used = sum(_widths(header, rows))
    return next((gap for gap in (2, 1) if used + gap * (len(header) - 1) <= limit), 0)


def _widths(header: list[str], rows: list[list[str]]) -> list[int]:
    return [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]


def _aligned(row: list[str], widths: list[int], right: Collection[int], gap: int) -> str:
    cells = [" " * (w - width(v)) + v if i in right else pad(v, w) for i, (v, w) in enumerate(zip(row, widths))]
    return (" " * gap).join(cells).rstrip()


def _packed(items: list[tuple[str, str]], limit: int) -> list[str]:
    """(header, value) items as “header value”, two spaces apart, in lines of at most `limit`
    columns, a line broken only between items. An item wider than a line: its header on one
    line, its value on the next, that wrapped between words only when wider than a line itself."""
    lines: list[str] = []
    line = ""
    for label, value in items:
        item = f"{label} {value}" if label else value
        if line and width(line) + 2 + width(item) <= limit:
            line += "  " + item
            continue
        if line:
            lines.append(line)
        line = ""
        if width(item) <= limit:
            line = item
        else:
            lines += ([label] if label else []) + wrap(value, limit)
    if line:
        lines.append(line)
    return lines
