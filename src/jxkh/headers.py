"""The one place for column names: each field's Chinese header, its aliases, and the sheet names.

Also the glossary: field names in code are the English words of SPEC §4, the first header
of each entry is the Chinese name used in templates and outputs. Headers are compared after
`cells.normalize`, so spaces, line breaks and full-width characters do not matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .cells import normalize, plain


@dataclass(frozen=True)
class Field:
    name: str  # field name in code and JSON
    headers: tuple[str, ...]  # first is the canonical Chinese header
    required: bool = False

    @property
    def label(self) -> str:
        return self.headers[0]


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


INDICATOR_SHEETS = ("指标", "考核评分表", "评分表", "indicators")
# Offices' own forms: a 自评表 carries the unit's 自评等次/自评得分, a 考核表 the assessors'
# 考核等次/核定得分 as well. The assessed columns are `grade`/`score`/`ratio`; the self-assessed
# ones are kept apart, and `indicators` takes the assessed value when there is one (issue #9).
INDICATOR_FIELDS = _fields(
    Field("id", ("序号", "编号", "id", "no")),
    Field("category", ("类别", "指标类别", "指标类型", "指标分类", "category")),
    Field("name", ("指标名称", "指标", "考核指标", "考核内容", "指标内容", "name", "indicator"), required=True),
    Field("points", ("分值", "标准分", "满分", "分值(分)", "标准分值", "points"), required=True),
    Field("criteria", ("评分标准", "考核标准", "考评标准", "criteria")),
    Field("department", ("责任科室", "科室", "责任部门", "牵头科室", "department")),
    Field("owner", ("责任人", "owner")),
    Field("leader", ("责任领导", "分管领导", "leader")),
    Field("grade", ("完成等次", "等次", "考核等次", "核定等次", "考核结果", "grade")),
    Field("score", ("得分", "实际得分", "核定得分", "考核得分", "得分(分)", "核定得分(分)", "考核得分(分)", "score")),
    Field("ratio", ("得分率", "得分比例", "核定得分率", "得分率(%)", "ratio")),
    Field("reason", ("扣分原因", "失分原因", "reason")),
    Field("personal_fault", ("个人原因", "是否个人原因", "personal_fault", "personalfault")),
    Field("note", ("备注", "note")),
    # Added after the scored columns so that forms made earlier keep their letters.
    Field("deadline", ("完成时限", "时限", "完成时间", "deadline")),  # 附件1 二.2 明确进度、质量和完成时限
    # 附件1 二.4 各指标完成情况、材料的收集: what the 自评报告 says was done and shows as evidence.
    # Narrative, never read as a grade (完成情况 once was, issue #9): kept in the output as typed.
    Field("summary", ("完成情况说明", "工作完成情况", "主要完成情况", "完成情况", "工作完成情况说明", "summary")),
    Field("evidence", ("佐证材料", "佐证", "证明材料", "evidence")),
    Field("self_grade", ("自评等次", "自评结果", "自评完成等次", "self_grade", "selfgrade")),
    Field("self_score", ("自评得分", "自评分", "自评分数", "自评得分(分)", "self_score", "selfscore")),
)
# Read from offices' own forms, never offered in jxkh's template (which has one 完成等次/得分).
FORM_ONLY_FIELDS = ("self_grade", "self_score")
SELF_FIELDS = {"self_grade": "grade", "self_score": "score"}  # 自评 column → the field it stands in for


RATING_SHEETS = ("测评", "民主测评", "测评表", "ballots", "ratings")
# Dimension columns come from the policy (德 能 勤 绩 廉); these are the fixed ones.
RATING_FIELDS = _fields(
    Field("id", ("工号", "编号", "id")),
    Field("name", ("被测评人", "姓名", "被考评人", "name", "ratee"), required=True),
    Field("department", ("科室", "部门", "所在科室", "department")),
    Field("rater", ("测评人", "评议人", "rater")),
    Field("rater_group", ("测评人类别", "测评人类型", "类别", "rater_group", "ratergroup")),
)

ROSTER_SHEETS = ("人员", "人员名单", "花名册", "roster", "staff")
# Sheets that hold no data of their own, known by a word of their name (填表说明, 汇总表,
# 2015年统计): instructions and covers, and summaries, which copy the other sheets (read too,
# they would count everything twice). One list for every workbook jxkh reads: such a sheet
# is named in a sheet-not-read notice. kind → words; the kind is the notice's reason.
NOT_DATA_SHEETS: dict[str, tuple[str, ...]] = {
    "explanation": ("说明", "目录", "封面", "instructions", "readme"),
    "summary": ("汇总", "统计", "合计", "summary"),
}


def not_data_sheet(name: str) -> str | None:
    """"explanation" or "summary" when the sheet's name says it holds no data of its own, else None."""
    key = normalize(name).lower()
    return next((kind for kind, words in NOT_DATA_SHEETS.items() if any(w in key for w in words)), None)

