"""The sheet XML, scanned for what calamine cannot report: formulas saved without a value,
error cells, hidden rows and columns, and how far the sheet reaches (what calamine will
allocate: rows × columns up to its farthest cell).

One tokenizer reads the markup (`_tags`): start, end and empty tags with their attributes
parsed one by one, in any order, quoted either way, with any whitespace, entity and
character references decoded; comments, CDATA and processing instructions skipped. Element
names are matched by their local name, so a prefix (`<x:c>`) and either namespace
(transitional or strict OOXML) read the same, as calamine reads them.

`scan` runs it over the whole sheet when it must (`_exact`). A sheet as Excel, WPS,
LibreOffice and openpyxl write it takes the fast path (`_fast`): a few C-level searches
prove that every cell tag is spelled `<c r="…"` with a reference inside the extent found at
the sheet's two ends, and the rare tags (formulas, `t="e"`, `hidden`) are found by their
bytes and read by the same tokenizer from their cell's start. When any proof fails the
exact scan decides, so the answer never depends on the spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..cells import is_blank


class MalformedXml(ValueError):
    """Markup the scan cannot read (calamine would refuse it too): reported as workbook-corrupt."""


# --- the tokenizer ------------------------------------------------------------------------

# One piece of markup from its "<": comment, CDATA, processing instruction, declaration, or a
# tag: name, attributes (each "name = 'value'" with either quote; "<" can never be in one,
# ">" can), optional "/" and ">". Between two pieces there is only text.
_MARKUP = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[(?P<cdata>.*?)\]\]>|\?.*?\?>|![A-Za-z][^<>]*>"
    rb"|(?P<close>/)?(?P<name>[^\s<>/=\"'!?]+)(?P<attrs>(?:\s+[^\s<>/=\"']+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(?P<empty>/)?>)",
    re.S,
)
_ATTR = re.compile(rb"([^\s<>/=\"']+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_REFERENCE = re.compile(rb"&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(lt|gt|amp|quot|apos));")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"', b"apos": "'"}
_NEWLINES = re.compile(rb"\r\n?")
_ATTR_SPACE = re.compile(rb"\r\n|[\t\n\r]")


def _decode(raw: bytes) -> str:
    """Character data with its references resolved (as an XML parser reports it)."""
    if b"&" in raw:
        def ref(m: re.Match[bytes]) -> str:
            if m.group(3):
                return _NAMED[m.group(3)]
            code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
            if code > 0x10FFFF:
                raise MalformedXml(f"character reference {m.group(0)[:20]!r}")
            return chr(code)

        parts, last = [], 0
        for m in _REFERENCE.finditer(raw):
            parts.append(raw[last : m.start()].decode("utf-8", "replace"))
            parts.append(ref(m))
            last = m.end()
        parts.append(raw[last:].decode("utf-8", "replace"))
        return "".join(parts)
    return raw.decode("utf-8", "replace")


def attributes(raw: bytes) -> dict[str, str]:
    """A tag's attributes by name, values normalised as XML says (tab and newline → space)."""
    out = {}
    for m in _ATTR.finditer(raw):
        value = m.group(2) if m.group(2) is not None else m.group(3)
        name = m.group(1).decode("utf-8", "replace")
        if name in out:
            raise MalformedXml(f"attribute {name} twice")
        out[name] = _decode(_ATTR_SPACE.sub(b" ", value))
    return out


def _local(name: bytes) -> bytes:
    return name[name.rfind(b":") + 1 :]


@dataclass
class _Tag:
    """One start, end or empty tag: its local name, attributes (unparsed) and where it ends."""

    kind: str  # "start", "end" or "empty"
    name: bytes  # local name
    attrs: bytes
    end: int


