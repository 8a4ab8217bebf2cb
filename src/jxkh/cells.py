"""Turning what a clerk typed into a cell into a value: numbers, ratios, text, 是/否.

Workbooks come from many hands: numbers typed as text, full-width (９０), with 分 or %,
with thousands separators; names padded with spaces to line up two-character names
("张  三"), or carrying invisible characters pasted from chat programs.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING

from .messages import Code

if TYPE_CHECKING:
    from collections.abc import Callable

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Characters that render as nothing but make two names differ.
_INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARACTERS), None)
_ANY_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")  # looked for in C first: translating is slow
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_UNIT_SUFFIX = re.compile(r"(分|元|人民币|rmb|yuan)$", re.IGNORECASE)


class CellValueError(ValueError):
    """A cell's content is not the kind of value expected; `code` says how."""

    def __init__(self, code: Code):
        super().__init__(code.value)
        self.code = code


def normalize(text: str) -> str:
    """Fold full-width to half-width (NFKC) and drop spaces, line breaks and invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return _SPACES.sub("", text)


def clean_text(value: object) -> str:
    """A cell as display text: trimmed, invisible characters removed, inner spacing kept."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return text.strip()


# A name as most are typed: CJK ideographs, ASCII letters and digits. NFKC leaves each of these
# as it is, none is a space or invisible, and none combines with its neighbour, so such a name is
# its own key without the three passes below (a million ballots name some 130,000 people and raters).
_PLAIN_NAME = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]+")


def name_key(value: object) -> str:
    """The identity of a person's name: "张  三", "张三\u200b" and "张三" are one person."""
    if type(value) is str and _PLAIN_NAME.fullmatch(value):
        return value
    return normalize(clean_text(value))


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not normalize(value))


def to_decimal(value: object) -> Decimal | None:
    """A cell as a Decimal; None when blank. Raises CellValueError when it is not a number.

    Floats come from the file's binary double; Excel shows 15 significant digits, so that is
    what the clerk saw and meant (0.1 + 0.2 is 0.3 here).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellValueError(Code.NUMBER_IS_BOOL)
    if isinstance(value, int):
        return _bounded(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellValueError(Code.NUMBER_NOT_FINITE)
        return _bounded(Decimal(format(value, ".15g")))
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise CellValueError(Code.NUMBER_IS_DATE)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellValueError(Code.NUMBER_NOT_FINITE)
        return _bounded(value)
    text = _number_text(str(value))
    if not text:
        return None
    number, percent = _split_percent(text)
    result = _parse_plain(number)
    return result / HUNDRED if percent else result


def to_ratio(value: object) -> Decimal | None:
    """A 得分率 as a fraction: "75%", 0.75 and 75 all mean 0.75.

    A plain number above 1 is read as a percentage (nobody means 7500%); one of 1 or below
    is a fraction. A number above 100 is returned as is and fails the band check.
    """
    if isinstance(value, str):
        text = _number_text(value)
        number, percent = _split_percent(text)
        if percent:
            return _parse_plain(number) / HUNDRED
    result = to_decimal(value)
    if result is not None and result > 1:
        return result / HUNDRED
    return result


def to_yes_no(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = normalize(clean_text(value)).lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellValueError(Code.YES_NO_INVALID)


YES = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
NO = {"否", "n", "no", "false", "0", "×", "无", "不是"}


def _number_text(text: str) -> str:
    """A number as typed, normalised; "40 50" is two numbers, not 4050."""
    if _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", text)):
        raise CellValueError(Code.NUMBER_INVALID)
    return normalize(text)


_SPLIT_DIGITS = re.compile(r"\d\s+\d")


def _split_percent(text: str) -> tuple[str, bool]:
    if text.endswith("%"):
        return text[:-1], True
    return text, False


def _parse_plain(text: str) -> Decimal:
    text = _UNIT_SUFFIX.sub("", text)
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        if text.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
            raise CellValueError(Code.NUMBER_NOT_FINITE)
        raise CellValueError(Code.NUMBER_INVALID)
    try:
        return _bounded(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid numbers
        raise CellValueError(Code.NUMBER_INVALID) from None


# Excel keeps 15 significant digits: 10^15 or more is no score or sum of money but a slip
# (1e30 typed, an ID pasted), and rounding it at policy precision would overflow Decimal.
_TOO_LARGE = Decimal("1e15")
# Nor is a number below 10^-30 or with more than 30 significant digits: "1e-20000" typed in a
# ballot made every sum an exact 20,000-digit fraction (1.5 GB for 30k ballots).
_SMALLEST_EXPONENT = -30
_MOST_DIGITS = 30


def _bounded(value: Decimal) -> Decimal:
    if abs(value) >= _TOO_LARGE:
        raise CellValueError(Code.NUMBER_NOT_FINITE)
    if value and (value.adjusted() < _SMALLEST_EXPONENT or len(value.as_tuple().digits) > _MOST_DIGITS):
        raise CellValueError(Code.NUMBER_NOT_FINITE)
    return value


# floor/ceil: the 优秀 quota's places (“不超过” rounds down).
ROUNDING = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}


def plain(value: Decimal) -> str:
    """A number as a message shows it: 32, 32.5, 100 — not 32.000 or 1E+2."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_to(value: Decimal, places: int, rounding: str = "half_up") -> Decimal:
    """四舍五入 (half_up) by default: 89.995 → 90.00."""
    return value.quantize(quantum(places), rounding=ROUNDING[rounding])


