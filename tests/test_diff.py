"""`jxkh diff OLD NEW`: the example run twice by the real commands, once with a change made as a
clerk makes it (a ballot corrected, a policy value changed, a person added), then compared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from jxkh.cli import app
from jxkh.cycle import run_demo


@pytest.fixture(scope="module")
def posted(tmp_path_factory) -> Path:
    """The example's outputs as posted: the whole cycle, once."""
    folder = tmp_path_factory.mktemp("posted") / "demo"
    run_demo(folder)
    return folder


def corrected(posted: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "corrected"
    shutil.copytree(posted, folder)
    for output in ("bonus.xlsx", "ratings.scored.xlsx", "indicators.scored.xlsx"):
        (folder / output).unlink()
    return folder


def rerun(runner, folder: Path) -> None:
    for args in (["score", str(folder / "indicators.xlsx")], ["appraise", str(folder / "ratings.xlsx")],
                 ["bonus", "--pool", "50000", str(folder / "ratings.xlsx")]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output


def diff(runner, *args: str):
    return runner.invoke(app, ["diff", *map(str, args)])


def test_a_corrected_ballot_names_the_person_and_the_money(runner, posted, tmp_path):
    # 罗家俊's second 领导 ballot (测评!A64) was 8 16 22 25 7 = 78; the objection upheld, 勤 and 绩
    # become 27 and 30 = 88. 领导 mean (90 + 88) / 2 = 89, 同事 mean 680 / 8 = 85:
    # rating 0.4 × 89 + 0.6 × 85 = 86.6 (was 84.6), final 86.6 − 6 = 80.6 (was 78.6) → 良好 (cut-off 80).
    folder = corrected(posted, tmp_path)
    wb = openpyxl.load_workbook(folder / "ratings.xlsx")
    ws = wb["测评"]
    assert [c.value for c in ws[64]] == ["罗家俊", "会员部", "领导", 8, 16, 22, 25, 7]
    ws["F64"], ws["G64"] = 27, 30
    wb.save(folder / "ratings.xlsx")
    rerun(runner, folder)

    result = diff(runner, posted / "bonus.xlsx", folder / "bonus.xlsx", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "bonus" and not data["identical"] and data["compared"] == 14
    luo = {c["field"]: (c["old"], c["new"], c["delta"]) for c in data["changes"] if c["who"] == "罗家俊（QX007）"}
    # 良好 is not deducted: the 701.75 (20% of 3508.77) comes back to him.
    assert luo == {
        "等次": ("合格", "良好", None),
        "考评得分": ("78.60", "80.60", "2.00"),  # as the workbooks show them, not the doubles' 78.6
        "扣减比例": ("0.2", "0", "-0.2"),
        "扣减": ("701.75", "0.00", "-701.75"),
        "金额": ("2807.02", "3508.77", "701.75"),
    }
    # The 优秀 four share 7543.86 now, not 8245.61, ∝ 1.5 : 1 : 1 : 1: 林振邦 7543.86 × 1.5 / 4.5 = 2514.62.
    lin = {c["field"]: (c["old"], c["new"]) for c in data["changes"] if c["who"] == "林振邦（QX001）"}
    assert lin == {"补增": ("2748.53", "2514.62"), "金额": ("8011.69", "7777.78")}  # 5263.16 + 2514.62
    assert {c["who"] for c in data["changes"]} == {"罗家俊（QX007）", "林振邦（QX001）", "江雨桐（QX012）",
                                                   "黄晓岚（QX004）", "郭思琪（QX006）"}
    assert data["added"] == data["removed"] == [] and data["policy"] == []
    assert [i["file"] for i in data["inputs"]] == ["ratings.xlsx"]
    assert data["inputs"][0]["old"] != data["inputs"][0]["new"]

    text = diff(runner, posted / "bonus.xlsx", folder / "bonus.xlsx").stdout
    assert "罗家俊（QX007）：金额 2807.02 → 3508.77（+701.75）" in text
    assert "罗家俊（QX007）：等次 合格 → 良好" in text
    assert "输入文件 ratings.xlsx 不同：" in text
    assert "共对比 14 人：5 人有变化，新增 0，删除 0；输入文件不同 1 个，政策不同 0 项" in text


def test_a_changed_policy_value_is_named_with_both_values(runner, posted, tmp_path):
    folder = corrected(posted, tmp_path)
    policy = folder / "jxkh.toml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('"合格" = 0.2', '"合格" = 0.3', 1), encoding="utf-8")
    rerun(runner, folder)

    result = diff(runner, posted / "bonus.xlsx", folder / "bonus.xlsx", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["policy"] == [{"key": "bonus.deduct", "old": "合格 20%，不合格 100%", "new": "合格 30%，不合格 100%"}]
    assert data["inputs"] == []  # the workbooks are the ones posted
    # 30% of 3508.77 = 1052.631 → 1052.63; 3508.77 − 1052.63 = 2456.14.
    luo = {c["field"]: (c["old"], c["new"]) for c in data["changes"] if c["who"] == "罗家俊（QX007）"}
    assert luo == {"扣减比例": ("0.2", "0.3"), "扣减": ("701.75", "1052.63"), "金额": ("2807.02", "2456.14")}
    text = diff(runner, posted / "bonus.xlsx", folder / "bonus.xlsx").stdout
    assert "政策 bonus.deduct 不同：合格 20%，不合格 100% → 合格 30%，不合格 100%" in text


def test_an_added_person_is_listed_as_added_and_removed_the_other_way(runner, posted, tmp_path):
    folder = corrected(posted, tmp_path)
    wb = openpyxl.load_workbook(folder / "ratings.xlsx")
    wb["人员"].append(["QX015", "韩明", "会员部", 1, 12, "称职", "否"])
    ballots = wb["测评"]
    ballots.append(["韩明", "会员部", "领导", 9, 18, 27, 27, 9])
    ballots.append(["韩明", "会员部", "同事", 9, 18, 27, 27, 9])
    wb.save(folder / "ratings.xlsx")
    rerun(runner, folder)

    old, new = posted / "ratings.scored.xlsx", folder / "ratings.scored.xlsx"
    data = json.loads(diff(runner, old, new, "--json").stdout)
    assert data["kind"] == "ratings" and data["compared"] == 14
    assert [a["who"] for a in data["added"]] == ["韩明（QX015）"] and data["removed"] == []
    assert {a["最终得分"] for a in data["added"]} == {"90.00"}  # 9 + 18 + 27 + 27 + 9 on both ballots
    back = json.loads(diff(runner, new, old, "--json").stdout)
    assert [r["who"] for r in back["removed"]] == ["韩明（QX015）"] and back["added"] == []
    assert "新增：韩明（QX015）" in diff(runner, old, new).stdout


def test_two_runs_of_the_same_inputs_are_identical_and_it_says_why(runner, posted, tmp_path):
    folder = corrected(posted, tmp_path)
    rerun(runner, folder)
    for name, count in (("bonus.xlsx", "14 人"), ("ratings.scored.xlsx", "14 人"), ("indicators.scored.xlsx", "24 项指标")):
        result = diff(runner, posted / name, folder / name)
        assert result.exit_code == 0, result.output
        assert "两份结果完全相同：输入文件的 SHA-256 相同" in result.stdout
        assert f"，{count}的各项数字相同" in result.stdout
        data = json.loads(diff(runner, posted / name, folder / name, "--json").stdout)
        assert data["identical"] and data["changes"] == []


def test_the_record_of_the_change_is_a_printable_sheet(runner, posted, tmp_path):
    folder = corrected(posted, tmp_path)
    policy = folder / "jxkh.toml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('"合格" = 0.2', '"合格" = 0.3', 1), encoding="utf-8")
    rerun(runner, folder)
    target = tmp_path / "变更说明.xlsx"
    result = diff(runner, posted / "bonus.xlsx", folder / "bonus.xlsx", "-o", target)
    assert result.exit_code == 0, result.output
    assert f"已生成：{target}" in result.stdout
    # The whole sheet, title rows included (read_back starts at the repeated header).
    rows = [list(r) for r in openpyxl.load_workbook(target)["变更说明"].iter_rows(values_only=True)]
    assert rows[0][0] == f"变更说明：{posted / 'bonus.xlsx'} → {folder / 'bonus.xlsx'}（奖金分配表 bonus.xlsx）"
    assert rows[1][0] == "共对比 14 人：6 人有变化，新增 0，删除 0；输入文件不同 0 个，政策不同 1 项"
    assert rows[3] == ["类别", "对象", "项目", "原值", "新值", "变化"]
    assert ["人员", "罗家俊（QX007）", "金额", "2807.02", "2456.14", "-350.88"] in rows
    assert ["政策", "bonus.deduct", None, "合格 20%，不合格 100%", "合格 30%，不合格 100%", None] in rows
    ws = openpyxl.load_workbook(target)["变更说明"]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.orientation == "portrait"


def test_a_file_jxkh_did_not_write_or_of_another_kind_is_refused(runner, posted, tmp_path):
    result = diff(runner, posted / "ratings.xlsx", posted / "bonus.xlsx")
    assert result.exit_code == 1
    assert "ratings.xlsx" in result.output and "说明" in result.output and "not-jxkh-output" in result.output
    result = diff(runner, posted / "bonus.xlsx", posted / "ratings.scored.xlsx", "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "“ratings.scored.xlsx”是测评结果 ratings.scored.xlsx，而“bonus.xlsx”是奖金分配表 bonus.xlsx" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_diff_as_a_subprocess(posted):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "jxkh", "diff", str(posted / "bonus.xlsx"), str(posted / "bonus.xlsx"),
                           "--json"], capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["identical"] and data["compared"] == 14 and data["same_inputs"] == 2