def _tags(xml: bytes, pos: int, end: int, texts: list[str] | None = None) -> Iterator[_Tag]:
    """The tags from `pos` to `end`. With `texts`, the character data read since the last tag
    (text and CDATA) is appended to it, decoded, just before each tag is yielded."""
    find, match = xml.find, _MARKUP.match
    while True:
        at = find(b"<", pos, end)
        if at < 0:
            if texts is not None and pos < end:
                texts.append(_text(xml[pos:end]))
            return
        if texts is not None and at > pos:
            texts.append(_text(xml[pos:at]))
        m = match(xml, at, end)
        if m is None:
            raise MalformedXml(f"markup at byte {at}: {xml[at : at + 40]!r}")
        pos = m.end()
        name = m.group("name")
        if name is None:
            cdata = m.group("cdata")
            if cdata is not None and texts is not None:
                texts.append(_NEWLINES.sub(b"\n", cdata).decode("utf-8", "replace"))
            continue
        kind = "end" if m.group("close") else "empty" if m.group("empty") else "start"
        yield _Tag(kind, _local(name), m.group("attrs"), pos)


def _text(raw: bytes) -> str:
    return _decode(_NEWLINES.sub(b"\n", raw))


# --- cell references ----------------------------------------------------------------------

_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


def _parse_cell_ref(ref: str) -> tuple[int, int]:
    """1-based (row, column) of a cell reference as calamine reads it: letters in either case,
    then digits (leading zeros allowed). Anything else is a damaged sheet."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise MalformedXml(f"cell reference {ref[:20]!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _column_index(letters: bytes | str) -> int:
    col = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


# --- what a sheet holds -------------------------------------------------------------------


@dataclass
class _Scan:
    """What one sheet's XML says and calamine does not: formulas saved without a value and
    error cells (0-based (row, col)), hidden rows (1-based), hidden columns (1-based inclusive
    ranges), and the extent: `rows` × `cols` up to the farthest cell tag (blank ones too), over
    `cells` cell tags."""

    formulas: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    rows: int = 0
    cols: int = 0
    cells: int = 0

    @classmethod
    def of(cls, xml: bytes) -> _Scan:
        return scan(xml)

    def column_hidden(self, col: int) -> bool:
        """Whether the 0-based column is hidden."""
        return any(lo <= col + 1 <= hi for lo, hi in self.hidden_cols)


def scan(xml: bytes) -> _Scan:
    """The sheet's facts: by the fast path when it can prove its answer, else exactly."""
    found = _fast(xml)
    return found if found is not None else _exact(xml)


class _Cell:
    """One cell tag being read: where it is, its type, its formula and saved value."""

    __slots__ = ("col", "formula", "row", "type", "value")

    def __init__(self, row: int, col: int, kind: str | None):
        self.row, self.col, self.type = row, col, kind
        self.formula = False
        self.value: str | None = None

    def record(self, found: _Scan) -> None:
        if self.type == "e":
            found.errors[(self.row - 1, self.col - 1)] = self.value or ""
        if self.formula and not self.value and not (self.type == "str" and self.value == ""):
            # No saved result; a text result saved empty (="" from IF) is a blank, not missing.
            found.formulas.append((self.row - 1, self.col - 1))


