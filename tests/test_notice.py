"""The 公示's shared pieces (jxkh.output.notice): the 公示期 in working days, the lines from
the policy's [notice] table, blanks where nothing is set; `init --unit`, `bonus --from`, `--pdf`."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jxkh.cli import app
from jxkh.output.notice import closing_lines, end_of_period, opening_line, period_line, unnamed_warnings
from jxkh.policy import Policy, load_policy, policy_from_dict

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("start", "days", "end"), [
    (date(2016, 4, 20), 5, date(2016, 4, 26)),  # Wed: Wed Thu Fri, Mon Tue
    (date(2016, 4, 22), 1, date(2016, 4, 22)),  # one working day is the day itself
    (date(2016, 4, 22), 2, date(2016, 4, 25)),  # Fri, then Mon
    (date(2016, 4, 23), 5, date(2016, 4, 29)),  # a Saturday start counts from Monday
    (date(2016, 4, 24), 1, date(2016, 4, 25)),  # a Sunday start too
    (date(2016, 4, 18), 10, date(2016, 4, 29)),  # two whole weeks
])
def test_the_period_skips_weekends(start, days, end):
    assert end_of_period(start, days) == end


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 1)), st.integers(1, 60))
def test_the_period_holds_exactly_its_working_days(start, days):
    end = end_of_period(start, days)
    assert end.weekday() < 5
    span = [start + timedelta(n) for n in range((end - start).days + 1)]
    assert sum(d.weekday() < 5 for d in span) == days


def test_unset_values_print_as_blanks_to_fill_in():
    policy = Policy()
    assert period_line(policy, None).text == "公示期：      年    月    日至      年    月    日（5个工作日）"
    assert opening_line(policy, "分配方案").text == "现将分配方案予以公示。"
    lines = [line.text for line in closing_lines(policy, None)]
    assert lines[2] == "联系人：________　　联系电话：________　　监督电话：________"
    assert lines[4] == "本单位（盖章）"
    assert [w.code for w in unnamed_warnings(policy)] == ["unit-unnamed"]


def test_set_values_print_in_place():
    policy = policy_from_dict({"notice": {
        "unit": "某县司法局", "contact": "张三", "phone": "0000-1234567", "supervision_phone": "12345",
        "days": 7, "start": date(2016, 4, 20), "approval": "经局党组研究，",
    }})
    assert period_line(policy, None).text == "公示期：2016年4月20日至2016年4月28日（7个工作日）"
    assert period_line(policy, date(2016, 5, 3)).text == "公示期：2016年5月3日至2016年5月11日（7个工作日）"
    assert opening_line(policy, "分配方案").text == "经局党组研究，现将分配方案予以公示。"
    lines = [(line.text, line.align) for line in closing_lines(policy, None)]
    assert lines[2] == ("联系人：张三　　联系电话：0000-1234567　　监督电话：12345", "left")
    assert lines[4:] == [("某县司法局（盖章）", "right"), ("2016年4月20日", "right")]
    assert unnamed_warnings(policy) == []


def test_the_built_in_policy_names_no_real_unit():
    assert Policy().title == "本单位2015年度绩效管理"
    assert Policy().notice.unit == ""
    assert "龙岩" not in Policy().title


def test_init_names_the_unit_and_year(runner, in_tmp):
    result = runner.invoke(app, ["init", "ws", "--unit", "某县司法局", "--year", "2015"])
    assert result.exit_code == 0, result.output
    policy = load_policy(in_tmp / "ws" / "jxkh.toml")
    assert policy.title == "某县司法局2015年度绩效管理"
    assert policy.notice.unit == "某县司法局"
    assert "unit-unnamed" not in result.output


def test_init_without_a_unit_says_how_to_name_it(runner, in_tmp):
    result = runner.invoke(app, ["init", "ws", "--json"])
    assert result.exit_code == 0
    assert '"code": "unit-unnamed"' in result.output
    assert load_policy(in_tmp / "ws" / "jxkh.toml").title == "本单位2015年度绩效管理"


@pytest.mark.parametrize("command", [["score"], ["appraise"], ["bonus", "--pool", "50000"]])
def test_outputs_without_a_unit_say_how_to_name_it(runner, in_tmp, command):
    """The example names its unit: no 提示. Without [notice] unit the outputs say 本单位 and
    the command's 提示 says how to name it, once (bonus also runs the appraisal); the JSON
    result stays the library's."""
    _example(in_tmp)
    named = runner.invoke(app, command)
    assert named.exit_code == 0, named.output
    assert "unit-unnamed" not in named.output
    policy = (in_tmp / "jxkh.toml").read_text(encoding="utf-8")
    (in_tmp / "jxkh.toml").write_text(policy.replace('unit = "青溪市工商联"', 'unit = ""'), encoding="utf-8")
    unnamed = runner.invoke(app, [*command, "--force"])
    assert unnamed.exit_code == 0, unnamed.output
    assert unnamed.output.count("unit-unnamed") == 1
    assert "请在jxkh.toml的title和[notice]unit中填写" in "".join(unnamed.output.split())
    assert "unit-unnamed" not in runner.invoke(app, [*command, "--json"]).output


def _example(folder: Path) -> None:
    for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml"]:
        shutil.copy(ROOT / "examples" / name, folder / name)


def test_bonus_from_dates_the_notice(runner, in_tmp):
    _example(in_tmp)
    result = runner.invoke(app, ["bonus", "--pool", "50000", "--from", "2016-05-06"])
    assert result.exit_code == 0, result.output
    texts = [c.value for row in openpyxl.load_workbook(in_tmp / "bonus.xlsx")["公示"].iter_rows() for c in row]
    assert "公示期：2016年5月6日至2016年5月12日（5个工作日）" in texts  # Fri, then Mon–Thu
    assert "2016年5月6日" in texts


def test_pdf_without_libreoffice_exits_3_and_keeps_the_workbook(runner, in_tmp, monkeypatch):
    import jxkh.pdf

    monkeypatch.setattr(jxkh.pdf, "soffice", lambda: None)
    _example(in_tmp)
    result = runner.invoke(app, ["score", "--pdf", "--json"])
    assert result.exit_code == 3
    assert '"code": "pdf-unavailable"' in result.output
    assert "libreoffice" in result.output.lower()
    assert (in_tmp / "indicators.scored.xlsx").is_file()
    assert not (in_tmp / "indicators.scored.pdf").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_pdf_writes_the_printable_workbook_beside_it(runner, in_tmp):
    import subprocess

    _example(in_tmp)
    result = runner.invoke(app, ["bonus", "--pool", "50000", "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = in_tmp / "bonus.pdf"
    assert f"已生成：{Path('bonus.pdf')}" in result.output
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "青溪市工商联2015年度绩效奖金二次分配公示（示例）" in text


def test_the_notice_can_list_each_score(in_tmp):
    from jxkh.cycle import bonus_file

    _example(in_tmp)
    example = load_policy(in_tmp / "jxkh.toml")
    policy = example.model_copy(update={"notice": example.notice.model_copy(update={"show_score": True})})
    result = bonus_file(in_tmp / "ratings.xlsx", policy, "50000", indicators_path=in_tmp / "indicators.xlsx")
    ws = openpyxl.load_workbook(result.output)["公示"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "序号")
    assert header == ("序号", "科室", "姓名", "考评得分", "等次", "金额（元）")
    first = next(r for r in ws.iter_rows(values_only=True) if r[0] == 1)
    assert first[2:5] == ("林振邦", 91.4, "优秀")  # 93.40 less the 2.00 leader's deduction
