"""Workbooks saved by a real spreadsheet program (headless LibreOffice), in every input format.

The messy form is what a clerk really has: a merged title and a 填表单位 row above the header,
the columns in another order, header cells with spaces and line breaks, a blank row, a 合计
row with a SUM formula, 得分率 typed as "75%", 分值 typed full-width as "４０" and 得分 as "90分".
Scored, it must give exactly what the same data typed cleanly gives.

Each check runs on the forms committed under fixtures/libreoffice/ (made by its make.py, so CI
needs no LibreOffice) and again on a fresh conversion where LibreOffice is installed.
"""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest

from helpers import lo_convert, soffice
from jxkh.cycle import score_file
from jxkh.policy import Policy
from score_fixtures import clean_rows, set_value, write_rows

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
COMMITTED = {
    "xlsx": FIXTURES / "indicators-messy.xlsx",
    "xls": FIXTURES / "indicators-messy.xls",
    "ods": FIXTURES / "indicators-messy.ods",
    "csv": FIXTURES / "indicators-messy-gbk.csv",
}

POLICY = Policy()
UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76"
GBK_CSV = "csv:Text - txt - csv (StarCalc):44,34,67"  # 67 = RTL_TEXTENCODING_GBK, what Chinese Excel saves


def clean_data() -> list[list]:
    """The fixture unit with a 40-point indicator and a 75% one, as clean numbers.

    By hand: 招商引资服务 好 40 → 40; 会员发展 良好 90; 非公经济调研 一般 75% of 100 → 75;
    光彩事业 一般 60; 商会建设 良好 160 × 0.9 (band_default) → 144; =1+1 差 0; 加分 5.
    Total 414.00 of 600 = 69% → 一般.
    """
    rows = clean_rows()
    set_value(rows, 2, "分值", 40)
    set_value(rows, 6, "分值", 160)
    set_value(rows, 4, "完成等次", "一般")
    set_value(rows, 4, "得分率", 0.75)
    return rows


ORDER = ["指标名称", "序号", "分值", "完成等次", "得分率", "得分", "类别", "责任科室", "责任人", "责任领导",
         "个人原因", "扣分原因", "评分标准", "备注", "联系电话"]
# How the header cells are typed in the messy form: spaces to widen them, a line break.
TYPED_HEADER = {"分值": "分 值", "完成等次": "完成\n等次", "序号": "序 号"}


def messy_rows() -> list[list]:
    data = clean_data()
    header = data[0]
    records = [dict(zip(header, row)) for row in data[1:]]
    records[0]["分值"] = "４０"  # full-width, as text
    records[1]["得分"] = "90分"
    records[2]["得分率"] = "75%"  # typed with the percent sign, as text
    body = [[record[name] for name in ORDER] for record in records]
    body.insert(3, [None] * len(ORDER))  # a blank row between indicators
    total = [None] * len(ORDER)
    total[0] = "合计"
    total[2] = f"=SUM(C4:C{3 + len(body)})"
    return [
        ["某市工商联2015年绩效管理履职情况考核评分表"] + [None] * (len(ORDER) - 1),
        ["填表单位：某市工商联办公室", None, None, None, None, None, None, None, None, None, "填表日期：2016年1月"]
        + [None] * (len(ORDER) - 11),
        [TYPED_HEADER.get(name, name) for name in ORDER],
        *body,
        total,
    ]


@pytest.fixture(scope="module", params=["committed", pytest.param("live", marks=needs_lo)])
def converted(request, tmp_path_factory) -> dict[str, Path]:
    """The messy form saved by LibreOffice as .xlsx, .xls, .ods and GBK .csv: the committed
    files, or converted once here."""
    if request.param == "committed":
        return COMMITTED
    base = tmp_path_factory.mktemp("lo")
    source = write_rows(base / "form.xlsx", messy_rows(), merges=["A1:O1"])
    files = {
        "xlsx": lo_convert(source, "xlsx", base / "xlsx"),
        "xls": lo_convert(source, "xls", base / "xls"),
        "ods": lo_convert(source, "ods", base / "ods"),
        "csv": lo_convert(source, GBK_CSV, base / "csv"),
    }
    return files


