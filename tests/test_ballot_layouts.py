"""Ballots in the three layouts offices keep give the same result, to the fen (issue #9).

The ballots (tests/ballot_layouts.py): twelve raters 第1票 … 第12票 (1–3 are 领导) rate ten
people; totals split 10:20:30:30:10, so each dimension is the average total times its share.

Worked by hand, plain mean: 王芳 has 89 once and 95 eleven times: 1134 / 12 = 94.50 (德 9.45,
能 18.90, 勤 28.35, 绩 28.35, 廉 9.45), 优秀; 李强 (i = 1) has 79 six times and 81 six times:
80.00, 良好. Reading only 第1票 (the original bug) gave 王芳 89.00, 良好, and 10 ballots.

With 领导 0.4 / 同事 0.6: 王芳's 领导 average (89 + 95 + 95) / 3 = 93, 同事 95, so 0.4 × 93 +
0.6 × 95 = 94.20; 李强's 领导 (79 + 81 + 79) / 3 = 79.667, 同事 (4 × 79 + 5 × 81) / 9 = 80.111,
so 31.8667 + 48.0667 = 79.9333 → 79.93, 合格 (below 80).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from appraise_fixtures import ROSTER_HEADER, by_name, codes, prop
from ballot_layouts import RATEES, form, write_folder, write_long, write_per_sheet
from typer.testing import CliRunner

from jxkh.cli import app
from jxkh.cycle import appraise_file, bonus_file
from jxkh.policy import Policy, policy_from_dict
from jxkh.problems import DataError

WEIGHTED = policy_from_dict({"staff": {"rater_weights": {"领导": 0.4, "同事": 0.6}}})
LAYOUTS = {"long": write_long, "per-sheet": write_per_sheet, "folder": lambda p: write_folder(p.with_suffix(""))}
runner = CliRunner()


def layout(tmp_path: Path, name: str) -> Path:
    return LAYOUTS[name](tmp_path / f"{name}.xlsx")


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_each_layout_gives_the_hand_worked_result(tmp_path: Path, name: str) -> None:
    result = appraise_file(layout(tmp_path, name), Policy(), write=False)
    people = by_name(result)
    assert result.ballots_counted == 120
    wang, li = people["王芳"], people["李强"]
    assert (wang.ballots, wang.rating, wang.grade) == (12, Decimal("94.50"), "优秀")
    assert wang.dimensions == {"德": Decimal("9.45"), "能": Decimal("18.90"), "勤": Decimal("28.35"),
                               "绩": Decimal("28.35"), "廉": Decimal("9.45")}
    assert (li.rating, li.grade, li.id) == (Decimal("80.00"), "良好", "002")
    assert [p.name for p in result.people][:3] == ["王芳", "吴娟", "周杰"]
    # The signature footer under each form (row 15; row 123 under the long sheet) ended its table, said so.
    # Said once for the twelve forms (sheets, or files of the folder).
    footers = [(Path(w.file).name, w.sheet, w.row) for w in result.warnings if w.code == "footer-rows"]
    assert footers == {"long": [("long.xlsx", "测评", 123)], "per-sheet": [("per-sheet.xlsx", "第1票…第12票（12）", 15)],
                       "folder": [("第1票.xlsx…第12票.xlsx（12）", "测评票", 15)]}[name]


@pytest.mark.parametrize("policy", [Policy(), WEIGHTED], ids=["mean", "weighted"])
def test_three_layouts_agree_to_the_fen(tmp_path: Path, policy: Policy) -> None:
    results = {name: appraise_file(layout(tmp_path, name), policy, write=False) for name in LAYOUTS}
    people = {name: r.to_json()["people"] for name, r in results.items()}
    assert people["per-sheet"] == people["long"]
    assert people["folder"] == people["long"]
    assert {name: r.ballots_counted for name, r in results.items()} == {"long": 120, "per-sheet": 120, "folder": 120}
    if policy is WEIGHTED:
        staff = by_name(results["folder"])
        assert (staff["王芳"].rating, staff["王芳"].dimensions["德"]) == (Decimal("94.20"), Decimal("9.42"))
        assert (staff["李强"].rating, staff["李强"].grade) == (Decimal("79.93"), "合格")


def test_twelve_rater_sheets_are_all_read_by_the_cli(tmp_path: Path) -> None:
    """The original bug: only 第1票 was read, “有效票 10 张”, 王芳 89.00 良好, exit 0."""
    path = write_per_sheet(tmp_path / "测评.xlsx")
    result = runner.invoke(app, ["appraise", str(path), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    assert "有效票 120 张" in result.output
    data = json.loads(runner.invoke(app, ["appraise", str(path), "--json", "-o", str(tmp_path / "o2.xlsx")]).stdout)
    wang = next(p for p in data["people"] if p["name"] == "王芳")
    assert (wang["ballots"], wang["rating"], wang["grade"]) == (12, 94.5, "优秀")
    # The 说明 sheet is named as not read, with why, and the signature footer (row 15) of every
    # form, once for the twelve; nothing else is left out.
    assert [(w["code"], w["sheet"], w["cell"]) for w in data["warnings"]] == [
        ("sheet-not-read", "说明", None), ("footer-rows", "第1票…第12票（12）", "A15")]
    assert data["warnings"][1]["message"] == "表格下方的“测评人签名：”等 1 行（第 15 行）不是数据，未读取"
    notes = dict(row[:2] for row in openpyxl.load_workbook(tmp_path / "out.xlsx")["说明"].iter_rows(values_only=True))
    assert notes["测评表"] == "测评.xlsx 的 12 张工作表（第1票 … 第12票）"


def test_folder_of_rater_files_as_a_subprocess(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "测评票")
    (folder / "~$第1票.xlsx").write_bytes(b"lock")  # Excel's lock file while one is open: skipped
    (folder / "readme.txt").write_text("说明")
    jxkh = Path(sys.executable).with_name("jxkh")
    done = subprocess.run([str(jxkh), "appraise", "测评票", "--json"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["output"] == "测评票.scored.xlsx"
    assert next(p for p in data["people"] if p["name"] == "王芳")["rating"] == 94.5
    assert [(w["code"], w["file"], w["value"]) for w in data["warnings"]] == [
        ("file-not-read", "测评票/readme.txt", "readme.txt"), ("footer-rows", "测评票/第1票.xlsx…第12票.xlsx（12）", "测评人签名：")]
    notes = dict(row[:2] for row in openpyxl.load_workbook(tmp_path / "测评票.scored.xlsx")["说明"].iter_rows(values_only=True))
    assert notes["测评表"] == "文件夹 测评票 中的 12 个文件（第1票.xlsx … 第12票.xlsx）"
    # Every file read is hashed in the 说明 sheet, each under its own name.
    assert "输入文件 第12票.xlsx" in notes and "输入文件 人员.xlsx" in notes


def test_folder_bonus_and_roster_option(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "测评票")
    roster = folder / "人员.xlsx"
    moved = roster.rename(tmp_path / "名单.xlsx")
    # Without a roster the ballots say who is appraised: 工号 typed as 1 on some forms, 001 on others.
    alone = appraise_file(folder, Policy(), write=False)
    assert [(p.id, p.ballots) for p in alone.people if p.name == "王芳"] == [("001", 12)]
    with_roster = appraise_file(folder, Policy(), write=False, roster_path=moved)
    assert [(p.name, p.rating) for p in alone.people] == [(p.name, p.rating) for p in with_roster.people]
    result = bonus_file(folder, Policy(), "10000", write=False, roster_path=moved)
    assert sum(p.amount for p in result.people) == Decimal("10000.00")
    assert len(result.people) == 10


def test_rater_group_from_the_sheet_name(tmp_path: Path) -> None:
    """No 测评人类别 line or column: the sheet's name (领导1, 同事3) gives the group."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for j in range(1, 13):
        ws = wb.create_sheet(f"领导{j}" if j <= 3 else f"同事{j - 3}")
        form(ws, j)
        ws["A2"] = None  # the 测评人类别 line removed
    wb.save(tmp_path / "by-name.xlsx")
    result = appraise_file(tmp_path / "by-name.xlsx", WEIGHTED, write=False)
    staff = by_name(result)
    assert (staff["王芳"].rating, staff["李强"].rating) == (Decimal("94.20"), Decimal("79.93"))
    # The weights hang on that reading: it is said once, for the clerk to check.
    [notice] = [w for w in result.warnings if w.code == "rater-group-from-name"]
    assert notice.message() == ("12 张测评票的测评人类别取自工作表或文件的名称（领导1 → 领导、领导2 → 领导 … 同事9 → 同事）："
                                "表中没有“测评人类别”列，表头上方也没有“测评人类别：”行；如不对，请在表头上方写明“测评人类别：…”")
    # A 测评人类别 line on the form is no assumption: nothing to say.
    assert "rater-group-from-name" not in {w.code for w in appraise_file(write_per_sheet(tmp_path / "lines.xlsx"), WEIGHTED,
                                                                         write=False).warnings}


