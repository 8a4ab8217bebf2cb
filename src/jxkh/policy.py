"""The policy (`jxkh.toml`): every figure of the scheme, validated, with the seed's values as defaults.

Values the seed names without a figure (band_default, levels, factors, bonus rules…) are
the tool's own defaults; `DEFAULT_TOML` marks them so a unit knows what to decide.
"""

from __future__ import annotations

import codecs
from dataclasses import replace
import os
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator, model_validator

from .messages import TEXT, Bilingual, Code, Phrase
from .problems import DataError, FileSystemError, Problems, UsageError, fail

Fraction = Annotated[Decimal, Field(ge=0, le=1)]
Positive = Annotated[Decimal, Field(gt=0)]
NonNegative = Annotated[Decimal, Field(ge=0)]

D = Decimal


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _descending(mapping: dict[str, Decimal], what: str) -> None:
    values = list(mapping.values())
    if any(a <= b for a, b in zip(values, values[1:])):
        raise ValueError(f"{what}必须从高到低排列 / {what} must be listed from highest to lowest")
    # The last grade is the floor (“70分以下为不合格”, “完成任务差的”): everything below the others.
    if values[-1] != 0:
        raise ValueError(f"{what}的最后一项必须为 0（兜底等次） / the last {what} must be 0 (the floor)")


class UnitPolicy(_Section):
    total: Positive = D(600)
    # 附件1 三.2: 好 100%; 良好 80–100%; 一般 60–80%; 差 不得分. Inclusive at both ends.
    bands: dict[str, tuple[Fraction, Fraction]] = {
        "好": (D(1), D(1)),
        "良好": (D("0.8"), D(1)),
        "一般": (D("0.6"), D("0.8")),
        "差": (D(0), D(0)),
    }
    band_default: dict[str, Fraction] = {"好": D(1), "良好": D("0.9"), "一般": D("0.7"), "差": D(0)}
    # Lower bound of total ÷ unit.total for each level; the last is the floor.
    levels: dict[str, Fraction] = {"好": D("0.9"), "良好": D("0.8"), "一般": D("0.6"), "差": D(0)}
    bonus_cap: NonNegative | None = None
    penalty_cap: NonNegative | None = None

    @field_validator("bands")
    @classmethod
    def _bands_ordered(cls, bands: dict[str, tuple[Decimal, Decimal]]) -> dict[str, tuple[Decimal, Decimal]]:
        if not bands:
            raise ValueError("至少需要一个等次 / at least one grade is needed")
        for grade, (low, high) in bands.items():
            if low > high:
                raise ValueError(f"“{grade}”的下限 {low} 大于上限 {high} / lower bound above upper bound")
        return bands

    @field_validator("levels")
    @classmethod
    def _levels_ordered(cls, levels: dict[str, Decimal]) -> dict[str, Decimal]:
        if not levels:
            raise ValueError("至少需要一个等次 / at least one level is needed")
        _descending(levels, "等次阈值")
        return levels

    @model_validator(mode="after")
    def _defaults_inside_bands(self) -> UnitPolicy:
        for grade, fraction in self.band_default.items():
            if grade not in self.bands:
                raise ValueError(f"band_default 的等次“{grade}”不在 bands 中 / band_default grade “{grade}” is not in bands")
            low, high = self.bands[grade]
            if not low <= fraction <= high:
                raise ValueError(
                    f"band_default.{grade} = {fraction} 不在 bands.{grade} [{low}, {high}] 内 / outside its band"
                )
        return self


# The one dimension of tick-box ballots: the points of the box ticked.
VOTE_DIMENSION = "得票分"


