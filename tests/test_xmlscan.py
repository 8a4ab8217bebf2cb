"""The sheet-XML tokenizer against a real XML parser (expat), on generated spellings of the
same sheet: attribute order, either quote, whitespace, entity references, prefixes, strict
and transitional namespaces, comments, CDATA, cells and rows without references.

What is compared is every fact calamine cannot report: error cells, formulas saved without a
value, hidden rows and columns, the extent (rows × columns up to the farthest cell) and the
number of cell tags. The reference reads the sheet as calamine does: the first sheetData
only, a cell without a reference in the column after the previous one, a row without a
number after the previous row, elements by their local name.
"""

from __future__ import annotations

import re
from xml.parsers import expat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxkh.reader.xmlscan import (
    FirstRows, MalformedXml, _exact, _extent_bound, _fast, _not_within, _Scan, first_rows, scan, scan_chunks,
)

TRANSITIONAL = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"


def reference(xml: bytes) -> _Scan:
    """The facts, read by expat."""
    found = _Scan()
    stack: list[str] = []
    state = {"sheet": None, "done": False, "row": 0, "col": 0, "cell": None, "text": None}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        stack.append(local)
        depth = len(stack)
        sheet, cell = state["sheet"], state["cell"]
        if sheet is None:
            if local == "sheetData" and not state["done"]:
                state["sheet"], state["done"] = depth, True
            elif local == "col" and attrs.get("hidden") in ("1", "true"):
                lo, hi = int(attrs.get("min", "0")), int(attrs.get("max", attrs.get("min", "0")))
                if lo >= 1 and hi >= lo:
                    found.hidden_cols.append((lo, hi))
            return
        if cell is None:
            if local == "row" and depth == sheet + 1:
                number = attrs.get("r", "")
                state["row"] = int(number) if re.fullmatch("[0-9]+", number) else state["row"] + 1
                state["col"] = 0
                if attrs.get("hidden") in ("1", "true"):
                    found.hidden.add(state["row"])
            elif local == "c":
                if "r" in attrs:
                    m = re.fullmatch("([A-Za-z]+)([0-9]+)", attrs["r"])
                    row = int(m.group(2))
                    col = 0
                    for ch in m.group(1).upper():
                        col = col * 26 + ord(ch) - 64
                else:
                    row, col = max(state["row"], 1), state["col"] + 1
                state["col"] = col
                found.cells += 1
                found.rows, found.cols = max(found.rows, row), max(found.cols, col)
                state["cell"] = {"depth": depth, "row": row, "col": col, "t": attrs.get("t"), "f": False, "v": None}
        elif depth == cell["depth"] + 1:
            if local == "f":
                cell["f"] = True
            elif local == "v":
                state["text"] = []

    def end(name: str) -> None:
        depth = len(stack)
        stack.pop()
        cell = state["cell"]
        if state["sheet"] is not None and depth == state["sheet"]:
            state["sheet"] = None
        if cell is None:
            return
        if depth == cell["depth"] + 1 and state["text"] is not None and name.rsplit(":", 1)[-1] == "v":
            cell["v"] = "".join(state["text"])
            state["text"] = None
        elif depth == cell["depth"]:
            key = (cell["row"] - 1, cell["col"] - 1)
            if cell["t"] == "e":
                found.errors[key] = cell["v"] or ""
            if cell["f"] and not cell["v"] and not (cell["t"] == "str" and cell["v"] == ""):
                found.formulas.append(key)
            state["cell"] = None

    def text(data: str) -> None:
        if state["text"] is not None:
            state["text"].append(data)

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.Parse(xml, True)
    found.formulas.sort()
    return found


def facts(found: _Scan) -> dict:
    return {
        "errors": found.errors, "formulas": sorted(found.formulas), "hidden": found.hidden,
        "hidden_cols": sorted(found.hidden_cols), "extent": (found.rows, found.cols), "cells": found.cells,
    }


# --- generated spellings ------------------------------------------------------------------


def letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


@st.composite
def spelling(draw):
    """How this document spells its tags: element prefix, namespace, and per attribute."""
    return {
        "prefix": draw(st.sampled_from(["", "", "", "x:", "main:"])),
        "ns": draw(st.sampled_from([TRANSITIONAL, STRICT])),
        "comments": draw(st.booleans()),
    }


