"""`jxkh init --preset NAME`: a complete, commented jxkh.toml for a unit's own rule book.

岩联2015 is the seed plan (`policy.DEFAULT_TOML`, what `jxkh init` writes without a preset).
The others change the staff grades, the 优秀 quota and the rules around them; the unit
indicators, accountability and file limits stay the seed plan's (marked so). Every value
says where it comes from; one with no source is marked [工具默认] for the unit to decide.

An article is cited only where its number was checked against the text (the issue's own
citations of 人社部发〔2023〕6号; for 中组发〔2007〕2号 第六条, 第二十五条 and 第二十七条, public
copies of the text); a rule whose wording is known but whose article number was not checked
says [条款号待核], never a guessed number.
"""

from __future__ import annotations

from dataclasses import dataclass

from .policy import DEFAULT_TOML

DEFAULT_PRESET = "岩联2015"


@dataclass(frozen=True)
class _Preset:
    source: str  # the rule book, as the header cites it
    title: str
    grades: tuple[tuple[str, int, str], ...]  # (grade, cut-off, comment)
    grades_note: str  # where the grade names come from
    quota: str  # the [staff] quota lines
    quota_by_level: str  # the [staff.quota_by_level] table, or ""
    bonus: str  # what the rule book calls a grade (等次, 档次), for the [bonus] comments
    status_source: str  # who says what about 试用期, 病事假, 立案审查
    violation: str  # the comment on 违纪违法


_CIVIL_GRADES = (("优秀", 90, "[工具默认] 分数线"), ("称职", 75, "[工具默认]"), ("基本称职", 60, "[工具默认]"), ("不称职", 0, "最低等次"))
# 公务员 测评票 often tick one box per name: how to switch a preset to them (votes need no dimensions).
_CIVIL_VOTES = """\
# 打勾测评票（每人在 优秀/称职/基本称职/不称职 中勾一项）：取消下面 6 行的注释，并删除 [staff.dimensions] 表；
# jxkh template ratings 随后生成可打印的测评票。各选项分值 [工具默认]（常见做法：Σ票数 × 分值 ÷ 有效票数）。
# method = "votes"
# [staff.votes]
# "优秀" = 100
# "称职" = 80
# "基本称职" = 60
# "不称职" = 40
"""



def _bonus(grades: tuple[tuple[str, int, str], ...], word: str) -> str:
    """The [bonus] section over a preset's grades: awarded to the top two, taken from the bottom two."""
    top, second, third, floor = (g for g, _, _ in grades)
    award = _pad(f'award_to = ["{top}", "{second}"]')
    return f"""\
[bonus]                                 # 扣差补优法（岩联2015方案）；{word}按本规定
base = "coefficient"                    # [工具默认] 基数 ∝ 岗位系数 × 在岗月数/12；equal 平均
{award}# [工具默认] 扣减金额补给第一个有人的{word}
award_split = "base"                    # [工具默认]
unit = 0.01                             # [工具默认] 金额精确到分
deduct_ungraded = 0                     # [工具默认] 不定等次、暂缓人员扣减基数的比例

[bonus.deduct]                          # [工具默认] 各{word}扣减基数的比例
"{third}" = 0.2
"{floor}" = 1.0
"""

