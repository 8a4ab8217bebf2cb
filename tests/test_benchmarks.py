"""Every script in benchmarks/ runs, on small workbooks, so none can rot unnoticed (issue 14:
`profile_reader.py` once crashed on a renamed function and nobody knew).

The scripts are run as a user runs them (subprocesses), in a temporary data folder
(JXKH_BENCH_DATA), on the smallest sizes that still take every path: ballots, strict OOXML,
the per-rater layout, indicators. The peers (polars, pandas) need the `bench` extras; under
CI they are installed (.ci/run), and a skip fails there (conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("polars", reason="the benchmark extras: pip install -e '.[bench]'")
pytest.importorskip("pandas", reason="the benchmark extras: pip install -e '.[bench]'")
pytest.importorskip("xlsxwriter", reason="the benchmark extras: pip install -e '.[bench]'")

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
BALLOTS, LAYOUT, INDICATORS = "2000", "1000", "200"  # the per-rater layout: 1000 ballots are 2 forms of 500

# Each script and how the smoke test runs it (run.py last: it uses the files the others made).
RUNS = {
    "generate.py": [["--sizes", BALLOTS, "--indicators", INDICATORS, "--layouts", LAYOUT, "--strict", BALLOTS]],
    "profile_reader.py": [[BALLOTS], [BALLOTS, "--ratings"], [BALLOTS, "--bare"]],
    "profile_command.py": [["appraise", BALLOTS], ["bonus", BALLOTS], ["score", INDICATORS]],
    "profile_scan.py": [[BALLOTS, "--runs", "1"]],
    "compare_outputs.py": [["write", "smoke", "--sizes", BALLOTS], ["compare", "smoke", "smoke"]],
    "run.py": [["--sizes", BALLOTS, "--indicators", INDICATORS, "--layouts", LAYOUT, "--runs", "1"]],
}
PEERS = ("peer_polars.py", "peer_pandas.py")
LIBRARIES = {"peer_check.py"}  # imported by the peers and run.py, run by them


def test_every_script_is_smoke_tested():
    scripts = {p.name for p in BENCH.glob("*.py")}
    assert scripts == set(RUNS) | set(PEERS) | LIBRARIES


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    env = {**os.environ, "JXKH_BENCH_DATA": str(folder)}
    env.pop("JXKH_LANG", None)
    return folder, env


def bench(script, args, env, cwd=None):
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *args], env=env, cwd=cwd, capture_output=True, text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"{script} {' '.join(args)}: exit {proc.returncode}\n{proc.stderr[-2000:]}"
    return proc


@pytest.mark.parametrize("script", list(RUNS))
def test_script_runs(script, data):
    folder, env = data
    bench("generate.py", RUNS["generate.py"][0], env)
    for args in RUNS[script]:
        proc = bench(script, [*args, *(["--output", str(folder / "results.json")] if script == "run.py" else [])], env)
        if script == "run.py":
            record = json.loads((folder / "results.json").read_text(encoding="utf-8"))
            entries = {e["key"]: e for e in record["entries"]}
            failed = {k: e["stderr_tail"] for k, e in entries.items() if e["exit"] not in (0, None) or (not e["times"] and not e["skipped"])}
            assert not failed
            label = "2k"
            assert {f"{w}@{label}" for w in ("read", "reader", "appraise", "bonus", "check", "polars", "pandas", "appraise-strict")} <= set(entries)
            assert {"appraise-long@1k", "appraise-per-rater@1k", "score@200"} <= set(entries)
            for key in (f"polars@{label}", f"pandas@{label}", f"appraise-strict@{label}"):
                assert entries[key]["same"] == "same numbers as jxkh", entries[key]["same"]
            assert "MISSED" in proc.stdout or "met" in proc.stdout


@pytest.mark.parametrize("peer", PEERS)
def test_a_peer_computes_jxkhs_numbers_and_the_check_sees_a_difference(peer, data, tmp_path):
    """The peer's own --check passes against jxkh's output, and fails once one figure differs."""
    folder, env = data
    bench("generate.py", ["--sizes", BALLOTS, "--indicators", ""], env)
    ratings = folder / "ratings-2k.xlsx"
    jxkh = tmp_path / "jxkh.xlsx"
    subprocess.run([Path(sys.executable).parent / "jxkh", "appraise", ratings, "-o", jxkh], check=True, capture_output=True,
                   cwd=tmp_path, env=env)
    out = tmp_path / "peer.xlsx"
    proc = bench(peer, [str(ratings), "-o", str(out), "--check", str(jxkh)], env, cwd=BENCH)
    assert "the same" in proc.stderr

    import openpyxl

    book = openpyxl.load_workbook(jxkh)
    sheet = book["测评结果"]
    header = [c.value for c in sheet[2]]
    cell = sheet.cell(3, header.index("测评得分") + 1)
    cell.value = round(cell.value + 0.01, 2)  # one hundredth off for the first person
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    proc = subprocess.run([sys.executable, str(BENCH / "peer_check.py"), str(out), str(changed)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "1 people differ" in proc.stderr
