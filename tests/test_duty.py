"""`jxkh duty`: the 责任分解公示, worked by hand over an office-style plan (year_fixtures)."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from helpers import lo_convert, soffice
from jxkh.cli import app
from jxkh.policy import Policy
from jxkh.problems import DataError
from jxkh.year import duty_file
from year_fixtures import PLAN_ROWS, plan_workbook, roster_workbook

STAFF = ["黄晓岚", "吴建平", "苏明德", "郭思琪", "何静远", "罗家俊"]


def _complete(rows):
    """The fixture with 商会建设's missing 责任人 filled in."""
    rows = [list(r) for r in rows]
    rows[3][6] = "罗家俊"
    return rows


def test_missing_owner_is_an_error_at_its_cell_and_nothing_is_written(tmp_path):
    plan = plan_workbook(tmp_path / "indicators.xlsx")
    with pytest.raises(DataError) as caught:
        duty_file(plan, Policy(), output=tmp_path / "out.xlsx")
    problems = [(p.code, p.sheet, p.cell, p.params.get("column")) for p in caught.value.problems.errors]
    # 商会建设 (row 7) has no 责任人; 政务信息's blank 科室 is under the merged F4:F5 (办公室);
    # the 加分项 needs nobody.
    assert problems == [("duty-missing", "指标", "G7", "责任人")]
    assert not (tmp_path / "out.xlsx").exists()


def test_grouped_by_department_with_points_and_deadlines(tmp_path):
    plan = plan_workbook(tmp_path / "indicators.xlsx", _complete(PLAN_ROWS))
    result = duty_file(plan, Policy(), output=tmp_path / "责任分解公示.xlsx")
    assert {name: [d.indicator.name for d in duties] for name, duties in result.departments.items()} == {
        "办公室": ["党建工作", "政务信息", "省级表彰"],
        "会员部": ["会员发展", "商会建设"],
    }
    assert result.points("办公室") == 300 and result.points("会员部") == 300
    # 年底 → 12, a date → its month, 9月 → 9, 第四季度 → 12, none → None
    assert [d.deadline for ds in result.departments.values() for d in ds] == [12, 6, None, 9, 12]

    ws = openpyxl.load_workbook(result.output)["责任分解公示"]
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "本单位2015年度绩效目标责任分解公示"  # the built-in policy names no unit
    assert rows[1][0] == "共 5 项指标（规定、自选指标 600 分），分解到 2 个科室，落实到责任人和责任领导。"
    assert rows[2] == ("序号", "指标名称", "分值", "评分标准", "责任人", "责任领导", "完成时限")
    assert rows[3][0] == "办公室（3 项，300 分）"
    assert rows[4] == ("1", "党建工作", 200, "按计划完成得满分", "黄晓岚", "苏明德", "年底")
    assert rows[5] == ("2", "政务信息", 100, "采用信息12篇", "吴建平", "苏明德", "2015-06-30")
    assert rows[7][0] == "会员部（2 项，300 分）"
    assert rows[9] == ("4", "商会建设", 150, "新建商会3个", "罗家俊", "何静远", "第四季度")
    assert rows[11][0].startswith("公示期：")
    assert rows[12][0] == "公示期间如有异议，请以书面或当面形式向绩效评估工作小组办公室（绩效办）反映。"
    assert rows[-2][0] == "本单位（盖章）"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$3"  # title, summary and header on every page


def test_roster_names_every_person_not_on_it(tmp_path):
    plan = plan_workbook(tmp_path / "indicators.xlsx", _complete(PLAN_ROWS))
    roster = roster_workbook(tmp_path / "名单.xlsx", [n for n in STAFF if n not in ("何静远", "吴建平")])
    with pytest.raises(DataError) as caught:
        duty_file(plan, Policy(), roster_path=roster, write=False)
    assert [(p.code, p.cell, p.value) for p in caught.value.problems.errors] == [
        ("duty-not-on-roster", "G5", "吴建平"),
        ("duty-not-on-roster", "H6", "何静远"),
        ("duty-not-on-roster", "H7", "何静远"),
    ]
    ok = roster_workbook(tmp_path / "全员.xlsx", STAFF)
    assert duty_file(plan, Policy(), roster_path=ok, write=False).roster == ok


