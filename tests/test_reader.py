"""Reading workbooks into tables: the header found under title rows, aliases, skipped rows, kept columns."""

from __future__ import annotations

import pytest

from helpers import make_xlsx
from jxkh.headers import INDICATOR_FIELDS
from jxkh.messages import Code
from jxkh.problems import DataError, Problems
from jxkh.reader import find_sheet, open_workbook, read_table


def table_of(path):
    problems = Problems()
    book = open_workbook(path)
    name = find_sheet(book, ("指标",), first_if_missing=True, problems=problems)
    return read_table(book, name, INDICATOR_FIELDS, problems), problems


def test_header_in_row_4_under_a_merged_title(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [
        ["某市工商联2015年绩效管理履职情况考核评分表", None, None, None],
        ["填表单位：办公室", None, None, "单位：分"],
        [],
        ["序号", "指标名称", "分 值", "完成\n等次"],
        [1, "招商引资", 300, "好"],
        [2, "会员发展", 300, "良好"],
    ]}, merges={"指标": ["A1:D1"]})
    table, problems = table_of(path)
    assert table.header_row == 4
    assert table.columns == {"id": 0, "name": 1, "points": 2, "grade": 3}
    assert table.labels["grade"] == "完成\n等次"
    assert [number for number, _ in table.rows] == [5, 6]
    assert table.cell(6, "grade") == "D6"
    assert table.where(5, "points") == {"file": str(path), "sheet": "指标", "cell": "C5", "row": 5}
    assert problems.errors == []


def test_english_aliases_and_full_width_headers(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"Sheet1": [
        ["No", "Name", "Points", "Grade", "Score", "ｒａｔｉｏ", "Personal Fault"],
        [1, "招商引资", 600, "好", 600, 1, "否"],
    ]})
    table, _ = table_of(path)
    assert table.sheet == "Sheet1"  # no 指标 sheet: the first one
    assert table.columns == {"id": 0, "name": 1, "points": 2, "grade": 3, "score": 4, "ratio": 5, "personal_fault": 6}


def test_blank_and_total_rows_skipped_unknown_columns_kept(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [
        ["序号", "指标名称", "联系电话", "分值", "备用"],
        [1, "招商引资", "0597-1", 300, None],
        [None, None, None, None, None],
        [2, "会员发展", "0597-2", 300, "x"],
        ["合计", None, None, 600, None],
        [None, "小计", None, 600, None],
    ]})
    table, problems = table_of(path)
    assert [(number, values[1]) for number, values in table.rows] == [(2, "招商引资"), (4, "会员发展")]
    assert table.extra_columns == [2, 4]
    assert [table.headers[c] for c in table.extra_columns] == ["联系电话", "备用"]
    # The total rows are named in one notice (the blank row needs none: it holds nothing).
    assert [(p.code, p.cell, p.params["count"], p.params["rows"], p.value) for p in problems] == [
        (Code.TOTAL_ROWS, "A5", 2, "5、6", "合计"),
    ]
    assert problems[0].message() == "“合计”等 2 行是合计行（第 5、6 行），不是数据，未读取"


def test_no_total_row_no_notice_and_many_listed_up_to_twenty(tmp_path):
    rows = [["指标名称", "分值"]]
    for i in range(22):
        rows += [[f"指标{i}", 10], [f"小计{i}", 10]]
    table, problems = table_of(make_xlsx(tmp_path / "f.xlsx", {"指标": rows}))
    assert len(table.rows) == 22
    (notice,) = problems
    assert notice.params["count"] == 22 and notice.cell == "A3" and notice.value == "小计0"
    assert notice.params["rows"] == "、".join(str(3 + 2 * i) for i in range(20)) + " … (22)"
    table, problems = table_of(make_xlsx(tmp_path / "g.xlsx", {"指标": rows[:2]}))
    assert problems == []


def test_missing_required_column(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [["序号", "指标名称", "完成等次"], [1, "招商", "好"]]})
    table, problems = table_of(path)
    assert table is None
    assert [(str(p.code), p.value, p.row) for p in problems] == [("column-missing", "分值", 1)]


def test_duplicate_column(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [["指标名称", "分值", "满分"], ["招商", 600, 600]]})
    _, problems = table_of(path)
    assert [(str(p.code), p.cell) for p in problems] == [("column-duplicate", "C1")]


def test_no_header_and_empty_sheet(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [["甲", "乙"], [1, 2]]})
    assert [str(p.code) for p in table_of(path)[1]] == ["header-not-found"]
    path = make_xlsx(tmp_path / "g.xlsx", {"指标": []})
    assert [str(p.code) for p in table_of(path)[1]] == ["sheet-empty"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "f.csv"
    path.write_bytes("标题,,\n序号,指标名称,分值\n1,招商引资,６００\n".encode(encoding))
    table, problems = table_of(path)
    assert table.header_row == 2
    assert table.rows == [(3, ["1", "招商引资", "６００"])]
    assert problems == []


def test_text_renamed_xlsx_is_not_a_workbook(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_text("序号,指标名称\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        open_workbook(path)
    assert [str(p.code) for p in exc.value.problems] == ["not-a-workbook"]


def test_formula_without_saved_value(tmp_path):
    path = make_xlsx(tmp_path / "f.xlsx", {"指标": [["指标名称", "分值"], ["招商", "=300*2"], ["合计", "=SUM(B2:B2)"]]})
    _, problems = table_of(path)
    # Only the indicator's cell: the 合计 row is skipped (and named) whatever it holds.
    assert [(str(p.code), p.cell) for p in problems] == [("total-rows", "A3"), ("formula-without-value", "B2")]


def test_a_criteria_text_beginning_with_a_total_word_is_data(tmp_path):
    """“共计开展12次以上得满分” is a 评分标准, not a 共计 row: dropping it would lose its points."""
    path = make_xlsx(tmp_path / "t.xlsx", {"指标": [
        ["指标名称", "评分标准", "分值", "完成等次"],
        ["走访会员", "共计开展12次以上得满分", 5, "好"],
        ["合计：", None, 5, None],
        ["总计(5分)", None, 5, None],
    ]})
    table, problems = table_of(path)
    assert [number for number, _ in table.rows] == [2]
    assert [(str(p.code), p.params["rows"]) for p in problems] == [("total-rows", "3、4")]


@pytest.mark.parametrize(("text", "footer"), [
    ("填表人：王芳", True), ("审核人", True), ("测评人签名：", True), ("测评人签名", True), ("日期：2015年12月", True),
    ("备注：以上数据截至12月", True),
    # Alone, 日期 and 备注 are column headers; 测评人 is a ballot's column and 测评人：张三 its rater line.
    ("日期", False), ("备注", False), ("测评人：张三", False), ("测评人", False), ("制表工作", False),
])
def test_a_form_footer_is_known_by_its_label(text, footer):
    from jxkh.headers import is_footer_label

    assert is_footer_label(text) is footer
