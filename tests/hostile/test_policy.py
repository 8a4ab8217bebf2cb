"""Bad jxkh.toml files: every command refuses them with the TOML key, before reading any workbook."""

from __future__ import annotations

import pytest

from . import builders
from .expect import COMMANDS, command, refused, run

ALL = ["score", "appraise", "bonus"]

BAD_POLICIES = [
    # unknown keys (a misspelling must not silently fall back to a default)
    ("titel = \"某单位\"\n", "titel"),
    ("[unit]\ntotl = 600\n", "unit.totl"),
    ("[bouns]\nunit = 0.01\n", "bouns"),
    # wrong types
    ("precision = \"two\"\n", "precision"),
    ("[unit]\ntotal = \"六百\"\n", "unit.total"),
    ("[bonus]\naward_to = 5\n", "bonus.award_to"),
    ("[staff]\naggregate = \"median\"\n", "staff.aggregate"),
    ("[unit]\ntotal = nan\n", "unit.total"),
    ("[limits]\nmax_file_mb = inf\n", "limits.max_file_mb"),
    # thresholds out of order
    ("[staff.cutoffs]\n\"优秀\" = 80\n\"良好\" = 90\n\"合格\" = 70\n\"不合格\" = 0\n", "staff.cutoffs"),
    ("[unit.levels]\n\"好\" = 0.6\n\"良好\" = 0.8\n\"一般\" = 0.9\n\"差\" = 0\n", "unit.levels"),
    ("[unit.bands]\n\"良好\" = [1, 0.8]\n", "unit.bands"),
    # no floor: a unit at 5/600 would be 一般, someone at 12 points 合格
    ("[unit.levels]\n\"好\" = 0.9\n\"良好\" = 0.8\n\"一般\" = 0.6\n", "unit.levels"),
    ("[staff.cutoffs]\n\"优秀\" = 90\n\"良好\" = 80\n\"合格\" = 70\n", "staff.cutoffs"),
    ("precision = true\n", "precision"),
    # fractions outside 0–1
    ("[unit.bands]\n\"良好\" = [0.8, 1.5]\n", "unit.bands.良好[1]"),
    ("[unit.bands]\n\"差\" = [-0.1, 0]\n", "unit.bands.差[0]"),
    ("[bonus.deduct]\n\"合格\" = 1.2\n", "bonus.deduct.合格"),
    ("[staff]\nexcellent_quota = 15\n", "staff.excellent_quota"),  # 15 meant 15%
    # values that would break the arithmetic
    ("[bonus]\nunit = 1e-30\n", "bonus.unit"),
    ("[limits]\nmax_ratio = 0\n", "limits.max_ratio"),
]


def good_input(name, work):
    if name == "score":
        return builders.indicators(work / "in.xlsx")
    return builders.ratings(work / "in.xlsx")


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(("toml", "key"), BAD_POLICIES, ids=[key for _, key in BAD_POLICIES])
def test_bad_policy_value_names_its_key(name, toml, key, work):
    good_input(name, work)
    builders.write_text(work / "jxkh.toml", toml)
    outcome = refused(command(name, work, "in.xlsx"), ("policy-invalid", None, None))
    error = outcome.error("policy-invalid")
    assert error["file"] == "jxkh.toml"
    assert error["message"].startswith(f"{key}: ")


@pytest.mark.parametrize("name", ALL)
def test_every_bad_key_is_listed_at_once(name, work):
    good_input(name, work)
    builders.write_text(work / "jxkh.toml", "titel = \"x\"\nprecision = -1\n[unit]\ntotl = 600\n")
    outcome = refused(command(name, work, "in.xlsx"), *[("policy-invalid", None, None)] * 3)
    keys = sorted(e["message"].split(":")[0] for e in outcome.data["errors"])
    assert keys == ["precision", "titel", "unit.totl"]


@pytest.mark.parametrize(
    "toml", ["[unit\ntotal = 600\n", "title = 龙岩\n", "[unit]\ntotal = 600\ntotal = 500\n"],
    ids=["unclosed-table", "unquoted-text", "key-twice"],
)
def test_policy_that_is_not_toml(toml, work):
    good_input("bonus", work)
    builders.write_text(work / "jxkh.toml", toml)
    refused(command("bonus", work, "in.xlsx"), ("policy-syntax", None, None))


def test_policy_given_as_a_folder(work):
    good_input("score", work)
    (work / "政策").mkdir()
    refused(command("score", work, "in.xlsx", "--policy", "政策"), ("policy-syntax", None, None))


def test_policy_file_missing_is_exit_3(work):
    good_input("appraise", work)
    refused(command("appraise", work, "in.xlsx", "--policy", "nowhere.toml"), ("file-not-found", None, None), exit_code=3)


def test_policy_saved_as_gbk_by_notepad(work):
    """Notepad on a Chinese Windows saves "ANSI", i.e. GBK: read it rather than refuse it."""
    good_input("bonus", work)
    builders.write_text(work / "jxkh.toml", "title = \"青川县某协会\"\n[bonus]\nunit = 1\n", encoding="gbk")
    outcome = command("bonus", work, "in.xlsx")
    assert outcome.exit_code == 0, outcome.output
    assert [p["amount"] for p in outcome.data["people"]] == [11250, 11250, 7500]


def test_policy_error_comes_before_any_workbook_problem(work):
    """With a bad policy the workbook is not judged (its numbers mean nothing without one)."""
    builders.ratings(work / "in.xlsx", {"测评!D2": "九"})
    builders.write_text(work / "jxkh.toml", "[unit]\ntotl = 600\n")
    refused(run(work, *COMMANDS["appraise"]("in.xlsx")), ("policy-invalid", None, None))


def _policy_refusal(tmp_path, policy):
    """`jxkh score --policy F` as a real process, bounded: a hang fails the test, not the suite."""
    import subprocess
    import sys

    builders.indicators(tmp_path / "indicators.xlsx")
    proc = subprocess.run(
        [sys.executable, "-m", "jxkh", "score", "indicators.xlsx", "--policy", str(policy)],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env={**__import__("os").environ, "COLUMNS": "200"},
    )
    assert proc.returncode == 1, proc.stderr
    assert "policy-syntax" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "indicators.scored.xlsx").exists()
    return proc.stderr


def test_a_fifo_as_policy_is_refused_not_waited_on(tmp_path):
    import os

    os.mkfifo(tmp_path / "jxkh.toml")
    assert "不是普通文件" in _policy_refusal(tmp_path, tmp_path / "jxkh.toml")


def test_a_policy_linked_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert "不是普通文件" in _policy_refusal(tmp_path, tmp_path / "zero.toml")


def test_a_policy_over_one_megabyte_is_refused_at_one_byte_over(tmp_path):
    from jxkh.policy import POLICY_BYTES, read_policy_text

    assert POLICY_BYTES == 1024 * 1024
    at = tmp_path / "at.toml"
    at.write_bytes(b"#" * (POLICY_BYTES - 1) + b"\n")  # a comment of exactly the limit: read
    assert len(read_policy_text(at)) == POLICY_BYTES
    over = tmp_path / "over.toml"
    over.write_bytes(b"#" * POLICY_BYTES + b"\n")
    assert "超过 1 MB" in _policy_refusal(tmp_path, over)