def test_roster_match_is_the_one_identity_rule(tmp_path):
    """A 工号 written for a name matches (001 = 1, as everywhere); a near miss is suggested."""
    rows = _complete(PLAN_ROWS)
    rows[0][6] = "QX001"  # 党建工作's 责任人 written as 黄晓岚's 工号
    rows[1][6] = "吴建明"  # 政务信息's 责任人 mistyped for 吴建平
    plan = plan_workbook(tmp_path / "indicators.xlsx", rows)
    roster = roster_workbook(tmp_path / "名单.xlsx", STAFF)
    with pytest.raises(DataError) as caught:
        duty_file(plan, Policy(), roster_path=roster, write=False)
    errors = caught.value.problems.errors
    assert [(p.code, p.cell, p.value) for p in errors] == [("duty-not-on-roster", "G5", "吴建明")]
    assert errors[0].message() == (
        "责任人“吴建明”不在人员名单（名单.xlsx · 人员）中（是否为“吴建平”？），请核对姓名或补充到人员表"
    )


def test_workspace_ratings_roster_is_used_and_said(runner, in_tmp):
    plan_workbook(in_tmp / "indicators.xlsx", _complete(PLAN_ROWS))
    roster_workbook(in_tmp / "ratings.xlsx", STAFF[:-1])  # 罗家俊 missing
    result = runner.invoke(app, ["duty", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["code"], e["cell"], e["value"]) for e in errors] == [("duty-not-on-roster", "G7", "罗家俊")]
    assert "ratings.xlsx" in errors[0]["message"]


def test_cli_json_equals_the_library_and_o_names_the_output(runner, in_tmp):
    plan_workbook(in_tmp / "indicators.xlsx", _complete(PLAN_ROWS))
    result = runner.invoke(app, ["duty", "--json", "-o", "公示.xlsx"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["output"] == "公示.xlsx" and (in_tmp / "公示.xlsx").exists()
    library = duty_file(in_tmp / "indicators.xlsx", Policy(), write=False).to_json()
    assert data["departments"] == json.loads(json.dumps(library["departments"], default=float))
    assert [d["name"] for d in data["departments"]] == ["办公室", "会员部"]
    assert data["departments"][0]["indicators"][1]["deadline_month"] == 6


def test_bad_deadline_and_missing_leader_together_as_a_subprocess(tmp_path):
    rows = _complete(PLAN_ROWS)
    rows[2][8] = "尽快"
    rows[0][7] = None
    plan = plan_workbook(tmp_path / "indicators.xlsx", rows)
    run = subprocess.run(
        [sys.executable, "-m", "jxkh", "duty", str(plan), "--json"], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 1
    errors = json.loads(run.stdout)["errors"]
    assert sorted((e["code"], e["cell"]) for e in errors) == [("deadline-invalid", "I6"), ("duty-missing", "H4")]
    assert not (tmp_path / "责任分解公示.xlsx").exists()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_the_notice_prints_on_a4_landscape_with_chinese_text(tmp_path):
    plan = plan_workbook(tmp_path / "indicators.xlsx", _complete(PLAN_ROWS))
    result = duty_file(plan, Policy(), output=tmp_path / "责任分解公示.xlsx")
    pdf = lo_convert(result.output, "pdf", tmp_path / "pdf")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.3" in info  # A4 landscape, in points
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    for words in ["绩效目标责任分解公示", "办公室（3 项，300 分）", "商会建设", "罗家俊", "2015-06-30", "公示期"]:
        assert words in first, words


def test_without_a_roster_the_names_are_said_to_be_unchecked(runner, in_tmp):
    """A fresh workspace's ratings.xlsx has a blank 人员 sheet: a typo in 责任人 cannot be caught,
    and the clerk is told so rather than left to think the names were checked."""
    from jxkh.templates import ratings_template

    plan_workbook(in_tmp / "indicators.xlsx", _complete(PLAN_ROWS))
    ratings_template().save(in_tmp / "ratings.xlsx")
    result = runner.invoke(app, ["duty", "--json"])
    assert result.exit_code == 0, result.output
    unchecked = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "duty-roster-unchecked"]
    assert [w["message"] for w in unchecked] == [
        "没有人员名单，未核对责任人、责任领导的姓名；用 --roster 指定名单，或在 ratings.xlsx 的“人员”表中填写",
    ]
    roster_workbook(in_tmp / "ratings.xlsx", STAFF)
    again = runner.invoke(app, ["duty", "--json", "--force"])
    assert again.exit_code == 0, again.output
    assert "duty-roster-unchecked" not in {w["code"] for w in json.loads(again.stdout)["warnings"]}
