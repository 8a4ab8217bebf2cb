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
from collections.abc import Callable, Generator, Iterable, Iterator
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


def _tags(
    xml: bytes, pos: int, end: int, texts: list[str] | None = None, *, final: bool = True, base: int = 0
) -> Generator[_Tag, None, int]:
    """The tags from `pos` to `end`. With `texts`, the character data read since the last tag
    (text and CDATA) is appended to it, decoded, just before each tag is yielded.

    Not `final` (`xml` is a chunk of a longer document): it stops before the text and markup
    that the chunk may cut short, and returns where, to be read again with the next chunk. A
    markup that matches in a chunk matches the same in the whole document: its alternatives
    differ by their first bytes, and each ends at a ">" that no longer text can move."""
    find, match = xml.find, _MARKUP.match
    while True:
        at = find(b"<", pos, end)
        if at < 0:
            if not final:
                return pos
            if texts is not None and pos < end:
                texts.append(_text(xml[pos:end]))
            return end
        m = match(xml, at, end)
        if m is None:
            if not final:
                return pos
            raise MalformedXml(f"markup at byte {base + at}: {xml[at : at + 40]!r}")
        if texts is not None and at > pos:
            texts.append(_text(xml[pos:at]))
        pos = m.end()
        name = m.group("name")
        if name is None:
            cdata = m.group("cdata")
            if cdata is not None and texts is not None:
                texts.append(_NEWLINES.sub(b"\n", cdata).decode("utf-8", "replace"))
            continue
        kind = "end" if m.group("close") else "empty" if m.group("empty") else "start"
        yield _Tag(kind, _local(name), m.group("attrs"), pos)


def _stream_tags(chunks: Iterable[bytes], texts: list[str] | None = None) -> Iterator[_Tag]:
    """`_tags` over a document given in chunks, as over the document whole (each tag's `end` is
    then within its chunk). What a chunk cuts short is read with the next; a long stretch
    without a complete markup waits until the bytes held have doubled, so reading stays linear."""
    held, base, wait = b"", 0, 0
    for chunk in chunks:
        held = held + chunk if held else chunk
        if len(held) < wait:
            continue
        pos = yield from _tags(held, 0, len(held), texts, final=False, base=base)
        held, base = held[pos:], base + pos
        wait = 2 * len(held)
    yield from _tags(held, 0, len(held), texts, base=base)


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
    return scan_chunks(lambda: (xml,))


def scan_chunks(chunks: Callable[[], Iterable[bytes]]) -> _Scan:
    """`scan` over the sheet's XML read in chunks (`chunks()` reads it from its start), never
    holding it whole: the fast path over one reading, the exact scan over a second when the
    fast path gives way (it stops reading as soon as it does)."""
    found = _fast(chunks())
    return found if found is not None else _exact(chunks())


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


def _exact(xml: bytes | Iterable[bytes]) -> _Scan:
    """Every tag of the sheet (whole, or in chunks), read in order, as calamine reads it: the
    first sheetData only, a cell without a reference in the column after the previous one, a
    row without a number after the previous row."""
    found = _Scan()
    row = 0  # 1-based number of the current row
    col = 0  # 1-based column of the last cell read in it
    cell: _Cell | None = None
    level = 0  # the open cell's depth
    texts: list[str] = []
    in_value = False
    depth = 0  # open elements from sheetData down (sheetData itself is 1)
    done = False
    for tag in _stream_tags((xml,) if isinstance(xml, bytes) else xml, texts):
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
_PIECE_SAMPLE = 1 << 13  # a piece's ends: its last rows give the farthest row so far, any full row the columns


# The rare markup, each searched for by a pattern starting with one literal byte (the fastest
# search there is: a pattern starting with "<" or a set of bytes stops at every tag).
_PREFIXED = re.compile(rb":[cf]")  # a prefixed cell or formula (or "a:c" in a text: a false alarm)
_FORMULA = re.compile(rb"f(?<=<f)")
_ERROR_TYPE = re.compile(rb"e(?<=[\"']e)[\"']")  # an attribute value "e" (t="e")
_CHAR_REF = re.compile(rb"&#")  # t="&#101;" is an error cell too
_HIDDEN = re.compile(rb"hidden")


