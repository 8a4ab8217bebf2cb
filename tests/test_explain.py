"""`jxkh explain`: every line of a hand-worked derivation (explain_fixtures), in text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from explain_fixtures import build

from jxkh.cli import app

ZHANG = """\
张伟（QX01） 的考评与奖金计算过程
一、民主测评
  共 4 张票：计入 4 张，空白 0 张，剔除 0 张
  领导：1 张票
    德 9、能 18、勤 27、绩 27、廉 9，合计 90  〔ratings.xlsx 测评 第 2 行〕
  领导 1 张票的平均分：德 9、能 18、勤 27、绩 27、廉 9，合计 90
  同事：3 张票
    德 10、能 20、勤 30、绩 30、廉 10，合计 100（最高分，去掉）  〔ratings.xlsx 测评 第 3 行〕
    德 8、能 16、勤 24、绩 24、廉 8，合计 80  〔ratings.xlsx 测评 第 4 行〕
    德 7、能 14、勤 21、绩 21、廉 7，合计 70（最低分，去掉）  〔ratings.xlsx 测评 第 5 行〕
  同事 1 张票的平均分：德 8、能 16、勤 24、绩 24、廉 8，合计 80
  测评人类别权重：领导 0.4、同事 0.6
  德 = 9 × 0.4 + 8 × 0.6 = 8.4，保留后 8.40
  能 = 18 × 0.4 + 16 × 0.6 = 16.8，保留后 16.80
  勤 = 27 × 0.4 + 24 × 0.6 = 25.2，保留后 25.20
  绩 = 27 × 0.4 + 24 × 0.6 = 25.2，保留后 25.20
  廉 = 9 × 0.4 + 8 × 0.6 = 8.4，保留后 8.40
  测评得分 = 各项精确值之和 = 84，四舍五入保留 2 位小数为 84.00
二、责任扣分
  指标 2 会员发展：分值 100，完成等次 良好，得分 94.00，失分 6.00  〔indicators.xlsx 指标 第 3 行〕
  张伟 为责任人：失分 6.00 × 系数 1 = 6，扣 6.00 分  〔indicators.xlsx 指标!G3〕
  指标 3 调研报告：分值 100，完成等次 良好，得分 96.00，失分 4.00  〔indicators.xlsx 指标 第 4 行〕
  张伟 为责任人：失分 4.00 × 系数 1 = 4，扣 4.00 分  〔indicators.xlsx 指标!G4〕
  各项扣分合计 10.00
  合计 10.00 超过年度扣分上限 5（accountability.cap），按 5 计
  责任扣分 5.00
三、最终得分与等次
  最终得分 = 测评得分 84.00 − 责任扣分 5.00 = 79.00
  79.00 不低于合格分数线 70：按得分为合格
  按最终得分排第 4 名（共 5 人，同分同名次）
  优秀名额：5 人 × 0.2（staff.excellent_quota）= 1 名
  年度考核等次：合格
四、绩效奖金（扣差补优）
  权数 = 岗位系数 1.2 × 在岗月数 12 ÷ 12 = 1.2
  基数 = 奖金总额 1000.00 × 本人权数 1.2 ÷ 全体权数之和 4.7 = 12000/47（≈255.3191） 元
  各人先取到分，共余下 3 分，按余数从大到小补给前 3 人（共 5 人）；本人余数 43/47（≈0.9149） 分，排第 1，多得 1 分：255.31 + 0.01 = 255.32 元
  扣减 = 基数 255.32 × 合格扣减比例 0.2 = 51.064，保留到分为 51.06 元
  扣减的金额补给优秀，本人不在其中：补增 0
  金额 = 基数 255.32 − 扣减 51.06 + 补增 0.00 = 204.26 元
"""

LI_FINAL_AND_BONUS = """\
三、最终得分与等次
  最终得分 = 测评得分 95.00 − 责任扣分 0.00 = 95.00
  95.00 不低于优秀分数线 90：按得分为优秀
  按最终得分排第 1 名（共 5 人，同分同名次）
  优秀名额：5 人 × 0.2（staff.excellent_quota）= 1 名
  与 王芳 同为 95.00 分，并列争最后的名额，由单位研究决定
  年度考核等次：优秀
