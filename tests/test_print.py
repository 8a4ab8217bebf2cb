"""Every sheet of every output prints on A4 as a leader reads it: printed to PDF through
LibreOffice (jxkh.pdf, as `--pdf` does) and read back with poppler. For the demo unit and a
generated unit of 120: each page has text, the sheet's title and header, the names column
where the sheet lists people or indicators, and no text under 9 pt. Each workbook is
converted once per session."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import make_xlsx
from jxkh.cycle import appraise_file, bonus_file, run_demo, score_file
from jxkh.pdf import soffice, to_pdf
from jxkh.policy import Policy

pytestmark = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler is not installed"
)

SMALLEST_TEXT = 8.9  # points: 10-pt body text at the smallest scale (90%) is 9 pt on paper
# The column naming each row, per sheet: every page that lists rows shows it.
NAMES = {"指标": "指标名称", "责任追究": "姓名", "测评结果": "姓名", "人员": "姓名", "责任扣分": "姓名",
         "奖金分配": "姓名", "公示": "姓名"}
# Each sheet's header, as printed at the top of every page.
HEADERS = {"指标": "序号", "汇总": None, "责任追究": "责任类型", "说明": "项目", "测评结果": "名次", "人员": "工号",
           "测评分析": "类型", "责任扣分": "责任类型", "奖金分配": "工号", "公示": "序号"}
# The rest of the year's outputs: the 台账汇总, the 责任分解公示, the 整改措施 form.
LISTS = ["进度滞后", "逾期未完成", "本月未填报", "存在问题", "进度矩阵", "改进分析", "责任分解公示"]
NAMES |= {**dict.fromkeys(LISTS, "指标名称"), "台账明细": "指标", "整改措施": "指标"}
HEADERS |= {**dict.fromkeys(LISTS, "序号"), "科室进度": "科室", "台账明细": "工作表", "整改措施": "失分"}


@dataclass
class Page:
    words: list[tuple[str, float]]  # (text, height in points)

    @property
    def text(self) -> str:
        return "".join(w for w, _ in self.words)


def pages(pdf: Path) -> list[Page]:
    """Each page's words with their heights (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    found = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", html, re.S):
        words = [(re.sub(r"&amp;", "&", w), float(y1) - float(y0))
                 for y0, y1, w in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', body)]
        found.append(Page(words))
    return found


def sheets(pdf: Path, names: list[str]) -> dict[str, list[Page]]:
    """The PDF's pages by sheet: each sheet's footer counts its own pages from 1."""
    by_sheet: dict[str, list[Page]] = {}
    index = -1
    for page in pages(pdf):
        if re.search(r"第1页共\d+页", page.text) or index < 0:
            index += 1
        by_sheet.setdefault(names[index], []).append(page)
    return by_sheet


def convert(xlsx: Path) -> dict[str, list[Page]]:
    import openpyxl

    names = openpyxl.load_workbook(xlsx, read_only=True).sheetnames
    return sheets(to_pdf(xlsx, xlsx.with_suffix(".pdf")), names)


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("print") / "demo"
    run_demo(folder)
    return folder


@pytest.fixture(scope="session")
def demo(demo_folder) -> dict[str, dict[str, list[Page]]]:
    names = ["indicators.scored.xlsx", "ratings.scored.xlsx", "bonus.xlsx"]
    return {name: convert(demo_folder / name) for name in names}


@pytest.fixture(scope="session")
def year(demo_folder) -> dict[str, dict[str, list[Page]]]:
    names = ["台账汇总.xlsx", "责任分解公示.xlsx", "整改措施.xlsx"]
    return {name: convert(demo_folder / name) for name in names}


def unit_of(count: int, folder: Path) -> tuple[Path, Path]:
    """A unit of `count` people in 12 departments, five ballots each, and 60 indicators."""
    folder.mkdir(parents=True, exist_ok=True)
    departments = [f"第{n}科室" for n in range(1, 13)]
    roster = [["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法"]]
    ballots = [["工号", "被测评人", "科室", "德", "能", "勤", "绩", "廉"]]
    for i in range(count):
        pid, name, department = f"P{i:03d}", f"测试员{i:03d}", departments[i % 12]
        roster.append([pid, name, department, 1, 12, "称职", "否"])
        for b in range(5):
            step = (i * 7 + b * 3) % 25
            ballots.append([pid, name, department, 10 - step % 3, 20 - step % 5, 30 - step % 9, 30 - step % 11, 10 - step % 2])
    ratings = make_xlsx(folder / "ratings.xlsx", {"测评": ballots, "人员": roster})
    rows = [["某县某局2015年绩效管理履职情况考核评分表"], ["填报单位：绩效办", None, None, "填报日期：2016年1月5日"],
            ["序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "完成等次", "得分", "备注"]]
    for n in range(1, 61):
        rows.append([n, "规定指标" if n <= 30 else "自选指标", f"第{n}项工作任务的完成情况与质量", 10,
                     "按时按质完成得满分；每延误一次扣1分，出现差错一次扣2分，被上级通报批评的不得分",
                     departments[n % 12], "好" if n % 4 else "良好", 10 if n % 4 else 9,
                     "逾期一次" if n % 4 == 0 else None])
    indicators = make_xlsx(folder / "indicators.xlsx", {"指标": rows}, merges={"指标": ["A1:I1"]})
    return indicators, ratings


@pytest.fixture(scope="session")
def big(tmp_path_factory) -> dict[str, dict[str, list[Page]]]:
    folder = tmp_path_factory.mktemp("print") / "unit120"
    indicators, ratings = unit_of(120, folder)
    policy = Policy()
    outputs = [
        score_file(indicators, policy).output,
        appraise_file(ratings, policy, indicators_path=None).output,
        bonus_file(ratings, policy, "600000", indicators_path=None).output,
    ]
    return {path.name: convert(path) for path in outputs}


def check(workbooks: dict[str, dict[str, list[Page]]], title: str) -> None:
    for workbook, by_sheet in workbooks.items():
        for sheet, printed in by_sheet.items():
            where = f"{workbook} {sheet}"
            for n, page in enumerate(printed, start=1):
                assert page.words, f"{where}: page {n} is empty"
                assert title in page.text, f"{where}: page {n} lacks the title"
                if HEADERS.get(sheet):
                    assert HEADERS[sheet] in page.text, f"{where}: page {n} lacks the header"
                if sheet in NAMES:
                    assert NAMES[sheet] in page.text, f"{where}: page {n} lacks the names column"
                smallest = min(h for _, h in page.words)
                assert smallest >= SMALLEST_TEXT, f"{where}: page {n} has text {smallest:.1f} pt high"
                # the sheet's own page count, not the file's (LibreOffice's &N counts the file)
                assert re.findall(r"第(\d+)页共(\d+)页", page.text) == [(str(n), str(len(printed)))], where


def page_counts(workbooks: dict[str, dict[str, list[Page]]]) -> dict[str, dict[str, int]]:
    return {book: {sheet: len(p) for sheet, p in by_sheet.items()} for book, by_sheet in workbooks.items()}


def test_every_page_of_the_demo_reads_on_a4(demo):
    check(demo, "青溪市工商联2015年度")
    # 指标 (20 columns) prints in two bands of columns, 序号 类别 指标名称 on each: 2 × 2 pages.
    assert page_counts(demo) == {
        "indicators.scored.xlsx": {"指标": 4, "汇总": 1, "责任追究": 1, "说明": 2},
        "ratings.scored.xlsx": {"测评结果": 2, "人员": 1, "汇总": 1, "测评分析": 1, "责任扣分": 1, "说明": 2},
        "bonus.xlsx": {"奖金分配": 1, "公示": 1, "汇总": 1, "说明": 2},
    }


def test_every_page_of_the_year_outputs_reads_on_a4(year):
    check(year, "青溪市工商联2015年度")
    # 台账明细 lists every row of the demo's six months of 台账 (137 rows).
    assert page_counts(year) == {
        "台账汇总.xlsx": {"进度矩阵": 1, "科室进度": 1, "进度滞后": 1, "逾期未完成": 1, "本月未填报": 1, "存在问题": 1,
                      "台账明细": 13, "说明": 2},
        "责任分解公示.xlsx": {"责任分解公示": 2, "说明": 2},
        "整改措施.xlsx": {"整改措施": 1, "改进分析": 1, "说明": 2},
    }


def test_every_page_of_a_unit_of_120_reads_on_a4(big):
    check(big, "本单位2015年度")
    assert page_counts(big) == {
        "indicators.scored.xlsx": {"指标": 6, "汇总": 1, "责任追究": 1, "说明": 2},
        "ratings.scored.xlsx": {"测评结果": 4, "人员": 5, "汇总": 1, "测评分析": 1, "说明": 2},
        "bonus.xlsx": {"奖金分配": 5, "公示": 4, "汇总": 1, "说明": 2},
    }


def test_the_demo_notice_is_complete(demo):
    notice = demo["bonus.xlsx"]["公示"]
    text = notice[0].text
    for part in ["青溪市工商联2015年度绩效奖金二次分配公示（示例）", "青联〔2016〕5号", "经会党组2016年4月18日会议研究",
                 "公示期：2016年4月20日至2016年4月26日（5个工作日）", "联系人：林晓梅", "青溪市工商联（盖章）", "14人",
                 "50,000.00"]:
        assert part in text


def test_the_committed_notice_example_is_what_the_demo_prints(demo_folder, tmp_path):
    from notice_example import PDF, make_notice_pdf, pdf_text

    bonus = demo_folder / "bonus.xlsx"
    fresh = make_notice_pdf(bonus, tmp_path / "公示.pdf")
    assert pdf_text(fresh) == pdf_text(PDF), "run: python tests/notice_example.py"


def test_every_page_of_the_demo_explanations_reads_on_a4(demo_folder, tmp_path):
    """`jxkh explain --all -o`: one A4 portrait sheet per person, the name in the title and the
    header on every page, nothing under 9 pt, each person on one or two pages."""
    from jxkh.cycle import explain_file

    result = explain_file(demo_folder / "ratings.xlsx", everyone=True, pool="50000", output=tmp_path / "说明.xlsx")
    printed = convert(result.output)
    check({"说明.xlsx": printed}, "青溪市工商联2015年度")
    for e in result.explanations:
        pages_ = printed[e.name]
        assert 1 <= len(pages_) <= 2, e.name
        for page in pages_:
            assert f"{e.name}（{e.id}）的考评与奖金计算过程" in page.text
            assert all(h in page.text for h in ("项目", "计算过程", "出处")), e.name