def _fast(xml: bytes | Iterable[bytes]) -> _Scan | None:
    """The facts with a handful of C-level passes, or None when they cannot be proven so.

    The sheet (whole, or in chunks) is searched in pieces that each end with a `</row>`, the
    last with the rest: every pattern searched for lies within one tag or cell, which no
    `</row>` splits, so a piece is searched as the whole sheet would be. The extent is proven
    piece by piece, against the farthest cell found so far near the pieces' two ends."""
    fast = _FastScan()
    for chunk in (xml,) if isinstance(xml, bytes) else xml:
        if not fast.feed(chunk):
            return None
    return fast.close()


class _FastScan:
    """The fast path fed the sheet's XML a chunk at a time (`_fast`)."""

    def __init__(self) -> None:
        self.found = _Scan()
        self.held = b""  # read, not yet searched: up to `<sheetData`, then from the last piece's end
        self.base = 0  # where `held` starts in the sheet
        self.head: bytes | None = None  # the XML before `<sheetData`, once found
        self.start = 0  # where `<sheetData` starts
        self.declared = False  # a comment, CDATA or instruction in the pieces searched
        self.pieces = 0

    def feed(self, chunk: bytes) -> bool:
        """Search the pieces this chunk completes; False when the fast path gives way."""
        new = len(self.held)
        held = self.held + chunk if self.held else chunk
        if self.head is None:
            at = held.find(b"<sheetData", max(0, new - 9))
            if at < 0:
                self.held = held
                return True
            if held.find(b":sheetData", 0, at) >= 0:
                return False  # a prefixed one first: the exact scan reads it
            self.head, self.start = held[:at], self.base + at
            held, self.base, new = held[at:], self.base + at, 0
        cut = held.rfind(b"</row>", max(0, new - 5))
        if cut < 0:
            self.held = held
            return True
        cut += len(b"</row>")
        ok = self._piece(held, cut, final=False)
        self.held, self.base = held[cut:], self.base + cut
        return ok

    def close(self) -> _Scan | None:
        if self.head is None:
            return None  # no sheet data: the exact scan reads it
        held, found = self.held, self.found
        end = held.rfind(b"</sheetData>")
        if end < 0:
            return None  # no end, or rows after it (`<sheetData/>` too): the exact scan reads it
        if not self._piece(held, end, final=True):
            return None
        # Every cell tag is `<c r="A1"/>` or longer: a bound on their number without counting them.
        found.cells = (self.base + end - self.start) // 11
        tail = held[end:]
        if b"hidden" in self.head or b"hidden" in tail:
            for part in (self.head, tail):
                for tag in _tags(part, 0, len(part)):
                    if tag.name == b"col" and tag.kind != "end":
                        _hidden_cols(found, attributes(tag.attrs))
        found.formulas.sort()
        return found

    def _piece(self, xml: bytes, end: int, final: bool) -> bool:
        """Search `xml[:end]`, sheet data from `<sheetData` or a `</row>` to a `</row>` (or, the
        last piece, to `</sheetData>`)."""
        found = self.found
        if _PREFIXED.search(xml, 0, end):
            return False
        # The first piece's ends are sampled as widely as a whole sheet's were.
        extent = _fast_extent(xml, 0, end, found.rows, found.cols, _PIECE_SAMPLE if self.pieces else _SAMPLE)
        if extent is None:
            return False
        found.rows, found.cols = extent
        self.pieces += 1
        self.declared = self.declared or _declares(xml, end)
        formulas, errors = _FORMULA.search(xml, 0, end), _ERROR_TYPE.search(xml, 0, end)
        refs, hidden = _CHAR_REF.search(xml, 0, end), _HIDDEN.search(xml, 0, end)
        if not (formulas or errors or refs or hidden):
            return True
        # Each is read from the start of its tag or cell: the "<" before it only when no comment,
        # CDATA or instruction (in this piece or one before: none after can) hides markup.
        if self.declared:
            return False
        cells: set[int] = set()
        if formulas:
            cells.update(_cell_start(xml, 0, m.start()) for m in _FORMULA_UNPROVEN.finditer(xml, 0, end))
        for pattern, first in ((_ERROR_TYPE, errors), (_CHAR_REF, refs)):
            if first:
                for m in pattern.finditer(xml, first.start(), end):
                    tag = xml.rfind(b"<", 0, m.start())
                    if xml.startswith(b'<c r="', tag):
                        cells.add(tag)
        for at in sorted(cells):
            if at >= 0 and not _read_cell(xml, at, end, found) and not final:
                return False  # a cell not closed before its row is: the exact scan reads it
        for m in _HIDDEN.finditer(xml, hidden.start(), end) if hidden else ():
            tag = xml.rfind(b"<", 0, m.start())
            row = _MARKUP.match(xml, tag, end) if tag >= 0 else None
            name = row.group("name") if row is not None else None
            if name and _local(name) == b"row" and not row.group("close") and row.end() > m.start():
                attrs = attributes(row.group("attrs"))
                if attrs.get("hidden") in ("1", "true"):
                    if not (attrs.get("r", "").isascii() and attrs.get("r", "").isdigit()):
                        return False  # its number depends on the rows before it
                    found.hidden.add(int(attrs["r"]))
        return True



