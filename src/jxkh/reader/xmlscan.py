"""The sheet XML, scanned for what calamine cannot report: formulas saved without a value,
error cells, hidden rows, and how far the sheet reaches (what calamine will allocate)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..cells import is_blank

# <f> is a cell's first child and its text is escaped, so one pass finds the formula cells whose
# saved value (<v>) is missing or empty; a filled-down column of a million stays fast.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*)><f\b[^>]*?(?:/>|>[^<]*</f>)(<v\s*/>|<v></v>)?</c>'
)


@dataclass
class _Scan:
    """One sheet XML's formulas saved without a value and error cells (0-based (row, col)), and hidden rows (1-based)."""

    formulas: list[tuple[int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, xml: bytes) -> _Scan:
        scan = cls()
        if b"<f" in xml:
            for letters, digits, attrs, saved in _FORMULA_WITHOUT_VALUE.findall(xml):
                if saved and b't="str"' in attrs:
                    continue  # a text result saved empty (="" from IF): blank, not missing
                scan.formulas.append((int(digits) - 1, _column_index(letters)))
        if b't="e"' in xml:
            scan.errors = {
                _parse_ref(m.group(1).decode()): m.group(2).decode("utf-8", "replace") for m in _ERROR_CELL.finditer(xml)
            }
        if b'hidden="' in xml:
            scan.hidden = {int(m.group(1)) for m in _HIDDEN_ROW.finditer(xml)}
        return scan


_ERROR_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?\bt="e"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"[^>]*?\bhidden="(?:1|true)"')
# Excel, LibreOffice and openpyxl all write r first; a cell without it only shrinks the estimate.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ANY_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*?(?:/>|>(.*?)</c>)', re.S)
_SHARED_STRING = re.compile(rb"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_TEXT_RUN = re.compile(rb"<t\b[^>]*>([^<]*)</t>")  # runs of <r> too; <rPh> phonetic runs are rare
_TRIM_ABOVE_CELLS = 1_000_000
_VALUE_START = re.compile(rb"<v>\s*[^<\s]|<t(?:\s[^>]*)?>\s*[^<\s]")


def _extent(xml: bytes) -> tuple[int, int]:
    """Rows and columns up to the farthest cell: what calamine will allocate."""
    refs = _CELL_REF.findall(xml)
    if not refs:
        return 0, 0
    return max(int(r) for _, r in refs), max(_column_index(c) for c in {c for c, _ in refs}) + 1


def _extent_bound(xml: bytes) -> tuple[int, int] | None:
    """Rows and columns at least as far as `_extent`'s, without listing every cell (4.5 s at a
    million rows): the last cell written, checked by one search for any cell beyond it.
    None when that cell cannot be read (then `_extent` decides)."""
    at = xml.rfind(b'<c r="')
    if at < 0:
        return 0, 0
    last = _CELL_REF.match(xml, at)
    if last is None:
        return None
    digits = last.group(2).decode()
    # The widest column: the last row may end early (a blank 备注), so also the first and last
    # stretches of the sheet; any wider cell elsewhere sends this to `_extent`.
    sample = _CELL_REF.findall(xml, 0, 1 << 16) + _CELL_REF.findall(xml, max(0, at - (1 << 16)))
    letters = max((c.decode() for c, _ in sample), key=lambda c: (len(c), c))
    if digits.startswith("0"):  # A007: shorter numbers may be larger
        return None
    # Longer, or as long and sorting after (column letters; row digits as _CELL_REF reads them).
    farther_col = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    farther_col += filter(None, [_after(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")])
    farther_row = [f"[0-9]{{{len(digits) + 1},7}}"] if len(digits) < 7 else []
    farther_row += filter(None, [_after(digits, "0123456789")])
    beyond = [
        *(f"(?:{'|'.join(farther_col)})[0-9]{{1,7}}" for _ in farther_col[:1]),
        *(f"[A-Z]{{1,3}}(?:{'|'.join(farther_row)})" for _ in farther_row[:1]),
    ]
    if beyond and re.search(rf'<c r="(?:{"|".join(beyond)})"'.encode(), xml):
        return None
    return int(digits), _column_index(letters) + 1


def _after(text: str, alphabet: str) -> str:
    """A regex for the strings as long as `text` over `alphabet` that sort after it."""
    alternatives = []
    for i, ch in enumerate(text):
        rest = alphabet[alphabet.index(ch) + 1 :]
        if rest:
            tail = f"[{alphabet[0]}-{alphabet[-1]}]{{{len(text) - i - 1}}}" if i < len(text) - 1 else ""
            alternatives.append(re.escape(text[:i]) + f"[{rest[0]}-{rest[-1]}]" + tail)
    return "|".join(alternatives)


def _sparse(xml: bytes, rows: int, cols: int) -> bool:
    """Whether the sheet's rectangle is large and mostly made of cells that are not there."""
    return rows * cols > _TRIM_ABOVE_CELLS and rows * cols > 4 * xml.count(b"<c ")


def _cut_after_last_value(xml: bytes) -> bytes:
    """The sheet without the rows after the last one holding a non-blank value."""
    end = xml.find(b"</sheetData>")
    start = xml.find(b"<sheetData")
    if end < 0 or start < 0:
        return xml
    last = None
    for last in _VALUE_START.finditer(xml, start, end):
        pass
    if last is None:
        cut = xml.find(b">", start) + 1
    else:
        row_end = xml.find(b"</row>", last.end(), end)
        cut = end if row_end < 0 else row_end + len(b"</row>")
    return xml[:cut] + xml[end:]



def _is_blank_cell(match: re.Match[bytes], blank_strings: set[int]) -> bool:
    body = match.group(2)
    if not body:
        return True
    # A formula cell is judged by its saved value: calamine reads an unsaved one as blank too,
    # and formulas_without_value reads the original XML, not this copy.
    tag = match.group(0)[: match.group(0).find(b">")]
    value = re.search(rb"<v>([^<]*)</v>", body)
    if b't="s"' in tag:
        return value is None or not value.group(1).strip().isdigit() or int(value.group(1)) in blank_strings
    if b't="inlineStr"' in tag or b't="str"' in tag:
        text = b"".join(_TEXT_RUN.findall(body)) if value is None else value.group(1)
        return is_blank(html.unescape(text.decode("utf-8", "replace")))
    return value is None or not value.group(1).strip()


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