def essence(result) -> dict:
    """What a score is, without the spreadsheet row numbers (the layouts differ)."""
    return {
        "total": result.total,
        "level": result.level,
        "rows": [(r.name, r.category, r.points, r.grade, r.fraction, r.score, r.lost) for r in result.rows],
        "departments": result.departments,
        "accountability": [(c.person, c.role, c.indicator, c.lost, c.deduction) for c in result.accountability],
        "warnings": [str(w.code) for w in result.warnings],
    }


@pytest.fixture(scope="module")
def clean_result(tmp_path_factory):
    path = write_rows(tmp_path_factory.mktemp("clean") / "clean.xlsx", clean_data())
    return score_file(path, POLICY, write=False)


def test_clean_data_by_hand(clean_result):
    assert (clean_result.total, clean_result.level) == (D("414.00"), "一般")
    assert [r.score for r in clean_result.rows] == [
        D("40.00"), D("90.00"), D("75.00"), D("60.00"), D("144.00"), D("0.00"), D("5.00"),
    ]


def test_the_xlsx_really_comes_from_libreoffice(converted):
    with zipfile.ZipFile(converted["xlsx"]) as archive:
        assert b"LibreOffice" in archive.read("docProps/app.xml")


def test_the_xls_and_ods_really_come_from_libreoffice(converted):
    raw = converted["xls"].read_bytes()
    assert raw[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 compound file, i.e. real BIFF .xls
    assert "Workbook".encode("utf-16-le") in raw  # the BIFF8 stream
    assert b"Microsoft Excel 97-Tabelle" in raw  # the CompObj label LibreOffice (not Excel) writes
    with zipfile.ZipFile(converted["ods"]) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        assert b"<meta:generator>LibreOffice" in archive.read("meta.xml")


def test_the_gbk_csv_is_gbk(converted):
    raw = converted["csv"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "填表单位" in raw.decode("gbk")


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods", "csv"])
def test_messy_form_scores_as_the_clean_data(converted, clean_result, kind):
    result = score_file(converted[kind], POLICY, write=False)
    messy, clean = essence(result), essence(clean_result)
    # The messy form's 合计 row is named in a notice; the rest is the clean data's.
    assert messy.pop("warnings") == ["total-rows", *clean.pop("warnings")]
    assert messy == clean
    # Rows keep their numbers as the spreadsheet shows them: header in row 3, a blank row 7.
    assert [r.row for r in result.rows] == [4, 5, 6, 8, 9, 10, 11]
    # 联系电话 is not a column jxkh reads (named, kept in the output); band_default for 商会建设 by its 完成等次 cell.
    assert [(str(w.code), w.cell) for w in result.warnings] == [
        ("total-rows", "A12"), ("column-unused", "O3"), ("band-default-used", "D9"),
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_messy_form_writes_its_own_columns_back(converted, kind, tmp_path):
    from helpers import read_back

    result = score_file(converted[kind], POLICY, output=tmp_path / "out.xlsx")
    rows = read_back(result.output, "指标")
    assert rows[0][:3] == ["指标名称", "序 号", "分 值"]
    assert rows[0][-4:] == ["计算得分率", "计算得分", "失分", "原表行号"]
    assert len(rows) == 8  # header + 7 indicators: the blank and 合计 rows are not indicators
    assert rows[1][2] == "４０"  # the clerk's cell as typed; the computed 计算得分 beside it
    assert rows[1][-3:] == [40, 0, 4]  # 计算得分, 失分, and the row it came from


@needs_lo
def test_the_output_opens_in_libreoffice(tmp_path):
    source = write_rows(tmp_path / "indicators.xlsx", clean_rows())
    result = score_file(source, POLICY)
    converted = lo_convert(result.output, UTF8_CSV, tmp_path / "csv")
    with converted.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "本单位2015年度绩效管理\u3000履职情况考核评分表（计分结果）"  # the title row above the table
    assert rows[1][:3] == ["序号", "类别", "指标名称"]
    formula_like = next(row for row in rows if row[1] == "自选指标" and row[5] == "调研科")
    assert formula_like[2] == "=1+1"  # text in LibreOffice too, not the formula's 2
    assert rows[-1][2] == "省级表彰"
