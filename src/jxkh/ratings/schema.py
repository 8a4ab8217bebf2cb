"""The ratings rows as pydantic models: the one definition of what a 人员 entry and a ballot hold.

`RosterRow` validates every roster row (people are few). A ballot record is `ballot_model(policy)`:
ratee, 工号, rater, 测评人类别 and one score per policy dimension, bounded by `staff.dimensions`.
Ballots are many (2–5 µs a row through pydantic is seconds at a city's million), so the tally
checks them with plain comparisons; its bounds come from this model (`dimension_bounds`) and
tests/test_ballot_schema.py checks it against the model on generated rows, cell for cell.

`problems_from` turns pydantic's errors into the catalogue (in Chinese, with sheet and cell).
Field aliases are the headers of `headers.py`, so a row keyed by its header text validates too.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, get_args

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model, model_validator

from ..cells import CellValueError, clean_text, name_key, plain, to_decimal, to_yes_no
from ..headers import RATING_FIELDS, ROSTER_FIELDS, dimension_fields
from ..messages import Code

if TYPE_CHECKING:
    from ..policy import Policy


def _text(value: Any) -> str | None:
    return clean_text(value) or None


def _name(value: Any) -> str:
    text = clean_text(value)
    return text if name_key(text) else ""  # invisible characters only: blank


Text = Annotated[str | None, BeforeValidator(_text)]
Name = Annotated[str, BeforeValidator(_name), Field(min_length=1)]
Number = Annotated[Decimal | None, BeforeValidator(to_decimal)]  # CellValueError says how it is wrong


def bounded(**bounds: Any) -> Any:
    """A number cell within `bounds` (gt, ge, le), blank allowed."""
    return Annotated[Annotated[Decimal, Field(**bounds)] | None, BeforeValidator(to_decimal)]


YesNo = Annotated[bool | None, BeforeValidator(to_yes_no)]


def _aliases(fields: dict[str, Any], name: str) -> AliasChoices:
    return AliasChoices(name, *fields[name].headers)


class RosterRow(BaseModel):
    """One row of the 人员 sheet. Blank 岗位系数 / 在岗月数 mean 1 and 12 (`coefficient_or_default`)."""

    model_config = ConfigDict(frozen=True)

    name: Annotated[Name, Field(validation_alias=_aliases(ROSTER_FIELDS, "name"))]
    id: Annotated[Text, Field(validation_alias=_aliases(ROSTER_FIELDS, "id"))] = None
    department: Annotated[Text, Field(validation_alias=_aliases(ROSTER_FIELDS, "department"))] = None
    coefficient: Annotated[bounded(gt=0), Field(validation_alias=_aliases(ROSTER_FIELDS, "coefficient"))] = None
    months: Annotated[bounded(ge=0, le=12), Field(validation_alias=_aliases(ROSTER_FIELDS, "months"))] = None
    prior_grade: Annotated[Text, Field(validation_alias=_aliases(ROSTER_FIELDS, "prior_grade"))] = None
    violation: Annotated[YesNo, Field(validation_alias=_aliases(ROSTER_FIELDS, "violation"))] = None


class BallotBase(BaseModel):
    """A ballot record: who was rated, by whom, in which group, and the scores (`dim_0` …)."""

    model_config = ConfigDict(frozen=True)

    ratee: Annotated[Name, Field(validation_alias=_aliases(RATING_FIELDS, "name"))]
    ratee_id: Annotated[Text, Field(validation_alias=_aliases(RATING_FIELDS, "id"))] = None
    rater: Annotated[Text, Field(validation_alias=_aliases(RATING_FIELDS, "rater"))] = None
    group: Annotated[Text, Field(validation_alias=_aliases(RATING_FIELDS, "rater_group"))] = None

    @model_validator(mode="after")
    def _complete(self) -> BallotBase:
        # A ballot gives every score or none (a blank one is noted, not counted); half is a mistake.
        scores = self.scores()
        if any(s is not None for s in scores) and any(s is None for s in scores):
            raise ValueError("incomplete")
        return self

    def scores(self) -> list[Decimal | None]:
        return [getattr(self, f"dim_{d}") for d in range(len(type(self).model_fields) - 4)]


@lru_cache(maxsize=8)
def _ballot_model(dimensions: tuple[tuple[str, Decimal], ...]) -> type[BallotBase]:
    headers = dimension_fields(dict(dimensions))
    fields: dict[str, Any] = {
        f"dim_{d}": (
            Annotated[bounded(ge=0, le=maximum), Field(title=name, validation_alias=AliasChoices(f"dim_{d}", *headers[f"dim:{name}"].headers))],
            None,
        )
        for d, (name, maximum) in enumerate(dimensions)
    }
    return create_model("Ballot", __base__=BallotBase, **fields)


def ballot_model(policy: Policy) -> type[BallotBase]:
    """The ballot record of this policy: one score per dimension, 0 to its maximum."""
    return _ballot_model(tuple(policy.staff.dimensions.items()))


def dimension_bounds(model: type[BallotBase]) -> list[tuple[str, Decimal, Decimal]]:
    """(dimension, lowest, highest) per score field, read from the model's own constraints."""
    bounds = []
    for name, field in model.model_fields.items():
        if name.startswith("dim_"):
            found = dict(_constraints(field.annotation))
            bounds.append((field.title or name, Decimal(found["ge"]), Decimal(found["le"])))
    return bounds