PRESETS: dict[str, _Preset] = {
    "事业单位2023": _Preset(
        source="《事业单位工作人员考核规定》（人社部发〔2023〕6号）",
        title="2023年度事业单位工作人员年度考核",
        grades=(("优秀", 90, "[工具默认] 分数线（第十条只规定档次名称）"), ("合格", 70, "[工具默认]"),
                ("基本合格", 60, "[工具默认]"), ("不合格", 0, "最低档次")),
        grades_note="第十条：年度考核结果分为优秀、合格、基本合格和不合格四个档次",
        quota="""\
excellent_quota = 0.2                   # 第十五条：优秀一般不超过应参加年度考核的工作人员总人数的20%
quota = "apply"                         # 按最终得分确定优秀名单；边界同分由人员表“优秀确认”列决定
quota_base = "all"                      # 第十五条：基数为应参加年度考核的工作人员总人数
quota_rounding = "floor"                # “不超过”：向下取整
publicize_excellent = true              # 第十七条：优秀人选在本单位公示，公示期不少于5个工作日
# quota_pools = "岗位类别"              # [工具默认] 按人员表该列分别计算优秀名额（默认全单位一个名额）
""",
        quota_by_level="""\
[staff.quota_by_level]                  # 第十五条：单位被评为优秀或集体记功的可提高到25%，不合格或被问责的降到15%
"好" = 0.25                             # [工具默认] 以单位指标等次“好”对应单位优秀
"良好" = 0.2
"一般" = 0.2
"差" = 0.15                             # [工具默认] 以单位指标等次“差”对应单位不合格
""",
        bonus="档次",
        status_source="第三十七条（试用期、入职不满半年）、第四十一条（病事假超过半年）、第四十二条（立案审查调查）",
        violation="[工具默认] 违纪违法评为最低档次（第四十四条：无正当理由不参加年度考核的，直接确定为不合格）",
    ),
    "公务员2007": _Preset(
        source="《公务员考核规定（试行）》（中组发〔2007〕2号）",
        title="年度公务员考核",
        grades=_CIVIL_GRADES,
        grades_note="第六条：年度考核的结果分为优秀、称职、基本称职和不称职四个等次",
        quota="""\
excellent_quota = 0.15                  # 优秀等次人数一般掌握在本机关参加年度考核的公务员总人数的15%以内，最多不超过20%（[条款号待核]）
quota = "apply"                         # 按最终得分确定优秀名单；边界同分由人员表“优秀确认”列决定
quota_base = "all"                      # 基数为参加年度考核的公务员总人数
quota_rounding = "floor"                # “以内”：向下取整
publicize_excellent = false             # [工具默认] true：另附“优秀公示”表
# quota_pools = "职务层次"              # [工具默认] 按人员表该列分别计算优秀名额（默认全机关一个名额）
""" + _CIVIL_VOTES,
        quota_by_level="",
        bonus="等次",
        status_source=("第二十五条：受警告处分的当年不得确定为优秀等次；受记过、记大过、降级、撤职处分的期间只写评语，"
                       "不定等次（与下面 [status.sanctions] 一致）。试用期、病事假、立案审查：[工具默认] 沿用《事业单位工作人员"
                       "考核规定》第三十七、四十一、四十二条的做法，请对照本机关规定核实"),
        violation="[工具默认] 违纪违法评为不称职（第二十七条：无正当理由不参加年度考核、经教育仍拒绝参加的，直接确定为不称职）",
    ),
    "公务员2020": _Preset(
        source="《公务员考核规定》（2020年12月中共中央组织部印发）",
        title="年度公务员考核",
        grades=_CIVIL_GRADES,
        grades_note="年度考核的结果分为优秀、称职、基本称职和不称职四个等次（[条款号待核]）",
        quota="""\
excellent_quota = 0.2                   # 优秀等次人数一般不超过本机关参加年度考核的公务员总人数的20%（[条款号待核]）
quota = "apply"                         # 按最终得分确定优秀名单；边界同分由人员表“优秀确认”列决定
quota_base = "all"                      # 基数为参加年度考核的公务员总人数
quota_rounding = "floor"                # “不超过”：向下取整
publicize_excellent = false             # [工具默认] true：另附“优秀公示”表
# quota_pools = "职务层次"              # [工具默认] 按人员表该列分别计算优秀名额（默认全机关一个名额）
""" + _CIVIL_VOTES,
        quota_by_level="",
        bonus="等次",
        status_source="新录用公务员试用期内、病事假累计超过半年的不确定等次，立案审查调查尚未结案的暂缓确定等次（[条款号待核]）",
        violation="[工具默认] 违纪违法评为不称职",
    ),
}

PRESET_NAMES = (DEFAULT_PRESET, *PRESETS)
# Names to type on a keyboard without a Chinese input method.
ALIASES = {"yanlian2015": "岩联2015", "shiye2023": "事业单位2023", "gwy2007": "公务员2007", "gwy2020": "公务员2020"}


