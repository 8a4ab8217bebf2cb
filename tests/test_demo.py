"""`jxkh demo`: the first thing a new user runs — the example copied, the whole cycle run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import openpyxl

from helpers import read_back
from jxkh.cli import app
from jxkh.example import GRADES, UNIT_LEVEL, UNIT_TOTAL

INPUTS = ["indicators.xlsx", "jxkh.toml", "ratings.xlsx", "台账.xlsx", "核定结果.xlsx"]
OUTPUTS = {"责任分解公示.xlsx", "台账汇总.xlsx", "indicators.scored.xlsx", "ratings.scored.xlsx", "bonus.xlsx", "整改措施.xlsx"}


def workbooks(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.suffix == ".xlsx"}


def test_demo_runs_the_whole_cycle(runner, in_tmp):
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    folder = in_tmp / "jxkh-demo"
    names = {p.name for p in folder.iterdir()}
    assert set(INPUTS) <= names
    outputs = workbooks(folder) - {"indicators.xlsx", "ratings.xlsx", "台账.xlsx", "核定结果.xlsx"}
    assert outputs == OUTPUTS and (folder / "自评报告.docx").is_file()
    out = result.stdout
    assert "已把示例单位（虚构数据）复制到 jxkh-demo" in out
    assert out.count("已生成：") == 7
    assert "责任分解：24 项指标分解到 4 个科室" in out
    assert "目标工作台账 6 月：进度滞后 3 项，逾期未完成 1 项，本月未填报 1 项，存在问题 3 条" in out
    assert "自评报告：市绩效办核定低于自评 2 项，合计少 6.00 分，整改措施待填写" in out
    assert f"单位指标：总分 {UNIT_TOTAL:.2f} / 600，年度等次 {UNIT_LEVEL}" in out
    counts = {g: list(GRADES.values()).count(g) for g in ("优秀", "良好", "合格", "不合格")}
    assert counts == {"优秀": 4, "良好": 6, "合格": 2, "不合格": 2}
    assert "干部职工测评：优秀 4 人，良好 6 人，合格 2 人，不合格 2 人" in out
    assert "奖金总额 50,000.00 元，扣减合计 8,245.61 元，按基数比例补给优秀等次 4 人" in out
    assert "jxkh bonus --pool 50000" in out

    # The example's split, worked by hand. Weights Σ 14.25 (系数 1.5, 1.3, 1.2; 蔡雅婷 6 months,
    # 童欣怡 9): one weight is 3508.7719… yuan. The five bases with the largest remainders take
    # the 5 fen left: 童欣怡 .89, 林振邦 .79, 苏明德 .63, 蔡雅婷 .60, 何静远 .35 (weight 1: .19).
    rows = read_back(folder / "bonus.xlsx", "奖金分配")
    people = {r[2]: [D(str(v)) for v in r[8:12]] for r in rows[1:-1]}
    assert {r[2]: r[6] for r in rows[1:-1]} == GRADES
    assert people["林振邦"] == [D("5263.16"), 0, D("2748.53"), D("8011.69")]
    assert people["何静远"] == [D("4561.41"), 0, 0, D("4561.41")]  # 良好 after his 8-point charge
    assert people["蔡雅婷"] == [D("1754.39"), 0, 0, D("1754.39")]
    # 合格 loses 20%: 701.754 → 701.75 and 526.316 → 526.32; 不合格 all of it.
    assert people["罗家俊"] == [D("3508.77"), D("701.75"), 0, D("2807.02")]
    assert people["童欣怡"] == [D("2631.58"), D("526.32"), 0, D("2105.26")]
    assert people["曾志鹏"] == people["范国栋"] == [D("3508.77"), D("3508.77"), 0, 0]
    # 8245.61 to 优秀 ∝ 1.5 : 1 : 1 : 1 — 2748.5366… and 1832.3577…; the 3 fen left go to the
    # larger remainders (.78 over .67).
    assert [people[n][2] for n in ("黄晓岚", "郭思琪", "江雨桐")] == [D("1832.36")] * 3
    assert sum(r[3] for r in people.values()) == D(50000)
    assert rows[-1][-1] == 50000
    title = openpyxl.load_workbook(folder / "bonus.xlsx")["公示"]["A1"].value
    assert title == "青溪市工商联2015年度绩效奖金二次分配公示（示例）"


def test_demo_into_a_named_folder_with_a_pool(runner, in_tmp):
    result = runner.invoke(app, ["demo", "试用", "--pool", "80000", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["folder", "copied", "outputs", "score", "appraise", "bonus", "duty", "ledger", "report"]
    assert data["folder"] == "试用"
    assert data["bonus"]["pool"] == 80000
    assert sum(D(str(p["amount"])) for p in data["bonus"]["people"]) == D(80000)
    assert {Path(p).name for p in data["outputs"]} == OUTPUTS | {"自评报告.docx"}


def test_demo_never_overwrites_a_folder_with_files(runner, in_tmp):
    folder = in_tmp / "jxkh-demo"
    folder.mkdir()
    (folder / "ratings.xlsx").write_bytes(b"mine")
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 2
    assert "folder-not-empty" in result.stderr
    assert (folder / "ratings.xlsx").read_bytes() == b"mine"
    assert [p.name for p in folder.iterdir()] == ["ratings.xlsx"]


def test_demo_with_a_bad_pool_copies_nothing(runner, in_tmp):
    result = runner.invoke(app, ["demo", "--pool", "abc"])
    assert result.exit_code == 1
    assert "pool-invalid" in result.stderr
    assert not (in_tmp / "jxkh-demo").exists()


def test_demo_into_an_empty_folder(runner, in_tmp):
    (in_tmp / "empty").mkdir()
    result = runner.invoke(app, ["demo", "empty"])
    assert result.exit_code == 0, result.output
    assert "bonus.xlsx" in workbooks(in_tmp / "empty")


def test_demo_as_a_new_user_runs_it(tmp_path):
    """A real process, as from a fresh clone: `python -m jxkh demo`, no workspace, no jxkh.toml."""
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("JXKH_LANG", None)
    done = subprocess.run([sys.executable, "-m", "jxkh", "demo"], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.count("已生成：") == 7
    assert workbooks(tmp_path / "jxkh-demo") - {"indicators.xlsx", "ratings.xlsx", "台账.xlsx", "核定结果.xlsx"} == OUTPUTS