def test_a_weighted_sheet_without_any_group_is_an_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for j in (1, 2):
        ws = wb.create_sheet(f"第{j}票")
        form(ws, j)
        ws["A2"] = None
    wb.save(tmp_path / "no-group.xlsx")
    with pytest.raises(DataError) as error:
        appraise_file(tmp_path / "no-group.xlsx", WEIGHTED, write=False)
    assert [(p.code, p.sheet, p.cell, p.value) for p in error.value.problems] == [
        ("column-missing", "第1票", None, "测评人类别"), ("column-missing", "第2票", None, "测评人类别"),
    ]


def test_problems_name_the_rater_sheet_and_cell(tmp_path: Path) -> None:
    path = write_per_sheet(tmp_path / "票.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["第7票"]["E6"] = 25  # 能 of 张伟 (row 6) above its 20
    wb["第9票"]["C6"] = "张卫"  # a near miss of 张伟 (工号 003)
    wb.create_sheet("汇总").append(["姓名", "平均分"])
    wb.create_sheet("备用").append(["本表留空"])
    wb.save(path)
    with pytest.raises(DataError) as error:
        appraise_file(path, Policy(), write=False)
    problems = error.value.problems
    assert [(p.code, p.sheet, p.cell) for p in problems.errors] == [
        ("dimension-above-max", "第7票", "E6"), ("ratee-not-on-roster", "第9票", "C6"),
    ]
    assert problems.errors[1].message() == "被测评人“张卫（003）”不在“人员”表中（是否为“张伟”？），请核对姓名/工号或补充到人员表"
    assert [(p.code, p.sheet) for p in problems.warnings if p.code != "footer-rows"] == [
        ("sheet-not-read", "说明"), ("sheet-not-read", "汇总"), ("sheet-not-read", "备用"),
    ]
    assert [p.message() for p in problems.warnings if p.code == "sheet-not-read"] == [
        "工作表“说明”未读取：名为说明/目录/封面，不是数据表",
        "工作表“汇总”未读取：名为汇总/统计/合计，是其他工作表的汇总，再读会重复计算",
        "工作表“备用”未读取：前 20 行中没有测评票表头（被测评人、德、能、勤、绩、廉）",
    ]


@pytest.mark.parametrize("name", ["per-sheet", "folder"])
def test_a_name_twice_on_one_form_is_an_error_naming_who_it_left_out(tmp_path: Path, name: str) -> None:
    """第7票 has 张伟 written on 杨磊's row too (a clerk following a near-miss hint): on one rater's
    form that is a misspelt name, never a second ballot for 张伟 counted with a warning."""
    path = layout(tmp_path, name)
    book = path if name == "per-sheet" else path / "第7票.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["第7票"] if name == "per-sheet" else wb.active
    ws["B9"], ws["C9"] = "003", "张伟"  # row 9 is 杨磊 (006)
    wb.save(book)
    with pytest.raises(DataError) as error:
        appraise_file(path, Policy(), write=False)
    errors = error.value.problems.errors
    assert [(p.code, p.cell) for p in errors] == [("ballot-ratee-repeated", "C9")]
    assert errors[0].message() == (
        "“张伟（003）”在这张测评票上出现两次（另见 C6），一张票对每人只评一次；请核对姓名（这张票没有评到：杨磊（006））"
    )


def test_a_forms_date_line_ends_it_and_is_no_blank_ballot(tmp_path: Path) -> None:
    """测评时间：2016年1月12日 under each form (and 计票人 beside it) once gave a 空白票 per form."""
    path = write_per_sheet(tmp_path / "票.xlsx")
    wb = openpyxl.load_workbook(path)
    for j in range(1, 13):
        wb[f"第{j}票"].delete_rows(14, 2)  # in place of the blank row and 测评人签名 footer
        wb[f"第{j}票"].append([None, None, "测评时间：2016年1月12日", None, None, "计票人：", "监票人："])
    wb.save(path)
    result = appraise_file(path, Policy(), write=False)
    assert "ballot-blank" not in {w.code for w in result.warnings}
    footers = [(w.sheet, w.cell) for w in result.warnings if w.code == "footer-rows"]
    assert footers == [("第1票…第12票（12）", "C14")]
    wang = by_name(result)["王芳"]
    assert (wang.rating, wang.ballots) == (Decimal("94.50"), 12)


def test_date_and_time_end_a_table_only_with_a_colon() -> None:
    from jxkh.headers import is_footer_label

    assert [is_footer_label(t) for t in ("日期：2016年1月12日", "时间: 1月", "测评时间", "监票人", "日期", "时间", "备注")] == [
        True, True, True, True, False, False, False,
    ]


def test_a_rater_line_names_the_rater(tmp_path: Path) -> None:
    """测评人：王芳 above the header: 王芳 rating herself is found, on her own form."""
    path = write_per_sheet(tmp_path / "票.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["第5票"]["C2"] = "测评人：王芳"
    wb.save(path)
    result = appraise_file(path, Policy(), write=False)
    assert [(w.code, w.sheet, w.cell, w.value) for w in result.warnings if w.code == "rater-self-rating"] == [
        ("rater-self-rating", "第5票", "C4", "王芳"),
    ]


def _refused(tmp_path: Path, rows: list[list[object]]) -> list[tuple[str, str | None]]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "民主测评票"
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "refused.xlsx")
    result = runner.invoke(app, ["appraise", str(tmp_path / "refused.xlsx"), "--json"])
    assert result.exit_code == 1
    return [(e["code"], e["message"]) for e in json.loads(result.stdout)["errors"]]


def test_a_tick_box_ballot_gets_one_message_pointing_to_the_template(tmp_path: Path) -> None:
    errors = _refused(tmp_path, [["2015年度民主测评票"], ["姓名", "优秀", "称职", "基本称职", "不称职"], ["王芳", 10, 2, 0, 0]])
    assert errors == [("ballot-layout-unsupported",
                       "测评票是勾选等次的计票表（优秀/称职/基本称职/不称职 票数；逐张勾选的票可在 jxkh.toml 设 staff.method = \"votes\" 读取），无法读取；jxkh 读取三种格式：每行一张票（被测评人、"
                       "德 能 勤 绩 廉 各一列）、每位测评人一张工作表、每位测评人一个文件的文件夹。运行 jxkh template ratings 可生成空白模板")]


def test_one_row_per_rater_is_refused_the_same_way(tmp_path: Path) -> None:
    errors = _refused(tmp_path, [["测评人", "王芳", "李强", "张伟"], ["第1票", 95, 80, 88]])
    assert [code for code, _ in errors] == ["ballot-layout-unsupported"]
    assert "每行一位测评人、被测评人各占一列" in errors[0][1]


def test_id_typed_as_number_matches_the_roster_text(tmp_path: Path) -> None:
    """工号 001 on the roster, 1 typed as a number on a ballot (Excel drops the zeros): one person."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "测评"
    ws.append(["工号", "被测评人", "德", "能", "勤", "绩", "廉"])
    ws.append([1, "王芳", *prop(90)])
    ws.append(["001", "王芳", *prop(80)])
    roster = wb.create_sheet("人员")
    roster.append(ROSTER_HEADER)
    roster.append(["001", "王芳", None, None, None, None, None])
    wb.save(tmp_path / "ids.xlsx")
    result = appraise_file(tmp_path / "ids.xlsx", Policy(), write=False)
    assert [(p.id, p.ballots, p.rating) for p in result.people] == [("001", 2, Decimal("85.00"))]


def test_responsible_near_miss_suggests_the_name(tmp_path: Path) -> None:
    from jxkh.problems import Problems
    from jxkh.ratings.model import Person
    from jxkh.rules.accountability import Charge
    from jxkh.rules.appraisal import link_charges

    people = [Person(id=i, name=n, department=None, row=2 + k) for k, (i, n) in enumerate(RATEES)]
    charge = Charge("张卫", "owner", 7, "档案管理", Decimal(4), Decimal(4), "指标.xlsx", "指标", "G7")
    problems = Problems()
    link_charges([charge, Charge("002", "leader", 7, "档案管理", Decimal(4), Decimal(2), "指标.xlsx", "指标", "H7")],
                 people, problems)
    assert codes(problems) == ["responsible-not-found"]  # 002 is 李强's 工号: found
    assert problems[0].message() == "指标“档案管理”的责任人“张卫”不在测评人员中（是否为“张伟”？），请核对姓名"


def test_check_reads_a_folder_as_appraise_does(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "测评票")
    wb = openpyxl.load_workbook(folder / "第3票.xlsx")
    wb["测评票"]["D5"] = 12  # 德 of 李强 above its 10
    wb.save(folder / "第3票.xlsx")
    result = runner.invoke(app, ["check", str(folder), "--json"])
    assert result.exit_code == 1
    assert [(e["code"], Path(e["file"]).name, e["sheet"], e["cell"]) for e in json.loads(result.stdout)["errors"]] == [
        ("dimension-above-max", "第3票.xlsx", "测评票", "D5"),
    ]


def test_validity_rules_see_each_rater_sheet_as_one_paper(tmp_path: Path) -> None:
    """[validity] needs to tell papers apart: a sheet per rater does, with no 测评人 column."""
    path = write_per_sheet(tmp_path / "票.xlsx")
    wb = openpyxl.load_workbook(path)
    for r in range(4, 14):  # 第2票 gives everyone 9 18 27 27 9
        for c, v in zip("DEFGH", prop(90)):
            wb["第2票"][f"{c}{r}"] = v
    wb.save(path)
    result = appraise_file(path, policy_from_dict({"validity": {"identical": True}}), write=False)
    assert [(w.code, w.sheet, w.cell, w.value) for w in result.warnings if w.code == "ballot-identical"] == [
        ("ballot-identical", "第2票", "C4", "第2票"),
    ]
    assert result.ballots_counted == 110


def test_a_folder_skips_jxkh_outputs_by_their_content_and_names_each(tmp_path: Path) -> None:
    """An output saved into the folder under any name is known by its 说明 sheet, not only a
    *.scored.xlsx by its name: each is named in a notice, and the ballots count once."""
    folder = write_folder(tmp_path / "测评票")
    appraise_file(folder, Policy(), output=folder / "测评结果.xlsx")
    (folder / "旧.scored.xlsx").write_bytes(b"not even opened")
    result = appraise_file(folder, Policy(), write=False)
    assert (result.ballots_counted, by_name(result)["王芳"].rating) == (120, Decimal("94.50"))
    skipped = [w for w in result.warnings if w.code == "file-not-read"]
    assert [(w.value, w.message()) for w in skipped] == [
        ("旧.scored.xlsx", "文件“旧.scored.xlsx”未读取：文件名是 jxkh 结果文件的名称（*.scored.xlsx、bonus.xlsx）"),
        ("测评结果.xlsx", "文件“测评结果.xlsx”未读取：这是 jxkh 生成的结果文件（其“说明”工作表写明由“人员.xlsx、第1票.xlsx … 第12票.xlsx”生成）"),
    ]


def test_a_jxkh_output_given_as_the_roster_is_refused(tmp_path: Path) -> None:
    """--roster goes through the same door as every input: bonus.xlsx (it has a 人员-like sheet)
    given back is refused, naming the original input, with no output written."""
    path = write_per_sheet(tmp_path / "测评.xlsx")
    bonus = tmp_path / "bonus.xlsx"
    assert runner.invoke(app, ["bonus", str(path), "--pool", "10000", "-o", str(bonus)]).exit_code == 0
    for command in (["appraise", str(path)], ["bonus", str(path), "--pool", "10000"], ["appraise", str(write_folder(tmp_path / "票"))]):
        out = tmp_path / "out.xlsx"
        result = runner.invoke(app, [*command, "--roster", str(bonus), "--json", "-o", str(out)])
        assert result.exit_code == 1, result.output
        errors = json.loads(result.stdout)["errors"]
        assert [(e["code"], e["sheet"], e["file"]) for e in errors] == [("input-is-output", "说明", str(bonus))]
        assert errors[0]["message"] == "这是 jxkh 生成的结果文件（由“测评.xlsx”生成），不能作为输入；请改用原始文件“测评.xlsx”"
        assert not out.exists()


def test_a_notice_alike_on_three_forms_in_a_row_is_said_once() -> None:
    """Folded from three sheets in a row (not two), only when file, cell and words agree; an error
    is never folded, and a sheet saying something else breaks the run."""
    from jxkh.messages import Code
    from jxkh.problems import Problem, fold_sheets

    def footer(sheet: str, cell: str = "A15") -> Problem:
        return Problem(Code.FOOTER_ROWS, file="f.xlsx", sheet=sheet, cell=cell, row=15, value="测评人签名：",
                       params={"count": 1, "rows": "15"})

    error = Problem(Code.VALUE_REQUIRED, file="f.xlsx", sheet="第2票", cell="B5", row=5)
    sheets = [[footer("第1票")], [error, footer("第2票")], [footer("第3票")], [footer("第4票", "A16")],
              [footer("第5票")], [footer("第6票")]]
    assert [(p.code, p.sheet, p.cell) for p in fold_sheets(sheets)] == [
        ("footer-rows", "第1票…第3票（3）", "A15"), ("value-required", "第2票", "B5"), ("footer-rows", "第4票", "A16"),
        ("footer-rows", "第5票", "A15"), ("footer-rows", "第6票", "A15")]
    assert len(fold_sheets(sheets, least=2)) == 4