def _exact(xml: bytes) -> _Scan:
    """Every tag of the sheet, read in order, as calamine reads it: the first sheetData only,
    a cell without a reference in the column after the previous one, a row without a number
    after the previous row."""
    found = _Scan()
    row = 0  # 1-based number of the current row
    col = 0  # 1-based column of the last cell read in it
    cell: _Cell | None = None
    level = 0  # the open cell's depth
    texts: list[str] = []
    in_value = False
    depth = 0  # open elements from sheetData down (sheetData itself is 1)
    done = False
    for tag in _tags(xml, 0, len(xml), texts):
        name, kind = tag.name, tag.kind
        if not depth:
            if name == b"sheetData" and not done:
                done = True  # calamine reads the first sheetData only
                depth = 1 if kind == "start" else 0
            elif name == b"col" and kind != "end":
                _hidden_cols(found, attributes(tag.attrs))
        elif kind == "end":
            if cell is not None:
                if in_value and depth == level + 1 and name == b"v":
                    cell.value = "".join(texts)
                    in_value = False
                elif depth == level:
                    cell.record(found)
                    cell = None
            depth -= 1
        elif cell is None:
            if name == b"row" and depth == 1:
                attrs = attributes(tag.attrs)
                number = attrs.get("r", "")
                row = int(number) if number.isascii() and number.isdigit() else row + 1
                col = 0
                if attrs.get("hidden") in ("1", "true"):
                    found.hidden.add(row)
            elif name == b"c":
                attrs = attributes(tag.attrs)
                if "r" in attrs:
                    cell_row, col = _parse_cell_ref(attrs["r"])
                else:  # no reference: the column after the previous cell's, in the current row
                    cell_row, col = max(row, 1), col + 1
                found.cells += 1
                found.rows, found.cols = max(found.rows, cell_row), max(found.cols, col)
                cell = _Cell(cell_row, col, attrs.get("t"))
                if kind == "empty":
                    cell.record(found)
                    cell = None
                else:
                    level = depth + 1
            if kind == "start":
                depth += 1
        else:
            if depth == level:  # a child of the cell
                if name == b"f":
                    cell.formula = True
                elif name == b"v":
                    if kind == "empty":
                        cell.value = ""
                    else:
                        in_value = True
            if kind == "start":
                depth += 1
        texts.clear()
    found.formulas.sort()
    return found


def _hidden_cols(found: _Scan, attrs: dict[str, str]) -> None:
    if attrs.get("hidden") in ("1", "true"):
        try:
            lo, hi = int(attrs.get("min", "0")), int(attrs.get("max", attrs.get("min", "0")))
        except ValueError:
            return
        if lo >= 1 and hi >= lo:
            found.hidden_cols.append((lo, hi))


# --- the fast path ------------------------------------------------------------------------

_CANONICAL_REF = re.compile(rb'<c r="([A-Za-z]{1,7})0*([0-9]{1,12})"')
_SAMPLE = 1 << 16


# The rare markup, each searched for by a pattern starting with one literal byte (the fastest
# search there is: a pattern starting with "<" or a set of bytes stops at every tag).
_PREFIXED = re.compile(rb":[cf]")  # a prefixed cell or formula (or "a:c" in a text: a false alarm)
_FORMULA = re.compile(rb"f(?<=<f)")
_ERROR_TYPE = re.compile(rb"e(?<=[\"']e)[\"']")  # an attribute value "e" (t="e")
_CHAR_REF = re.compile(rb"&#")  # t="&#101;" is an error cell too
_HIDDEN = re.compile(rb"hidden")