四、绩效奖金（扣差补优）
  权数 = 岗位系数 1 × 在岗月数 12 ÷ 12 = 1
  基数 = 奖金总额 1000.00 × 本人权数 1 ÷ 全体权数之和 4.7 = 10000/47（≈212.766） 元
  各人先取到分，共余下 3 分，按余数从大到小补给前 3 人（共 5 人）；本人余数 28/47（≈0.5957） 分，排第 2，多得 1 分：212.76 + 0.01 = 212.77 元
  优秀不扣减（扣减比例 0）
  补增 = 扣减合计 285.10 × 本人 1 ÷ 受补人员合计 2（按基数比例）= 142.55 元
  恰为整分：142.55 元
  金额 = 基数 212.77 − 扣减 0.00 + 补增 142.55 = 355.32 元
"""

LIU_FINAL = """\
三、最终得分与等次
  最终得分 = 测评得分 86.20 − 责任扣分 0.00 = 86.20
  86.20 不低于良好分数线 80：按得分为良好
  人员表“违纪违法”为 是：按规定评为不合格，不论得分  〔ratings.xlsx 人员!G5〕
  按最终得分排第 3 名（共 5 人，同分同名次）
  优秀名额：5 人 × 0.2（staff.excellent_quota）= 1 名
  年度考核等次：不合格
四、绩效奖金（扣差补优）
  未给出奖金总额：加上 --pool 金额（如 --pool 50000）即列出奖金的计算
"""


@pytest.fixture
def unit(in_tmp):
    build(in_tmp)
    return in_tmp


def lines_of(result) -> list[str]:
    """The explanation's lines on stdout (the unit's notices go to stderr)."""
    return result.stdout.splitlines(keepends=True)


def test_trimmed_weighted_charged_capped_person_every_line(runner, unit):
    result = runner.invoke(app, ["explain", "张伟", "--pool", "1000"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ZHANG


def test_found_by_id_too(runner, unit):
    by_id = runner.invoke(app, ["explain", "QX01", "--pool", "1000"])
    assert by_id.stdout == ZHANG


def test_quota_tied_person_and_award_without_a_remainder(runner, unit):
    result = runner.invoke(app, ["explain", "QX02", "--pool", "1000"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(LI_FINAL_AND_BONUS)


def test_vetoed_person_and_no_pool_says_how_to_get_the_bonus(runner, unit):
    result = runner.invoke(app, ["explain", "刘洋"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(LIU_FINAL)


def test_leader_charge_shows_the_factor(runner, unit):
    result = runner.invoke(app, ["explain", "陈静"])
    assert ("  陈静 为责任领导（连带责任）：责任人扣分 4.00 × 系数 0.5 = 2，扣 2.00 分  〔indicators.xlsx 指标!H4〕\n"
            in result.stdout)


def test_json_is_the_same_derivation(runner, unit):
    result = runner.invoke(app, ["explain", "张伟", "--pool", "1000", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout, parse_float=Decimal)
    assert document["name"] == "张伟" and document["id"] == "QX01"
    text = [document["name"] + "（QX01） 的考评与奖金计算过程\n"]
    for section in document["sections"]:
        text.append(section["title"] + "\n")
        for step in section["steps"]:
            where = step["where"]
            line = step["text"]
            if where is not None:
                place = f"{where['sheet']}!{where['cell']}" if where["cell"] else f"{where['sheet']} 第 {where['row']} 行"
                line += f"  〔{where['file'].rsplit('/', 1)[-1]} {place}〕"
            indent = "    " if step["step"].startswith("ballot_") and step["step"] != "ballots_total" else "  "
            text.append(indent + line + "\n")
    assert "".join(text) == ZHANG
    steps = {s["step"]: s for section in document["sections"] for s in section["steps"]}
    assert steps["rating"]["exact"] == Decimal("84") and steps["rating"]["rounded"] == Decimal("84.00")
    assert steps["ballot_trimmed_high"]["where"]["row"] == 3 and steps["ballot_trimmed_low"]["where"]["row"] == 5
    assert steps["ballot_trimmed_high"]["scores"] == {"德": Decimal("10.00"), "能": Decimal("20.00"), "勤": Decimal("30.00"),
                                                      "绩": Decimal("30.00"), "廉": Decimal("10.00")}
    assert steps["charges_capped"]["total"] == Decimal("10.00") and steps["charges_capped"]["cap"] == Decimal("5.00")
    assert steps["bonus_base_exact"]["exact"] == "12000/47"
    assert (steps["fen_extra"]["left"], steps["fen_extra"]["place"], steps["fen_extra"]["remainder"]) == (3, 1, "43/47")
    assert steps["bonus_amount"]["amount"] == Decimal("204.26")


def test_indicator_row_every_line(runner, unit):
    result = runner.invoke(app, ["explain", "--indicator", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout == """\
