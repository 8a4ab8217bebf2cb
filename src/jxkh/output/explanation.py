"""The 说明 sheet every output ends with, as a page of Chinese: what was done, the tool and the
local time, each input's name and SHA-256, and every policy value with its meaning, in words
(四舍五入, 按岗位系数) and with its key in jxkh.toml for whoever wants to change it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..headers import EXPLANATION_SHEET as SHEET, INPUT_LABEL, TOOL_LABEL
from ..writer import fit_a4, sha256, write_table, write_title

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..policy import Policy

WIDTHS = (36, 48)  # one A4 portrait width at 10 pt: most items on one line, long texts wrap


def percent(value: Any) -> str:
    return f"{(Decimal(value) * 100).normalize():f}%"


def _number(value: Any) -> str:
    return f"{Decimal(value).normalize():f}"


def _each(unit: str = "", show: Callable[[Any], str] = _number) -> Callable[[dict[str, Any]], str]:
    return lambda values: "，".join(f"{k} {show(v)}{unit}" for k, v in values.items()) or "无"


def _optional(show: Callable[[Any], str], none: str = "不限") -> Callable[[Any], str]:
    return lambda value: none if value is None or value == "" else show(value)


def _text(value: str) -> str:
    return value.strip() or "（未设置）"


def _cutoffs(cutoffs: dict[str, Any]) -> str:
    items = list(cutoffs.items())
    parts = [f"{g} {_number(v)} 分以上" for g, v in items[:-1]]
    if len(items) > 1:
        parts.append(f"{items[-1][0]} {_number(items[-2][1])} 分以下")
    return "，".join(parts)


def _bands(bands: dict[str, Any]) -> str:
    return "，".join(f"{g} {percent(low)}" if low == high else f"{g} {percent(low)}–{percent(high)}"
                     for g, (low, high) in bands.items())


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


def _effect(effect: Any, policy: Policy) -> str:
    grades = policy.staff.grades
    said = {"cap": f"不得评为{grades[0]}" if effect.grade is None else f"最高评为{effect.grade}",
            "none": "不定等次", "pending": "暂缓确定等次",
            "force": f"定为{effect.grade or grades[-1]}"}[effect.effect]
    return said + (f"（当年起共 {effect.years} 年）" if effect.years > 1 else "")


def _status(status: Any, policy: Policy) -> str:
    by_effect: dict[str, list[str]] = {}
    for name, effect in status.sanctions.items():
        by_effect.setdefault(_effect(effect, policy), []).append(name)
    sanctions = "；".join(f"{'、'.join(names)} {said}" for said, names in by_effect.items()) or "无"
    year = f"{status.year} 年" if status.year else "取标题中的年度"
    return (f"处分：{sanctions}。试用期或本年度在本单位不满 {status.new_hire_months} 个月：{_effect(status.probation, policy)}。"
            f"病假、事假累计超过 {_number(status.leave_months)} 个月：{_effect(status.leave, policy)}。"
            f"立案审查调查未结：{_effect(status.investigation, policy)}。违纪违法：{_effect(status.violation, policy)}。"
            f"考核年度：{year}。")


def _prior(prior: Any) -> str:
    if prior.rule == "cap":
        return "按上年等次限定本年最高等次：" + ("，".join(f"上年{k} 最高{v}" for k, v in prior.caps.items()) or "无")
    if prior.rule == "points":
        return "按上年等次加减分：" + ("，".join(f"上年{k} {_number(v)} 分" for k, v in prior.points.items()) or "无")
    return "只列出，不影响本年等次"


def _validity(validity: Any) -> str:
    rules = []
    if validity.top_cap is not None:
        rules.append(f"一张票评最高等次分数线以上超过 {validity.top_cap} 人的无效")
    rules += [said for on, said in ((validity.full_marks, "全部给满分的票无效"), (validity.identical, "给所有人同分的票无效"),
                                    (validity.self_rating, "给本人打分的票无效")) if on]
    if validity.min_valid:
        rules.append(f"有效票少于 {validity.min_valid} 张的暂缓确定等次")
    return "；".join(rules) or "不设（全部测评票计入）"


def _limits(limits: Any) -> str:
    return (f"文件不超过 {_number(limits.max_file_mb)} MB，解压后不超过 {_number(limits.max_unpacked_mb)} MB，"
            f"压缩比不超过 {_number(limits.max_ratio)} : 1，不超过 {limits.max_rows:,} 行、{limits.max_cells:,} 个单元格")


def _award_to(grades: list[str]) -> str:
    return "，无人时".join(grades) if grades else "无"


# (key in jxkh.toml, meaning, value in words). Keys not listed are shown as they are.
WORDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "title": ("标题", _text),
    "precision": ("分数保留小数位数", lambda v: f"{v} 位"),
    "rounding": ("舍入方法", {"half_up": "四舍五入", "half_even": "四舍六入五成双"}.get),
    "unit.total": ("规定指标与自选指标总分值", lambda v: f"{_number(v)} 分"),
    "unit.bands": ("各完成等次的得分比例", _bands),
    "unit.band_default": ("只填完成等次、未填得分时的得分比例", _each(show=percent)),
    "unit.levels": ("单位年度等次：总分 ÷ 总分值不低于", _each(show=percent)),
    "unit.bonus_cap": ("加分项上限", _optional(lambda v: f"{_number(v)} 分")),
    "unit.penalty_cap": ("扣分项上限", _optional(lambda v: f"{_number(v)} 分")),
    "staff.dimensions": ("测评维度及满分", _each(" 分")),
    "staff.cutoffs": ("考评等次分数线", _cutoffs),
    "staff.aggregate": ("测评票汇总方法", {"mean": "平均分", "trimmed": "去掉一个最高分和一个最低分后平均"}.get),
    "staff.trim_min_ballots": ("去高去低所需最少票数", lambda v: f"{v} 票"),
    "staff.rater_weights": ("测评人类别权重", lambda v: _each(show=percent)(v) if v else "不分类别"),
    "staff.excellent_quota": ("优秀比例上限", _optional(percent)),
    "staff.suspect_ballots": ("可疑测评票", {"count": "照常计入并提示", "exclude": "剔除并提示"}.get),
    "accountability.person_factor": ("责任人扣分", lambda v: f"失分 × {_number(v)}"),
    "accountability.leader_factor": ("责任领导连带扣分", lambda v: f"责任人扣分 × {_number(v)}"),
    "accountability.cap": ("每人每年责任扣分上限", _optional(lambda v: f"{_number(v)} 分")),
    "bonus.base": ("奖金基数", {"coefficient": "按岗位系数 × 在岗月数/12 的比例", "equal": "平均"}.get),
    "bonus.deduct": ("各等次扣减基数的比例", _each(show=percent)),
    "bonus.award_to": ("扣减金额补给", _award_to),
    "bonus.award_split": ("补增金额分配", {"base": "按基数比例", "equal": "平均", "score": "按考评得分比例"}.get),
    "bonus.unit": ("金额精确到", lambda v: f"{_number(v)} 元"),
    "notice.unit": ("落款单位名称", _text),
    "notice.office": ("受理异议的部门", _text),
    "notice.contact": ("联系人", _text),
    "notice.phone": ("联系电话", _text),
    "notice.supervision_phone": ("监督电话", _text),
    "notice.days": ("公示期", lambda v: f"{v} 个工作日"),
    "notice.start": ("公示开始日期", _optional(lambda v: f"{v.year}年{v.month}月{v.day}日", "未设置（手填）")),
    "notice.approval": ("审批依据", _text),
    "notice.document_number": ("文号", _text),
    "notice.show_score": ("公示列出考评得分", lambda v: "是" if v else "否"),
    "staff.quota": ("优秀比例的执行方式", {"list": "只列出超出比例的人员", "apply": "按最终得分确定优秀名额"}.get),
    "staff.quota_base": ("优秀比例的计算基数", {"all": "全部参加考核人数", "graded": "确定等次的人数"}.get),
    "staff.quota_rounding": ("优秀名额取整", {"floor": "向下取整", "round": "四舍五入", "ceil": "向上取整",
                                         "at_least_one": "向下取整，每组至少 1 名"}.get),
    "staff.quota_pools": ("优秀名额分组", _optional(lambda v: f"按“{v}”列分组计算", "全单位统一计算")),
    "staff.quota_by_level": ("按单位年度等次的优秀比例", lambda v: _each(show=percent)(v) if v else "不按单位等次区分"),
    "staff.publicize_excellent": ("生成优秀人选公示表", _yes_no),
    "staff.method": ("测评方式", {"scores": "按德能勤绩廉打分", "votes": "按等次投票"}.get),
    "staff.votes": ("投票选项的分值", lambda v: _each(" 分")(v) if v else "不适用"),
    "bonus.deduct_ungraded": ("不定等次、暂缓人员扣减基数的比例", percent),
    "ledger.tolerance": ("台账进度落后提示界限", lambda v: f"落后时间进度 {percent(v)} 以上"),
}

# Sections shown as one row each (their rules in a sentence): a row per key would run 说明
# past two pages, and most of them stay at their defaults.
SECTIONS: dict[str, tuple[str, Callable[[Any, Policy], str]]] = {
    "status": ("不定等次、处分及违纪违法", lambda v, p: _status(v, p)),
    "prior": ("上年度考核等次的作用", lambda v, p: _prior(v)),
    "validity": ("测评票无效规则", lambda v, p: _validity(v)),
    "limits": ("读取文件的安全限制", lambda v, p: _limits(v)),
}


def policy_lines(policy: Policy) -> list[tuple[str, str]]:
    """Every policy value as (meaning（key）, value in words); `SECTIONS` one row each."""
    rows = []

    def walk(prefix: str, model: Any) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            key = f"{prefix}.{name}" if prefix else name
            if key in SECTIONS:
                meaning, summary = SECTIONS[key]
                rows.append((f"{meaning}（{key}）", summary(value, policy)))
            elif hasattr(type(value), "model_fields"):
                walk(key, value)
            else:
                meaning, show = WORDS.get(key, (key, _plain))
                rows.append((f"{meaning}（{key}）", show(value) or str(value)))

    walk("", policy)
    return rows


def _plain(value: Any) -> str:
    """A value no entry of `WORDS` words (a key added later): readable, never a Python repr."""
    if value is None or value == "" or value == {} or value == []:
        return "未设置"
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, dict):
        return "，".join(f"{k} {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(map(_plain, value))
    if isinstance(value, Decimal):
        return _number(value)
    return str(value)


def local_time(now: datetime | None = None) -> str:
    now = (now or datetime.now()).astimezone()
    offset = now.strftime("%z")
    return f"{now.year}年{now.month}月{now.day}日 {now:%H:%M}（UTC{offset[:3]}:{offset[3:]}）"


def add_explanation_sheet(
    wb: Workbook, policy: Policy, inputs: Sequence[Path], notes: Sequence[tuple[str, str]] = ()
) -> Worksheet:
    """说明: what was done (notes), the tool and time, each input's SHA-256, the policy used."""
    ws = wb.create_sheet(SHEET)
    rows: list[tuple[str, str]] = [*notes]
    rows.append((TOOL_LABEL, f"jxkh {__version__}"))
    rows.append(("生成时间", local_time()))
    for path in inputs:
        rows.append((INPUT_LABEL.format(name=Path(path).name), f"SHA-256：{sha256(path)}"))
    rows.extend(policy_lines(policy))
    header_row = write_title(ws, f"{policy.title}　说明", 2)
    write_table(ws, ["项目", "内容"], rows, start_row=header_row, widths=WIDTHS)
    ws.auto_filter.ref = None
    fit_a4(ws, header_row=header_row, landscape=False)
    return ws