# Words of a line above a ballot form's header that hold for the whole sheet: 测评人类别：同事.
# The labels are the rater and rater-group headers of RATING_FIELDS, followed by a colon.
# Headers of a tick-box ballot (votes per grade), a layout jxkh refuses with one clear message.
TICK_BOX_WORDS = ("优秀", "称职", "基本称职", "不称职", "良好", "合格", "基本合格", "不合格")
ROSTER_FIELDS = _fields(
    Field("id", ("工号", "编号", "id")),
    Field("name", ("姓名", "name"), required=True),
    Field("department", ("科室", "部门", "所在科室", "department")),
    Field("coefficient", ("岗位系数", "系数", "coefficient")),
    Field("months", ("在岗月数", "月数", "months")),
    Field("prior_grade", ("上年度考核等次", "上年度等次", "上年考核等次", "prior_grade", "priorgrade")),
    Field("violation", ("违纪违法", "是否违纪违法", "violation")),
)

# The roster's columns for the grading rules (`[status]`, `staff.quota`): all optional, found
# by `standing.read_standings` among the roster's headers; not in the blank template.
RULE_FIELDS = _fields(
    Field("sanction", ("处分/组织处理", "处分", "组织处理", "处分或组织处理", "处分情况", "sanction")),
    Field("sanction_year", ("处分年度", "处分年份", "处分时间", "sanction_year", "sanctionyear")),
    Field("probation", ("试用期", "是否试用期", "probation")),
    Field("hired", ("入职日期", "入职时间", "到岗日期", "hired")),
    Field("leave_months", ("病事假月数", "病假事假月数", "病事假(月)", "leave_months", "leavemonths")),
    Field("investigation", ("立案审查", "立案审查调查", "是否立案审查", "investigation")),
    Field("confirm", ("优秀确认", "确认优秀", "confirm")),
)

# Grades that are not grades: 不确定档次 (2023 规定 §37 §41) and a grade set later (§42 立案审查).
UNGRADED, PENDING = "不定等次", "暂缓"

# The workspace: the files `jxkh init` writes and commands use when no file is named (SPEC §2).
INDICATORS_FILE, RATINGS_FILE, BONUS_FILE = "indicators.xlsx", "ratings.xlsx", "bonus.xlsx"
LEDGER_FILE, LEDGER_SUMMARY_FILE, ASSESSED_FILE = "台账.xlsx", "台账汇总.xlsx", "核定结果.xlsx"
DUTY_FILE, REPORT_FILE, MEASURES_FILE = "责任分解公示.xlsx", "自评报告.docx", "整改措施.xlsx"

# 目标工作台账 (附件1 二.3–4): one row per indicator per month. 月份 may instead be the sheet's
# name (one sheet per month), 科室 likewise (one sheet per 科室).
LEDGER_FIELDS = _fields(
    Field("month", ("月份", "月度", "填报月份", "month")),
    Field("department", ("责任科室", "科室", "责任部门", "department")),
    Field("category", ("类别", "指标类别", "category")),
    Field("id", ("序号", "指标序号", "编号", "id")),
    Field("name", ("指标名称", "指标", "考核指标", "name", "indicator")),
    Field("plan", ("本月计划", "本月工作计划", "plan")),
    Field("done", ("完成情况", "本月完成情况", "done")),
    Field("progress", ("进度（%）", "进度(%)", "进度", "完成进度", "进度%", "progress"), required=True),
    Field("issues", ("存在问题", "问题", "issues")),
    Field("next_plan", ("下月计划", "下月工作计划", "next_plan", "nextplan")),
    Field("evidence", ("佐证材料", "佐证", "evidence")),
    Field("reporter", ("填报人", "reporter")),
)

# The city office's returned assessment (市绩效办评估结果反馈, 附件1 二.5), matched by 序号/指标名称.
ASSESSED_FIELDS = _fields(
    Field("category", ("类别", "指标类别", "category")),
    Field("id", ("序号", "编号", "id")),
    Field("name", ("指标名称", "指标", "考核指标", "考核内容", "name", "indicator")),
    Field("points", ("分值", "标准分", "满分", "points")),
    Field("grade", ("核定等次", "考核等次", "评估等次", "完成等次", "等次", "assessed_grade")),
    Field("score", ("核定得分", "考核得分", "评估得分", "得分", "assessed_score", "score"), required=True),
    Field("reason", ("扣分原因", "失分原因", "核定意见", "评估意见", "reason")),
)

# The 说明 sheet every output carries (writer.add_explanation_sheet): how `provenance` knows
# a workbook jxkh wrote when it comes back as an input.
EXPLANATION_SHEET = "说明"
TOOL_LABEL = "生成工具"
INPUT_LABEL = "输入文件 {name}"  # its value: SHA-256：…