def rounding_gap(dimensions: int, places: int, rounding: str = "half_up") -> Decimal:
    """How far the shown dimension averages' sum can be from the shown rating. Each of the n
    averages and the rating is rounded from its exact value by at most half a unit, so they
    differ by less than (n + 1)/2 units: at most ⌊n/2⌋ (0.02 for 德能勤绩廉 at 2 places). With
    half_even a half can go either way, and the bound is reached: ⌊(n + 1)/2⌋."""
    units = (dimensions + 1) // 2 if rounding == "half_even" else dimensions // 2
    return Decimal(units).scaleb(-places)


def round_ratio(numerator: int, denominator: int, places: int, rounding: str = "half_up") -> Decimal:
    """numerator / denominator (denominator > 0) rounded to `places` decimals as `round_to`
    would round the exact quotient, in integers (a million ballots' means, no Decimal division)."""
    return Decimal(_rounded_units(numerator * 10**places, denominator, rounding == "half_up")).scaleb(-places)


def _rounded_units(numerator: int, denominator: int, half_up: bool) -> int:
    """numerator / denominator rounded to a whole number: half up (away from zero), else half even."""
    q, r = divmod(numerator, denominator)
    twice = 2 * r
    if twice > denominator or (twice == denominator and (numerator >= 0 if half_up else q % 2 == 1)):
        q += 1
    return q


def ratio_rounder(places: int, rounding: str = "half_up") -> Callable[[int, int], Decimal]:
    """`round_ratio` at one precision, for many quotients: each distinct result becomes a Decimal
    once (a city's 66,706 people have 400,000 means and a few thousand distinct values)."""
    scale, half_up = 10**places, rounding == "half_up"
    twice = 2 * scale
    made: dict[int, Decimal] = {}

    def rounded(numerator: int, denominator: int) -> Decimal:
        # Half up of a quotient ≥ 0 is the floor of (n + d/2)/d: one integer division, where
        # `_rounded_units` takes a divmod and two comparisons (400,000 means at 1M ballots).
        if half_up and numerator >= 0:
            q = (numerator * twice + denominator) // (2 * denominator)
        else:
            q = _rounded_units(numerator * scale, denominator, half_up)
        value = made.get(q)
        if value is None:
            value = made[q] = Decimal(q).scaleb(-places)
        return value

    return rounded


def round_fraction(value: Fraction, places: int, rounding: str = "half_up") -> Decimal:
    """An exact fraction rounded to `places` decimals, as `round_to` rounds."""
    return round_ratio(value.numerator, value.denominator, places, rounding)