指标 3 调研报告 的得分计算过程
一、得分
  序号 3，调研报告：类别 规定指标，分值 100，责任科室 办公室  〔indicators.xlsx 指标 第 4 行〕
  完成等次 良好：得分比例范围 80%–100%  〔indicators.xlsx 指标!I4〕
  填写的得分 96  〔indicators.xlsx 指标!J4〕
  保留 2 位小数：得分 96.00（在档位范围内）
  失分 = 分值 100 − 得分 96.00 = 4.00
二、计入的小计与总分
  计入规定指标小计：590.00 / 600.00
  计入责任科室 办公室 小计：590.00 / 600.00
  单位总分 590.00 / 600，年度等次：好
  因个人原因失分：责任人 张伟 扣 4.00 分  〔indicators.xlsx 指标!G4〕
  责任领导 陈静 连带扣 2.00 分  〔indicators.xlsx 指标!H4〕
"""


@pytest.mark.parametrize(("args", "code", "zh", "en"), [
    (["explain"], "explain-who-missing", "请给出要说明的人", "name the person to explain"),
    (["explain", "张卫"], "explain-not-found", "参加考评的人员中没有“张卫”（是否为“张伟”？）", "nobody appraised is named “张卫”"),
    (["explain", "--indicator", "99"], "explain-indicator-not-found", "没有序号或名称为“99”的指标", "has the 序号 or name “99”"),
    (["explain", "张伟", "--indicator", "1"], "explain-person-and-indicator",
     "一次说明一项：人员用 jxkh explain 张伟，指标用 jxkh explain --indicator 1（“张伟”不是工作簿）", "one at a time"),
])
def test_usage_errors_in_chinese_and_english(runner, unit, args, code, zh, en):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert zh in result.stderr and code in result.stderr
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert english.exit_code == 2 and en in english.stderr


def test_subprocess_writes_the_sheet_and_prints_the_same(unit):
    done = subprocess.run([sys.executable, "-m", "jxkh", "explain", "张伟", "--pool", "1000", "-o", "说明.xlsx"],
                          capture_output=True, text=True, encoding="utf-8", cwd=unit, env={"PYTHONIOENCODING": "utf-8",
                                                                                            "COLUMNS": "200", "NO_COLOR": "1", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout == ZHANG + "已生成：说明.xlsx\n"
    import openpyxl

    wb = openpyxl.load_workbook(unit / "说明.xlsx")
    assert wb.sheetnames[0] == "张伟"
    ws = wb["张伟"]
    assert "张伟（QX01） 的考评与奖金计算过程" in ws["A1"].value
    assert ws.page_setup.orientation == "portrait" and int(ws.page_setup.paperSize) == 9  # A4
    shown = [(ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(3, ws.max_row + 1) if ws.cell(r, 2).value]
    expected = [line.strip() for line in ZHANG.splitlines() if line.startswith("  ")]
    assert [text.lstrip("　") + (f"  〔{where}〕" if where else "") for text, where in shown] == expected


def test_all_writes_one_sheet_per_person(runner, unit):
    result = runner.invoke(app, ["explain", "--all", "-o", "all.xlsx", "--json"])
    assert result.exit_code == 0, result.output
    assert [p["name"] for p in json.loads(result.stdout)["people"]] == ["李娜", "王芳", "刘洋", "张伟", "陈静"]
    import openpyxl

    assert openpyxl.load_workbook(unit / "all.xlsx").sheetnames == ["李娜", "王芳", "刘洋", "张伟", "陈静", "说明"]


def test_shown_averages_and_rating_differ_by_at_most_the_rounding_gap(runner, in_tmp):
    """Each average is rounded from its exact value, and so is the rating: 28/3 → 9.33 five times
    down, 275/3 → 91.67 up, so the shown 91.65 and 91.67 differ by 0.02, the most they can."""
    from appraise_fixtures import ballot, write_ratings

    from jxkh.explaining import rounding_gap

    write_ratings(in_tmp / "ratings.xlsx", [ballot("张三", [9, 18, 27, 27, 9]), ballot("张三", [9, 18, 27, 27, 9]),
                                            ballot("张三", [10, 19, 28, 28, 10]), ballot("李四", 80)])
    result = runner.invoke(app, ["explain", "张三"])
    assert result.exit_code == 0, result.output
    assert """\
  德：精确值 28/3（≈9.3333），保留后 9.33
  能：精确值 55/3（≈18.3333），保留后 18.33
  勤：精确值 82/3（≈27.3333），保留后 27.33
  绩：精确值 82/3（≈27.3333），保留后 27.33
  廉：精确值 28/3（≈9.3333），保留后 9.33
  测评得分 = 各项精确值之和 = 275/3（≈91.6667），四舍五入保留 2 位小数为 91.67
  各项显示值之和为 91.65，与测评得分 91.67 相差 0.02：各项平均分与测评得分都由精确值分别保留小数，显示值之和与测评得分最多相差 0.02 分
