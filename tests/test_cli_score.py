"""`jxkh score` through the CLI: results, the output workbook, and every bad input giving exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from helpers import make_xlsx, read_back
from jxkh.cli import app
from jxkh.cycle import score_file
from jxkh.jsonout import dumps
from jxkh.policy import Policy
from score_fixtures import HEADER, clean_rows, set_value, write_rows


@pytest.fixture
def workbook(tmp_path) -> Path:
    return write_rows(tmp_path / "indicators.xlsx", clean_rows())


def errors_of(result) -> list[tuple[str, str | None, str | None]]:
    data = json.loads(result.stdout)
    return [(e["code"], e["sheet"], e["cell"]) for e in data["errors"]]


def assert_refused(runner, path: Path, expected: list[tuple[str, str | None, str | None]]) -> None:
    """Exit 1, exactly these errors, no traceback, and nothing written beside the input."""
    before = sorted(p.name for p in path.parent.iterdir())
    result = runner.invoke(app, ["score", str(path), "--json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert errors_of(result) == expected
    assert sorted(p.name for p in path.parent.iterdir()) == before
    # The same in the terminal: each error by sheet!cell, in Chinese.
    plain = runner.invoke(app, ["score", str(path)])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    for _, sheet, cell in expected:
        if sheet and cell:
            assert f"{sheet}!{cell}" in plain.output


# --- a good workbook ------------------------------------------------------------------------


def test_score_writes_the_scored_workbook(runner, workbook):
    result = runner.invoke(app, ["score", str(workbook)])
    assert result.exit_code == 0, result.output
    output = workbook.with_name("indicators.scored.xlsx")
    assert output.exists()
    assert "单位总分 430.00 / 600（71.67%），年度等次：一般" in result.output
    assert "已生成：" in result.output
    assert "band-default-used" in result.output  # the warning, on stderr

    rows = read_back(output, "指标")
    assert rows[0] == [*HEADER, "计算得分率", "计算得分", "失分", "原表行号"]
    # The user's columns as typed, unknown ones (联系电话) too; then the computed ones.
    assert rows[1][:4] == [1, "规定指标", "招商引资服务", 100] and rows[1][14] == "0597-1"
    assert [r[15:] for r in rows[1:]] == [
        [1, 100, 0, 2], [0.9, 90, 10, 3], [0.85, 85, 15, 4], [0.6, 60, 40, 5], [0.9, 90, 10, 6], [0, 0, 100, 7],
        [None, 5, 0, 8],
    ]
    wb = openpyxl.load_workbook(output)
    sheet = wb["指标"]
    assert sheet.freeze_panes == "A3"  # a title row, then the header
    assert sheet["C8"].value == "=1+1" and sheet["C8"].data_type == "s"  # text, never a formula
    assert sheet.column_dimensions["C"].width > 8
    assert wb.sheetnames == ["指标", "汇总", "责任追究", "说明"]
    summary = read_back(output, "汇总")
    assert ["单位总分", 600, 430, pytest.approx(0.7167)] in summary
    assert ["年度等次", None, "一般", None] in summary
    assert ["会员科", 200, 150, 0.75] in summary
    assert len(wb["汇总"]._charts) == 1
    assert read_back(output, "责任追究") == [
        ["姓名", "责任类型", "序号", "指标名称", "失分", "扣分"],
        ["黄晓明", "责任人", 4, "光彩事业", 40, 40],
        ["刘洋", "责任人", 4, "光彩事业", 40, 40],
        ["邱大同", "责任领导", 4, "光彩事业", 40, 20],
        ["吴磊", "责任人", 6, "=1+1", 100, 100],
        ["何建国", "责任领导", 6, "=1+1", 100, 50],
    ]
    notes = dict((r[0], r[1]) for r in read_back(output, "说明")[1:])
    assert notes["规定指标与自选指标总分值（unit.total）"] == "600 分"
    assert len(notes["输入文件 indicators.xlsx"]) == len("SHA-256：") + 64


def test_json_is_the_library_result(runner, workbook, tmp_path):
    output = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["score", str(workbook), "--json", "-o", str(output)])
    assert result.exit_code == 0, result.output
    library = score_file(workbook, Policy(), write=False).to_json()
    library["output"] = str(output)
    assert result.stdout == dumps(library) + "\n"
    data = json.loads(result.stdout)
    assert (data["total"], data["level"], data["max"]) == (430, "一般", 600)
    assert data["accountability"][2] == {"person": "邱大同", "role": "leader", "indicator_row": 5, "indicator_id": "4",
                                         "indicator": "光彩事业", "deduction": 20}
    assert '"total": 430.00' in result.stdout  # at the policy precision
    assert output.exists()


def test_the_input_is_never_modified(runner, workbook):
    before = workbook.read_bytes()
    assert runner.invoke(app, ["score", str(workbook)]).exit_code == 0
    assert workbook.read_bytes() == before


def test_workspace_file_by_default(runner, in_tmp):
    write_rows(in_tmp / "indicators.xlsx", clean_rows())
    result = runner.invoke(app, ["score"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "indicators.scored.xlsx").exists()


def test_no_file_and_no_workspace_is_usage(runner, in_tmp):
    assert runner.invoke(app, ["score"]).exit_code == 2


def test_missing_file_is_exit_3(runner, tmp_path):
    assert runner.invoke(app, ["score", str(tmp_path / "nope.xlsx")]).exit_code == 3


def test_output_over_the_input_is_refused(runner, workbook):
    result = runner.invoke(app, ["score", str(workbook), "-o", str(workbook), "--json"])
    assert result.exit_code == 2
    assert errors_of(result) == [("output-is-input", None, None)]


def test_locked_output_is_refused_before_any_work(runner, workbook):
    (workbook.parent / ".~lock.indicators.scored.xlsx#").write_text("locked")
    result = runner.invoke(app, ["score", str(workbook), "--json"])
    assert result.exit_code == 3
    assert errors_of(result) == [("output-locked", None, None)]


def test_english_messages(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "完成等次", "优")
    result = runner.invoke(app, ["score", str(write_rows(tmp_path / "i.xlsx", rows)), "--lang", "en"])
    assert result.exit_code == 1
    assert "指标!I3" in result.output
    assert "completion grade “优” not recognised; expected 好/良好/一般/差" in result.output


def test_policy_file_is_used(runner, workbook, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text('[unit.levels]\n"好" = 0.7\n"良好" = 0.6\n"一般" = 0.5\n"差" = 0\n', encoding="utf-8")
    result = runner.invoke(app, ["score", str(workbook), "--policy", str(policy), "--json", "-o", str(tmp_path / "o.xlsx")])
    assert json.loads(result.stdout)["level"] == "好"  # 71.67% ≥ 70%


def test_user_text_is_not_markup(runner, tmp_path):
    rows = set_value(clean_rows(), 2, "责任科室", "[bold red]办公室[/]")
    result = runner.invoke(app, ["score", str(write_rows(tmp_path / "i.xlsx", rows))])
    assert result.exit_code == 0
    assert "[bold red]办公室[/]" in result.output


# --- bad inputs: exit 1, every error by sheet!cell, nothing written ------------------------------


def test_unknown_grade(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "完成等次", "优")
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("grade-unknown", "指标", "I3")])


def test_score_outside_band(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "得分", 79.99)  # 良好 needs 80–100 of 100
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("score-outside-band", "指标", "J3")])


def test_points_not_adding_up(runner, tmp_path):
    rows = set_value(clean_rows(), 2, "分值", 90)
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("points-total-mismatch", "指标", None)])


def test_missing_required_column(runner, tmp_path):
    rows = [[v for h, v in zip(HEADER, row) if h != "分值"] for row in clean_rows()]
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("column-missing", "指标", None)])


def test_missing_grade_column(runner, tmp_path):
    rows = [[v for h, v in zip(HEADER, row) if h != "完成等次"] for row in clean_rows()]
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("column-missing", "指标", None)])


def test_duplicate_id(runner, tmp_path):
    rows = set_value(clean_rows(), 4, "序号", 2)
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("duplicate-id", "指标", "A4")])


def test_empty_sheet(runner, tmp_path):
    assert_refused(runner, make_xlsx(tmp_path / "i.xlsx", {"指标": []}), [("sheet-empty", "指标", None)])


def test_header_without_rows(runner, tmp_path):
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", [HEADER]), [("sheet-empty", "指标", None)])


def test_text_file_renamed_xlsx(runner, tmp_path):
    path = tmp_path / "i.xlsx"
    path.write_text("序号,指标名称,分值\n1,招商,600\n", encoding="utf-8")
    assert_refused(runner, path, [("not-a-workbook", None, None)])


def test_formula_without_saved_value(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "得分", "=100*0.9")  # openpyxl saves no result
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("formula-without-value", "指标", "J3")])


def test_formula_error_value(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "得分", "#DIV/0!")  # openpyxl stores it as an error cell
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("formula-error", "指标", "J3")])


def test_every_problem_at_once(runner, tmp_path):
    rows = clean_rows()
    set_value(rows, 2, "完成等次", "优")
    set_value(rows, 3, "得分", 101)
    set_value(rows, 4, "得分率", "abc")
    set_value(rows, 5, "个人原因", "也许")
    set_value(rows, 6, "序号", 1)
    set_value(rows, 7, "类别", "其他")
    set_value(rows, 6, "分值", None)
    set_value(rows, 8, "指标名称", None)
    # Row by row as read, then the band checks, then the total: 600 less rows 6 (no 分值) and
    # 7 (no 类别), both named in the message rather than leaving the total unchecked.
    path = write_rows(tmp_path / "i.xlsx", rows)
    assert_refused(runner, path, [
        ("grade-unknown", "指标", "I2"),
        ("number-invalid", "指标", "K4"),
        ("yes-no-invalid", "指标", "M5"),
        ("value-required", "指标", "D6"),
        ("duplicate-id", "指标", "A6"),
        ("category-unknown", "指标", "B7"),
        ("value-required", "指标", "C8"),
        ("score-above-points", "指标", "J3"),
        ("points-total-mismatch", "指标", None),
    ])
    errors = json.loads(runner.invoke(app, ["check", str(path), "--json"]).output)["errors"]
    assert errors[-1]["message"] == "规定指标与自选指标分值合计为 400 分（规定指标 400 分 + 自选指标 0 分），应为 600 分" \
        "（相差 200 分），请核对分值；第 6、7 行的类别或分值未能读取，未计入合计"


def test_fault_without_owner(runner, tmp_path):
    rows = set_value(clean_rows(), 5, "责任人", None)
    assert_refused(runner, write_rows(tmp_path / "i.xlsx", rows), [("fault-without-owner", "指标", "G5")])


def test_json_error_record(runner, tmp_path):
    rows = set_value(clean_rows(), 3, "完成等次", "优")
    result = runner.invoke(app, ["score", str(write_rows(tmp_path / "i.xlsx", rows)), "--json"])
    error = json.loads(result.stdout)["errors"][0]
    assert error == {
        "code": "grade-unknown", "file": str(tmp_path / "i.xlsx"), "sheet": "指标", "cell": "I3", "row": 3,
        "value": "优", "message": "完成等次“优”无法识别，应为 好/良好/一般/差",
    }


# --- the real command -----------------------------------------------------------------------


def test_real_command_in_a_subprocess(tmp_path):
    write_rows(tmp_path / "indicators.xlsx", clean_rows())
    # The `jxkh` script of the interpreter under test, not whichever `jxkh` PATH finds first
    # (another install's may not even import).
    script = Path(sys.executable).with_name("jxkh")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "jxkh"]
    env = {**os.environ, "JXKH_LANG": "zh"}
    done = subprocess.run([*command, "score", "--json"], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (D(str(data["total"])), data["level"]) == (D("430"), "一般")
    assert (tmp_path / "indicators.scored.xlsx").exists()

    bad = write_rows(tmp_path / "bad.xlsx", set_value(clean_rows(), 3, "完成等次", "优"))
    done = subprocess.run([*command, "score", str(bad)], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 1
    assert "指标!I3" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "bad.scored.xlsx").exists()