class StaffPolicy(_Section):
    # 附件1 四(2): 德10分，能20分，勤30分，绩30分，廉10分.
    dimensions: dict[str, Positive] = {"德": D(10), "能": D(20), "勤": D(30), "绩": D(30), "廉": D(10)}
    # 90分以上为优秀、80—89为良好，70—79为合格、70分以下为不合格. The last grade is the floor.
    cutoffs: dict[str, NonNegative] = {"优秀": D(90), "良好": D(80), "合格": D(70), "不合格": D(0)}
    aggregate: Literal["mean", "trimmed"] = "mean"
    trim_min_ballots: Annotated[int, Field(ge=3)] = 5
    rater_weights: dict[str, Positive] = {}
    excellent_quota: Annotated[Decimal, Field(gt=0, le=1)] | None = None
    # What to do with ballots the rater-quality checks flag (straight-lining, self-rating, repeats).
    suspect_ballots: Literal["count", "exclude"] = "count"
    # The 优秀 quota (2023 规定 §15): `list` only names who is over it; `apply` gives the places
    # by final score within each pool, a tie at the boundary decided by the roster's 优秀确认.
    quota: Literal["list", "apply"] = "list"
    # Its base: `all` everyone appraised (应参加年度考核的工作人员总人数), `graded` only those given a grade.
    quota_base: Literal["all", "graded"] = "all"
    # “不超过” rounds down; `at_least_one` rounds down but leaves a non-empty pool one place.
    quota_rounding: Literal["floor", "round", "ceil", "at_least_one"] = "floor"
    # A roster column (职务层次, 岗位类别): one quota per value, no place borrowed across.
    quota_pools: str | None = None
    # The quota by the unit's own level from `jxkh score` (泰兴 2014: 优秀 15%, 良好 12%…).
    quota_by_level: dict[str, Annotated[Decimal, Field(ge=0, le=1)]] = {}
    # A 优秀公示 sheet listing the 优秀 candidates, to post for 5 working days (2023 规定 §17).
    publicize_excellent: bool = False
    # scores: 德能勤绩廉 scores per ballot; votes: one tick among grade boxes per ballot row,
    # each box worth `votes` points (优秀 100, 称职 80…), the score their mean.
    method: Literal["scores", "votes"] = "scores"
    votes: dict[str, NonNegative] = {}

    @model_validator(mode="before")
    @classmethod
    def _votes_dimension(cls, data: Any) -> Any:
        """With votes the one dimension is the points a tick is worth (得票分, up to the top box)."""
        if isinstance(data, dict) and data.get("method") == "votes":
            votes = data.get("votes") or {}
            if not votes:
                raise ValueError("method = \"votes\" 需要 [staff.votes]：每个选项的分值，如 优秀 = 100 / votes need [staff.votes]")
            if "dimensions" in data:
                raise ValueError("method = \"votes\" 不用 dimensions（得分即所投选项的分值） / votes take no dimensions")
            data = {**data, "dimensions": {VOTE_DIMENSION: max(Decimal(str(v)) for v in votes.values())}}
        return data

    @field_validator("dimensions")
    @classmethod
    def _some_dimension(cls, dimensions: dict[str, Decimal]) -> dict[str, Decimal]:
        from .cells import normalize
        from .headers import RATING_FIELDS, header_index

        if not dimensions:
            raise ValueError("至少需要一个测评维度 / at least one dimension is needed")
        # Each dimension is a column of the ballots: named like another column (被测评人,
        # 科室), the sheet's header could not tell the two apart.
        taken = header_index(RATING_FIELDS)
        seen: dict[str, str] = {}
        for name in dimensions:
            key = normalize(name).lower()
            if not key:
                raise ValueError("测评维度名称不能为空 / a dimension needs a name")
            if key in taken:
                label = RATING_FIELDS[taken[key]].label
                raise ValueError(
                    f"测评维度“{name}”与测评表的“{label}”列同名，请改用其他名称"
                    f" / dimension “{name}” has the name of the ballots' “{label}” column; rename it"
                )
            if key in seen:
                raise ValueError(
                    f"测评维度“{name}”与“{seen[key]}”写法重复 / dimensions “{name}” and “{seen[key]}” are the same name"
                )
            seen[key] = name
        return dimensions

    @field_validator("cutoffs")
    @classmethod
    def _cutoffs_ordered(cls, cutoffs: dict[str, Decimal]) -> dict[str, Decimal]:
        if len(cutoffs) < 2:
            raise ValueError("至少需要两个等次 / at least two grades are needed")
        _descending(cutoffs, "等次分数线")
        return cutoffs

    @model_validator(mode="after")
    def _cutoffs_within_full_score(self) -> StaffPolicy:
        top = next(iter(self.cutoffs.values()))
        if top > self.full_score:
            raise ValueError(f"cutoffs 最高分数线 {top} 超过满分 {self.full_score} / top cutoff above the full score")
        return self

    @property
    def full_score(self) -> Decimal:
        return sum(self.dimensions.values(), D(0))

    @property
    def grades(self) -> list[str]:
        return list(self.cutoffs)

    @property
    def top_grade(self) -> str:
        return self.grades[0]

    @property
    def floor_grade(self) -> str:
        return self.grades[-1]


