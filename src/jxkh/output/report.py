"""`自评报告.docx`: the 自评材料 sent to the city office (附件1 三.3 组织自查自评…将自评材料报送市绩效办),
written with python-docx as a document a clerk edits and sends.

A4; body in 宋体 and headings in 黑体, set as East Asian fonts (w:eastAsia) so Word and WPS use
them for Chinese; headings use Word's Heading 1/2 styles, so the table of contents (a TOC field
Word fills in on opening) and the navigation pane work. Sections: overview (total and level, by
category and by 科室), one per indicator (完成情况, self-assessed grade and score, 扣分原因,
佐证材料), problems and improvement (the city office's shortfalls when given), and an appendix
table of all indicators.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import plain, round_to
from ..headers import BONUS_ITEM, MANDATED, PENALTY_ITEM, SELF_CHOSEN
from ..plan import unit_and_year

if TYPE_CHECKING:
    from docx.document import Document

    from ..policy import Policy
    from ..rules.improvement import Improvement
    from ..rules.scoring import ScoredRow
    from ..year import ReportResult

BODY_FONT, HEADING_FONT, LATIN_FONT = "宋体", "黑体", "Times New Roman"
CHINESE_NUMBERS = "一二三四五六七八九十"
_NUMBER = re.compile(r"^-?[0-9][0-9,]*(\.[0-9]+)?%?$")


def report_title(policy: Policy) -> str:
    unit, year = unit_and_year(policy.title)
    return f"{unit}{year}年度绩效管理自评报告" if year else f"{unit}绩效管理自评报告"


def write_report(result: ReportResult, policy: Policy, output: Path) -> Path:
    from docx import Document

    from .. import __version__
    from ..writer import GENERATOR_PREFIX, save_with

    doc = Document()
    doc.core_properties.author = f"{GENERATOR_PREFIX}{__version__}"  # how a re-run knows the file is jxkh's
    _page_and_fonts(doc)
    unit, year = unit_and_year(policy.title)
    places = result.score.precision
    _title(doc, result, policy, unit, year, places)
    _toc(doc)
    sections = [_overview, _indicators, _improvement, _appendix]
    for number, section in enumerate(sections, start=1):
        section(doc, result, places, CHINESE_NUMBERS[number - 1] if number < len(sections) else "")
    return save_with(output, doc.save, suffix=".docx.tmp")


# --- layout -------------------------------------------------------------------------------


def _set_fonts(style: Any, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    """Latin text in Times New Roman, Chinese in `east_asian` (w:eastAsia), black; theme fonts
    removed, or Word would keep the theme's for Chinese."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = LATIN_FONT
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def _page_and_fonts(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for section in doc.sections:  # A4, the margins of 党政机关公文格式 (GB/T 9704) rounded
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    _set_fonts(doc.styles["Normal"], BODY_FONT, 12)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.5
    _set_fonts(doc.styles["Title"], HEADING_FONT, 20, bold=True)
    doc.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style, HEADING_FONT, size, bold=True)
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
    for name in ("List Bullet", "Caption", "TOC Heading", "Table Grid"):
        _set_fonts(doc.styles[name], BODY_FONT)
    # Word refreshes the table of contents (a field) when the document is opened.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _title(doc: Document, result: ReportResult, policy: Policy, unit: str, year: str, places: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph(report_title(policy), style="Title")
    line = doc.add_paragraph(f"报送单位：{unit}　　考评年度：{year or '    '}年　　报送日期：    年  月  日")
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _toc(doc: Document) -> None:
    """A table of contents field over Heading 1–2; Word fills it in (右键“更新域” in WPS)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc.add_paragraph("目　录", style="TOC Heading")
    paragraph = doc.add_paragraph()
    run = paragraph.add_run()
    begin, instruction, separate, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"),
                                         OxmlElement("w:fldChar"), OxmlElement("w:fldChar"))
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "（打开文档时更新目录；如未更新，请右键点击此处选择“更新域”。）"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)


def _labelled(doc: Document, label: str, value: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)


def _table(doc: Document, headers: list[str], rows: list[list[Any]], widths: list[float] | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    for cell, header in zip(table.rows[0].cells, headers):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None else str(value)
            if isinstance(value, (int, Decimal)) or (isinstance(value, str) and _NUMBER.match(value)):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The header row repeats on every page a table runs over (w:tblHeader).
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    if widths:  # cm, within the 15.6 cm between the margins. Word reads the cells' widths,
        # LibreOffice the grid's: both, with autofit off.
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    doc.add_paragraph()


def _num(value: Decimal | None, places: int) -> str:
    return "" if value is None else format(round_to(value, places), "f")


def _pct(score: Decimal, points: Decimal, places: int) -> str:
    return format(round_to(score / points * 100, places), "f") + "%" if points else ""


# --- sections -----------------------------------------------------------------------------


def _overview(doc: Document, result: ReportResult, places: int, number: str) -> None:
    score = result.score
    doc.add_heading(f"{number}、总体情况", level=1)
    counts = {name: sum(1 for r in score.rows if r.indicator.category == name) for name in score.categories}
    parts = []
    for name in (MANDATED, SELF_CHOSEN, BONUS_ITEM, PENALTY_ITEM):
        entry = score.categories.get(name)
        if entry:
            parts.append(f"{name} {counts[name]} 项 {plain(entry['points'])} 分")
    basis = _basis(result)
    doc.add_paragraph(
        f"本年度绩效管理履职情况考核共 {len(score.rows)} 项指标（{'，'.join(parts)}）。"
        f"{'经自查自评' if basis == '自评' else '按表中核定（考核）结果'}，单位总分 "
        f"{_num(score.total, places)} 分（满分 {plain(score.max)} 分，得分率 {_pct(score.total, score.max, places)}），"
        f"年度等次为“{score.level}”。"
    )
    rows = []
    for name in (MANDATED, SELF_CHOSEN, BONUS_ITEM, PENALTY_ITEM):
        entry = score.categories.get(name)
        if entry:
            ratio = _pct(entry["score"], entry["points"], places) if name in (MANDATED, SELF_CHOSEN) else ""
            rows.append([name, counts[name], plain(entry["points"]), _num(entry["score"], places), ratio])
    rows.append(["单位总分", len(score.rows), plain(score.max), _num(score.total, places),
                 _pct(score.total, score.max, places)])
    doc.add_paragraph("表1　按类别", style="Caption")
    _table(doc, ["类别", "指标数", "分值", f"{basis}得分", "得分率"], rows)
    department_counts: dict[str, int] = {}
    for r in score.rows:
        if r.indicator.graded:
            department_counts[r.indicator.department] = department_counts.get(r.indicator.department, 0) + 1
    rows = [
        [name or "（未填科室）", _count(department_counts, name), plain(entry["points"]), _num(entry["score"], places),
         _pct(entry["score"], entry["points"], places)]
        for name, entry in score.departments.items()
    ]
    doc.add_paragraph("表2　按责任科室（规定指标、自选指标）", style="Caption")
    _table(doc, ["责任科室", "指标数", "分值", f"{basis}得分", "得分率"], rows)


def _basis(result: ReportResult) -> str:
    """Whose figures the report's totals are: the unit's 自评, or (a returned 考核表 carrying both)
    the office's 核定 columns, which were counted."""
    return "核定" if result.own else "自评"


