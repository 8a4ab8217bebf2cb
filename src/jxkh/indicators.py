"""One indicator row (附件2 履职情况考核评分表) as a validated pydantic model, and a table's rows as models.

`Indicator` is the schema: each field's type, the policy's grades (from the validation
context), and the header aliases of `headers.INDICATOR_FIELDS`. Pydantic's errors are
translated into the problem catalogue at their sheet and cell. Whether a score lies in its
grade's band and whether the points add up are the rules' checks (`rules.scoring.validate`),
run by the workbook loader (`indicator_book`) over the rows this module parsed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .cells import CellValueError, clean_text, is_blank, normalize, plain, round_to, to_decimal, to_ratio, to_yes_no
from .headers import (
    BONUS_ITEM,
    CATEGORIES,
    INDICATOR_FIELDS,
    MANDATED,
    PENALTY_ITEM,
    SELF_CHOSEN,
    SELF_FIELDS,
)
from .messages import Code
from .problems import Problem, Problems, cell_ref

if TYPE_CHECKING:
    from .policy import Policy
    from .reader import Table

GRADED = (MANDATED, SELF_CHOSEN)  # the categories that carry points toward unit.total and a grade
_CATEGORY_KEYS = {normalize(spelling).lower(): name for name, spellings in CATEGORIES.items() for spelling in spellings}


def category_of(value: Any) -> str | None:
    """The 类别 a cell names (规定 → 规定指标), None when it names none (blank or unknown)."""
    return None if is_blank(value) else _CATEGORY_KEYS.get(normalize(clean_text(value)).lower())
# The fields whose errors make a row's band check meaningless (it is left to the fix).
SCORING_FIELDS = frozenset({"category", "points", "score", "ratio", "grade"})
# A row with none of these filled is an unused line of a pre-numbered form (序号 1…30 typed in
# advance, 类别 from a drop-down): not an indicator, and not an error.
_SUBSTANTIVE = ("name", "points", "grade", "score", "ratio", "self_grade", "self_score", "criteria", "department",
                "owner", "leader", "reason")


def _error(code: Code, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(str(code), str(code), context)


def _cell(parse: Callable[[Any], Any]) -> BeforeValidator:
    """A cell parser from `cells` as a validator: its CellValueError becomes the catalogue code."""

    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except CellValueError as exc:
            raise _error(exc.code) from None

    return BeforeValidator(validate)


def _text(value: Any) -> str:
    return clean_text(value)


def _optional_text(value: Any) -> str | None:
    return clean_text(value) or None


def _fraction(value: Any) -> Decimal | None:
    """A Decimal given in code is already the fraction; a cell's 85 or "85%" is read by `to_ratio`."""
    return value if isinstance(value, Decimal) else to_ratio(value)


Number = Annotated[Decimal | None, _cell(to_decimal)]
Ratio = Annotated[Decimal | None, _cell(_fraction)]
Text = Annotated[str, BeforeValidator(_text)]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]


def _aliases(name: str) -> AliasChoices:
    """The field's name and every header spelling of it (headers.py is the one list)."""
    return AliasChoices(name, *INDICATOR_FIELDS[name].headers)


def _field(name: str, default: Any = None) -> Any:
    return Field(default, validation_alias=_aliases(name))


IndicatorKey = tuple[str | None, int]  # an indicator's sheet and row: `Indicator.key`