class Effect(_Section):
    """What one rule does to a person's grade."""

    # cap: the highest grade allowed; none: 不定等次; pending: 暂缓; force: this grade.
    effect: Literal["cap", "none", "pending", "force"]
    # cap without a grade: the grade below the top (不得评为优秀); force without: the floor.
    grade: str | None = None
    # A 处分 acts in its year and the years after: 记大过 2 (that year and the next).
    years: Annotated[int, Field(ge=1, le=10)] = 1


def _effect(effect: str, grade: str | None = None, years: int = 1) -> Effect:
    return Effect(effect=effect, grade=grade, years=years)  # type: ignore[arg-type]


class StatusPolicy(_Section):
    """不定等次 and 处分: roster columns → effects on the grade. Where several apply, the heaviest wins."""

    # 考核年度, for 处分年度 and 入职日期; unset: the year in `title` (2015 in 龙岩市工商联2015年度…).
    year: Annotated[int, Field(ge=1949, le=2200)] | None = None
    # 组通字〔1998〕19号: 警告/诫勉 → 不得评优秀; 记过/严重警告 → 不定等次; 记大过/降级/撤职 → 不定等次 that year and the next.
    sanctions: dict[str, Effect] = {
        "警告": _effect("cap"),
        "诫勉": _effect("cap"),
        "记过": _effect("none"),
        "严重警告": _effect("none"),
        "记大过": _effect("none", years=2),
        "降级": _effect("none", years=2),
        "撤职": _effect("none", years=2),
    }
    # 2023 规定 §37: 试用期 / less than half a year in the unit → 不确定档次.
    probation: Effect = _effect("none")
    new_hire_months: Annotated[int, Field(ge=0, le=12)] = 6
    # §41: 病假、事假累计超过半年 → 不确定档次.
    leave: Effect = _effect("none")
    leave_months: Annotated[Decimal, Field(ge=0, le=12)] = D(6)
    # §42: 立案审查调查 not closed → 暂缓, the grade set after it closes.
    investigation: Effect = _effect("pending")
    # 违纪违法 → 不合格 whatever the score (岩绩效综[2015]4号).
    violation: Effect = _effect("force")


class PriorPolicy(_Section):
    """上年度考核等次 (附件1 四(2) “结合上年度干部年度考核结果”)."""

    # display: shown only; cap: `caps` limits this year's grade; points: `points` added to the final score.
    rule: Literal["display", "cap", "points"] = "display"
    caps: dict[str, str] = {}
    points: dict[str, Decimal] = {}


class ValidityPolicy(_Section):
    """Ballot validity rules; each off by default. A ballot paper is one 测评人's marks."""

    # At most this many people at or above the top cut-off on one paper, else it is invalid.
    top_cap: Annotated[int, Field(ge=0)] | None = None
    full_marks: bool = False  # a paper giving everyone full marks is invalid
    identical: bool = False  # a paper giving everyone the same scores is invalid
    self_rating: bool = False  # a rater's ballot for themselves is invalid
    # Fewer valid ballots than this: the result is withheld (暂缓).
    min_valid: Annotated[int, Field(ge=0)] = 0


class AccountabilityPolicy(_Section):
    # 附件1 四(1): 追究责任人责任，责任领导负连带责任，在个人年度绩效考评中给予相应扣分.
    person_factor: NonNegative = D(1)
    leader_factor: NonNegative = D("0.5")
    cap: NonNegative | None = None


