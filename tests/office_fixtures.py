"""An office's own 自评表, as it is really kept (issue #9), for the indicator reader.

Three sheets with one header: 规定指标, 自选指标, 加分项 (类别 left blank: the sheet says it), and
a 填表说明 sheet in front. Each indicator sheet has a merged title, a 填报单位 line, the header
on row 3 with the office's words (工作完成情况, 自评等次, 自评得分（分）), a 合计 row of SUM
formulas, and a 填表人/审核人/联系电话 footer. No 个人原因 column. One 自评得分 is a formula,
one is typed as "90%".

By hand (default policy; 好 100%, 良好 80–100%, 一般 60–80%):

| sheet | row | 指标 | 分值 | 自评等次 | 自评得分 | counted |
|---|---|---|---|---|---|---|
| 规定指标 | 4 | 党建工作 | 80 | 好 | 80 | 80.00 |
| 规定指标 | 5 | 会员发展 | 70 | 良好 | 58 | 58.00 (not the band default 63) |
| 规定指标 | 6 | 非公经济调研 | 50 | 良好 | "90%" | 得分率 90% → 45.00 (not 0.9 points) |
| 规定指标 | 7 | 光彩事业 | 100 | 一般 | 70 | 70.00 |
| 自选指标 | 4 | 商会建设 | 150 | 良好 | 135 | 135.00 |
| 自选指标 | 5 | 招商引资 | 100 | 好 | 100 | 100.00 |
| 自选指标 | 6 | 宣传信息 | 50 | 一般 | =C6*0.7 → 35 | 35.00 |
| 加分项 | 4 | 省级先进集体 | 5 | | 5 | +5.00 |

规定 300 + 自选 300 = 600 points; 253 + 270 + 5 = 528.00 → 88% → 良好 (≥ 80%, < 90%).
Before issue #9: only 规定指标 was read ("合计 300，应为 600"), 工作完成情况 was taken as the
grade, and the footer became an indicator row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADER = ["序号", "指标名称", "分值", "评分标准", "工作完成情况", "自评等次", "自评得分（分）", "责任科室", "责任人"]
WIDTH = len(HEADER)

SHEETS: dict[str, list[list[Any]]] = {
    "规定指标": [
        [1, "党建工作", 80, "按期完成党建任务", "全年召开党员大会4次，支部委员会12次", "好", 80, "办公室", "王芳"],
        [2, "会员发展", 70, "新增会员50家以上", "新发展会员52家，其中企业会员40家", "良好", 58, "会员部", "李强"],
        [3, "非公经济调研", 50, "调研报告2篇", "完成调研报告2篇，1篇获市领导批示", "良好", "90%", "宣传调研部", "张伟"],
        [4, "光彩事业", 100, "项目落地3个", "落地项目2个，1个在谈", "一般", 70, "经济联络部", "赵敏"],
    ],
    "自选指标": [
        [1, "商会建设", 150, "新建商会2个", "新建异地商会1个、行业商会1个", "良好", 135, "会员部", "李强"],
        [2, "招商引资", 100, "引进项目5个", "引进项目6个，总投资3.2亿元", "好", 100, "经济联络部", "赵敏"],
        [3, "宣传信息", 50, "报送信息40条", "报送信息31条", "一般", "=C6*0.7", "宣传调研部", "张伟"],
    ],
    "加分项": [
        [1, "省级先进集体", 5, "获省级表彰加5分", "获省工商联先进集体", None, 5, "办公室", "王芳"],
    ],
}
FOOTERS = {
    "规定指标": [["填表人：王芳", None, None, "审核人：刘建国", None, None, "联系电话：0597-2345678"]],
    "自选指标": [["填表人：王芳    审核人：刘建国    联系电话：0597-2345678"], ["填报日期：2016年1月10日"]],
    "加分项": [],
}
GUIDE = [["填表说明"], ["1. 规定指标、自选指标、加分项分表填写；"], ["2. 自评得分保留两位小数。"]]

EXPECTED_TOTAL = "528.00"
EXPECTED_LEVEL = "良好"
# (sheet, row, name, score) as scored, worked out above.
EXPECTED_ROWS = [
    ("规定指标", 4, "党建工作", "80.00"), ("规定指标", 5, "会员发展", "58.00"), ("规定指标", 6, "非公经济调研", "45.00"),
    ("规定指标", 7, "光彩事业", "70.00"), ("自选指标", 4, "商会建设", "135.00"), ("自选指标", 5, "招商引资", "100.00"),
    ("自选指标", 6, "宣传信息", "35.00"), ("加分项", 4, "省级先进集体", "5.00"),
]


def sheet_rows(name: str) -> list[list[Any]]:
    """One indicator sheet as the office laid it out: title, 填报 line, header, rows, 合计, footer."""
    body = SHEETS[name]
    first, last = 4, 3 + len(body)
    total = ["合计", None, f"=SUM(C{first}:C{last})", None, None, None, f"=SUM(G{first}:G{last})", None, None]
    return [
        [f"某市工商联2015年度绩效管理自评表（{name}）"] + [None] * (WIDTH - 1),
        ["填报单位：某市工商联（盖章）", None, None, None, None, None, "填报日期：2016年1月10日", None, None],
        list(HEADER),
        *[list(row) for row in body],
        total,
        *FOOTERS[name],
    ]


def write_self_assessment(path: Path) -> Path:
    """The workbook with openpyxl (formulas unsaved: LibreOffice calculates them on saving)."""
    import openpyxl

    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = "填表说明"
    for row in GUIDE:
        guide.append(row)
    for name in SHEETS:
        ws = wb.create_sheet(name)
        rows = sheet_rows(name)
        for row in rows:
            ws.append(row)
        ws.merge_cells(f"A1:{chr(64 + WIDTH)}1")
        footer_start = 3 + len(SHEETS[name]) + 2
        if name == "自选指标":  # the footer typed across one merged line
            ws.merge_cells(f"A{footer_start}:{chr(64 + WIDTH)}{footer_start}")
    wb.save(path)
    return path