# Rows whose first non-blank text is one of these are totals, not data.
TOTAL_MARKERS = ("合计", "总计", "小计", "共计", "total", "subtotal")


def header_index(fields: dict[str, Field]) -> dict[str, str]:
    """Normalised header text → field name."""
    index: dict[str, str] = {}
    for field in fields.values():
        for header in field.headers:
            index.setdefault(_header_key(header), field.name)
    return index


@lru_cache(maxsize=1024)
def _header_key(header: str) -> str:
    """The words above are few and asked for once per sheet (600 forms per rater: 60,000 times)."""
    return normalize(header).lower()


def is_total_label(text: str) -> bool:
    """合计, 小计：, 总计(600分), Total — but not a 评分标准 like “共计开展12次以上得满分”: after the
    marker only punctuation, a number or a bracket may follow, never more words."""
    key = normalize(text).lower()
    for marker in TOTAL_MARKERS:
        if key.startswith(marker):
            rest = key[len(marker):]
            if not rest or rest[0] in _AFTER_TOTAL:
                return True
    return False


_AFTER_TOTAL = frozenset(":：(（[【<《-—=0123456789.")

# A printed form ends with who filled it in and who checked it: “填表人：张三  审核人：李四
# 联系电话：…”; a ballot form with “测评人签名：… 日期：…”. A row whose first text starts so ends
# the table (issue #9: it became an indicator row, or a ballot). 备注 and 日期 only with a colon:
# alone they are column headers.
FOOTER_MARKERS = ("填表人", "填报人", "审核人", "审核", "联系电话", "联系人", "制表人", "制表", "负责人", "单位负责人",
                  "主要负责人", "分管领导", "填表日期", "填报日期", "制表日期", "审核日期", "签字", "签名", "备注",
                  # a ballot form's foot: when it was filled in, who signed, counted and watched the count
                  "测评时间", "测评日期", "测评人签名", "测评人签字", "评议人签名", "计票人", "监票人", "唱票人", "日期", "时间")
_COLON_ONLY = frozenset(("备注", "日期", "时间"))  # alone these are column headers
_FOOTER_ALONE = frozenset(m for m in FOOTER_MARKERS if m not in _COLON_ONLY)  # a marker as the whole cell, name in the next
FOOTER_STARTS = frozenset(m[0] for m in FOOTER_MARKERS)


def is_footer_label(text: str) -> bool:
    """填表人：张三, 审核人: 李四, 制表 (the name in the next cell), 备注：… — not 制表工作 or 备注."""
    key = normalize(text)
    for marker in FOOTER_MARKERS:
        if key.startswith(marker):
            rest = key[len(marker):]
            if rest.startswith(":") or (not rest and marker in _FOOTER_ALONE):
                return True
    return False


# 类别 values (SPEC §4; 附件1 三.1 “规定指标”与“自选指标”相结合): canonical name → accepted spellings,
# compared after `normalize`. 加分项/扣分项 add to or take from the unit total outside `unit.total`.
MANDATED, SELF_CHOSEN, BONUS_ITEM, PENALTY_ITEM = "规定指标", "自选指标", "加分项", "扣分项"
CATEGORIES: dict[str, tuple[str, ...]] = {
    MANDATED: (MANDATED, "规定", "mandated", "required"),
    SELF_CHOSEN: (SELF_CHOSEN, "自选", "self-chosen", "selfchosen", "optional", "chosen"),
    BONUS_ITEM: (BONUS_ITEM, "加分", "加分指标", "bonus"),
    PENALTY_ITEM: (PENALTY_ITEM, "扣分", "扣分指标", "penalty"),
}


def dimension_fields(dimensions: dict[str, object]) -> dict[str, Field]:
    """One required column per policy dimension (德 能 勤 绩 廉), keyed `dim:<name>`.

    Printed forms often carry the maximum in the header: 德（10分）, 德10分, 德(10).
    """
    fields = {}
    for name, maximum in dimensions.items():
        top = plain(maximum)
        headers = (name, f"{name}分", f"{name}({top}分)", f"{name}({top})", f"{name}{top}分", f"{name}得分")
        fields[f"dim:{name}"] = Field(f"dim:{name}", headers, required=True)
    return fields


def vote_fields(votes: dict[str, object]) -> dict[str, Field]:
    """Tick-box ballots (`staff.method = "votes"`): one required column per box, keyed `vote:<name>`."""
    return {
        f"vote:{name}": Field(f"vote:{name}", (name, f"{name}票", f"投{name}", f"{name}(票)"), required=True)
        for name in votes
    }


# A tick in a box: √ ✓ ✔ ☑ 1 是 ○ ● v; an empty box: blank, 0, 否, 无, □.
VOTE_MARKS = frozenset({"√", "✓", "✔", "☑", "1", "是", "○", "●", "v", "y", "yes", "✅", "〇"})
VOTE_EMPTY = frozenset({"", "0", "否", "无", "□", "-", "—", "n", "no"})