def preset_name(name: str) -> str | None:
    """The preset a typed name means (its Chinese name or ASCII alias, any case); None when none."""
    if name in PRESET_NAMES:
        return name
    return ALIASES.get(name.strip().lower())


def preset_toml(name: str) -> str:
    """The policy text of a preset (岩联2015: `DEFAULT_TOML`). KeyError for an unknown name."""
    if name == DEFAULT_PRESET:
        return DEFAULT_TOML
    p = PRESETS[name]
    unit = _between(DEFAULT_TOML, "[unit]\n", "[staff]\n")
    dimensions = _between(DEFAULT_TOML, "[staff.dimensions]", "[staff.cutoffs]")
    accountability = _between(DEFAULT_TOML, "[accountability]", "[bonus]")
    ledger = _between(DEFAULT_TOML, "[ledger]", "[status]")
    validity = _between(DEFAULT_TOML, "[validity]", "[limits]")
    limits = DEFAULT_TOML[DEFAULT_TOML.index("[limits]"):]
    sanctions = _between(DEFAULT_TOML, "[status.sanctions]", "[prior]")
    top, second, *_ = (g for g, _, _ in p.grades)
    cutoffs = "".join(f'{_pad(f"{chr(34)}{g}{chr(34)} = {c}")}# {note}\n' for g, c, note in p.grades)
    return f"""\
# jxkh 绩效管理政策文件 (policy)，预设：依据{p.source}。
# 单位指标评分、责任追究沿用《龙岩市工商联2015年绩效管理实施方案》（jxkh 的默认方案）。
# 标有 [工具默认] 的数值规定原文未给出，是本工具的默认值，请单位研究确定。
# Values marked [工具默认] are the tool's defaults, not figures from the rule book.

{_pad(f'title = "{p.title}"')}# [工具默认] 输出标题与公示标题
# year = 2023                           # 考核年度（处分年度、入职日期据此判断；默认取 title 中的年份）
precision = 2                           # [工具默认] 分数保留小数位
rounding = "half_up"                    # [工具默认] 四舍五入 (half_up) 或 half_even

{unit}[staff]
aggregate = "mean"                      # [工具默认] mean 平均；trimmed 去掉一个最高分和一个最低分
trim_min_ballots = 5                    # [工具默认] 去高去低所需的最少票数
suspect_ballots = "count"               # [工具默认] 可疑测评票 count 照常计入（提示）或 exclude 剔除
{p.quota}
{dimensions.replace("# 德10分，能20分，勤30分，绩30分，廉10分", "# 德、能、勤、绩、廉；[工具默认] 各项分值")}\
[staff.cutoffs]                         # {p.grades_note}
{cutoffs}
{p.quota_by_level}{"" if not p.quota_by_level else chr(10)}{accountability}{_bonus(p.grades, p.bonus)}
{ledger}[status]                                # 不定等次与处分：人员表的 处分/组织处理、处分年度、试用期、入职日期、病事假月数、立案审查 列
# 依据：{p.status_source}
# effect：cap 最高只能评到 grade（不填为{second}）；none 不定等次；pending 暂缓；force 评为 grade（不填为最低等次）
probation = {{ effect = "none" }}         # 试用期内、入职不满半年：不确定等次
new_hire_months = 6
leave = {{ effect = "none" }}             # 病假、事假累计超过半年：不确定等次
leave_months = 6
investigation = {{ effect = "pending" }}  # 立案审查调查尚未结案：暂缓，结案后再定
violation = {{ effect = "force" }}        # {p.violation}

{sanctions.replace("当年不得评为优秀", f"当年不得评为{top}")}[prior]                                 # 上年度考核等次
rule = "display"                        # [工具默认] display 仅显示；cap 按 caps 限制本年度最高等次；points 按 points 加减分
# [prior.caps]
# "不称职" = "称职"

{validity}{limits}"""


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


def _pad(text: str, width: int = 40) -> str:
    """A TOML line padded so its comment lines up (CJK characters are two columns wide)."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)