class BonusPolicy(_Section):
    # 附件1 四(3): 扣差补优法.
    base: Literal["coefficient", "equal"] = "coefficient"
    deduct: dict[str, Fraction] = {"合格": D("0.2"), "不合格": D(1)}
    award_to: list[str] = ["优秀", "良好"]
    award_split: Literal["base", "equal", "score"] = "base"
    # 不定等次 / 暂缓: the share of their base taken away (0: they keep their base, receive nothing).
    deduct_ungraded: Fraction = D(0)
    # Money is rounded to fen at the finest; a smaller unit only overflows the arithmetic.
    unit: Annotated[Decimal, Field(ge=D("0.01"))] = D("0.01")


class LedgerPolicy(_Section):
    # 附件1 二.4 建立目标工作台账…对绩效目标的运行、实际情况进行具体分析: an indicator is behind
    # schedule when its progress trails the share of the year gone by more than this.
    tolerance: Fraction = D("0.1")
class NoticePolicy(_Section):
    """The 公示 (附件1 四(3): 奖金分配方案将进行公示和征求意见): who signs it, who takes objections,
    for how long. Blank texts print as blanks to fill in by hand."""

    # 落款 and the title's unit; blank: "本单位", with a notice saying how to set it.
    unit: str = ""
    # Who takes objections: 附件1 五, 本会绩效评估工作小组下设办公室.
    office: str = "绩效评估工作小组办公室（绩效办）"
    contact: str = ""  # 联系人
    phone: str = ""  # 联系电话
    supervision_phone: str = ""  # 监督电话
    # 公示期 in working days: 《事业单位工作人员考核规定》(2023) 第十七条, 公示期不少于5个工作日.
    days: Annotated[int, Field(ge=1, le=60)] = 5
    start: date | None = None  # first day of the 公示期; `--from` overrides it
    approval: str = ""  # e.g. 经局党组2016年4月18日会议研究
    document_number: str = ""  # 文号, e.g. 某司〔2016〕12号
    show_score: bool = False  # the 公示 lists 考评得分 beside each name


class Limits(_Section):
    """Refuse files that would exhaust memory or time before reading them (zip and XML bombs)."""

    max_file_mb: Positive = D(200)
    max_unpacked_mb: Positive = D(2048)
    # A real sheet's XML packs about 10:1; a bomb packs a thousand to one.
    max_ratio: Positive = D(200)
    max_rows: Annotated[int, Field(gt=0)] = 2_000_000
    # Rows × columns up to the farthest non-blank cell: the memory a sheet will take.
    max_cells: Annotated[int, Field(gt=0)] = 20_000_000


