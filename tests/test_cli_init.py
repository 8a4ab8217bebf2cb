"""`jxkh init` and `jxkh template`: new files only, never over a user's work unless -o says so."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from snapshots import snapshot

from jxkh import templates
from jxkh.cli import app
from jxkh.policy import DEFAULT_TOML

CUSTOM_POLICY = """\
[staff.dimensions]
"德" = 40
"绩" = 60
"""


def blank(kind: str, folder: Path) -> Path:
    path = folder / f"expected-{kind}.xlsx"
    templates.build(kind).save(path)
    return path


# --- init -----------------------------------------------------------------------------------------


def test_init_writes_the_workspace(runner, in_tmp):
    result = runner.invoke(app, ["init", "2015年度"])
    assert result.exit_code == 0, result.output
    folder = in_tmp / "2015年度"
    assert sorted(p.name for p in folder.iterdir()) == ["indicators.xlsx", "jxkh.toml", "ratings.xlsx", "台账.xlsx"]
    assert (folder / "jxkh.toml").read_text(encoding="utf-8") == DEFAULT_TOML
    for kind in templates.KINDS:
        assert snapshot(folder / templates.FILE_NAMES[kind]) == snapshot(blank(kind, in_tmp))
    assert "已创建：2015年度/jxkh.toml" in result.output
    assert "下一步" in result.output


def test_second_init_overwrites_nothing(runner, in_tmp):
    assert runner.invoke(app, ["init"]).exit_code == 0
    (in_tmp / "indicators.xlsx").write_bytes(b"my filled-in form")
    (in_tmp / "jxkh.toml").write_text('title = "我的单位"\n', encoding="utf-8")
    before = {p.name: p.read_bytes() for p in in_tmp.iterdir()}
    result = runner.invoke(app, ["init", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "folder": ".", "written": [], "skipped": ["jxkh.toml", "indicators.xlsx", "ratings.xlsx", "台账.xlsx"],
        "warnings": [],
    }
    assert {p.name: p.read_bytes() for p in in_tmp.iterdir()} == before


def test_init_fills_in_only_what_is_missing(runner, in_tmp):
    (in_tmp / "ratings.xlsx").write_bytes(b"keep me")
    result = runner.invoke(app, ["init", "."])
    assert result.exit_code == 0
    assert "已存在，未覆盖：ratings.xlsx" in result.output
    assert (in_tmp / "ratings.xlsx").read_bytes() == b"keep me"
    assert (in_tmp / "indicators.xlsx").exists() and (in_tmp / "jxkh.toml").exists()


def test_init_templates_follow_an_existing_policy(runner, in_tmp):
    """The workspace's own jxkh.toml decides the dimension columns, so appraise can read them."""
    (in_tmp / "jxkh.toml").write_text(CUSTOM_POLICY, encoding="utf-8")
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert (in_tmp / "jxkh.toml").read_text(encoding="utf-8") == CUSTOM_POLICY
    ws = openpyxl.load_workbook(in_tmp / "ratings.xlsx")["测评"]
    assert [c.value for c in ws[3]][-2:] == ["德", "绩"]


def test_init_copies_a_given_policy(runner, in_tmp):
    (in_tmp / "unit.toml").write_text(CUSTOM_POLICY, encoding="utf-8")
    result = runner.invoke(app, ["init", "ws", "--policy", "unit.toml"])
    assert result.exit_code == 0, result.output
    assert (in_tmp / "ws" / "jxkh.toml").read_text(encoding="utf-8") == CUSTOM_POLICY
    ws = openpyxl.load_workbook(in_tmp / "ws" / "ratings.xlsx")["测评"]
    assert [c.value for c in ws[3]][-2:] == ["德", "绩"]


def test_init_with_a_bad_policy_writes_nothing(runner, in_tmp):
    (in_tmp / "bad.toml").write_text("[staff]\naggregate = \"median\"\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "ws", "--policy", "bad.toml", "--json"])
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["code"], e["message"].split(":")[0]) for e in errors] == [("policy-invalid", "staff.aggregate")]
    assert not (in_tmp / "ws").exists()


def test_init_creates_nested_folders(runner, in_tmp):
    assert runner.invoke(app, ["init", "a/b/c"]).exit_code == 0
    assert (in_tmp / "a" / "b" / "c" / "jxkh.toml").is_file()


# --- template -------------------------------------------------------------------------------------