def _count(counts: dict[str, int], department: str) -> int:
    from ..cells import normalize

    return sum(n for name, n in counts.items() if normalize(name) == normalize(department))


def _indicators(doc: Document, result: ReportResult, places: int, number: str) -> None:
    doc.add_heading(f"{number}、各项指标完成情况", level=1)
    for position, row in enumerate(result.score.rows, start=1):
        i = row.indicator
        doc.add_heading(f"{i.id or position}．{i.name}", level=2)
        who = "　".join(f"{label}：{value}" for label, value in (
            ("类别", i.category), ("分值", f"{plain(i.points)} 分" if i.points is not None else ""),
            ("责任科室", i.department), ("责任人", i.owner), ("责任领导", i.leader),
        ) if value)
        doc.add_paragraph(who)
        _labelled(doc, "完成情况：", result.done.get(i.key) or "（未填写，请补充）")
        if i.key in result.own:
            grade, own = result.own[i.key]
            mine = "，".join(x for x in (grade, f"{_num(own, places)} 分" if own is not None else "") if x) or "（未填）"
            _labelled(doc, "自评等次与得分：", mine)
            _labelled(doc, "核定等次与得分：", _grade_and_score(row, places))
        else:
            _labelled(doc, "自评等次与得分：", _grade_and_score(row, places))
        if row.lost > 0:
            _labelled(doc, "扣分原因：", f"失分 {_num(row.lost, places)} 分。{i.reason or '（未填写，请补充）'}")
        evidence = result.evidence.get(i.key, [])
        _labelled(doc, "佐证材料：", "" if evidence else "（未列出，请补充）")
        for item in evidence:
            doc.add_paragraph(item, style="List Bullet")  # List Number would count on across indicators