""" in result.stdout
    assert [rounding_gap(n, 2) for n in (1, 2, 5)] == [Decimal("0.00"), Decimal("0.01"), Decimal("0.02")]
    # half_even: five averages of x.xx5 rounded up (to odd) and their sum's .025 rounded down to even
    assert rounding_gap(5, 2, "half_even") == Decimal("0.03")
    # the appraisal's 说明 sheet says so too
    assert runner.invoke(app, ["appraise"]).exit_code == 0
    import openpyxl

    notes = {r[0]: r[1] for r in openpyxl.load_workbook(in_tmp / "ratings.scored.xlsx")["说明"].iter_rows(values_only=True)}
    assert notes["小数保留"] == ("德、能、勤、绩、廉各项平均分与测评得分都由精确值分别保留 2 位小数，"
                              "各项显示值之和与测评得分最多相差 0.02 分；jxkh explain 姓名 列出精确值")


def test_blank_and_suspect_ballots_and_an_absent_group(runner, in_tmp):
    """A blank ballot is named and not counted; a self-rating excluded (suspect_ballots = exclude)
    with the notice that excluded it; no 领导 ballot: 同事 re-normalised to 1."""
    from appraise_fixtures import ballot, write_ratings

    write_ratings(in_tmp / "ratings.xlsx", [
        ballot("张三", 80, rater="李四", group="同事"), ballot("张三", 90, rater="王五", group="同事"),
        ballot("张三", 100, rater="张三", group="同事"), ballot("张三", [None] * 5, rater="赵六", group="同事"),
        ballot("李四", 85, rater="张三", group="领导"), ballot("李四", 75, rater="王五", group="同事")])
    (in_tmp / "jxkh.toml").write_text('[staff]\nsuspect_ballots = "exclude"\n[staff.rater_weights]\n"领导" = 0.4\n"同事" = 0.6\n',
                                      encoding="utf-8")
    result = runner.invoke(app, ["explain", "张三"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("二、")[0] == """\
