"""`jxkh appraise` through the CLI: the ranking, `--json`, the workspace, and bad inputs giving exit 1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from appraise_fixtures import ballot, person, write_ratings
from helpers import make_xlsx
from score_fixtures import clean_rows, write_rows

from jxkh.cli import app
from jxkh.cycle import appraise_file
from jxkh.jsonout import dumps
from jxkh.policy import Policy

GOOD = [ballot("甲一", 90, dept="办公室"), ballot("乙二", 85, dept="会员部"), ballot("甲一", 100, dept="办公室"),
        ballot("丙三", 70), ballot("乙二", 75), ballot("丙三", 69.99)]


@pytest.fixture
def ratings(tmp_path) -> Path:
    return write_ratings(tmp_path / "ratings.xlsx", GOOD, [person("甲一", id="A1"), person("乙二", id="A2"),
                                                           person("丙三", id="A3", violation="否")])


def errors_of(result) -> list[tuple[str, str | None, str | None]]:
    return [(e["code"], e["sheet"], e["cell"]) for e in json.loads(result.stdout)["errors"]]


def assert_refused(runner, path: Path, expected: list[tuple[str, str | None, str | None]], *args: str) -> None:
    """Exit 1, exactly these errors (by sheet!cell), no traceback, nothing written beside the input."""
    before = sorted(p.name for p in path.parent.iterdir())
    result = runner.invoke(app, ["appraise", str(path), "--json", *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert errors_of(result) == expected
    assert sorted(p.name for p in path.parent.iterdir()) == before
    plain = runner.invoke(app, ["appraise", str(path), *args])
    assert plain.exit_code == 1 and "Traceback" not in plain.output
    assert "未生成输出文件" in plain.output
    for _, sheet, cell in expected:
        if sheet and cell:
            assert f"{sheet}!{cell}" in plain.output


# --- a good workbook --------------------------------------------------------------------------


def test_appraise_prints_the_ranking_and_writes_the_workbook(runner, ratings):
    result = runner.invoke(app, ["appraise", str(ratings)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert ratings.with_name("ratings.scored.xlsx").exists()
    lines = result.output.splitlines()
    assert lines[0] == "ratings.xlsx 民主测评结果（3 人，有效票 6 张）"
    assert lines[1].split() == ["名次", "姓名", "科室", "票数", "德", "能", "勤", "绩", "廉", "测评得分", "责任扣分", "最终得分", "等次"]
    # 甲一 (90 + 100) / 2 = 95.00; 乙二 (85 + 75) / 2 = 80.00; 丙三 (70 + 69.99) / 2 = 69.995 → 70.00 合格.
    assert lines[2].split() == ["1", "甲一", "办公室", "2", "9.50", "19.00", "28.50", "28.50", "9.50", "95.00", "0.00", "95.00", "优秀"]
    assert lines[3].split()[-4:] == ["80.00", "0.00", "80.00", "良好"]
    assert lines[4].split()[-4:] == ["70.00", "0.00", "70.00", "合格"]
    assert "等次分布：优秀 1，良好 1，合格 1，不合格 0" in result.output
    assert "未提供指标表，未计入责任扣分" in result.output
    assert f"已生成：{ratings.with_name('ratings.scored.xlsx')}" in result.output


def test_json_is_the_library_result_in_the_spec_shape(runner, ratings, tmp_path):
    out = tmp_path / "cli.xlsx"
    result = runner.invoke(app, ["appraise", str(ratings), "--json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["people", "grades", "warnings", "output"]
    assert list(data["people"][0]) == ["id", "name", "department", "ballots", "dimensions", "rating", "deduction",
                                       "final", "grade", "rank"]
    assert data["people"][2] == {
        "id": "A3", "name": "丙三", "department": None, "ballots": 2,
        "dimensions": {"德": 7.0, "能": 14.0, "勤": 21.0, "绩": 21.0, "廉": 7.0},
        "rating": 70.0, "deduction": 0.0, "final": 70.0, "grade": "合格", "rank": 3,
    }
    assert '"rating": 70.00' in result.stdout  # at the policy precision
    assert data["grades"] == {"优秀": 1, "良好": 1, "合格": 1, "不合格": 0}
    assert data["output"] == str(out)
    library = appraise_file(ratings, Policy(), output=tmp_path / "lib.xlsx").to_json()
    library["output"] = str(out)
    assert result.stdout == dumps(library) + "\n"


def test_quota_over_and_tie_exit_0_and_are_listed(runner, tmp_path):
    (tmp_path / "jxkh.toml").write_text("[staff]\nexcellent_quota = 0.25\n", encoding="utf-8")
    totals = {"甲": 95, "乙": 93, "丙": 93, "丁": 91, "戊": 85, "己": 80, "庚": 75, "辛": 60}
    path = write_ratings(tmp_path / "ratings.xlsx", [ballot(n, t) for n, t in totals.items()])
    result = runner.invoke(app, ["appraise", str(path), "--policy", str(tmp_path / "jxkh.toml")])
    assert result.exit_code == 0, result.output
    assert "超出优秀比例（最多 2 人），待单位研究决定：丁（91.00）" in result.output
    assert "excellent-quota-exceeded" in result.output and "quota-tie" in result.output
    assert "丙（93.00）、乙（93.00）" in result.output
    data = json.loads(runner.invoke(app, ["appraise", str(path), "--json", "-o", str(tmp_path / "o.xlsx"),
                                          "--policy", str(tmp_path / "jxkh.toml")]).stdout)
    assert [w["code"] for w in data["warnings"]] == ["excellent-quota-exceeded", "quota-tie"]
    assert data["grades"]["优秀"] == 4


def test_workspace_files_are_used_and_said(runner, in_tmp):
    write_rows(in_tmp / "indicators.xlsx", clean_rows())
    names = ["黄晓明", "刘洋", "邱大同", "吴磊", "何建国", "林小红"]
    write_ratings(in_tmp / "ratings.xlsx", [ballot(n, 95) for n in names])
    result = runner.invoke(app, ["appraise"])
    assert result.exit_code == 0, result.output
    assert "已按指标表 indicators.xlsx 计入责任扣分" in result.output
    assert (in_tmp / "ratings.scored.xlsx").exists()
    data = json.loads(runner.invoke(app, ["appraise", "--json", "-o", "again.xlsx"]).stdout)
    assert {p["name"]: p["final"] for p in data["people"]}["邱大同"] == 75.0  # 95 − 20.00 (leader of row 5)


def test_indicators_option_and_its_errors_reported_with_the_ballots(runner, tmp_path):
    indicators = write_rows(tmp_path / "指标.xlsx", clean_rows())
    path = write_ratings(tmp_path / "ratings.xlsx", [ballot("林小红", 95), ballot("黄晓明", [11, 18, 27, 27, 9])])
    expected = [
        ("dimension-above-max", "测评", "F3"),
        ("responsible-not-found", "指标", "G5"),  # 刘洋
        ("responsible-not-found", "指标", "H5"),  # 邱大同
        ("responsible-not-found", "指标", "G7"),  # 吴磊
        ("responsible-not-found", "指标", "H7"),  # 何建国
    ]
    assert_refused(runner, path, expected, "--indicators", str(indicators))


def test_no_file_and_no_workspace_is_usage(runner, in_tmp):
    result = runner.invoke(app, ["appraise"])
    assert result.exit_code == 2
    assert "ratings.xlsx" in result.output


def test_output_cannot_be_the_input(runner, ratings):
    before = hashlib.sha256(ratings.read_bytes()).hexdigest()
    result = runner.invoke(app, ["appraise", str(ratings), "-o", str(ratings)])
    assert result.exit_code == 2
    assert hashlib.sha256(ratings.read_bytes()).hexdigest() == before


def test_english_messages(runner, tmp_path):
    path = write_ratings(tmp_path / "ratings.xlsx", [ballot("甲一", [9, 18, 27, 27, 11])])
    result = runner.invoke(app, ["appraise", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert "“廉” score “11” exceeds its maximum 10" in result.output


# --- bad inputs --------------------------------------------------------------------------------


def test_every_ballot_and_roster_error_by_cell(runner, tmp_path):
    rows = [
        ballot("甲一", 90),  # row 2 fine
        ballot("甲一", [11, 18, 27, 27, 9]),  # row 3: 德 above its maximum 10
        ballot("乙二", [9, -0.5, 27, 27, 9]),  # row 4: 能 negative
        ballot("乙二", [9, 18, "二十七", 27, 9]),  # row 5: not a number
        ballot(None, 90),  # row 6: ratee without a name
        ballot("外人", 90),  # row 7: not on the roster
        ballot("乙二", [9, 18, 27, None, 9]),  # row 8: one dimension blank
    ]
    roster = [person("甲一", id="A1", coefficient=-1), person("乙二", id="A2", months=12.5),
              person("丙三", id="A1")]  # row 4: duplicate 工号, and no ballots
    path = write_ratings(tmp_path / "ratings.xlsx", rows, roster)
    expected = [
        ("coefficient-not-positive", "人员", "D2"),
        ("months-out-of-range", "人员", "E3"),
        ("duplicate-id", "人员", "A4"),
        ("dimension-above-max", "测评", "F3"),
        ("dimension-negative", "测评", "G4"),
        ("number-invalid", "测评", "H5"),
        ("value-required", "测评", "B6"),
        ("ballot-incomplete", "测评", "I8"),
        ("ratee-not-on-roster", "测评", "B7"),
        ("roster-without-ballots", "人员", "B4"),
    ]
    assert_refused(runner, path, expected)


def test_a_dimension_column_missing(runner, tmp_path):
    header = ["被测评人", "科室", "德", "能", "勤", "绩"]
    path = make_xlsx(tmp_path / "ratings.xlsx", {"测评": [header, ["甲一", "办公室", 9, 18, 27, 27]]})
    assert_refused(runner, path, [("column-missing", "测评", None)])
    result = runner.invoke(app, ["appraise", str(path), "--json"])
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["row"], error["value"]) == (1, "廉")


def test_not_a_workbook(runner, tmp_path):
    path = tmp_path / "ratings.xlsx"
    path.write_text("not a spreadsheet", encoding="utf-8")
    assert_refused(runner, path, [("not-a-workbook", None, None)])


# --- a real process ------------------------------------------------------------------------------


def test_subprocess_run(ratings, tmp_path):
    out = tmp_path / "out.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "jxkh", "appraise", str(ratings), "--json", "-o", str(out)],
        capture_output=True, text=True, timeout=120, env={"PATH": "", "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [(p["name"], p["grade"]) for p in data["people"]] == [("甲一", "优秀"), ("乙二", "良好"), ("丙三", "合格")]
    assert out.exists() and done.stderr == ""


def test_a_long_ranking_is_cut_in_the_terminal_not_in_the_workbook(runner, tmp_path):
    path = write_ratings(tmp_path / "ratings.xlsx", [ballot(f"人{i:03d}", 60 + i % 40) for i in range(101)])
    result = runner.invoke(app, ["appraise", str(path)])
    assert result.exit_code == 0, result.output
    assert "…… 以上为前 100 名，共 101 人，完整名单见输出文件" in result.output
    assert len(openpyxl.load_workbook(tmp_path / "ratings.scored.xlsx")["测评结果"]["A"]) == 103  # title, header, 101 people


def test_two_people_of_one_name_in_two_科室_are_not_counted_as_one(runner, tmp_path):
    """Without 工号 and roster, 张伟 of 办公室 and 张伟 of 财务科 were one person scoring 75 (the mean
    of a 90 and a 60), with no problem said."""
    path = make_xlsx(tmp_path / "r.xlsx", {"测评": [
        ["被测评人", "科室", "测评人类别", "德", "能", "勤", "绩", "廉"],
        *[["张伟", "办公室", "同事", 9, 18, 27, 27, 9]] * 3,
        *[["张伟", "财务科", "同事", 6, 12, 18, 18, 6]] * 3,
        ["李娜", "财务科", "同事", 8, 16, 24, 24, 8],
    ]})
    result = runner.invoke(app, ["appraise", str(path)])
    assert result.exit_code == 1
    assert "r.xlsx 测评!B5\tratee-department-differs\t被测评人“张伟”的科室在此为“财务科”，在 测评!B2 为“办公室”：" \
        "同名的两人请填写工号加以区分，同一人请统一科室" in result.stderr
    assert not (tmp_path / "r.scored.xlsx").exists()
