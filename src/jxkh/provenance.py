"""Whether a workbook is one jxkh wrote: an output given back as an input is refused.

A `*.scored.xlsx` keeps the clerk's rows beside the computed columns, so it reads like an
input and would be scored again, with slightly different numbers (issue #9). Every output
has a 说明 sheet naming the tool and its inputs (`writer.add_explanation_sheet`); that is
what is looked for, so a clerk's own sheet called 说明 is not mistaken for one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .cells import clean_text, normalize
from .headers import EXPLANATION_SHEET, INPUT_LABEL, TOOL_LABEL
from .messages import Code
from .problems import fail

if TYPE_CHECKING:
    from .reader import Workbook

_INPUT = re.compile("^" + re.escape(INPUT_LABEL).replace(re.escape("{name}"), "(.+)") + "$")


def written_by_jxkh(book: Workbook) -> list[str] | None:
    """The input file names an output's 说明 sheet lists; None when `book` is not a jxkh output."""
    sheet = next((s for s in book.sheet_names if normalize(s) == EXPLANATION_SHEET), None)
    if sheet is None or book.kind == "csv":
        return None
    rows = [[clean_text(v) for v in row[:2]] for row in book.rows(sheet)[:200] if len(row) >= 2]
    if not any(label == TOOL_LABEL and value.startswith("jxkh") for label, value in rows):
        return None
    return [m.group(1) for label, _ in rows if (m := _INPUT.match(label))]


def originals(inputs: list[str]) -> str:
    """The inputs an output names, short enough for one message: a folder's thirteen files are
    “人员.xlsx、第1票.xlsx … 第12票.xlsx”."""
    if len(inputs) > 3:
        inputs = [*inputs[:2], f"… {inputs[-1]}"]
    return "、".join(inputs).replace("、…", " …") or "?"


def refuse_own_output(book: Workbook) -> None:
    """Raise DataError (input-is-output) when `book` is a workbook jxkh wrote."""
    inputs = written_by_jxkh(book)
    if inputs is not None:
        raise fail(Code.INPUT_IS_OUTPUT, file=book.file, sheet=EXPLANATION_SHEET, original=originals(inputs))
