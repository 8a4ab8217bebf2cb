"""Problems are data: each names its catalogue code and where it is (file, sheet, cell, row).

Readers and rules collect problems into a `Problems` list instead of stopping at the first;
a command raises `DataError` when any is an error, and the CLI renders them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import IntEnum
from pathlib import Path
from typing import Any

from .messages import CATALOGUE, Bilingual, Code, Phrase


class ExitCode(IntEnum):
    OK = 0
    DATA = 1  # the input is wrong: bad data or not a usable workbook
    USAGE = 2  # wrong usage
    FILESYSTEM = 3  # the file system refused
    INTERNAL = 4  # a bug in jxkh, never the user's data


def column_letter(index: int) -> str:
    """0-based column index → A1 letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """1-based row and 0-based column → `F6`."""
    return f"{column_letter(col)}{row}"


def display_value(value: Any) -> Any:
    """A cell value as it goes into a message and into JSON."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float, str, bool)):
        return value
    return str(value)


@dataclass(frozen=True)
class Problem:
    code: Code
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def where(self) -> str:
        """`指标!H7`, `指标!第7行`-style location without the file (empty when none)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet and self.row:
            return f"{self.sheet}!{self.row}:{self.row}"
        return self.sheet or ""

    def message(self, lang: str = "zh") -> str:
        entry = CATALOGUE[self.code]
        template = entry.en if lang == "en" else entry.zh
        shown = display_value(self.value)
        params = {k: v.text(lang) if isinstance(v, (Phrase, Bilingual)) else v for k, v in self.params.items()}
        return template.format_map(_Defaulting(value="" if shown is None else shown, **params))

    def render(self, lang: str = "zh") -> str:
        """`指标!H7: 完成等次“优”无法识别，应为 好/良好/一般/差`."""
        where = self.where
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": str(self.code),
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "value": display_value(self.value),
            "message": self.message(lang),
        }


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Problems(list[Problem]):
    """Problems collected while reading or scoring, in the order found."""

    def add(self, code: Code, **kwargs: Any) -> Problem:
        params = kwargs.pop("params", {})
        known = {"file", "sheet", "cell", "row", "value"}
        params = {**params, **{k: v for k, v in kwargs.items() if k not in known}}
        problem = Problem(code, params=params, **{k: v for k, v in kwargs.items() if k in known})
        self.append(problem)
        return problem

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise DataError(self)

    def codes(self) -> list[str]:
        return [str(p.code) for p in self]


def fold_sheets(per_sheet: list[list[Problem]], least: int = 3) -> list[Problem]:
    """Each sheet's (or a folder's file's) problems in turn, where a notice said alike (same cell and
    words) on `least` or more in a row is said once, at `第1票…第600票（600）` (or `第1票.xls…第600票.xls
    （600）`): a footer under every ballot form is one line, not one per form. Errors are never
    folded: each is to be fixed."""

    def key(p: Problem) -> tuple:
        return (p.code, p.cell, p.row, repr(p.value), repr(sorted(p.params.items())))

    keys = [{key(p): p for p in problems if not p.is_error} for problems in per_sheet]
    folded: list[Problem] = []
    said: set[tuple[int, tuple]] = set()
    for i, problems in enumerate(per_sheet):
        for p in problems:
            if p.is_error:
                folded.append(p)
                continue
            k = key(p)
            if (i, k) in said:
                continue
            end = i + 1
            while end < len(per_sheet) and k in keys[end]:
                end += 1
            run = [keys[j][k] for j in range(i, end)]
            if len(run) < least or len({q.file for q in run}) not in (1, len(run)):
                folded.append(p)
                continue
            said.update((j, k) for j in range(i, end))
            last, count = run[-1], f"（{len(run)}）"
            if last.file == p.file:
                folded.append(replace(p, sheet=f"{p.sheet}…{last.sheet}{count}"))
            else:
                folded.append(replace(p, file=f"{p.file}…{Path(str(last.file)).name}{count}"))
    return folded


class JxkhError(Exception):
    """Base of the errors the CLI turns into an exit code and a message (never a traceback)."""

    exit_code = ExitCode.DATA

    def __init__(self, problems: list[Problem]):
        self.problems = Problems(problems)
        super().__init__("; ".join(p.render("en") for p in self.problems))


class DataError(JxkhError):
    """The input is wrong: bad data, or a file that is not a usable workbook (exit 1)."""

    exit_code = ExitCode.DATA


class FileSystemError(JxkhError):
    """The file system refused: missing file, no permission, locked output, disk full (exit 3)."""

    exit_code = ExitCode.FILESYSTEM


class UsageError(JxkhError):
    """Wrong usage, e.g. an output path that is an input (exit 2)."""

    exit_code = ExitCode.USAGE


def fail(code: Code, error: type[JxkhError] = DataError, **kwargs: Any) -> JxkhError:
    """One problem as an exception: `raise fail(Code.X, file=..., value=...)`."""
    problems = Problems()
    problems.add(code, **kwargs)
    return error(problems)
