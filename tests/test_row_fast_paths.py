"""The row reader's fast paths below the columnar read (issue 14, 10k ballots): rows whose every
value was already seen in a plain row skip the four row checks (`reader.table._PlainValues`),
and a score already read is looked up, not worked out again (`BallotTally.read`). Each gives
what the plain path gives, and each fails here when it is taken away."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import make_xlsx
from jxkh.messages import Code
from jxkh.policy import Policy
from jxkh.problems import Problems
from jxkh.ratings import ballot_fields, read_ratings
from jxkh.reader import Workbook, read_table
from jxkh.reader import table as table_module

HEADER = ["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉", "备注"]


def csv_book(rows: list[list[object]]) -> Workbook:
    """A workbook of these cells as a reader gives them (no XML facts, no merged cells)."""
    return Workbook(path=Path("测评.csv"), kind="csv", sheet_names=["测评"], _csv_rows=rows)


def read_rows(rows: list[list[object]]) -> tuple[list, list, set]:
    problems = Problems()
    table = read_table(csv_book([list(r) for r in rows]), "测评", ballot_fields(Policy()), problems, stream=True)
    if table is None:
        return [], [(p.code, p.cell, p.row, p.params) for p in problems], set()
    kept = [(n, list(v)) for n, v in table.rows]
    return kept, [(p.code, p.cell, p.row, p.params) for p in problems], set(table.reported)


# Cells that make a row one the checks drop or report, beside the usual ones.
texts = st.sampled_from([
    "张三", "李四", "办公室", "同事", "领导", "G1", "g1", "S001", "小明", "总务科", "合计", "小计：", "Total", "subtotal",
    "填表人：王五", "填表人", "审核", "备注", "备注：无", "日期：2016", "被测评人", "被 测评人", "工号", "德", "能", "勤",
    "绩", "廉", "测评人类别", "ＴＯＴＡＬ", "\u200b合计", " 合计", "合 计", "", " ", "\u3000", "\u200b", "x" * 32768,
    "办公室（一）", "Ｇ１", "张\u200b三",
])
cells = st.one_of(
    texts, st.none(), st.sampled_from([9.0, 10.0, 8.5, 1.0, 0.0, -0.0, 1, 0, True, False, 20, 7.25]),
    st.just(dt.datetime(2016, 1, 1)),
)
usual = [["G1", "张三", "办公室", "李四", "同事", 9.0, 18.0, 27.0, 27.0, 9.0, None],
         ["G2", "王五", "科室甲", "李四", "领导", 8.5, 20.0, 30.0, 30.0, 10.0, ""]]


@st.composite
def bodies(draw):
    """Rows built from a few values, so that values seen harmless in one place come back in
    another (a 合计 in 备注, then first; the header's words shuffled, then the header again)."""
    pool = draw(st.lists(cells, min_size=1, max_size=4)) + draw(st.sampled_from(usual))[:3]
    row = st.lists(st.sampled_from(pool), min_size=11, max_size=11)
    shuffled = st.permutations(HEADER).map(list)
    return draw(st.lists(st.one_of(st.sampled_from([*usual, HEADER]), row, shuffled), max_size=14))


@settings(max_examples=400, deadline=None)
@given(bodies())
def test_rows_known_plain_read_as_the_checks_read_them(body):
    """Kept rows, problems and reported cells are the same with the known values as with every
    row through the four checks."""
    rows = [["2015年度民主测评汇总表", *[None] * 10], HEADER, *body]
    fast = read_rows(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_module._PlainValues, "learn", lambda self, values: None)
        assert read_rows(rows) == fast


def repeating_ballots(path: Path, rows: int) -> Path:
    """Five people rated by four colleagues over and over: every value repeats."""
    data = [["2015年度民主测评汇总表", *[None] * 10], HEADER]
    for i in range(rows):
        data.append([f"G{i % 5}", f"张{i % 5}", "办公室", f"李{i % 4}", "同事", 9.0 - (i % 3) * 0.5, 18, 27, 27.5, 9, None])
    return make_xlsx(path, {"测评": data}, merges={"测评": ["A1:K1"]})


def test_rows_of_values_already_seen_skip_the_row_checks_and_score_arithmetic(tmp_path, monkeypatch):
    """Twice the rows of the same values: not one more row check, not one more score worked out."""
    from jxkh.ratings import tally

    calls = {"checks": 0, "round": 0}
    plain_blank = table_module._is_blank_row

    def counted_blank(values):
        calls["checks"] += 1
        return plain_blank(values)

    def counted_round(*args):
        calls["round"] += 1
        return round(*args)

    monkeypatch.setattr(table_module, "_is_blank_row", counted_blank)
    monkeypatch.setattr(tally, "round", counted_round, raising=False)
    seen = {}
    for n in (40, 80):
        calls.update(checks=0, round=0)
        problems = Problems()
        ratings = read_ratings(repeating_ballots(tmp_path / f"{n}.xlsx", n), Policy(), problems)
        assert ratings is not None and not problems.errors and ratings.ballots.count == n
        person = ratings.ballots.people[0]
        first = [9.0 - (i % 3) * 0.5 for i in range(0, n, 5)]
        assert person.tallies[0].sums == [round(sum(first) * 100), 1800 * len(first), 2700 * len(first),
                                          2750 * len(first), 900 * len(first)]
        seen[n] = dict(calls)
    assert seen[40] == seen[80]
    assert 0 < seen[40]["checks"] < 20  # the rows until every value has been seen once
    assert seen[40]["round"] == 7  # 9, 8.5, 8, 18, 27, 27.5, 9 — each once


@pytest.mark.parametrize("later", [True, 1, "1"])
def test_a_score_seen_as_a_float_is_not_taken_for_an_equal_value_of_another_kind(later):
    """1.0 read and remembered; True, 1 and "1" in the same column later are each read as
    they always were: a 是/否 cell is refused, an integer and CSV text count as 1."""
    rows = [HEADER,
            ["G1", "张三", "办公室", "李四", "同事", 1.0, 18, 27, 27, 9, None],
            ["G1", "张三", "办公室", "王五", "同事", later, 18, 27, 27, 9, None]]
    from jxkh.ratings.tally import BallotTally, source_of

    problems = Problems()

    table = read_table(csv_book(rows), "测评", ballot_fields(Policy()), problems, stream=True)
    assert table is not None
    tally = BallotTally([source_of(table)], Policy())
    tally.read(0, table.rows, table.reported, problems)
    if later is True:
        assert [(p.code, p.cell) for p in problems.errors] == [(Code.NUMBER_IS_BOOL, "F3")]
        assert tally.pairs[0].tallies[0].count == 1
    else:
        assert not problems.errors
        assert tally.pairs[0].tallies[0].sums[0] == 200
