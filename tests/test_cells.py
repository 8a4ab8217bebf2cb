"""Cell content → values: what clerks type, and what it means."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.cells import CellValueError, clean_text, is_blank, name_key, normalize, round_to, to_decimal, to_ratio, to_yes_no
from jxkh.messages import Code


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        (40, D(40)),
        (40.0, D(40)),
        ("40", D(40)),
        ("４０", D(40)),  # full-width digits
        ("40分", D(40)),
        (" 40 分 ", D(40)),
        ("1,000", D(1000)),
        ("１，０００", D(1000)),
        ("12,345.5", D("12345.5")),
        ("75%", D("0.75")),
        ("７５％", D("0.75")),
        ("-2", D(-2)),
        ("+3.5", D("3.5")),
        (0.1 + 0.2, D("0.3")),  # what Excel shows (15 significant digits), not 0.30000000000000004
        (89.995, D("89.995")),
        (D("36.00"), D("36.00")),
        ("5000元", D(5000)),
    ],
)
def test_to_decimal(typed, value):
    assert to_decimal(typed) == value


@pytest.mark.parametrize("blank", [None, "", "   ", "\u3000", "\u200b"])
def test_to_decimal_blank_is_none(blank):
    assert to_decimal(blank) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", Code.NUMBER_INVALID),
        ("1,00", Code.NUMBER_INVALID),  # not a thousands separator
        ("40 50", Code.NUMBER_INVALID),
        (True, Code.NUMBER_IS_BOOL),
        (dt.date(2015, 8, 31), Code.NUMBER_IS_DATE),
        (dt.datetime(2015, 8, 31, 9, 0), Code.NUMBER_IS_DATE),
        (float("nan"), Code.NUMBER_NOT_FINITE),
        (float("inf"), Code.NUMBER_NOT_FINITE),
        ("NaN", Code.NUMBER_NOT_FINITE),
    ],
)
def test_to_decimal_rejects(typed, code):
    with pytest.raises(CellValueError) as exc:
        to_decimal(typed)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [("75%", D("0.75")), (0.75, D("0.75")), (75, D("0.75")), ("75", D("0.75")), ("７５％", D("0.75")),
     (1, D(1)), (100, D(1)), ("100%", D(1)), (0, D(0)), ("79.99%", D("0.7999")), (0.8, D("0.8"))],
)
def test_to_ratio(typed, ratio):
    assert to_ratio(typed) == ratio


def test_to_ratio_blank_and_invalid():
    assert to_ratio(None) is None and to_ratio("") is None
    with pytest.raises(CellValueError) as exc:
        to_ratio("八成")
    assert exc.value.code == Code.NUMBER_INVALID


@pytest.mark.parametrize(("typed", "value"), [("是", True), ("否", False), ("Y", True), ("no", False), (" 是 ", True),
                                              ("√", True), (True, True), (1, True), (0, False), (None, None), ("", None)])
def test_to_yes_no(typed, value):
    assert to_yes_no(typed) is value


def test_to_yes_no_rejects():
    with pytest.raises(CellValueError) as exc:
        to_yes_no("也许")
    assert exc.value.code == Code.YES_NO_INVALID


def test_names_and_text():
    assert name_key("张  三") == name_key("张三\u200b") == name_key(" 张三 ") == "张三"
    assert normalize("完成\n等次") == "完成等次"
    assert normalize("ＡＢ　１") == "AB1"
    assert clean_text(3.0) == "3" and clean_text(None) == ""
    assert is_blank(" ") and not is_blank(0)


@pytest.mark.parametrize(
    ("value", "places", "rounding", "expected"),
    [("89.995", 2, "half_up", "90.00"), ("0.125", 2, "half_up", "0.13"), ("0.125", 2, "half_even", "0.12"),
     ("2.5", 0, "half_up", "3"), ("-0.005", 2, "half_up", "-0.01")],
)
def test_round_to(value, places, rounding, expected):
    assert str(round_to(D(value), places, rounding)) == expected


@settings(deadline=None)  # a loaded 2-core CI must not fail on timing
@given(st.decimals(min_value=-10**6, max_value=10**6, places=2))
def test_to_decimal_reads_back_what_it_shows(value):
    assert to_decimal(str(value)) == value
    assert to_decimal(format(value, ",f") if abs(value) >= 1000 else str(value)) == value


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("张三 \u3000\t\n\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e１Ａａ.ﬁ㎏ x")))
def test_text_is_cleaned_as_translating_every_character_would(text):
    """clean_text and normalize look for an invisible character before translating (faster):
    the same text as translating always."""
    import re
    import unicodedata

    from jxkh.cells import _INVISIBLE

    assert clean_text(text) == text.translate(_INVISIBLE).strip()
    assert normalize(text) == re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_INVISIBLE))


# --- fast paths (issue 14) ---------------------------------------------------------------------

PLAIN_NAME_CHARACTERS = "".join(map(chr, [*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B), *range(0x4E00, 0xA000)]))


def test_every_character_of_a_plain_name_is_its_own_key():
    """The characters `name_key` takes as they are: each is what the full cleaning gives."""
    from jxkh import cells

    slow = [cells.normalize(cells.clean_text(c)) for c in PLAIN_NAME_CHARACTERS]
    assert "".join(slow) == PLAIN_NAME_CHARACTERS
    assert cells.normalize(cells.clean_text(PLAIN_NAME_CHARACTERS)) == PLAIN_NAME_CHARACTERS


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("张三李四王五欧阳明AbZ09 \u3000\u200bＡ１·.ﬁ\u0301"), max_size=8))
def test_name_key_is_the_full_cleaning(text):
    from jxkh import cells

    assert name_key(text) == cells.normalize(cells.clean_text(text))


def test_a_plain_name_is_not_cleaned_again(monkeypatch):
    """A name of ideographs, letters and digits is its own key: the cleaning is not run (it
    fails here without the fast path); anything else still is."""
    from jxkh import cells

    def cleaned(value):
        raise AssertionError(f"cleaned {value!r}")

    monkeypatch.setattr(cells, "clean_text", cleaned)
    assert name_key("张三") == "张三" and name_key("Li4") == "Li4" and name_key("欧阳明2") == "欧阳明2"
    for other in ("张 三", "Ｌｉ", 7, "王·五", ""):
        with pytest.raises(AssertionError):
            name_key(other)


@settings(max_examples=300)
@given(st.integers(-10**9, 10**9), st.integers(1, 10**6), st.integers(0, 4), st.sampled_from(["half_up", "half_even"]))
def test_ratio_rounder_is_round_ratio(numerator, denominator, places, rounding):
    from jxkh.cells import ratio_rounder, round_ratio

    got = ratio_rounder(places, rounding)(numerator, denominator)
    assert got == round_ratio(numerator, denominator, places, rounding)
    assert str(got) == str(round_ratio(numerator, denominator, places, rounding))
    assert got == round_to(D(numerator) / D(denominator), places, rounding) or abs(numerator) > 10**6  # exact there


def test_ratio_rounder_makes_each_result_once():
    """A city's 400,000 means have a few thousand values: each Decimal is made once (without the
    memo the two equal results here are two objects)."""
    from jxkh.cells import ratio_rounder

    rounded = ratio_rounder(2)
    assert rounded(8995, 100) == D("89.95")
    assert rounded(17990, 200) is rounded(8995, 100)
    assert str(rounded(179890, 2000)) == "89.95" and str(ratio_rounder(2, "half_even")(179890, 2000)) == "89.94"