def _fast(xml: bytes) -> _Scan | None:
    """The facts with a handful of C-level passes, or None when they cannot be proven so."""
    start = xml.find(b"<sheetData")
    if start < 0 or xml.find(b":sheetData", 0, start) >= 0:
        return None  # no sheet data, or a prefixed one first: the exact scan reads it
    end = xml.rfind(b"</sheetData>")
    end = len(xml) if end < start else end
    if _PREFIXED.search(xml, start, end):
        return None
    found = _Scan()
    extent = _fast_extent(xml, start, end)
    if extent is None:
        return None
    found.rows, found.cols = extent
    # Every cell tag is `<c r="A1"/>` or longer: a bound on their number without counting them.
    found.cells = (end - start) // 11
    head, tail = xml[:start], xml[end:]
    if b"hidden" in head or b"hidden" in tail:
        for part in (head, tail):
            for tag in _tags(part, 0, len(part)):
                if tag.name == b"col" and tag.kind != "end":
                    _hidden_cols(found, attributes(tag.attrs))
    formulas, errors = _FORMULA.search(xml, start, end), _ERROR_TYPE.search(xml, start, end)
    refs, hidden = _CHAR_REF.search(xml, start, end), _HIDDEN.search(xml, start, end)
    if not (formulas or errors or refs or hidden):
        return found
    # Each is read from the start of its tag or cell: the "<" before it only when no comment,
    # CDATA or instruction hides markup.
    if xml.find(b"<!", start, end) >= 0 or xml.find(b"<?", start, end) >= 0:
        return None
    cells: set[int] = set()
    if formulas:
        cells.update(_cell_start(xml, start, m.start()) for m in _FORMULA_UNPROVEN.finditer(xml, start, end))
    for pattern, first in ((_ERROR_TYPE, errors), (_CHAR_REF, refs)):
        if first:
            for m in pattern.finditer(xml, first.start(), end):
                tag = xml.rfind(b"<", start, m.start())
                if xml.startswith(b'<c r="', tag):
                    cells.add(tag)
    for at in sorted(cells):
        if at >= 0:
            _read_cell(xml, at, end, found)
    for m in _HIDDEN.finditer(xml, hidden.start(), end) if hidden else ():
        tag = xml.rfind(b"<", start, m.start())
        row = _MARKUP.match(xml, tag, end) if tag >= 0 else None
        name = row.group("name") if row is not None else None
        if name and _local(name) == b"row" and not row.group("close") and row.end() > m.start():
            attrs = attributes(row.group("attrs"))
            if attrs.get("hidden") in ("1", "true"):
                if not (attrs.get("r", "").isascii() and attrs.get("r", "").isdigit()):
                    return None  # its number depends on the rows before it
                found.hidden.add(int(attrs["r"]))
    found.formulas.sort()
    return found


# A formula not followed at once by a saved value (`<v>` with something in it): a candidate,
# read properly from its cell. A formula followed by its value, the usual case, never matches.
_FORMULA_UNPROVEN = re.compile(rb"<f(?=[\s/>])(?!(?:[^<]*/>|[^<]*</f\s*>)\s*<v(?:\s[^<>]*)?>[^<])")


def _cell_start(xml: bytes, start: int, at: int) -> int:
    """Where the `<c r="…">` tag holding the markup at `at` starts (-1 when it is in none)."""
    tag = xml.rfind(b'<c r="', start, at)
    if tag < 0 or xml.find(b"</c", tag, at) >= 0:
        return -1
    m = _MARKUP.match(xml, tag)
    return -1 if m is None or m.group("empty") or m.end() > at else tag


def _read_cell(xml: bytes, at: int, end: int, found: _Scan) -> None:
    """Read the cell whose tag starts at `at` with the tokenizer, recording what it holds."""
    texts: list[str] = []
    cell: _Cell | None = None
    in_value = False
    depth = 0  # open elements from the cell down (the cell itself is 1)
    for tag in _tags(xml, at, end, texts):
        name, kind = tag.name, tag.kind
        if cell is None:
            attrs = attributes(tag.attrs)
            row, col = _parse_cell_ref(attrs["r"])
            cell = _Cell(row, col, attrs.get("t"))
            if kind == "empty":
                break
        elif kind == "end":
            if in_value and depth == 2 and name == b"v":
                cell.value = "".join(texts)
                in_value = False
            depth -= 1
            if not depth:
                break
            texts.clear()
            continue
        elif depth == 1:
            if name == b"f":
                cell.formula = True
            elif name == b"v":
                if kind == "empty":
                    cell.value = ""
                else:
                    in_value = True
        if kind == "start":
            depth += 1
        texts.clear()
    if cell is not None:
        cell.record(found)