def _declares(xml: bytes, end: int) -> bool:
    """Whether `xml[:end]` holds "<!" or "<?": each found by its rare second byte (a search for
    "<" would stop at every tag)."""
    for second in b"!?":
        at = xml.find(second, 0, end)
        while at >= 0:
            if xml[at - 1 : at] == b"<":
                return True
            at = xml.find(second, at + 1, end)
    return False


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


def _read_cell(xml: bytes, at: int, end: int, found: _Scan) -> bool:
    """Read the cell whose tag starts at `at` with the tokenizer, recording what it holds;
    whether it closed before `end`."""
    texts: list[str] = []
    cell: _Cell | None = None
    in_value = False
    closed = True
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
    else:
        closed = False
    if cell is not None:
        cell.record(found)
    return closed


def _fast_extent(
    xml: bytes, start: int, end: int, rows: int = 0, cols: int = 0, sample_size: int = _SAMPLE
) -> tuple[int, int] | None:
    """Rows and columns up to the farthest cell, when one search proves no cell tag lies
    beyond the farthest found near the stretch's two ends (or `rows` × `cols`, the farthest
    found before it) and every one is spelled `<c r="…"`."""
    # The two stretches do not overlap, and each row number is converted once. Narrow ends are
    # tried first: a form per rater (130 KB) fits within two wide ones, and converting its every
    # cell reference was most of the scan of 600 forms; the wide ends only when a cell lies beyond.
    for size in dict.fromkeys((min(sample_size, _PIECE_SAMPLE), sample_size)):
        head_end = min(end, start + size)
        sample = _CANONICAL_REF.findall(xml, start, head_end)
        sample += _CANONICAL_REF.findall(xml, max(head_end, end - size), end)
        far, wide = rows, cols
        if sample:
            far = max(rows, *map(int, {digits for _, digits in sample}))
            wide = max(cols, max(_column_index(letters.upper()) for letters in {c for c, _ in sample}) + 1)
        if far > 10**9 or wide > 10**6:
            return None
        if not _not_within(far, wide).search(xml, start, end):
            return far, wide
    return None


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
    """A regex for the strings over `alphabet` that are as long as `text` and sort no later
    (without a leading first letter of the alphabet for numbers), or shorter.

    The strings as long come first, as a tree over `text`'s prefixes, so that one as long (as
    most rows are in a piece of a sheet) is matched without going back over its characters."""
    first, last = alphabet[0], alphabet[-1]
    n = len(text)

    def same(i: int) -> str:  # text[:i] matched: the rest as long, sorting no later
        if i == n:
            return ""
        ch, lowest = text[i], "1" if (i == 0 and not nonempty) else first
        options = [re.escape(ch) + same(i + 1)]
        if ch > lowest:
            options.append(f"[{lowest}-{chr(ord(ch) - 1)}]" + (f"[{first}-{last}]{{{n - i - 1}}}" if i < n - 1 else ""))
        return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"

    if nonempty:
        shorter = [f"[{first}-{last}]{{1,{n - 1}}}"] if n > 1 else []
    else:  # digits after "0*": fewer digits not starting with 0, or none at all (row 0)
        shorter = ([f"[1-9][0-9]{{0,{n - 2}}}"] if n > 1 else []) + [""]
    return "|".join([same(0), *shorter])


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