_QUOTES, _BEFORE, _EQUALS = ['"', "'"], [" ", " ", "  ", "\t", "\n", "\r\n "], ["=", "=", " = ", "\t=\n"]


def attr(draw, name: str, value: str) -> str:
    """One attribute, spelt one of 480 ways (one draw: generating is most of this test's time)."""
    n = draw(st.integers(0, 479))
    quote, before, eq = _QUOTES[n % 2], _BEFORE[n // 2 % 6], _EQUALS[n // 12 % 4]
    if n // 48 == 0 and value:  # a character reference for the first character
        value = (f"&#{ord(value[0])};" if n % 3 else f"&#x{ord(value[0]):x};") + value[1:]
    return f"{before}{name}{eq}{quote}{value}{quote}"


def tag(draw, prefix: str, name: str, attrs: list[tuple[str, str]], *, empty: bool = False) -> str:
    attrs = list(attrs)
    if draw(st.integers(0, 3)) == 0:  # an attribute of no interest, with ">" and look-alikes in it
        attrs.append((draw(st.sampled_from(["s", "x14ac:dyDescent", "foo"])), draw(st.sampled_from(["1", 'a>b', "e", "hidden", "r=ZZ9"]))))
    order = draw(st.permutations(attrs)) if len(attrs) > 1 else attrs
    body = "".join(attr(draw, n, v.replace('"', "&quot;").replace("'", "&apos;")) for n, v in order)
    tail = draw(st.sampled_from(["", "", " ", "\n"]))
    return f"<{prefix}{name}{body}{tail}{'/' if empty else ''}>"


def maybe_comment(draw, spell) -> str:
    if spell["comments"] and draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(["<!-- <c r=\"A1\"> -->", "<?pi x?>", "<!---->", "\n  "]))
    return ""


cell_values = st.sampled_from(["1", "0", "12.5", "#DIV/0!", "#N/A", "", " ", "a&amp;b", "&lt;x&gt;", "7"])


@st.composite
def cell(draw, spell, row: int, col: int):
    p = spell["prefix"]
    attrs = []
    if draw(st.integers(0, 6)):
        ref = letters(col)
        ref = ref.lower() if draw(st.integers(0, 5)) == 0 else ref
        zeros = "0" * draw(st.sampled_from([0, 0, 0, 1, 2]))
        attrs.append(("r", f"{ref}{zeros}{row}"))
    kind = draw(st.sampled_from([None, None, "n", "e", "e", "str", "s", "inlineStr", "b"]))
    if kind:
        attrs.append(("t", kind))
    formula = draw(st.sampled_from(["", "", "<f>A1+1</f>", "<f/>", '<f t="shared" si="0"/>', "<f>SUM(A1:B2)&gt;0</f>", "<f><![CDATA[A1<B1]]></f>"]))
    formula = formula.replace("<f", f"<{p}f").replace("</f", f"</{p}f")
    value = draw(st.sampled_from(["none", "none", "v", "v", "v", "empty", "selfclosed", "cdata"]))
    text = draw(cell_values)
    v = {"none": "", "v": f"<{p}v>{text}</{p}v>", "empty": f"<{p}v></{p}v>", "selfclosed": f"<{p}v/>",
         "cdata": f"<{p}v><![CDATA[{text}]]></{p}v>"}[value]
    inner = formula + maybe_comment(draw, spell) + v
    if kind == "inlineStr" and not v:
        inner += f"<{p}is><{p}t>{text}</{p}t></{p}is>"
    if not inner and draw(st.booleans()):
        return tag(draw, p, "c", attrs, empty=True)
    return tag(draw, p, "c", attrs) + inner + f"</{p}c>"