class Policy(_Section):
    # Names no real unit: `jxkh init --unit 某县司法局 --year 2015` writes the unit's own.
    title: str = "本单位2015年度绩效管理"
    precision: Annotated[StrictInt, Field(ge=0, le=6)] = 2
    rounding: Literal["half_up", "half_even"] = "half_up"
    unit: UnitPolicy = UnitPolicy()
    staff: StaffPolicy = StaffPolicy()
    accountability: AccountabilityPolicy = AccountabilityPolicy()
    bonus: BonusPolicy = BonusPolicy()
    ledger: LedgerPolicy = LedgerPolicy()
    status: StatusPolicy = StatusPolicy()
    prior: PriorPolicy = PriorPolicy()
    validity: ValidityPolicy = ValidityPolicy()
    notice: NoticePolicy = NoticePolicy()
    limits: Limits = Limits()

    def __init__(self, **data: Any) -> None:
        """`Policy(...)` from Python: a bad value raises DataError, as from jxkh.toml."""
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _policy_error(exc, None) from None

    @model_validator(mode="after")
    def _rule_grades_known(self) -> Policy:
        grades = set(self.staff.cutoffs)
        status = self.status
        effects = {f"status.sanctions.{k}": v for k, v in status.sanctions.items()}
        effects.update({f"status.{k}": getattr(status, k) for k in ("probation", "leave", "investigation", "violation")})
        for key, effect in effects.items():
            if effect.grade is not None and effect.grade not in grades:
                raise ValueError(f"{key} 的等次“{effect.grade}”不在 staff.cutoffs 中 / grade “{effect.grade}” is not in staff.cutoffs")
            if effect.grade is not None and effect.effect in ("none", "pending"):
                raise ValueError(f"{key}: {effect.effect} 不需要 grade / {effect.effect} takes no grade")
        for prior, cap in self.prior.caps.items():
            if cap not in grades:
                raise ValueError(f"prior.caps.{prior} 的等次“{cap}”不在 staff.cutoffs 中 / grade “{cap}” is not in staff.cutoffs")
        for level in self.staff.quota_by_level:
            if level not in self.unit.levels:
                raise ValueError(f"staff.quota_by_level 的“{level}”不在 unit.levels 中 / level “{level}” is not in unit.levels")
        return self

    @model_validator(mode="after")
    def _bonus_grades_known(self) -> Policy:
        grades = set(self.staff.cutoffs)
        for grade in [*self.bonus.deduct, *self.bonus.award_to]:
            if grade not in grades:
                raise ValueError(
                    f"bonus 中的等次“{grade}”不在 staff.cutoffs 中 / bonus grade “{grade}” is not in staff.cutoffs"
                )
        return self

    def values(self) -> list[tuple[str, str]]:
        """Every policy value as (TOML key, text), for the 说明 sheet."""
        rows: list[tuple[str, str]] = []

        def walk(prefix: str, data: Any) -> None:
            if isinstance(data, dict) and data and all(not isinstance(v, dict) for v in data.values()) and prefix:
                rows.append((prefix, ", ".join(f"{k} {_show(v)}" for k, v in data.items())))
            elif isinstance(data, dict) and data:
                for key, value in data.items():
                    walk(f"{prefix}.{key}" if prefix else key, value)
            else:
                rows.append((prefix, _show(data)))

        walk("", self.model_dump())
        return rows


def _show(value: Any) -> str:
    if value is None:
        return "无"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


POLICY_FILE = "jxkh.toml"


def load_policy(path: Path | str | None = None) -> Policy:
    """The policy from `path`, else `./jxkh.toml` if present, else the built-in one."""
    if path is None:
        candidate = Path(POLICY_FILE)
        if not candidate.is_file():
            return Policy()
        path = candidate
    path = _as_path(path)
    try:
        data = tomllib.loads(read_policy_text(path))
    except tomllib.TOMLDecodeError as exc:
        problems = Problems()
        problems.add(Code.POLICY_SYNTAX, file=str(path), detail=str(exc))
        raise DataError(problems) from None
    return policy_from_dict(data, source=str(path))


def _as_path(path: Any) -> Path:
    from .arguments import as_path

    return as_path(path, "policy")


MB = 1024 * 1024
POLICY_BYTES = MB  # a commented jxkh.toml is a few KB