_ROW_OR_DATA_END = re.compile(rb"</" + _P + rb"(?:(row)|sheetData)\s*>")


class FirstRows:
    """`first_rows(xml, count) or xml`, watching the sheet's XML go by in chunks (`watch`), and
    holding only what it keeps: the sheet until its `count`-th row end and one more, then
    nothing until the end of its sheetData, then the rest.

    `result` is None when the sheet turns out to have no sheetData end after all (then the
    whole sheet is the cut, and it was not kept: read it whole)."""

    def __init__(self, count: int):
        self.count = count
        self.held = bytearray()  # the sheet from its start, until the cut is known to stand
        self.start = -1  # where the sheetData's rows start in `held`
        self.seen = 0  # row ends seen
        self.cut = -1  # the end of the `count`-th
        self.searched = 0  # `held` is searched up to here (a tag a chunk cut short is searched again)
        self.skipping = b""  # once the cut stands: the last "<" on, while the sheetData end is looked for
        self.tail: bytearray | None = None  # from the sheetData end on
        self.stood = False

    def watch(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.feed(chunk)
            yield chunk

    def feed(self, chunk: bytes) -> None:
        if self.tail is not None:
            self.tail += chunk
        elif self.stood:
            self._skip(chunk)
        else:
            self.held += chunk
            self._search()

    def _search(self) -> None:
        held = self.held
        if self.start < 0:
            m = _SHEET_DATA.search(held, self.searched)
            if m is None:
                self.searched = max(self.searched, held.rfind(b"<"))
                return
            self.start = self.searched = m.end()
        after = -1  # where a row end after the cut starts
        for m in _ROW_OR_DATA_END.finditer(held, self.searched):
            self.searched = m.end()
            if m.group(1) is None:  # the sheetData ends first: the whole sheet is its cut
                self.tail = bytearray()
                return
            if self.seen == self.count:
                after = m.start()
                break
            self.seen += 1
            if self.seen == self.count:
                self.cut = m.end()
        if after < 0:
            self.searched = max(self.searched, held.rfind(b"<"))
            return
        self.stood = True  # a row after the cut: it stands
        rest = bytes(held[after:])
        del held[self.cut :]
        self._skip(rest)

    def _skip(self, chunk: bytes) -> None:
        """Look for the sheetData end, by the literal name (a search for "<" stops at every tag)."""
        text = self.skipping + chunk if self.skipping else chunk  # from the last "<": a tag not yet ended
        at = text.find(b"sheetData")
        while at >= 0:
            tag = text.rfind(b"<", 0, at)
            if tag >= 0 and _SHEET_DATA_END.match(text, tag):
                self.tail, self.skipping = bytearray(text[tag:]), b""
                return
            at = text.find(b"sheetData", at + 1)
        last = text.rfind(b"<")
        self.skipping = text[last:] if last >= 0 else b""

    def result(self) -> bytes | None:
        if self.tail is None:  # no sheetData end: without a cut that stands, the whole sheet was held
            return None if self.stood else bytes(self.held)
        return bytes(self.held + self.tail)


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