def _grade_and_score(row: ScoredRow, places: int) -> str:
    grade = row.indicator.grade
    text = f"{grade}，{_num(row.score, places)} 分" if grade else f"{_num(row.score, places)} 分"
    if row.default_used:
        text += "（只评定等次，按默认比例计分）"
    return text


def _improvement(doc: Document, result: ReportResult, places: int, number: str) -> None:
    doc.add_heading(f"{number}、存在问题与整改措施", level=1)
    improvement = result.improvement
    if improvement is not None:
        _shortfalls(doc, improvement, places)
    lost = [r for r in result.score.rows if r.lost > 0]
    doc.add_heading("自评失分指标", level=2)
    if not lost:
        doc.add_paragraph("各项指标自评均未失分。")
        return
    doc.add_paragraph(f"自评失分的指标 {len(lost)} 项，合计失分 {_num(sum((r.lost for r in lost), Decimal(0)), places)} 分：")
    _table(doc, ["指标", "责任科室", "失分", "扣分原因"],
           [[r.indicator.name, r.indicator.department, _num(r.lost, places), r.indicator.reason] for r in lost],
           [5.2, 2.4, 1.6, 6.4])


def _shortfalls(doc: Document, improvement: Improvement, places: int) -> None:
    doc.add_heading("市绩效办核定低于自评的指标", level=2)
    if not improvement.shortfalls:
        doc.add_paragraph("市绩效办核定的得分均不低于自评得分。")
        return
    doc.add_paragraph(
        f"市绩效办核定 {len(improvement.shortfalls)} 项指标低于自评，合计少 {_num(improvement.gap, places)} 分"
        f"（比较的指标自评 {_num(improvement.self_total, places)} 分，核定 {_num(improvement.assessed_total, places)} 分）。"
        "整改措施见 整改措施.xlsx。"
    )
    _table(doc, ["指标", "责任科室", "类别", "自评", "核定", "差额", "原因"], [
        [s.indicator.name, s.indicator.department, s.indicator.category, _num(s.self_score, places),
         _num(s.assessed_score, places), _num(s.gap, places), s.reason]
        for s in improvement.shortfalls
    ], [3.4, 2.2, 1.9, 1.5, 1.5, 1.5, 3.6])
    _table(doc, ["责任科室", "低于自评（分）"], [[d or "（未填科室）", _num(v, places)] for d, v in improvement.by_department.items()])
    _table(doc, ["类别", "低于自评（分）"], [[c, _num(v, places)] for c, v in improvement.by_category.items()])


def _appendix(doc: Document, result: ReportResult, places: int, number: str) -> None:
    basis = _basis(result)
    doc.add_heading(f"附录　指标{basis}汇总表", level=1)
    rows = [
        [r.indicator.id or position, r.indicator.category, r.indicator.name,
         plain(r.indicator.points) if r.indicator.points is not None else "", r.indicator.grade or "",
         _num(r.score, places), r.indicator.department]
        for position, r in enumerate(result.score.rows, start=1)
    ]
    rows.append(["", "合计", "", plain(result.score.max), result.score.level, _num(result.score.total, places), ""])
    _table(doc, ["序号", "类别", "指标名称", "分值", f"{basis}等次", f"{basis}得分", "责任科室"], rows,
           [1.3, 1.9, 4.4, 1.3, 2.1, 2.1, 2.5])