def read_policy_text(path: Path | str) -> str:
    """The policy file's text: UTF-8 as TOML requires, else GBK (what Notepad on a Chinese
    Windows saves as "ANSI"). UTF-16 ("Unicode" in Notepad) is refused, naming UTF-8."""
    path = _as_path(path)
    try:
        # A FIFO would block for ever and /dev/zero never end: only a regular file is read, and
        # no more of it than a policy can be.
        if path.exists() and not path.is_dir() and not path.is_file():
            raise fail(Code.POLICY_SYNTAX, file=str(path), detail=Phrase("policy_not_regular"))
        with path.open("rb") as handle:
            raw = handle.read(POLICY_BYTES + 1)
        if len(raw) > POLICY_BYTES:
            raise fail(Code.POLICY_SYNTAX, file=str(path), detail=Phrase("policy_too_large", (("mb", POLICY_BYTES // MB),)))
    except FileNotFoundError:
        raise fail(Code.FILE_NOT_FOUND, FileSystemError, file=str(path), value=str(path)) from None
    except PermissionError:
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(path), value=str(path)) from None
    except IsADirectoryError:  # --policy given a folder
        raise fail(Code.POLICY_SYNTAX, file=str(path), detail=Phrase("policy_is_folder")) from None
    except OSError as exc:  # a name too long, a device that cannot be read
        raise fail(Code.PERMISSION_DENIED, FileSystemError, file=str(path), value=f"{path} ({exc.strerror})") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise fail(Code.POLICY_ENCODING, file=str(path), detail="UTF-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise fail(Code.POLICY_ENCODING, file=str(path), detail=Phrase("policy_unknown_encoding")) from None


def policy_from_dict(data: dict[str, Any], source: str | None = None) -> Policy:
    if not isinstance(data, dict):
        raise fail(Code.POLICY_INVALID, UsageError, file=source, key="(policy)", value=repr(data),
                   detail=Phrase("policy_dict_type"))
    try:
        return Policy.model_validate(data)  # through Policy.__init__, which raises DataError
    except DataError as error:
        raise DataError([replace(p, file=source) for p in error.problems]) from None


def _policy_error(exc: ValidationError, source: str | None) -> DataError:
    """Every value pydantic refused, named by its TOML key, in the user's language."""
    problems = Problems()
    for error in exc.errors():
        # A list position is not a TOML key: `unit.bands.良好[1]` is the upper bound of 良好.
        key = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
        problems.add(Code.POLICY_INVALID, file=source, key=key or "(policy)", detail=_detail(error), value=_shown(error.get("input")))
    return DataError(problems)


def _detail(error: Any) -> Phrase | Bilingual:
    kind = error["type"]
    if kind == "value_error":  # the checks above, written “中文 / English”
        zh, _, en = str(error["ctx"]["error"]).partition(" / ")
        return Bilingual(zh, en or zh)
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    if kind == "literal_error":  # "'mean' or 'trimmed'": the choices, without English between them
        context["expected"] = " / ".join(re.findall(r"'([^']*)'", context.get("expected", "")))
    key = f"policy_{kind}"
    return Phrase(key if key in TEXT else "policy_unknown", tuple(context.items()))


def _shown(value: Any) -> Any:
    """The refused value as a message shows it: a whole section given where one value belongs is cut short."""
    if isinstance(value, (dict, list, tuple)):
        shown = repr(value)
        return shown if len(shown) <= 80 else shown[:77] + "..."
    return value


def set_values(text: str, section: str | None, values: dict[str, str]) -> str:
    """The policy text with `key = value` lines of `[section]` (None: the top, before any
    table) set, commented-out ones included, their comments kept; `values` are TOML literals."""
    import re

    from .writer import display_width

    if section is None:
        start, end = 0, text.find("\n[")
    elif f"\n[{section}]" not in text:  # a policy text without the table: it is added
        text = text.rstrip("\n") + f"\n\n[{section}]\n"
        start, end = text.index(f"\n[{section}]") + 1, len(text)
    else:
        start = text.index(f"\n[{section}]") + 1
        end = text.find("\n[", start)
    end = len(text) if end < 0 else end
    part = text[start:end]
    for key, value in values.items():
        setting = f"{key} = {value}"
        pad = " " * max(1, 40 - display_width(setting))
        part, found = re.subn(rf"(?m)^#? ?{re.escape(key)} = [^#\n]*(#.*)?$",
                              lambda m: f"{setting}{pad}{m.group(1)}" if m.group(1) else setting, part, count=1)
        if not found:
            part = part.rstrip("\n") + f"\n{setting}\n"
    return text[:start] + part + text[end:]


def unit_policy_text(text: str, unit: str | None, year: int | None = None) -> str:
    """`jxkh init --unit 某县司法局 --year 2015`: the title names the unit and the year, the
    落款 the unit. Without a unit the title says 本单位."""
    unit = (unit or "").strip()
    title = f"{unit or '本单位'}{f'{year}年度' if year else '年度'}绩效管理"
    text = set_values(text, None, {"title": _toml_string(title)})
    return set_values(text, "notice", {"unit": _toml_string(unit)}) if unit else text


def _toml_string(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


DEFAULT_TOML = """\
# jxkh 绩效管理政策文件 (policy). 依据《龙岩市工商联2015年绩效管理实施方案》。
# 标有 [工具默认] 的数值方案原文未规定，是本工具的默认值，请单位研究确定。
# Values marked [工具默认] are the tool's defaults, not figures from the seed policy.

title = "本单位2015年度绩效管理"         # 输出标题与公示标题：请改为单位名称与年度，如 某县司法局2015年度绩效管理
precision = 2                           # [工具默认] 分数保留小数位
rounding = "half_up"                    # [工具默认] 四舍五入 (half_up) 或 half_even

[unit]
total = 600                             # 绩效评估总分值600分（规定指标 + 自选指标）
# bonus_cap = 10                        # 加分项上限（默认不限）
# penalty_cap = 20                      # 扣分项上限（默认不限）

[unit.bands]                            # 各完成等次的得分比例范围（含端点）
"好" = [1, 1]                           # 完成任务好的按该项分值100%得分
"良好" = [0.8, 1]                       # 良好按该项分值80%—100%得分
"一般" = [0.6, 0.8]                     # 一般按该项分值60—80%得分
"差" = [0, 0]                           # 完成任务差的不得分

[unit.band_default]                     # [工具默认] 只填等次未填得分时采用的比例（会提示）
"好" = 1
"良好" = 0.9
"一般" = 0.7
"差" = 0

[unit.levels]                           # [工具默认] 单位年度等次：总分 ÷ 600 不低于该比例
"好" = 0.9
"良好" = 0.8
"一般" = 0.6
"差" = 0

[staff]
aggregate = "mean"                      # [工具默认] mean 平均；trimmed 去掉一个最高分和一个最低分
trim_min_ballots = 5                    # [工具默认] 去高去低所需的最少票数
suspect_ballots = "count"               # [工具默认] 可疑测评票 count 照常计入（提示）或 exclude 剔除
# excellent_quota = 0.15                # 优秀比例上限（默认不限）
quota = "list"                          # [工具默认] list 只列出超出比例的名单，由单位研究决定；apply 按最终得分确定优秀名单
quota_base = "all"                      # [工具默认] 优秀比例的基数：all 应参加考核人数；graded 确定等次的人数
quota_rounding = "floor"                # [工具默认] floor 向下取整（“不超过”）；round 四舍五入；ceil 向上取整；at_least_one 至少 1 人
# quota_pools = "职务层次"              # 按人员表该列分别计算优秀名额，不得相互调剂（默认全单位一个名额）
publicize_excellent = false             # [工具默认] true：测评结果另附“优秀公示”表（公示不少于5个工作日）

[staff.dimensions]                      # 德10分，能20分，勤30分，绩30分，廉10分
"德" = 10
"能" = 20
"勤" = 30
"绩" = 30
"廉" = 10

[staff.cutoffs]                         # 90分以上优秀、80—89良好、70—79合格、70分以下不合格
"优秀" = 90
"良好" = 80
"合格" = 70
"不合格" = 0

# [staff.rater_weights]                 # 按测评人类别加权（默认不分类别）
# "领导" = 0.4
# "同事" = 0.6

# [staff.quota_by_level]                # 优秀比例随单位年度等次（需 --indicators 指标表；默认不随）
# "好" = 0.25
# "差" = 0.15

[accountability]                        # 责任人扣分 = 失分 × person_factor；责任领导 = 责任人扣分 × leader_factor
person_factor = 1.0                     # [工具默认]
leader_factor = 0.5                     # [工具默认] 连带责任
# cap = 10                              # 每人每年扣分上限（默认不限）

[bonus]                                 # 扣差补优法
base = "coefficient"                    # [工具默认] 基数 ∝ 岗位系数 × 在岗月数/12；equal 平均
award_to = ["优秀", "良好"]             # [工具默认] 扣减金额补给第一个有人的等次
award_split = "base"                    # [工具默认] 按基数 base、平均 equal 或按得分 score 分配
unit = 0.01                             # [工具默认] 金额精确到分

deduct_ungraded = 0                     # [工具默认] 不定等次、暂缓人员扣减基数的比例（0：保留基数、不参与补增）

[bonus.deduct]                          # [工具默认] 各等次扣减基数的比例
"合格" = 0.2
"不合格" = 1.0

[ledger]                                # 目标工作台账（jxkh ledger）
tolerance = 0.1                         # [工具默认] 进度低于时间进度（已过月数 ÷ 12）超过该比例即列为滞后
[notice]                                # 公示（奖金分配方案公示和征求意见）；留空的项打印为空白，可手填
unit = ""                               # 单位名称（落款并盖章）；留空时写作“本单位”
office = "绩效评估工作小组办公室（绩效办）"  # 受理异议的部门
contact = ""                            # 联系人
phone = ""                              # 联系电话
supervision_phone = ""                  # 监督电话
days = 5                                # 公示期（工作日）：《事业单位工作人员考核规定》第十七条，不少于5个工作日
# start = 2016-04-20                    # 公示开始日期（也可用 jxkh bonus --from 2016-04-20）；结束日期跳过周末自动计算
approval = ""                           # 审批依据，如 经局党组2016年4月18日会议研究
document_number = ""                    # 文号，如 某司〔2016〕12号
show_score = false                      # 公示中列出每人的考评得分

[status]                                # 不定等次与处分：人员表的 处分/组织处理、处分年度、试用期、入职日期、病事假月数、立案审查 列
# year = 2015                           # 考核年度（默认取 title 中的年份），用于处分年度和入职日期
# effect：cap 最高只能评到 grade（不填为优秀以下一等）；none 不定等次；pending 暂缓；force 评为 grade（不填为最低等次）
probation = { effect = "none" }         # 试用期内不确定档次（人社部发〔2023〕6号 第三十七条）
new_hire_months = 6                     # 入职不满 6 个月（半年）不确定档次，同上
leave = { effect = "none" }             # 病假、事假累计超过半年不确定档次（第四十一条）
leave_months = 6
investigation = { effect = "pending" }  # 立案审查调查期间暂缓确定档次，结案后再定（第四十二条）
violation = { effect = "force" }        # 违纪违法评为不合格（岩绩效综[2015]4号）

[status.sanctions]                      # 处分/组织处理对等次的影响（组通字〔1998〕19号）；years = 2：当年和次年
"警告" = { effect = "cap" }             # 当年不得评为优秀
"诫勉" = { effect = "cap" }
"记过" = { effect = "none" }            # 当年不定等次
"严重警告" = { effect = "none" }
"记大过" = { effect = "none", years = 2 }   # 当年和次年不定等次
"降级" = { effect = "none", years = 2 }
"撤职" = { effect = "none", years = 2 }

[prior]                                 # 上年度考核等次（方案：“结合上年度干部年度考核结果”）
rule = "display"                        # [工具默认] display 仅显示；cap 按 caps 限制本年度最高等次；points 按 points 加减分
# [prior.caps]
# "不合格" = "合格"
# [prior.points]
# "优秀" = 1

[validity]                              # [工具默认] 测评票有效性（按测评人一张票；需有“测评人”列）；默认都不启用
# top_cap = 3                           # 一张票评 90 分（优秀分数线）以上的人数超过该数，整张票无效
full_marks = false                      # true：给所有人满分的票无效
identical = false                       # true：给所有人完全相同分数的票无效
self_rating = false                     # true：给自己打分的票无效
min_valid = 0                           # 有效票少于该数的人暂缓确定等次
# 去掉一个最高分和一个最低分：见 [staff] aggregate = "trimmed"、trim_min_ballots（“超过5人”即 6）

[limits]                                # [工具默认] 拒绝读取的文件大小（防止压缩炸弹）
max_file_mb = 200
max_unpacked_mb = 2048
max_ratio = 200
max_rows = 2000000
max_cells = 20000000                    # [工具默认] 行数 × 列数（到最远的非空单元格）
"""
