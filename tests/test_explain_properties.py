"""What `jxkh explain` shows is what the workbooks hold, for units hypothesis makes up: for
everyone, the explanation's amount equals bonus.xlsx's and its final score ratings.scored.xlsx's;
and the shown averages are never further than `rounding_gap` from the shown rating."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from appraise_fixtures import write_ratings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_appraise_properties import POLICIES, rows, unit

from jxkh.cycle import appraise_file, bonus_file, explain_file
from jxkh.explaining import rounding_gap


def table(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    lines = list(ws.iter_rows(values_only=True))
    header = list(lines[1])  # under the title row
    return [dict(zip(header, line)) for line in lines[2:] if line[header.index("等次")]]  # not the 合计 row


def steps(explanation) -> dict[str, dict[str, object]]:
    return {s.key: s.values for section in explanation.sections for s in section.steps}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=unit(), kind=st.sampled_from(sorted(POLICIES)), pool=st.integers(100, 10**7))
def test_explain_equals_the_workbooks_for_everyone(specs, kind, pool):
    policy = POLICIES[kind]
    with tempfile.TemporaryDirectory() as folder:
        ratings = write_ratings(Path(folder) / "ratings.xlsx", rows(specs))
        appraise_file(ratings, policy)
        bonus_file(ratings, policy, Decimal(pool) / 100)
        explained = explain_file(ratings, everyone=True, policy=policy, pool=Decimal(pool) / 100)
        scored = {r["姓名"]: r for r in table(Path(folder) / "ratings.scored.xlsx", "测评结果")}
        paid = {r["姓名"]: r for r in table(Path(folder) / "bonus.xlsx", "奖金分配")}
    assert len(explained.explanations) == len(scored) == len(paid)
    gap = rounding_gap(len(policy.staff.dimensions), policy.precision, policy.rounding)
    for e in explained.explanations:
        s = steps(e)
        final = s.get("final", s.get("final_prior"))["final"]
        assert Decimal(str(scored[e.name]["最终得分"])) == final
        assert Decimal(str(paid[e.name]["金额"])) == s["bonus_amount"]["amount"]
        assert Decimal(str(scored[e.name]["测评得分"])) == s["rating"]["rounded"]
        shown = sum((Decimal(str(scored[e.name][d])) for d in policy.staff.dimensions), Decimal(0))
        assert abs(shown - s["rating"]["rounded"]) <= gap