张三 的考评与奖金计算过程
一、民主测评
  共 4 张票：计入 2 张，空白 1 张，剔除 1 张
    空白票，不计  〔ratings.xlsx 测评 第 5 行〕
    不计：测评人“张三”给自己打分，该票已剔除（政策 staff.suspect_ballots = exclude）  〔ratings.xlsx 测评 第 4 行〕
  同事：2 张票
    德 8、能 16、勤 24、绩 24、廉 8，合计 80  〔ratings.xlsx 测评 第 2 行〕
    德 9、能 18、勤 27、绩 27、廉 9，合计 90  〔ratings.xlsx 测评 第 3 行〕
  同事 2 张票的平均分：德 8.5、能 17、勤 25.5、绩 25.5、廉 8.5，合计 85
  测评人类别权重：领导 0.4、同事 0.6
  领导没有测评票，权重按有票的类别重新折算为：同事 1
  德 = 8.5 × 1 = 8.5，保留后 8.50
  能 = 17 × 1 = 17，保留后 17.00
  勤 = 25.5 × 1 = 25.5，保留后 25.50
  绩 = 25.5 × 1 = 25.5，保留后 25.50
  廉 = 8.5 × 1 = 8.5，保留后 8.50
  测评得分 = 各项精确值之和 = 85，四舍五入保留 2 位小数为 85.00
"""
    assert "  未使用指标表，没有责任扣分\n" in result.stdout
    english = runner.invoke(app, ["explain", "张三", "--lang", "en"]).stdout
    assert english.splitlines()[:5] == [
        "how 张三's appraisal and bonus were computed", "1. Ballots", "  4 ballots: 2 counted, 1 blank, 1 excluded",
        "    blank ballot, not counted  〔ratings.xlsx 测评 row 5〕",
        "    not counted: rater “张三” rated themselves; the ballot was excluded (policy staff.suspect_ballots = exclude)"
        "  〔ratings.xlsx 测评 row 4〕"]
    assert "  同事, mean of 2 ballots: 德 8.5, 能 17, 勤 25.5, 绩 25.5, 廉 8.5, total 85" in english.splitlines()


def test_indicator_rows_typed_ratio_band_bound_and_capped_bonus_item(runner, in_tmp):
    """score_fixtures' unit, 分值 98.67 + 1.33 in place of row 2's 100, and unit.bonus_cap 3:
    80% of 1.33 is 1.064, rounded 1.06 is below the band, so 1.07; the 加分项's 5 is capped at 3.
    规定 98.67 + 90 + 85 + 60 + 1.07 = 334.74; total 334.74 + 90 + 0 (自选) + 3 = 427.74."""
    from score_fixtures import HEADER, clean_rows, write_rows

    rows = clean_rows()
    rows[1][HEADER.index("分值")] = 98.67
    rows.append([9, "规定指标", "信息报送", 1.33, None, "办公室", "林小红", "邱大同", "良好", None, 0.8, None, "否", None, None])
    write_rows(in_tmp / "indicators.xlsx", rows)
    (in_tmp / "jxkh.toml").write_text("[unit]\nbonus_cap = 3\n", encoding="utf-8")
    ratio = runner.invoke(app, ["explain", "--indicator", "3"])
    assert ratio.exit_code == 0, ratio.output
    assert ratio.stdout == """\
指标 3 非公经济调研 的得分计算过程
一、得分
  序号 3，非公经济调研：类别 规定指标，分值 100，责任科室 调研科  〔indicators.xlsx 指标 第 4 行〕
  完成等次 良好：得分比例范围 80%–100%  〔indicators.xlsx 指标!I4〕
  填写的得分率 85% × 分值 100 = 85  〔indicators.xlsx 指标!K4〕
  保留 2 位小数：得分 85.00（在档位范围内）
  失分 = 分值 100 − 得分 85.00 = 15.00
二、计入的小计与总分
  计入规定指标小计：334.74 / 400.00
  计入责任科室 调研科 小计：85.00 / 200.00
  单位总分 427.74 / 600，年度等次：一般
