"""The columnar tally's fast paths (issue 14, a million ballots): the per-ballot columns handed
to the rules as machine integers copied from polars' buffers, never a Python int per cell; a
name written once made its person without the bookkeeping of a name several pairs share.
(That both give the row reader's results is tests/test_plain.py's.)"""

from __future__ import annotations

from array import array
from types import SimpleNamespace

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.messages import Code
from jxkh.problems import Problems
from jxkh.ratings import arrays, identity
from jxkh.ratings.identity import people_from_ballots

I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)


def no_python_ints(monkeypatch) -> None:
    monkeypatch.setattr(pl.Series, "to_list", lambda self: pytest.fail("a Python int per cell"))


def kept(typecode: str, series: pl.Series, monkeypatch) -> list[int]:
    with monkeypatch.context() as mp:
        no_python_ints(mp)
        out = array(typecode, [7])
        arrays.extend(out, series)
    return list(out)


SERIES = {
    "int64": pl.Series([*I32, -5, 0, 12345], dtype=pl.Int64),
    "int32": pl.Series([*I32, 3], dtype=pl.Int32),
    "uint8": pl.Series([0, 200, 255], dtype=pl.UInt8),
    "sliced": pl.Series(range(-50, 50), dtype=pl.Int64).slice(17, 40),
    "chunks": pl.concat([pl.Series(range(10), dtype=pl.Int32), pl.Series(range(100, 90, -1), dtype=pl.Int32).slice(2, 5)], rechunk=False),
    "empty": pl.Series([], dtype=pl.Int64),
}


@pytest.mark.parametrize("typecode", ["i", "q"])
@pytest.mark.parametrize("name", list(SERIES))
def test_a_column_is_copied_as_machine_integers(monkeypatch, typecode, name):
    series = SERIES[name]
    if name == "chunks":
        assert series.n_chunks() == 2
    assert kept(typecode, series, monkeypatch) == [7, *series.to_list()]


def test_the_widest_integers_are_copied_exactly(monkeypatch):
    series = pl.Series([*I64, 10**18, -(10**18)], dtype=pl.Int64)
    assert kept("q", series, monkeypatch) == [7, *I64, 10**18, -(10**18)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(*I32), max_size=300), st.integers(0, 300), st.integers(0, 300), st.sampled_from("iq"))
def test_any_slice_of_any_column_is_copied_alike(values, start, length, typecode):
    series = pl.Series(values, dtype=pl.Int64).slice(start, length)
    with pytest.MonkeyPatch.context() as mp:
        assert kept(typecode, series, mp) == [7, *values[start:start + length]]


def test_without_the_buffer_the_column_comes_through_python_ints(monkeypatch):
    """(An export polars might one day give otherwise: taken slowly, a slice at a time.)"""
    monkeypatch.setattr(arrays, "_copy", lambda *args: False)
    series = pl.Series(range(70_000), dtype=pl.Int64)
    out = array("i")
    arrays.extend(out, series)
    assert out == array("i", range(70_000))


def test_a_column_with_blanks_has_no_machine_integers():
    with pytest.raises(ValueError):
        arrays.extend(array("q"), pl.Series([1, None, 3]))


def pair(name, id_text, row, source=0):
    return SimpleNamespace(name=name, key=name, id=id_text, id_key=id_text or "", row=row, source=source)


def where(p):
    return {"file": "b.xlsx", "sheet": "测评", "cell": f"B{p.row}", "row": p.row}


def id_where(p):
    return {"file": "b.xlsx", "sheet": "测评", "cell": f"A{p.row}", "row": p.row, "column": "工号"}


def test_a_name_written_once_is_its_own_person_the_short_way(monkeypatch):
    """Most names are written by one pair: their person is made at once, the 工号 still checked
    against everyone's (王五 gives 张三's G1: the 工号 is a duplicate)."""
    monkeypatch.setattr(identity, "_one_name", lambda *args: pytest.fail("the bookkeeping of a shared name"))
    pairs = [pair("张三", "G1", 3), pair("李四", None, 4), pair("王五", "G1", 9)]
    problems = Problems()
    people, person_of_pair = people_from_ballots(pairs, where, id_where, problems)
    assert [(p.name, p.id, p.row, p.key, p.id_key) for p in people] == [
        ("张三", "G1", 3, "张三", "G1"), ("李四", None, 4, "李四", ""), ("王五", "G1", 9, "王五", "G1"),
    ]
    assert person_of_pair == [0, 1, 2]
    [problem] = problems
    assert (problem.code, problem.cell, problem.params["other"]) == (Code.DUPLICATE_ID, "A9", 3)