def _fast_extent(xml: bytes, start: int, end: int) -> tuple[int, int] | None:
    """Rows and columns up to the farthest cell, when one search proves no cell tag lies
    beyond the farthest found near the sheet's two ends and every one is spelled `<c r="…"`."""
    # The two stretches do not overlap, and each row number is converted once: a workbook of
    # 600 small per-rater sheets scans each one whole (issue #9's benchmark).
    head_end = min(end, start + _SAMPLE)
    sample = _CANONICAL_REF.findall(xml, start, head_end)
    sample += _CANONICAL_REF.findall(xml, max(head_end, end - _SAMPLE), end)
    if not sample:
        rows = cols = 0
    else:
        rows = max(map(int, {digits for _, digits in sample}))
        cols = max(_column_index(letters.upper()) for letters in {c for c, _ in sample}) + 1
    if rows > 10**9 or cols > 10**6:
        return None
    if _not_within(rows, cols).search(xml, start, end):
        return None
    return rows, cols


def _not_within(rows: int, cols: int) -> re.Pattern[bytes]:
    """Any `<c` that is not `<c r="REF"` with REF at most `rows` down and `cols` across (so also
    `<col…`, `<color>` of a rich text, or a cell spelled any other way)."""
    letters = _letters(cols)
    if not letters:
        return re.compile(rb"<c")
    within = f'(?i:{_at_most(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", True)})0*(?:{_at_most(str(rows), "0123456789")})"'
    return re.compile(rb'<c(?! r="' + within.encode() + rb")")