"""
    bound = runner.invoke(app, ["explain", "--indicator", "信息报送"]).stdout.splitlines()
    assert bound[4:7] == ["  填写的得分率 80% × 分值 1.33 = 1.064  〔indicators.xlsx 指标!K9〕",
                          "  1.064 保留 2 位小数后超出档位范围，取档位内最近的 1.07",
                          "  失分 = 分值 1.33 − 得分 1.07 = 0.26"]
    capped = runner.invoke(app, ["explain", "--indicator", "省级表彰"])
    assert capped.stdout == """\
指标 省级表彰 的得分计算过程
一、得分
  省级表彰（无序号）：类别 加分项，分值 5，责任科室 —  〔indicators.xlsx 指标 第 8 行〕
  未填得分，按分值 5 计 5.00  〔indicators.xlsx 指标!D8〕
二、计入的小计与总分
  加分项合计 5.00 超过上限 3.00，按 3.00 计
  计入加分项小计：3.00 / 5.00
  单位总分 427.74 / 600，年度等次：一般
"""


@pytest.mark.parametrize(("mode", "lines"), [
    ("list", ["  排在 1 个名额之外：只列出，由单位研究决定（staff.quota = list）", "  年度考核等次：优秀"]),
    ("apply", ["  规则：优秀名额已满（最多 1 人）（staff.quota）→ 评为良好", "  年度考核等次：良好"]),
])
def test_beyond_the_quota_listed_or_lowered(runner, in_tmp, mode, lines):
    """王芳 96.00 takes the one 优秀 place (5 × 20%); 李娜 95.00 is beyond it."""
    from explain_fixtures import PEOPLE, POLICY

    people = list(PEOPLE)
    people[2] = ("王芳", "QX03", 100, [95, 95, 95], 1, 12, "否")
    build(in_tmp, people, POLICY.replace("excellent_quota = 0.2", f'excellent_quota = 0.2\nquota = "{mode}"'))
    final = runner.invoke(app, ["explain", "李娜"]).stdout.split("三、最终得分与等次\n")[1].split("四、")[0]
    assert final.splitlines() == [
        "  最终得分 = 测评得分 95.00 − 责任扣分 0.00 = 95.00", "  95.00 不低于优秀分数线 90：按得分为优秀",
        *lines[:1] * (mode == "apply"), "  按最终得分排第 2 名（共 5 人，同分同名次）",
        "  优秀名额：5 人 × 0.2（staff.excellent_quota）= 1 名", *lines[:1] * (mode == "list"), lines[1]]



def test_sheet_names_for_everyone_follow_excels_rules():
    """A repeated name gets its 工号; characters Excel refuses become _; 31 characters at most;
    never the 说明 sheet's name."""
    from jxkh.explaining import Explanation
    from jxkh.output.explain import sheet_names

    people = [Explanation("person", "张伟", "QX01", []), Explanation("person", "张伟", "QX02", []),
              Explanation("person", "说明", None, []), Explanation("person", "a/b:c", None, []),
              Explanation("person", "长" * 40, None, [])]
    assert sheet_names(people) == ["张伟QX01", "张伟QX02", "说明_2", "a_b_c", "长" * 31]


def test_with_all_or_indicator_the_first_argument_is_the_file(runner, in_tmp):
    """`jxkh explain --all 其他/ratings.xlsx`, `jxkh explain --indicator 3 其他/indicators.xlsx`: no
    person is named, so the argument is the workbook (and its folder's jxkh.toml applies)."""
    (in_tmp / "其他").mkdir()
    build(in_tmp / "其他")
    everyone = runner.invoke(app, ["explain", "--all", "其他/ratings.xlsx", "--json"])
    assert everyone.exit_code == 0, everyone.output
    assert [p["name"] for p in json.loads(everyone.stdout)["people"]] == ["李娜", "王芳", "刘洋", "张伟", "陈静"]
    row = runner.invoke(app, ["explain", "--indicator", "3", "其他/indicators.xlsx"])
    assert row.exit_code == 0, row.output
    assert row.stdout.splitlines()[0] == "指标 3 调研报告 的得分计算过程"