def _constraints(annotation: Any) -> Iterator[tuple[str, Any]]:
    """The ge/le/gt constraints inside an annotation (`bounded` nests them in Optional[Annotated])."""
    for item in (*get_args(annotation), *getattr(annotation, "__metadata__", ())):
        for meta in (item, *getattr(item, "metadata", ())):  # a FieldInfo holds Ge(…), Le(…)
            for key in ("ge", "le", "gt"):
                if getattr(meta, key, None) is not None:
                    yield key, getattr(meta, key)
        if get_args(item):
            yield from _constraints(item)


# Where a bound is broken: (field, pydantic error type) → code. Dimensions share "dim".
_BOUND_CODES = {
    ("coefficient", "greater_than"): Code.COEFFICIENT_NOT_POSITIVE,
    ("months", "greater_than_equal"): Code.MONTHS_OUT_OF_RANGE,
    ("months", "less_than_equal"): Code.MONTHS_OUT_OF_RANGE,
    ("dim", "greater_than_equal"): Code.DIMENSION_NEGATIVE,
    ("dim", "less_than_equal"): Code.DIMENSION_ABOVE_MAX,
}


def problems_from(error: ValidationError, values: dict[str, Any], where: Any, label: Any) -> list[tuple[str, Code, dict[str, Any]]]:
    """pydantic's errors as (field, code, keyword arguments for `Problems.add`).

    `where(field)` locates a field's cell (file, sheet, cell, row); `label(field)` is its header
    as written in the file; `values` the row's cells by field.
    """
    found = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        if not item["loc"]:
            continue  # the whole ballot (half filled in): below, whatever else is wrong
        name = str(item["loc"][0])
        value = values.get(name)
        place = {**where(name), "column": label(name)}
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, CellValueError):
            found.append((name, cause.code, {**place, "value": value}))
        elif kind in ("missing", "string_too_short", "too_short"):
            found.append((name, Code.VALUE_REQUIRED, place))
        else:
            code = _BOUND_CODES[("dim" if name.startswith("dim_") else name, kind)]
            extra = {"limit": plain(Decimal(str(item["ctx"]["le"])))} if code == Code.DIMENSION_ABOVE_MAX else {}
            found.append((name, code, {**place, "value": value, **extra}))
    # Half a ballot is incomplete even when another cell is wrong too (pydantic checks the whole
    # record only once every field passed): each blank score is named.
    scores = [name for name in values if name.startswith("dim_")]
    blank = [name for name in scores if to_decimal_or_none(values[name]) is None]
    if blank and len(blank) < len(scores):
        found += [(name, Code.BALLOT_INCOMPLETE, {**where(name), "column": label(name)}) for name in blank]
    return found


def to_decimal_or_none(value: Any) -> Decimal | None:
    try:
        return to_decimal(value)
    except CellValueError:
        return Decimal(-1)  # not blank: a wrong value, reported as such
