"""One number style in every command's --json (docs/json.md): decimals are JSON numbers written
at the policy's precision (2 in the example), score's `fraction` (a share of 1) at precision + 2,
and counts, ranks, months and row numbers as integers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from year_fixtures import complete_plan, ledger_workbook

from jxkh.cli import app

ROOT = Path(__file__).resolve().parents[1]
INTEGERS = {"row", "header_row", "rank", "ballots", "indicator_row", "month", "deadline_month", "last_month", "count", "months",
            # explain's counts: ballots read/counted/blank/excluded/kept, fen left and a remainder's place
            "read", "counted", "blank", "excluded", "kept", "left", "place", "places", "people", "allowed"}
SHARES = {"fraction"}  # score's 得分率 as a share of 1; the ledger's percentages are at precision
GRADES = {"优秀", "良好", "合格", "不合格"}


def numbers(value, key=None):
    """(key, kind, places) for every number in a JSON document parsed with its spelling kept."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from numbers(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from numbers(v, key)
    elif isinstance(value, tuple):
        kind, spelled = value
        yield key, kind, len(spelled.partition(".")[2])


@pytest.fixture
def workspace(in_tmp):
    for name in ("indicators.xlsx", "ratings.xlsx", "jxkh.toml", "核定结果.xlsx"):
        shutil.copy(ROOT / "examples" / name, in_tmp / name)
    (in_tmp / "year").mkdir()  # a ledger of its own plan, apart from the example's workspace
    complete_plan(in_tmp / "year" / "plan.xlsx")
    ledger_workbook(in_tmp / "year" / "台账.xlsx")
    return in_tmp


COMMANDS = [
    ["score", "-o", "s.xlsx"], ["appraise", "-o", "a.xlsx"], ["bonus", "--pool", "50000", "-o", "b.xlsx"],
    ["check", "indicators.xlsx"], ["check", "ratings.xlsx"], ["duty", "-o", "d.xlsx"],
    ["ledger", "year/台账.xlsx", "--indicators", "year/plan.xlsx", "-o", "l.xlsx"], ["demo", "demo"],
    ["report", "--assessed", "核定结果.xlsx", "-o", "r.docx"],
    ["init", "new"], ["template", "indicators", "-o", "t.xlsx"],
    ["explain", "罗家俊", "--pool", "50000"], ["explain", "--indicator", "6"], ["explain", "--all", "-o", "e.xlsx"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_command_writes_numbers_one_way(runner, workspace, args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout, parse_float=lambda s: ("decimal", s), parse_int=lambda s: ("integer", s))
    for key, kind, places in numbers(document):
        if key in INTEGERS or key in GRADES:
            assert kind == "integer", key
        elif key in SHARES:
            assert (kind, places) == ("decimal", 4), key
        else:
            assert (kind, places) == ("decimal", 2), key


def test_bonus_people_carry_their_department(runner, workspace):
    people = json.loads(runner.invoke(app, ["bonus", "--pool", "50000", "--json", "-o", "b.xlsx"]).stdout)["people"]
    assert {p["name"]: p["department"] for p in people}["江雨桐"] == "宣传调研部"
