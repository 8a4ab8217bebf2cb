"""jxkh as a Python library: paths as str or Path, the policy given or not, and the wrong kind
of argument refused with UsageError (argument-invalid) naming it, never an AttributeError."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

import jxkh
from jxkh.problems import UsageError

from . import builders


def codes(excinfo) -> list[tuple[str, str]]:
    return [(str(p.code), p.params.get("name", "")) for p in excinfo.value.problems]


def test_files_as_str_and_path_with_the_policy_left_out(work):
    builders.indicators(work / "indicators.xlsx")
    builders.ratings(work / "ratings.xlsx")
    assert jxkh.score_file("indicators.xlsx", None, write=False).total == D("550.00")
    assert jxkh.score_file(work / "indicators.xlsx", write=False).total == D("550.00")
    appraised = jxkh.appraise_file("ratings.xlsx", "jxkh.toml" if (work / "jxkh.toml").exists() else None, write=False)
    assert [p.grade for p in appraised.people] == ["优秀", "良好", "合格"]
    split = jxkh.bonus_file("ratings.xlsx", None, "30000", write=False)
    assert sum(a.amount for a in split.people) == D("30000.00")
    assert jxkh.load_indicators("indicators.xlsx").indicators
    assert jxkh.load_ratings(Path("ratings.xlsx")).ballots
    assert jxkh.score_file("indicators.xlsx", None, output="结果.xlsx").output == Path("结果.xlsx")


def test_the_policy_as_a_path(work):
    builders.indicators(work / "indicators.xlsx")
    builders.write_bytes(work / "p.toml", b"precision = 1\n")
    assert jxkh.score_file("indicators.xlsx", "p.toml", write=False).precision == 1
    assert jxkh.load_policy(str(work / "p.toml")).precision == 1


@pytest.mark.parametrize("call, name", [
    (lambda: jxkh.score_file(123), "path"),
    (lambda: jxkh.score_file(b"indicators.xlsx"), "path"),
    (lambda: jxkh.score_file("indicators.xlsx", {"precision": 2}), "policy"),
    (lambda: jxkh.score_file("indicators.xlsx", None, output=5), "output"),
    (lambda: jxkh.appraise_file(None), "ratings_path"),
    (lambda: jxkh.appraise_file("ratings.xlsx", None, indicators_path=1), "indicators_path"),
    (lambda: jxkh.load_policy(3), "policy"),
    (lambda: jxkh.distribute([{"name": "甲一", "grade": "良好"}], D(1000), jxkh.Policy()), "people[]"),
    (lambda: jxkh.distribute("甲一", D(1000), jxkh.Policy()), "people"),
    (lambda: jxkh.distribute([], "1000", jxkh.Policy()), "pool"),
    (lambda: jxkh.distribute([], D(1000), None), "policy"),
    (lambda: jxkh.score([{"分值": 10}], jxkh.Policy()), "indicators[]"),
    (lambda: jxkh.score([], "jxkh.toml"), "policy"),
    (lambda: jxkh.appraise(None, None, [], jxkh.Policy()), "ballots"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_the_wrong_kind_of_argument(call, name, work):
    builders.indicators(work / "indicators.xlsx")
    builders.ratings(work / "ratings.xlsx")
    with pytest.raises(UsageError) as excinfo:
        call()
    [(code, named)] = codes(excinfo)
    assert (code, named) == ("argument-invalid", name)
    assert name in excinfo.value.problems[0].message("zh")
    assert sorted(p.name for p in work.iterdir()) == ["indicators.xlsx", "ratings.xlsx"]



def test_the_excellent_quota_check_is_fast():
    """25,000 优秀 over a quota of 2,500: each place among the 优秀 comes from one pass over them
    sorted, not from comparing everyone with everyone (that took 21 s at 13,000)."""
    import time

    from jxkh.rules.quota import _over

    class Person:
        def __init__(self, i: int):
            self.final = D(100) - D(i // 2) / 1000  # pairs tie: places 1, 1, 3, 3, …

    excellent = [Person(i) for i in range(25_000)]
    start = time.perf_counter()
    over, tied = _over(excellent, 2500)
    assert time.perf_counter() - start < 2
    # 员工2498 and 员工2499 share place 2,499, within the quota; from 员工2500 on, over it.
    assert len(over) == 25_000 - 2500 and over[0] is excellent[2500] and tied == []