def test_a_name_several_pairs_write_takes_the_long_way():
    """(The short way is only for a name written once: 张三 with G1 and without is one person.)"""
    pairs = [pair("张三", "G1", 3), pair("李四", None, 4), pair("张三", None, 5)]
    people, person_of_pair = people_from_ballots(pairs, where, id_where, Problems())
    assert [(p.name, p.id, p.row) for p in people] == [("张三", "G1", 3), ("李四", None, 4)]
    assert person_of_pair == [0, 1, 0]


def test_the_tally_hands_every_kept_column_over_as_bytes(tmp_path, monkeypatch):
    """A plain sheet read as columns with its raters: the ballots' person, group, rater, row and
    each dimension's score come through the buffer copy, all 60 ballots of each."""
    from test_plain import office_ballots, short

    from jxkh.policy import Policy
    from jxkh.ratings import read_ratings

    copied = []
    original = arrays._copy

    def spied(out, series, *args):
        done = original(out, series, *args)
        copied.append((len(series), done))
        return done

    short(monkeypatch)
    monkeypatch.setattr(arrays, "_copy", spied)
    ratings = read_ratings(office_ballots(tmp_path / "b.xlsx"), Policy(), Problems())
    assert ratings is not None and ratings.ballots.person is not None
    assert copied == [(60, True)] * (4 + 5)


def frames_tallied(monkeypatch) -> list[tuple[str, ...]]:
    """The first columns of each frame the columnar tally takes row by row into Python."""
    from jxkh.ratings import tally as tally_module

    seen = []
    original = tally_module._rows

    def spied(frame):
        seen.append(tuple(frame.columns[:2]))
        return original(frame)

    monkeypatch.setattr(tally_module, "_rows", spied)
    return seen


def test_with_one_group_each_ratees_tally_and_科室_come_in_the_one_pass(tmp_path, monkeypatch):
    """Unweighted (one group for every ballot), each ratee with one 科室: their tallies and 科室
    come with the ratees, no second pass over pairs and groups or pairs and 科室."""
    from test_plain import both, office_ballots

    from jxkh.policy import Policy

    seen = frames_tallied(monkeypatch)
    fast, rows, used = both(office_ballots(tmp_path / "b.xlsx"), Policy(), True)
    assert used and fast == rows
    assert seen == [("name", "id"), ("src", "r")]
    assert [(p[0], p[2], sum(t[1] for t in p[6])) for p in fast[0]][:2] == [("张一（G000）", "科室0", 9), ("张二（G001）", "科室1", 9)]


def test_with_one_group_a_ratee_given_two_科室_is_looked_at_alone(tmp_path, monkeypatch):
    """张七 written with 科室0, "科室 0" (the same), 科室9 and 科室8, unweighted: only 张七's rows
    go through the 科室 one by one, and the error is the row reader's, at the first other one."""
    from test_plain import ballot_rows, both, office_ballots

    from jxkh.policy import Policy

    rows = [[None, *row[1:]] for row in ballot_rows(60)]
    rows[20][2], rows[27][2], rows[34][2] = "科室 0", "科室9", "科室8"
    seen = frames_tallied(monkeypatch)
    fast, slow, used = both(office_ballots(tmp_path / "b.xlsx", rows), Policy(), True)
    assert used and fast == slow
    assert seen == [("name", "id"), ("pair", "d"), ("src", "r")]
    [said] = [p for p in fast[3] if "ratee-department-differs" in p]
    assert all(part in said for part in ["cell='C31'", "'other': '测评!C10'", "value='科室9'"]), said


def test_only_texts_whose_first_character_does_not_decide_are_looked_at_one_by_one(tmp_path, monkeypatch):
    """Whether a text could make its row a total, a footer or the header again: names, 工号 and
    raters starting with a CJK ideograph or an ASCII character no marker or header starts with
    are passed on the column at once; the few others one by one (here the 科室, as the header 科室)."""
    from test_plain import both, office_ballots

    from jxkh.policy import Policy
    from jxkh.ratings import plain

    looked = []
    original = plain._suspect
    monkeypatch.setattr(plain, "_suspect", lambda value, *args: looked.append(value) or original(value, *args))
    fast, rows, used = both(office_ballots(tmp_path / "b.xlsx"), Policy(), True)
    assert used and fast == rows
    assert sorted(looked) == ["科室0", "科室1", "科室2"]
    looked.clear()
    assert plain._suspects(pl.Series(["合计", "张三", "G1", "共计", "  合计", "测评人", "x" * 32768]), {"测评人"}) == [
        "合计", "共计", "  合计", "测评人", "x" * 32768,
    ]
    looked.clear()
    assert plain._suspects(pl.Series(["李四", "张三", "G1", "请假"]), {"测评人"}) == [] and looked == []
