"""Deterministic benchmark workbooks: ballots (测评) of 10k/100k/1M rows, indicators (指标) of 10k rows.

    python benchmarks/generate.py                 # the default set, made only when missing
    python benchmarks/generate.py --sizes 10k,1m  # some of them
    python benchmarks/generate.py --force         # remake them

Files go to benchmarks/data/ (git-ignored) and are made again only when missing: the same
seed gives the same cells, so a cached file is the file. The sheets look like a unit's own
forms (SPEC §4): a merged title row above the header, Chinese headers, numbers as numbers.

Ballots (`ratings-<size>.xlsx`, sheet 测评, no 人员 roster sheet unless --roster): 工号 ·
被测评人 · 科室 · 测评人 · 测评人类别 · 德 能 勤 绩 廉 (within 10/20/30/30/10) · 备注
(mostly blank). Each ratee has 10-20 ballots from colleagues of the same department (a
department's first three members are its 领导); a 1M-row file holds about 66k ratees.

Indicators (`indicators-<size>.xlsx`, sheet 指标): 序号 · 类别 (规定指标/自选指标) ·
指标名称 · 分值 (whole points 1-10) · 评分标准 · 责任科室 · 责任人 · 责任领导 · 完成等次 ·
得分 · 得分率 · 扣分原因 · 个人原因 · 备注, every grade and score inside the policy bands.
10k indicators cannot add up to 600 points in whole points, so the file comes with a policy
`indicators-<size>.toml` whose `unit.total` is the sum (SPEC §3 makes the total policy);
pass it with `--policy`.

The xlsx is written directly as sheet XML with a shared-string table, the way Excel saves
it (openpyxl's write_only mode is kept as `--writer openpyxl` for comparison: it is about
five times slower, which is minutes at 1M rows).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import zipfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
# JXKH_BENCH_DATA: another folder (the smoke test makes its small workbooks in a temporary one).
DATA = Path(os.environ.get("JXKH_BENCH_DATA") or HERE / "data")
SEED = 20150101

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
RATING_SHEET = "测评"
INDICATOR_SHEET = "指标"
ROSTER_SHEET = "人员"
RATING_HEADERS = ["工号", "被测评人", "科室", "测评人", "测评人类别", "德", "能", "勤", "绩", "廉", "备注"]
DIMENSIONS = [("德", 10), ("能", 20), ("勤", 30), ("绩", 30), ("廉", 10)]
INDICATOR_HEADERS = [
    "序号", "类别", "指标名称", "分值", "评分标准", "责任科室", "责任人", "责任领导",
    "完成等次", "得分", "得分率", "扣分原因", "个人原因", "备注",
]
ROSTER_HEADERS = ["工号", "姓名", "科室", "岗位系数", "在岗月数", "上年度考核等次", "违纪违法"]

# Invented names only. The surnames of the people named in the seed (郑 朱 简 廖 陈 余 欧)
# are left out, so no generated name can be one of theirs.
SURNAMES = (
    "王李张刘杨黄赵吴周徐孙马胡林何高罗梁宋谢唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎潘杜戴"
    "夏钟汪田任姜范方石姚谭金陆汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华文辉建国志红玉兰海波宁云飞凤龙鹏晨佳俊雪琴欣怡"
    "宇浩然博思远诗涵晓东春秋冬梅竹松岩峰泉溪源"
)
AGENCIES = [
    "发改委", "教育局", "科技局", "工信局", "民政局", "司法局", "财政局", "人社局", "自然资源局", "生态环境局",
    "住建局", "交通局", "水利局", "农业农村局", "商务局", "文旅局", "卫健委", "退役军人局", "应急局", "审计局",
    "市场监管局", "统计局", "医保局", "林业局", "城管局", "信访局", "工商联", "总工会", "团市委", "妇联",
]
OFFICES = ["办公室", "综合科", "政策法规科", "计划财务科", "人事科", "业务一科", "业务二科", "监督科", "信息中心"]
CRITERIA = [
    "按时完成得满分，每延误一周扣该项分值的10%", "完成年度目标任务得满分，未完成的按比例扣分",
    "材料报送及时准确，迟报漏报一次扣该项分值的20%", "群众满意度达到90%以上得满分，每低1个百分点扣5%",
    "制度健全、执行到位得满分，发现问题一处扣10%", "按上级考核排名计分，前三名得满分",
]
REASONS = ["材料报送迟延", "部分任务未按期完成", "台账资料不完整", "督查发现问题未及时整改", "满意度未达目标"]
FULL_WIDTH_NOTE = ["", "", "", "", "", "", "", "", "", "补录", "代填", "纸质票录入"]


def size_label(rows: int) -> str:
    for label, n in SIZES.items():
        if n == rows:
            return label
    return f"{rows // 1000}k" if rows % 1000 == 0 else str(rows)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    if text in SIZES:
        return SIZES[text]
    if text.endswith("k"):
        return int(float(text[:-1]) * 1_000)
    if text.endswith("m"):
        return int(float(text[:-1]) * 1_000_000)
    return int(text)


# --- people -------------------------------------------------------------------------------


class Names:
    """Unique invented names in a scrambled but fixed order (an affine permutation of all combinations)."""

    def __init__(self) -> None:
        self.count = len(SURNAMES) * len(GIVEN) * len(GIVEN)
        self.step = 7919  # prime, coprime with count
        assert self.count % self.step

    def __getitem__(self, i: int) -> str:
        j = (i * self.step + 12345) % self.count
        s, rest = divmod(j, len(GIVEN) * len(GIVEN))
        a, b = divmod(rest, len(GIVEN))
        return SURNAMES[s] + GIVEN[a] + GIVEN[b]


def departments() -> Iterator[str]:
    """Endless department names: every agency's offices, then the agencies' second seats (二处…)."""
    round_ = 0
    while True:
        for agency in AGENCIES:
            for office in OFFICES:
                yield f"{agency}{office}" if round_ == 0 else f"{agency}{office}{round_ + 1}"
        round_ += 1


def rating_rows(n_rows: int, seed: int = SEED) -> tuple[Iterator[list[Any]], list[list[Any]]]:
    """The ballot rows (an iterator, so 1M rows never sit in memory) and the roster they imply.

    The roster fills while the rows are consumed.
    """
    rng = random.Random(seed)
    names = Names()
    roster: list[list[Any]] = []

    def rows() -> Iterator[list[Any]]:
        left = n_rows
        person = 0
        for dept in departments():
            size = rng.randint(24, 60)
            members = list(range(person, person + size))
            person += size
            for m, who in enumerate(members):
                if left <= 0:
                    return
                code = f"G{who + 1:06d}"
                name = names[who]
                quality = min(1.0, max(0.45, rng.gauss(0.84, 0.08)))
                roster.append([
                    code, name, dept, rng.choice((1, 1, 1, 1.2, 1.5, 0.8)), rng.choice((12,) * 9 + (6, 9, 10)),
                    rng.choice(("优秀", "良好", "合格", "合格")), "否",
                ])
                count = min(left, rng.randint(10, 20))
                left -= count
                raters = rng.sample([x for x in members if x != who], count)
                for rater in raters:
                    group = "领导" if rater - members[0] < 3 else "同事"
                    scores = []
                    for _, top in DIMENSIONS:
                        value = top * min(1.0, max(0.0, rng.gauss(quality, 0.06)))
                        # Most ballots give whole points; some halves, as paper forms allow.
                        value = round(value * 2) / 2 if rng.random() < 0.1 else float(round(value))
                        scores.append(int(value) if value.is_integer() else value)
                    note = rng.choice(FULL_WIDTH_NOTE)
                    yield [code, name, dept, names[rater], group, *scores, note]

    return rows(), roster


def indicator_rows(n_rows: int, seed: int = SEED) -> tuple[list[list[Any]], Decimal]:
    """Indicator rows whose grades and scores lie inside the default bands, and their points' sum."""
    rng = random.Random(seed + 1)
    names = Names()
    rows = []
    total = Decimal(0)
    depts = departments()
    dept_people: list[tuple[str, str, str]] = []
    for i in range(max(1, n_rows // 25)):
        dept = next(depts)
        dept_people.append((dept, names[200_000 + 2 * i], names[200_001 + 2 * i]))
    for i in range(n_rows):
        category = "规定指标" if rng.random() < 0.8 else "自选指标"
        points = rng.choice((1, 2, 2, 3, 3, 4, 5, 5, 6, 8, 10))
        total += points
        dept, owner, leader = dept_people[i % len(dept_people)]
        grade = rng.choices(("好", "良好", "一般", "差"), weights=(55, 30, 12, 3))[0]
        low, high = {"好": (100, 100), "良好": (80, 100), "一般": (60, 80), "差": (0, 0)}[grade]
        percent = Decimal(rng.randint(low, high))
        score = (Decimal(points) * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        # Most rows give 得分; some give 得分率 instead (as "85%" text, the way clerks type it).
        how = rng.random()
        score_cell: Any = ""
        ratio_cell: Any = ""
        if how < 0.85:
            score_cell = int(score) if score == score.to_integral_value() else float(score)
        else:
            ratio_cell = f"{percent}%"
        lost = points - score
        reason = rng.choice(REASONS) if lost > 0 else ""
        personal = ("是" if rng.random() < 0.3 else "否") if lost > 0 else ""
        rows.append([
            i + 1, category, f"{dept}年度重点工作任务第{i + 1}项", points, rng.choice(CRITERIA), dept, owner, leader,
            grade, score_cell, ratio_cell, reason, personal, "",
        ])
    return rows, total


# --- writing --------------------------------------------------------------------------------


def _member(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed date, so the same seed gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2015, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _col(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class XlsxWriter:
    """A minimal xlsx writer: sheets streamed straight into the zip, strings in a shared table."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.strings: dict[str, int] = {}
        self.sheets: list[str] = []

    def sheet(self, name: str, rows: Iterator[list[Any]] | list[list[Any]], *, title: str, width: int) -> int:
        """Write a sheet: a title row merged across `width` columns, then `rows`. Returns rows written."""
        self.sheets.append(name)
        cols = [_col(c) for c in range(width)]
        strings = self.strings
        n = 0
        with self.zip.open(_member(f"xl/worksheets/sheet{len(self.sheets)}.xml"), "w", force_zip64=True) as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" '
                b'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'
            )
            buf: list[str] = []
            for r, row in enumerate(_with_title(title, rows), start=1):
                parts = [f'<row r="{r}">']
                for c, value in enumerate(row):
                    if value is None or value == "":
                        continue
                    ref = f"{cols[c]}{r}"
                    if isinstance(value, str):
                        index = strings.get(value)
                        if index is None:
                            index = strings[value] = len(strings)
                        parts.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                    else:
                        parts.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                parts.append("</row>")
                buf.append("".join(parts))
                n += 1
                if len(buf) >= 4096:
                    out.write("".join(buf).encode())
                    buf.clear()
            out.write("".join(buf).encode())
            out.write(f'</sheetData><mergeCells count="1"><mergeCell ref="A1:{cols[-1]}1"/></mergeCells>'.encode())
            out.write(b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
        return n - 1

    def close(self) -> None:
        z = self.zip
        n = len(self.sheets)
        z.writestr(_member("[Content_Types].xml"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ))
        z.writestr(_member("_rels/.rels"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ))
        z.writestr(_member("xl/workbook.xml"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(s)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self.sheets, 1))
            + "</sheets></workbook>"
        ))
        z.writestr(_member("xl/_rels/workbook.xml.rels"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, n + 1)
            )
            + f'<Relationship Id="rId{n + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{n + 2}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ))
        z.writestr(_member("xl/styles.xml"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ))
        with z.open(_member("xl/sharedStrings.xml"), "w", force_zip64=True) as out:
            out.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{len(self.strings)}" uniqueCount="{len(self.strings)}">'.encode()
            )
            buf = []
            for s in self.strings:  # dicts keep insertion order: index order
                buf.append(f"<si><t>{escape(s)}</t></si>")
                if len(buf) >= 4096:
                    out.write("".join(buf).encode())
                    buf.clear()
            out.write(("".join(buf) + "</sst>").encode())
        z.close()


def _with_title(title: str, rows: Iterator[list[Any]] | list[list[Any]]) -> Iterator[list[Any]]:
    yield [title]
    yield from rows


def _write_openpyxl(path: Path, sheets: list[tuple[str, Any, str, list[str]]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows, title, headers in sheets:
        ws = wb.create_sheet(name)
        # write_only sheets cannot merge cells: the title row is left unmerged here.
        ws.append([title])
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(path)


def write_workbook(path: Path, sheets: list[tuple[str, Any, str, list[str]]], writer: str = "xml") -> None:
    """Write [(sheet, rows, title, headers)] to `path` atomically (a temporary name, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    if writer == "openpyxl":
        _write_openpyxl(tmp, [(n, _headed(h, r), t, h) for n, r, t, h in sheets])
    else:
        out = XlsxWriter(tmp)
        for name, rows, title, headers in sheets:
            out.sheet(name, _headed(headers, rows), title=title, width=len(headers))
        out.close()
    tmp.replace(path)


def _headed(headers: list[str], rows: Any) -> Iterator[list[Any]]:
    yield headers
    yield from rows


# --- the files ------------------------------------------------------------------------------


def ratings_path(rows: int, *, roster: bool = False) -> Path:
    return DATA / f"ratings-{size_label(rows)}{'-roster' if roster else ''}.xlsx"


def indicators_path(rows: int) -> Path:
    return DATA / f"indicators-{size_label(rows)}.xlsx"


def indicators_policy_path(rows: int) -> Path:
    return DATA / f"indicators-{size_label(rows)}.toml"


def make_ratings(rows: int, *, roster: bool = False, force: bool = False, writer: str = "xml") -> Path:
    path = ratings_path(rows, roster=roster)
    if path.exists() and not force:
        return path
    ballots, people = rating_rows(rows)
    title = "2015年度干部职工绩效考评民主测评汇总表"
    sheets: list[tuple[str, Any, str, list[str]]] = [(RATING_SHEET, ballots, title, RATING_HEADERS)]
    if roster:
        # The roster sheet is written after the ballots, once the iterator has named everyone.
        sheets.append((ROSTER_SHEET, _Deferred(people), "2015年度干部职工花名册", ROSTER_HEADERS))
    write_workbook(path, sheets, writer)
    return path


class _Deferred:
    """Iterates a list only when asked, so it can be filled by an earlier sheet's rows."""

    def __init__(self, items: list[list[Any]]):
        self.items = items

    def __iter__(self) -> Iterator[list[Any]]:
        return iter(self.items)


# --- one sheet per rater (issue #9) ----------------------------------------------------------

# A unit's staff rated by its raters, each on a ballot form of their own: 300k ballots are 600
# forms of 500 people. The same ballots are written twice: one sheet per rater (第1票 …) and
# one long sheet (with 测评人 and 测评人类别 columns), so the two layouts' times compare.
LAYOUT_RATEES = 500
FORM_HEADERS = ["序号", "工号", "被测评人", "科室", "德（10分）", "能（20分）", "勤（30分）", "绩（30分）", "廉（10分）"]


def layout_paths(rows: int) -> tuple[Path, Path]:
    label = size_label(rows)
    return DATA / f"layout-{label}-long.xlsx", DATA / f"layout-{label}-per-rater.xlsx"


def per_rater_ballots(rows: int, seed: int = SEED) -> tuple[list[tuple[str, str, str]], list[list[list[Any]]]]:
    """The ratees (工号, name, 科室) and, per rater, their ballot rows' scores (rows // 500 raters)."""
    rng = random.Random(seed + 2)
    names = Names()
    depts = departments()
    ratees = []
    dept = next(depts)
    for i in range(LAYOUT_RATEES):
        if i % 25 == 0:
            dept = next(depts)
        ratees.append((f"G{i + 1:06d}", names[i], dept))
    quality = [min(1.0, max(0.45, rng.gauss(0.84, 0.08))) for _ in ratees]
    forms = []
    for _ in range(max(1, rows // LAYOUT_RATEES)):
        form = []
        for q in quality:
            scores = []
            for _, top in DIMENSIONS:
                value = top * min(1.0, max(0.0, rng.gauss(q, 0.06)))
                value = round(value * 2) / 2 if rng.random() < 0.1 else float(round(value))
                scores.append(int(value) if value.is_integer() else value)
            form.append(scores)
        forms.append(form)
    return ratees, forms


def make_layouts(rows: int, *, force: bool = False) -> tuple[Path, Path]:
    """The same ballots as one long 测评 sheet and as one sheet per rater (第1票 …)."""
    long_path, sheets_path = layout_paths(rows)
    if long_path.exists() and sheets_path.exists() and not force:
        return long_path, sheets_path
    ratees, forms = per_rater_ballots(rows)
    group = lambda j: "领导" if j <= 3 else "同事"  # noqa: E731

    def long_rows() -> Iterator[list[Any]]:
        for j, form in enumerate(forms, 1):
            for (code, name, dept), scores in zip(ratees, form):
                yield [code, name, dept, f"第{j}票", group(j), *scores, ""]

    title = "2015年度干部职工绩效考评民主测评汇总表"
    write_workbook(long_path, [(RATING_SHEET, long_rows(), title, RATING_HEADERS)])
    long_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = sheets_path.with_name(sheets_path.name + ".part")
    out = XlsxWriter(tmp)
    for j, form in enumerate(forms, 1):
        rows_ = [[f"测评人类别：{group(j)}"], FORM_HEADERS]
        rows_ += [[i + 1, code, name, dept, *scores] for i, ((code, name, dept), scores) in enumerate(zip(ratees, form))]
        out.sheet(f"第{j}票", rows_, title="2015年度干部职工民主测评票", width=len(FORM_HEADERS))
    out.close()
    tmp.replace(sheets_path)
    return long_path, sheets_path


# Strict OOXML (ISO/IEC 29500 strict, as Excel's "Strict Open XML" saves): the same parts under
# other namespaces. jxkh's sheet-XML scan matches names by their local part, so it must read
# this as it reads the transitional file (issue 14 keeps it within the targets).
TRANSITIONAL_NAMESPACES = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_path(rows: int) -> Path:
    return DATA / f"ratings-{size_label(rows)}-strict.xlsx"


def make_strict(rows: int, *, force: bool = False) -> Path:
    """`ratings-<size>.xlsx` saved as strict OOXML: every part's namespaces and relationship types."""
    path = strict_path(rows)
    if path.exists() and not force:
        return path
    source = make_ratings(rows)
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            for transitional, strict in TRANSITIONAL_NAMESPACES.items():
                data = data.replace(transitional, strict)
            new.writestr(_member(info.filename), data)
    tmp.replace(path)
    return path


def make_indicators(rows: int, *, force: bool = False, writer: str = "xml") -> Path:
    path = indicators_path(rows)
    policy = indicators_policy_path(rows)
    if path.exists() and policy.exists() and not force:
        return path
    data, total = indicator_rows(rows)
    write_workbook(path, [(INDICATOR_SHEET, data, "2015年度履职情况考核评分表", INDICATOR_HEADERS)], writer)
    policy.write_text(
        "# Benchmark policy: the built-in one, with unit.total the sum of the generated 分值.\n"
        f"[unit]\ntotal = {total}\n",
        encoding="utf-8",
    )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="ballot workbooks to make (10k,100k,1m or a number)")
    parser.add_argument("--indicators", default="10k", help="indicator workbooks to make ('' for none)")
    parser.add_argument("--roster", action="store_true", help="also make ratings-<size>-roster.xlsx with a 人员 sheet")
    parser.add_argument("--layouts", default="", help="per-rater layout pairs to make (e.g. 300k; '' for none)")
    parser.add_argument("--strict", default="", help="strict-OOXML copies of these ballot sizes (e.g. 100k)")
    parser.add_argument("--force", action="store_true", help="remake files that exist")
    parser.add_argument("--writer", choices=("xml", "openpyxl"), default="xml")
    args = parser.parse_args(argv)
    for size in filter(None, args.sizes.split(",")):
        rows = parse_size(size)
        for roster in (False, True) if args.roster else (False,):
            path = ratings_path(rows, roster=roster)
            started = time.perf_counter()
            fresh = args.force or not path.exists()
            make_ratings(rows, roster=roster, force=args.force, writer=args.writer)
            _report(path, started, fresh)
    for size in filter(None, args.layouts.split(",")):
        rows = parse_size(size)
        started = time.perf_counter()
        fresh = args.force or not all(p.exists() for p in layout_paths(rows))
        for path in make_layouts(rows, force=args.force):
            _report(path, started, fresh)
    for size in filter(None, args.strict.split(",")):
        rows = parse_size(size)
        path = strict_path(rows)
        started = time.perf_counter()
        fresh = args.force or not path.exists()
        make_strict(rows, force=args.force)
        _report(path, started, fresh)
    for size in filter(None, args.indicators.split(",")):
        rows = parse_size(size)
        path = indicators_path(rows)
        started = time.perf_counter()
        fresh = args.force or not path.exists()
        make_indicators(rows, force=args.force, writer=args.writer)
        _report(path, started, fresh)
    return 0


def _report(path: Path, started: float, fresh: bool) -> None:
    what = f"made in {time.perf_counter() - started:.1f} s" if fresh else "cached"
    shown = path.relative_to(HERE.parent) if path.is_relative_to(HERE.parent) else path
    print(f"{shown}  {path.stat().st_size / 1e6:.1f} MB  {what}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
