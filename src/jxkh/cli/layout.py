"""Text for a terminal: control characters shown escaped, CJK-aware widths, wrapping that
never splits a word. Pure functions, no rich: `jxkh --help` uses them and must stay fast.
"""

from __future__ import annotations

import re
import unicodedata

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