class Indicator(BaseModel):
    """One indicator row. Fields are validated in the order declared (points needs category and score).

    `grade`/`score`/`ratio` are the assessed values (考核/核定 when the form has them, else the
    self-assessed ones: the loader says which); `self_grade`/`self_score` are the 自评 columns as
    typed, None when the form has none. `grade` is the policy's spelling.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    row: int  # spreadsheet row number
    category: str = _field("category", MANDATED)
    name: str = _field("name", "")
    score: Number = _field("score")  # 得分 as typed
    ratio: Ratio = _field("ratio")  # 得分率 as a fraction (85% → 0.85)
    points: Number = _field("points")  # None only for a 加分项/扣分项 given by its 得分
    grade: OptionalText = _field("grade")
    self_grade: OptionalText = _field("self_grade")
    self_score: Number = _field("self_score")
    id: OptionalText = _field("id")
    department: Text = _field("department", "")
    owner: Text = _field("owner", "")
    leader: Text = _field("leader", "")
    personal_fault: bool = _field("personal_fault", False)
    criteria: Text = _field("criteria", "")
    summary: Text = _field("summary", "")  # 完成情况: narrative, never a grade
    reason: Text = _field("reason", "")
    note: Text = _field("note", "")
    file: str | None = None
    sheet: str | None = None
    cells: dict[str, str] = Field(default_factory=dict)  # field → A1 cell
    values: dict[str, Any] = Field(default_factory=dict)  # field → cell content as read

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: Any) -> str:
        if is_blank(value):
            return MANDATED
        category = category_of(value)
        if category is None:
            raise _error(Code.CATEGORY_UNKNOWN, expected="/".join(CATEGORIES))
        return category

    @field_validator("name")
    @classmethod
    def _name(cls, value: str, info: ValidationInfo) -> str:
        if not value and not _partial(info):
            raise _error(Code.VALUE_REQUIRED)
        return value

    @field_validator("points")
    @classmethod
    def _points(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        category = info.data.get("category")
        if value is None:
            # 加分项/扣分项 may be given by their 得分 alone; everything else needs 分值.
            if not _partial(info) and (category not in (BONUS_ITEM, PENALTY_ITEM) or info.data.get("score") is None):
                raise _error(Code.VALUE_REQUIRED)
            return None
        if value < 0 and category == PENALTY_ITEM:
            value = -value  # a 扣分项 typed as −2 takes 2 points
        if value <= 0:
            raise _error(Code.POINTS_INVALID)
        return value

    @field_validator("grade", "self_grade")
    @classmethod
    def _grade(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The policy's spelling; an unknown grade is an error when the policy is known (context)."""
        policy = (info.context or {}).get("policy")
        if value is None or policy is None:
            return value
        grades = {normalize(g).lower(): g for g in policy.unit.bands}
        grade = grades.get(normalize(value).lower())
        if grade is not None:
            return grade
        if _partial(info):
            return value
        expected = "/".join(policy.unit.bands)
        suggestion = near_grade(value, list(policy.unit.bands))
        if suggestion:
            raise _error(Code.GRADE_NEAR_MISS, expected=expected, suggestion=suggestion)
        raise _error(Code.GRADE_UNKNOWN, expected=expected)

    @field_validator("personal_fault", mode="before")
    @classmethod
    def _fault(cls, value: Any, info: ValidationInfo) -> bool:
        try:
            fault = bool(to_yes_no(value))
        except CellValueError as exc:
            raise _error(exc.code) from None
        if fault and not info.data.get("owner") and not _partial(info):
            raise _error(Code.FAULT_WITHOUT_OWNER, at="owner")
        return fault

    @property
    def graded(self) -> bool:
        return self.category in GRADED

    @property
    def key(self) -> IndicatorKey:
        """Which indicator this is: its sheet and row. Rows alone repeat when 规定指标 and 自选指标
        are on two sheets, and another workbook's data would land on the wrong indicator."""
        return self.sheet, self.row

    def where(self, name: str) -> dict[str, Any]:
        """Keyword arguments for `Problems.add` locating this row's `name` cell (the row when absent)."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cells.get(name), "row": self.row}


def _partial(info: ValidationInfo) -> bool:
    """A row re-read without its bad cells (to count its points): required checks are off."""
    return bool((info.context or {}).get("partial"))


def near_grade(text: str, grades: list[str]) -> str | None:
    """The grade a mistyped one most likely means: 良 → 良好, 一 般 → 一般 (None when nothing is close)."""
    key = normalize(text).lower()
    if not key:
        return None
    containing = [g for g in grades if key in normalize(g).lower() or normalize(g).lower() in key]
    if len(containing) == 1:
        return containing[0]
    close = difflib.get_close_matches(key, [normalize(g).lower() for g in grades], n=1, cutoff=0.5)
    return next((g for g in grades if normalize(g).lower() == close[0]), None) if close else None


# --- a table's rows → models ------------------------------------------------------------------


class ParsedRows(list[Indicator]):
    """The rows read (those with errors too, re-read without their bad cells, to count their
    points); `clean` are the rows with no error in a scoring field, for the band checks;
    `uncounted` the rows whose 类别 or 分值 could not be read (not in the points total)."""

    def __init__(self) -> None:
        super().__init__()
        self.clean: list[Indicator] = []
        self.uncounted: list[int] = []


def parse_indicators(
    table: Table, policy: Policy, problems: Problems, *, default_category: str | None = None,
    rows: ParsedRows | None = None,
) -> ParsedRows:
    """A table's rows as indicators, every problem added to `problems` at its cell.

    `default_category` is the category of a row whose 类别 is blank (the sheet's, e.g. a sheet
    named 自选指标). Self-assessed columns stand in for the assessed ones they pair with when
    those are absent or blank (`headers.SELF_FIELDS`), with a notice; a percentage typed in
    得分 is read as a 得分率, with a notice. `rows` carries over between the sheets of one
    workbook (one list).
    """
    parsed = rows if rows is not None else ParsedRows()
    first_id: dict[str, int] = {}  # 序号 restarts on each sheet of a workbook
    context = {"policy": policy}
    fallback: list[int] = []
    for number, values in table.rows:
        if all(is_blank(table.value(values, name)) for name in _SUBSTANTIVE):
            continue
        raw = {name: table.value(values, name) for name in table.columns}
        cells = {name: table.cell(number, name) for name in table.columns}
        shown = dict(raw)
        if is_blank(raw.get("category")) and default_category:
            raw["category"] = default_category
        if any(assessed_columns(target) & set(table.columns) for target in _stand_in(raw, cells, shown)):
            fallback.append(number)  # the assessors' column is there, but blank on this row
        percent = _percent_score(raw)
        data = {**raw, "row": number, "file": table.file, "sheet": table.sheet, "cells": cells, "values": shown}
        location = _Locator(table, number, cells, shown, problems)
        try:
            indicator = Indicator.model_validate(data, context=context)
            failed: set[str] = set()
        except ValidationError as error:
            failed = location.report(error)
            kept = {k: v for k, v in data.items() if k not in failed}
            try:
                indicator = Indicator.model_validate(kept, context={**context, "partial": True})
            except ValidationError:  # pragma: no cover - every field is optional when partial
                parsed.uncounted.append(number)
                continue
        if indicator.id is not None:
            key = normalize(indicator.id).lower()
            if key in first_id:
                location.add(Code.DUPLICATE_ID, "id", other=first_id[key])
                failed.add("id")
            else:
                first_id[key] = number
        if percent is not None and indicator.points is not None and "ratio" not in failed:
            score = round_to(indicator.points * indicator.ratio, policy.precision, policy.rounding) if indicator.ratio else None
            problems.add(
                Code.PERCENT_IN_SCORE, file=table.file, sheet=table.sheet, row=number, cell=cells.get("score"), value=percent,
                ratio=f"{plain(round_to(indicator.ratio * 100, 2))}%" if indicator.ratio is not None else "",
                score=plain(score) if score is not None else "",
            )
        if "category" in failed:  # counted as neither 规定 nor 自选: named beside the total instead
            parsed.uncounted.append(number)
            continue
        parsed.append(indicator)
        if indicator.graded and indicator.points is None:
            parsed.uncounted.append(number)
        if not failed & SCORING_FIELDS and (indicator.points or not indicator.graded):
            parsed.clean.append(indicator)
    if fallback:
        problems.add(
            Code.SELF_ASSESSED_FALLBACK, file=table.file, sheet=table.sheet, row=fallback[0] if len(fallback) == 1 else None,
            value="、".join(map(str, fallback)),
        )
    return parsed


def assessed_columns(target: str) -> set[str]:
    """The assessed columns a 自评 value stands in for: a row with a 得分率 does not take its 自评得分."""
    return {"score", "ratio"} if target == "score" else {target}


def _stand_in(raw: dict[str, Any], cells: dict[str, str], shown: dict[str, Any]) -> list[str]:
    """Put the 自评 values where the assessed ones are blank or absent; the fields so filled."""
    taken = []
    for own, target in SELF_FIELDS.items():
        if own in raw and not is_blank(raw[own]) and all(is_blank(raw.get(n)) for n in assessed_columns(target)):
            raw[target], cells[target], shown[target] = raw[own], cells[own], shown[own]
            taken.append(target)
    return taken


def _percent_score(raw: dict[str, Any]) -> str | None:
    """A 得分 typed as a percentage ("90%") is a 得分率: moved there when that is blank or agrees."""
    score = raw.get("score")
    if not isinstance(score, str) or not normalize(score).endswith("%"):
        return None
    try:
        as_ratio = to_ratio(score)
        given = to_ratio(raw.get("ratio"))
    except CellValueError:
        return None  # the model reports the bad cell
    if given is not None and given != as_ratio:
        return None  # two different ratios: the band check says they disagree
    raw["ratio"], raw["score"] = score, None
    return score


class _Locator:
    """Adds a row's problems at their cells; the reader's own cell problems are not repeated."""

    def __init__(self, table: Table, number: int, cells: dict[str, str], shown: dict[str, Any], problems: Problems):
        self.table, self.number, self.cells, self.shown, self.problems = table, number, cells, shown, problems
        self.table_reported = {cell_ref(r, c) for r, c in table.reported if r == number}

    def label(self, name: str) -> str:
        return self.table.labels.get(name, INDICATOR_FIELDS[name].label)

    def add(self, code: Code, name: str, **params: Any) -> Problem | None:
        cell = self.cells.get(name)
        if cell is not None and cell in self.table_reported:
            return None  # #DIV/0! or a formula without a value, already reported by the reader
        where = {"file": self.table.file, "sheet": self.table.sheet, "row": self.number, "cell": cell}
        raw = self.shown.get(name)
        return self.problems.add(code, value=None if is_blank(raw) else raw, column=self.label(name), **where, **params)

    def report(self, error: ValidationError) -> set[str]:
        """Pydantic's errors as catalogue problems; the names of the fields that failed."""
        failed: set[str] = set()
        seen: set[tuple[Code, str | None]] = set()
        for item in error.errors(include_url=False):
            name = str(item["loc"][0]) if item["loc"] else "row"
            context = dict(item.get("ctx") or {})
            at = context.pop("at", name)
            if at not in self.cells:
                at = name
            try:
                code = Code(item["type"])
            except ValueError:  # pragma: no cover - every field parses through a cells validator
                code = Code.NUMBER_INVALID
            failed.add(name)
            if (code, self.cells.get(at)) in seen:  # a 自评 cell standing in for 得分 fails once, not twice
                continue
            seen.add((code, self.cells.get(at)))
            self.add(code, at, **context)
        return failed