def test_template_writes_the_default_name(runner, in_tmp):
    result = runner.invoke(app, ["template", "indicators"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "已生成：indicators.xlsx"
    assert snapshot(in_tmp / "indicators.xlsx") == snapshot(blank("indicators", in_tmp))


def test_template_refuses_to_overwrite(runner, in_tmp):
    (in_tmp / "ratings.xlsx").write_bytes(b"a filled-in workbook")
    result = runner.invoke(app, ["template", "ratings", "--json"])
    assert result.exit_code == 2
    [error] = json.loads(result.stdout)["errors"]
    assert (error["code"], error["value"]) == ("output-exists", "ratings.xlsx")
    assert "--force" in error["message"]
    assert (in_tmp / "ratings.xlsx").read_bytes() == b"a filled-in workbook"
    english = runner.invoke(app, ["template", "ratings", "--lang", "en"])
    assert english.exit_code == 2 and "already exists" in english.output


def test_template_overwrites_only_with_force(runner, in_tmp):
    """Naming the file with -o is not enough: a filled-in form is lost only on --force."""
    (in_tmp / "ratings.xlsx").write_bytes(b"old")
    named = runner.invoke(app, ["template", "ratings", "-o", "ratings.xlsx", "--json"])
    assert named.exit_code == 2 and json.loads(named.stdout)["errors"][0]["code"] == "output-exists"
    assert (in_tmp / "ratings.xlsx").read_bytes() == b"old"
    result = runner.invoke(app, ["template", "ratings", "-o", "ratings.xlsx", "--force", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"template": "ratings", "output": "ratings.xlsx", "warnings": []}
    assert openpyxl.load_workbook(in_tmp / "ratings.xlsx").sheetnames == ["测评", "人员"]


def test_template_to_another_name(runner, in_tmp):
    result = runner.invoke(app, ["template", "ratings", "-o", "2016测评.xlsx"])
    assert result.exit_code == 0
    assert snapshot(in_tmp / "2016测评.xlsx") == snapshot(blank("ratings", in_tmp))
    assert not (in_tmp / "ratings.xlsx").exists()


def test_template_follows_the_policy(runner, in_tmp):
    (in_tmp / "jxkh.toml").write_text(CUSTOM_POLICY, encoding="utf-8")
    assert runner.invoke(app, ["template", "ratings"]).exit_code == 0
    assert [c.value for c in openpyxl.load_workbook(in_tmp / "ratings.xlsx")["测评"][3]][-2:] == ["德", "绩"]


def test_template_into_a_missing_folder_is_a_file_system_error(runner, in_tmp):
    result = runner.invoke(app, ["template", "indicators", "-o", "nowhere/indicators.xlsx", "--json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["errors"][0]["code"] == "output-dir-missing"


def test_template_refuses_a_locked_target(runner, in_tmp):
    (in_tmp / "indicators.xlsx").write_bytes(b"old")
    (in_tmp / "~$indicators.xlsx").write_bytes(b"")  # Excel has it open
    result = runner.invoke(app, ["template", "indicators", "-o", "indicators.xlsx", "--force"])
    assert result.exit_code == 3
    assert (in_tmp / "indicators.xlsx").read_bytes() == b"old"


def test_template_unknown_kind_is_a_usage_error(runner, in_tmp):
    result = runner.invoke(app, ["template", "bonus"])
    assert result.exit_code == 2
    assert list(in_tmp.iterdir()) == []


def test_a_fresh_workspace_appraises_before_its_indicators_are_filled_in(runner, in_tmp, monkeypatch):
    """init writes a blank indicators.xlsx; appraise and bonus must not fail on it (no charges yet),
    while a blank workbook named with --indicators is still an error."""
    import shutil

    assert runner.invoke(app, ["init"]).exit_code == 0
    shutil.copy(Path(__file__).resolve().parents[1] / "examples" / "ratings.xlsx", in_tmp / "ratings.xlsx")
    appraised = runner.invoke(app, ["appraise", "--json"])
    assert appraised.exit_code == 0, appraised.output
    report = json.loads(appraised.stdout)
    assert all(p["deduction"] == 0 for p in report["people"])
    # Said as it is: the workbook is there but not filled in (not "未提供指标表").
    assert [(w["code"], w["sheet"]) for w in report["warnings"] if w["code"] == "indicators-not-filled"] == [
        ("indicators-not-filled", "指标")]
    shown = runner.invoke(app, ["appraise", "--force"])
    assert shown.exit_code == 0, shown.output
    assert "指标表 indicators.xlsx 尚未填写，未计入责任扣分" in shown.stdout
    assert "未提供指标表" not in shown.stdout
    notes = dict(openpyxl.load_workbook(in_tmp / "ratings.scored.xlsx")["说明"].iter_rows(values_only=True, max_col=2))
    assert notes["责任扣分"] == "指标表 indicators.xlsx 尚未填写，未计入责任扣分"
    explained = runner.invoke(app, ["explain", "范国栋"])
    assert "指标表 indicators.xlsx 尚未填写，没有责任扣分" in explained.stdout, explained.output
    bonus = runner.invoke(app, ["bonus", "--pool", "50000"])
    assert bonus.exit_code == 0, bonus.output
    assert "指标表 indicators.xlsx 尚未填写，未计入责任扣分" in bonus.stdout
    named = runner.invoke(app, ["appraise", "--indicators", "indicators.xlsx", "--json"])
    assert named.exit_code == 1
    assert [e["code"] for e in json.loads(named.stdout)["errors"]] == ["sheet-empty"]