@st.composite
def sheets(draw):
    spell = draw(spelling())
    p = spell["prefix"]
    xmlns = f'xmlns{":" + p[:-1] if p else ""}="{spell["ns"]}"'
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {xmlns}>']
    if draw(st.booleans()):
        parts.append(f"<{p}cols>")
        for _ in range(draw(st.integers(1, 3))):
            lo = draw(st.integers(1, 30))
            attrs = [("min", str(lo)), ("max", str(lo + draw(st.integers(0, 3))))]
            if draw(st.booleans()):
                attrs.append(("hidden", draw(st.sampled_from(["1", "true", "0", "false"]))))
            parts.append(tag(draw, p, "col", attrs, empty=True))
        parts.append(f"</{p}cols>")
    parts.append(f"<{p}sheetData>")
    row = 0
    for _ in range(draw(st.integers(0, 6))):
        row += draw(st.sampled_from([1, 1, 2, 40, 1000]))
        attrs = [("r", str(row))] if draw(st.integers(0, 5)) else []
        if draw(st.integers(0, 3)) == 0:
            attrs.append(("hidden", draw(st.sampled_from(["1", "true", "0", "false"]))))
        number = row if attrs and attrs[0][0] == "r" else None
        parts.append(tag(draw, p, "row", attrs))
        col = 0
        for _ in range(draw(st.integers(0, 5))):
            col += draw(st.sampled_from([1, 1, 2, 26, 700]))
            parts.append(draw(cell(spell, number or max(row, 1), col)) + maybe_comment(draw, spell))
        parts.append(f"</{p}row>")
    parts.append(f"</{p}sheetData>")
    if draw(st.booleans()):
        parts.append(f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:B1"/></{p}mergeCells>')
    parts.append(f"</{p}worksheet>")
    return "".join(parts).encode()


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_the_scan_agrees_with_expat(xml):
    expected = facts(reference(xml))
    assert facts(_exact(xml)) == expected
    fast = _fast(xml)
    for found in (scan(xml), fast) if fast is not None else (scan(xml),):
        # The fast path does not count cell tags: it bounds their number.
        assert found.cells >= expected["cells"]
        assert {**facts(found), "cells": expected["cells"]} == expected


def excel_sheet(rows: int, width: int, *, middle: str = "") -> bytes:
    """A sheet as Excel writes it (r first, double quotes, no prefix); `middle` is a row's
    content halfway down."""
    body = "".join(
        f'<row r="{r}" spans="1:{width}" x14ac:dyDescent="0.25">'
        + "".join(f'<c r="{letters(c)}{r}" s="1"><v>{r * c}</v></c>' for c in range(1, width + 1))
        + (middle if r == rows // 2 else "")
        + "</row>"
        for r in range(1, rows + 1)
    )
    return (f'<?xml version="1.0"?><worksheet xmlns="{TRANSITIONAL}"><dimension ref="A1"/>'
            f"<sheetData>{body}</sheetData></worksheet>").encode()


def test_the_usual_sheet_takes_the_fast_path():
    """If the fast path gave way on the sheets Excel writes, every big read would take the
    exact one: this fails when it does."""
    xml = excel_sheet(3000, 11)
    assert _extent_bound(xml) == (3000, 11)
    fast = _fast(xml)
    assert fast is not None
    assert {**facts(fast), "cells": 33000} == facts(_exact(xml)) == facts(reference(xml))


@pytest.mark.parametrize("far", [
    '<c r="XFD1048576"><v>1</v></c>',
    "<c r='XFD1048576'><v>1</v></c>",
    '<c t="n" r="XFD1048576"><v>1</v></c>',
    '<c r="xfd1048576"><v>1</v></c>',
    '<c r="XFD01048576"><v>1</v></c>',
    '<c  r = "XFD1048576" ><v>1</v></c>',
    '<c\tr="XFD1048576"><v>1</v></c>',
    '<x:c xmlns:x="urn:x" r="XFD1048576"><v>1</v></x:c>',
])
def test_a_far_cell_in_any_spelling_is_seen(far):
    """The cell sits in the middle of a sheet too big for the ends to show it."""
    xml = excel_sheet(3000, 11, middle=far)
    found = scan(xml)
    assert (found.rows, found.cols) == (1048576, 16384)
    assert _extent_bound(xml) is None


def test_markup_that_is_not_xml_is_malformed():
    """The exact scan refuses what it cannot read (the fast path leaves that to calamine)."""
    with pytest.raises(MalformedXml):
        _exact(b'<worksheet><sheetData><row r="1"><c r="A1" t=e><v>1</v></c></row></sheetData></worksheet>')
    with pytest.raises(MalformedXml):
        scan(b'<worksheet><sheetData><row r="1"><c r="$A$1"><v>1</v></c></row></sheetData></worksheet>')


def test_the_rare_tags_take_the_fast_path_too():
    """Formulas with and without their value, error cells and hidden rows, as Excel writes
    them, are read by the fast path (each from its cell), not by giving way to the exact scan."""
    xml = excel_sheet(3000, 11).replace(
        b'<row r="7" ', b'<row r="7" hidden="1" '
    ).replace(
        b'<c r="C10" s="1"><v>30</v></c>', b'<c r="C10" s="1"><f>A10+B10</f><v>30</v></c>'
    ).replace(
        b'<c r="D11" s="1"><v>44</v></c>', b'<c r="D11" s="1"><f>A11*4</f></c>'
    ).replace(
        b'<c r="E12" s="1"><v>60</v></c>', b'<c r="E12" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    ).replace(
        b'<c r="F2999" s="1"><v>17994</v></c>', b'<c r="F2999" s="1" t="str"><f>""</f><v></v></c>'
    )
    fast = _fast(xml)
    assert fast is not None
    assert fast.hidden == {7} and fast.formulas == [(10, 3)] and fast.errors == {(11, 4): "#DIV/0!"}
    assert {**facts(fast), "cells": 33000} == facts(_exact(xml)) == facts(reference(xml))


# --- the same, read in chunks ---------------------------------------------------------------


def split(xml: bytes, points: list[int]) -> list[bytes]:
    """The document cut at these offsets (any byte: inside a tag, a reference, a character)."""
    cuts = sorted({p % (len(xml) + 1) for p in points})
    return [xml[a:b] for a, b in zip([0, *cuts], [*cuts, len(xml)])]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets(), st.lists(st.integers(0, 10**6), max_size=12), st.integers(1, 4))
def test_a_sheet_read_in_chunks_reads_as_whole(xml, points, count):
    """Wherever the chunks end (a token, a reference or a UTF-8 character cut in two), the
    exact and the fast scan find what they find in the whole sheet, and the first rows cut
    while the chunks go by are those cut from the whole sheet."""
    chunks = split(xml, points)
    expected = facts(reference(xml))
    assert facts(_exact(iter(chunks))) == expected
    fast = _fast(iter(chunks))
    for found in (scan_chunks(lambda: iter(chunks)), fast) if fast is not None else (scan_chunks(lambda: iter(chunks)),):
        assert found.cells >= expected["cells"]
        assert {**facts(found), "cells": expected["cells"]} == expected
    cut = FirstRows(count)
    assert b"".join(cut.watch(iter(chunks))) == xml
    assert cut.result() == (first_rows(xml, count) or xml)


def test_a_long_sheet_in_tiny_chunks_takes_the_fast_path():
    """Chunks of a few bytes: every tag and reference is cut somewhere, and the fast path still
    proves its answer, the same as for the whole sheet, and the cut keeps 40 rows and the rest."""
    xml = excel_sheet(600, 11).replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:K1"/></mergeCells>')
    xml = xml.replace(b'<row r="7" ', b'<row r="7" hidden="1" ').replace(
        b'<c r="D11" s="1"><v>44</v></c>', b'<c r="D11" s="1"><f>A11*4</f></c>'
    ).replace(b'<c r="E512" s="1"><v>2560</v></c>', b'<c r="E512" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    for size in (1, 7, 64, 4096):
        chunks = [xml[i : i + size] for i in range(0, len(xml), size)]
        fast = _fast(iter(chunks))
        assert fast is not None
        assert facts(fast) == facts(_fast(xml))
        assert {**facts(fast), "cells": 6600} == facts(_exact(iter(chunks))) == facts(reference(xml))
        assert fast.hidden == {7} and fast.formulas == [(10, 3)] and fast.errors == {(511, 4): "#DIV/0!"}
        cut = FirstRows(40)
        for _ in cut.watch(iter(chunks)):
            pass
        assert cut.result() == first_rows(xml, 40)
        assert cut.result().count(b"</row>") == 40 and cut.result().endswith(b"</mergeCells></worksheet>")


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**7), st.integers(1, 20000), st.integers(0, 10**7), st.integers(1, 20000),
       st.sampled_from(["", "0", "00"]), st.booleans())
def test_the_extent_search_finds_exactly_the_cells_beyond(rows, cols, row, col, zeros, lower):
    """`_not_within` stops at a cell exactly when it lies beyond `rows` × `cols`, however it spells
    its reference (leading zeros, lower case; row 0 is read as within)."""
    ref = letters(col).lower() if lower else letters(col)
    found = _not_within(rows, cols).search(f'<c r="{ref}{zeros}{row}"><v>1</v></c>'.encode())
    assert (found is not None) == (row > rows or col > cols)