def _letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _at_most(text: str, alphabet: str, nonempty: bool = False) -> str:
    """A regex for the strings over `alphabet` that are shorter than `text` (without a leading
    first letter of the alphabet for numbers), or as long and sorting no later."""
    first, last = alphabet[0], alphabet[-1]
    if nonempty:
        shorter = [f"[{first}-{last}]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    else:  # digits after "0*": none at all (row 0), or fewer digits not starting with 0
        shorter = [""] + ([f"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else [])
    same = [re.escape(text)]  # (after the shorter ones: most rows and columns are shorter than the last)
    for i, ch in enumerate(text):
        lowest = "1" if (i == 0 and not nonempty) else first
        if ch > lowest:
            below = f"[{lowest}-{chr(ord(ch) - 1)}]"
            same.append(re.escape(text[:i]) + below + (f"[{first}-{last}]{{{len(text) - i - 1}}}" if i < len(text) - 1 else ""))
    return "|".join(shorter[::-1] + same)


# --- trimming a sheet stretched by blank cells --------------------------------------------

# A cell tag with its content, in any spelling (a prefix too: <x:c>…</x:c>).
_P = rb"(?:[^\s<>/!?:=\"']+:)?"
_ANY_CELL = re.compile(rb"<(" + _P + rb")c(?=[\s/>])(?:[^<>\"']|\"[^\"]*\"|'[^']*')*(?:/>|>(.*?)</\1c\s*>)", re.S)
_SHEET_DATA = re.compile(rb"<" + _P + rb"sheetData(?=[\s/>])")
_SHEET_DATA_END = re.compile(rb"</" + _P + rb"sheetData\s*>")
_ROW_END = re.compile(rb"</" + _P + rb"row\s*>")
_TRIM_ABOVE_CELLS = 1_000_000
# Where a value may start: a <v> or <t> (any prefix) not closed at once. It may be blank; a
# row is never cut for a value it holds.
_VALUE_START = re.compile(rb"<(?:[^\s<>/!?:]+:)?[vt][\s>][^<]*?>(?!\s*</)")


def _extent(xml: bytes) -> tuple[int, int]:
    """Rows and columns up to the farthest cell tag: what calamine will allocate at most."""
    found = scan(xml)
    return found.rows, found.cols


def _extent_bound(xml: bytes) -> tuple[int, int] | None:
    """The extent by the fast path alone; None when it cannot prove it."""
    found = _fast(xml)
    return None if found is None else (found.rows, found.cols)


def _sparse(rows: int, cols: int, cells: int) -> bool:
    """Whether the sheet's rectangle is large and mostly made of cells that are not there."""
    return rows * cols > _TRIM_ABOVE_CELLS and rows * cols > 4 * cells


def _sheet_data(xml: bytes) -> tuple[int, int] | None:
    """The first sheetData (any prefix): from just after its name to its end tag; None without one."""
    start = _SHEET_DATA.search(xml)
    end = _SHEET_DATA_END.search(xml, start.end()) if start else None
    return None if start is None or end is None else (start.end(), end.start())


def _cut_after_last_value(xml: bytes) -> bytes:
    """The sheet without the rows after the last one that may hold a value."""
    found = _sheet_data(xml)
    if found is None:
        return xml
    start, end = found
    last = None
    for last in _VALUE_START.finditer(xml, start, end):
        pass
    if last is None:
        cut = xml.find(b">", start) + 1
    else:
        row_end = _ROW_END.search(xml, last.end(), end)
        cut = end if row_end is None else row_end.end()
    return xml[:cut] + xml[end:]


def first_rows(xml: bytes, count: int) -> bytes | None:
    """The sheet with only the rows up to its `count`-th row end, the rest of its XML (merged
    ranges, columns) kept; None when it has no more rows than that. A row written `<row/>` has
    no end tag, so a few more rows may be kept: never fewer."""
    found = _sheet_data(xml)
    if found is None:
        return None
    start, end = found
    seen, cut = 0, None
    for row_end in _ROW_END.finditer(xml, start, end):
        seen += 1
        if seen == count:
            cut = row_end.end()
            break
    if cut is None or _ROW_END.search(xml, cut, end) is None:
        return None
    return xml[:cut] + xml[end:]


def drop_blank_cells(xml: bytes, blank_strings: set[int]) -> bytes:
    """The sheet without its blank cells that have a reference (dropping one without would
    move the cells after it)."""
    return _ANY_CELL.sub(lambda m: b"" if _is_blank_cell(m.group(0), blank_strings) else m.group(0), xml)


def _is_blank_cell(xml: bytes, blank_strings: set[int]) -> bool:
    """Whether a cell (its whole XML) reads as blank. A formula cell is judged by its saved
    value: calamine reads an unsaved one as blank too, and formulas_without_value reads the
    original XML, not the trimmed copy."""
    texts: list[str] = []
    kind, value, inline = None, None, []
    depth = 0
    in_text = False
    for tag in _tags(xml, 0, len(xml), texts):
        if depth == 0:
            attrs = attributes(tag.attrs)
            if "r" not in attrs:
                return False
            kind = attrs.get("t")
            if tag.kind == "empty":
                return True
        if tag.kind == "end":
            if in_text and tag.name in (b"v", b"t"):
                if tag.name == b"v":
                    value = "".join(texts)
                else:
                    inline.append("".join(texts))
                in_text = False
            depth -= 1
        else:
            if tag.name in (b"v", b"t") and tag.kind == "start":
                in_text = True
            if tag.kind == "start":
                depth += 1
        texts.clear()
    if kind == "s":
        return value is None or not value.strip().isdigit() or int(value) in blank_strings
    if kind in ("inlineStr", "str"):
        return is_blank("".join(inline) if value is None else value)
    return value is None or not value.strip()


def blank_shared_strings(xml: bytes) -> set[int]:
    """Indexes of the shared strings that are blank (spaces, invisible characters)."""
    blank = set()
    texts: list[str] = []
    index, text, depth, in_text, phonetic = -1, [], 0, False, 0
    for tag in _tags(xml, 0, len(xml), texts):
        name, kind = tag.name, tag.kind
        if kind == "end":
            depth -= 1
            if name == b"t" and in_text:
                if not phonetic:
                    text.append("".join(texts))
                in_text = False
            elif name == b"rPh":
                phonetic -= 1
            elif name == b"si" and index >= 0:
                if is_blank("".join(text)):
                    blank.add(index)
        else:
            if name == b"si":
                index += 1
                text = []
                if kind == "empty":
                    blank.add(index)
            elif name == b"rPh" and kind == "start":
                phonetic += 1
            elif name == b"t" and kind == "start":
                in_text = True
            if kind == "start":
                depth += 1
        texts.clear()
    return blank