def test_a_sanction_caps_the_grade_and_prior_points_add_up(runner, in_tmp):
    """甲 95 with 处分 警告 (status.sanctions.警告: no 优秀) and prior.points 优秀 +1: 96.00 by score,
    优秀 by the cut-off, 良好 by the rule, its roster cell named; 乙 85 + 1 = 86.00 良好, where the
    same 警告 applies but does not change the grade."""
    from appraise_fixtures import HEADER, ballot
    from helpers import make_xlsx

    make_xlsx(in_tmp / "ratings.xlsx", {
        "测评": [HEADER, ballot("甲", 95, id="A1"), ballot("乙", 85, id="A2")],
        "人员": [["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法", "处分/组织处理"],
                 ["A1", "甲", "办公室", 1, 12, "优秀", "否", "警告"], ["A2", "乙", "办公室", 1, 12, "优秀", "否", "警告"]]})
    (in_tmp / "jxkh.toml").write_text('title = "某局2015年度绩效管理"\n[prior]\nrule = "points"\n[prior.points]\n"优秀" = 1\n',
                                      encoding="utf-8")

    def final(who: str) -> list[str]:
        return runner.invoke(app, ["explain", who]).stdout.split("三、最终得分与等次\n")[1].split("四、")[0].splitlines()

    assert final("甲") == [
        "  最终得分 = 测评得分 95.00 − 责任扣分 0.00 + 上年度等次加分 1.00 = 96.00",
        "  96.00 不低于优秀分数线 90：按得分为优秀",
        "  规则：处分/组织处理：警告（2015年度）（status.sanctions.警告）→ 最高为良好  〔ratings.xlsx 人员!H2〕",
        "  按最终得分排第 1 名（共 2 人，同分同名次）", "  年度考核等次：良好"]
    assert final("乙") == [
        "  最终得分 = 测评得分 85.00 − 责任扣分 0.00 + 上年度等次加分 1.00 = 86.00",
        "  86.00 不低于良好分数线 80：按得分为良好",
        "  规则：处分/组织处理：警告（2015年度）（status.sanctions.警告）→ 最高为良好（未由此规则决定等次）  〔ratings.xlsx 人员!H3〕",
        "  按最终得分排第 2 名（共 2 人，同分同名次）", "  年度考核等次：良好"]


def test_money_goes_back_when_nobody_is_to_be_awarded(runner, in_tmp):
    """甲 75 合格, 乙 65 不合格, pool 1000: bases 500 each, 100 and 500 deducted; nobody is 优秀 or
    良好, so the 600 go back to 甲 (deducted least): 500 − 100 + 600 = 1000."""
    from appraise_fixtures import ballot, write_ratings

    write_ratings(in_tmp / "ratings.xlsx", [ballot("甲", 75), ballot("乙", 65)])
    bonus = runner.invoke(app, ["explain", "甲", "--pool", "1000"]).stdout.split("四、绩效奖金（扣差补优）\n")[1]
    assert bonus.splitlines() == [
        "  权数 = 岗位系数 1 × 在岗月数 12 ÷ 12 = 1",
        "  基数 = 奖金总额 1000.00 × 本人权数 1 ÷ 全体权数之和 2 = 500 元",
        "  恰为整分：500.00 元",
        "  扣减 = 基数 500.00 × 合格扣减比例 0.2 = 100，保留到分为 100.00 元",
        "  没有优秀、良好人员可补：扣减合计 600.00 元按基数退回未被扣减（都被扣减时扣减最少）的人员",
        "  补增 = 扣减合计 600.00 × 本人 1 ÷ 受补人员合计 1（按基数比例）= 600 元",
        "  恰为整分：600.00 元",
        "  金额 = 基数 500.00 − 扣减 100.00 + 补增 600.00 = 1000.00 元"]
