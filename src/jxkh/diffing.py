"""`jxkh diff OLD NEW`: what changed between two outputs of one kind that jxkh wrote.

Reading only: each output's rows (people by 工号 else 姓名, indicators by 序号 else 指标名称) and
its 说明 sheet (each input's SHA-256, the policy values). The comparison is a pure function
over what was read; writing the 变更说明 sheet is `output/diff.py`.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .cells import clean_text, name_key
from .messages import Code
from .problems import Problem, fail

EXPLANATION_SHEET = "说明"
INPUT_PREFIX, DIGEST_PREFIX = "输入文件 ", "SHA-256："
POLICY_KEY = re.compile(r"（([a-z_]+(?:\.[a-z_]+)*)）$")  # 说明 rows: meaning（key in jxkh.toml）
# 说明 rows that are neither an input nor a policy value but change the figures (bonus.xlsx's pool).
NOTED = ("奖金总额",)


@dataclass(frozen=True)
class Kind:
    """One kind of output: the sheet that holds its rows and the figures compared."""

    name: str  # bonus | ratings | indicators
    label: str  # the workbook as the clerk knows it
    sheet: str
    fields: tuple[str, ...]  # compared columns; text columns (等次) compared as text
    people: bool  # rows are people (工号/姓名) rather than indicators (序号/指标名称)


KINDS = (
    Kind("bonus", "奖金分配表 bonus.xlsx", "奖金分配", ("等次", "考评得分", "扣减比例", "基数", "扣减", "补增", "金额"), True),
    Kind("ratings", "测评结果 ratings.scored.xlsx", "测评结果", ("等次", "测评得分", "责任扣分", "最终得分", "名次"), True),
    Kind("indicators", "指标评分 indicators.scored.xlsx", "指标", ("完成等次", "计算得分", "失分"), False),
)
TEXT_FIELDS = {"等次", "完成等次"}
EXACT_FIELDS = {"名次", "扣减比例"}  # a rank and a share: shown as written, not padded to the score's places


@dataclass
class Row:
    """One person (or indicator) of an output; `key`/`id_key` as identity.match_up wants them."""

    name: str
    id: str | None
    values: dict[str, Any]
    row: int
    key: str = ""
    id_key: str = ""

    def __post_init__(self) -> None:
        from .ratings.identity import id_key

        self.key = name_key(self.name)
        self.id_key = id_key(self.id) if self.id else ""

    @property
    def label(self) -> str:
        return f"{self.name}（{self.id}）" if self.id else self.name


@dataclass
class Output:
    path: Path
    kind: Kind
    rows: list[Row]
    inputs: dict[str, str]  # input file name → SHA-256
    policy: dict[str, str]  # policy key (and 奖金总额) → value as written


def read_output(path: Path | str) -> Output:
    """An output jxkh wrote, or a DataError naming the file and the sheet it lacks."""
    from .reader import open_workbook

    path = Path(path)
    book = open_workbook(path)
    if EXPLANATION_SHEET not in book.sheet_names:
        raise fail(Code.NOT_JXKH_OUTPUT, file=str(path), sheet=EXPLANATION_SHEET, value=EXPLANATION_SHEET)
    notes = [r for r in book.rows(EXPLANATION_SHEET) if r and clean_text(r[0])]
    if not any(clean_text(r[0]) == "生成工具" and clean_text(r[1] if len(r) > 1 else "").startswith("jxkh") for r in notes):
        raise fail(Code.NOT_JXKH_OUTPUT, file=str(path), sheet=EXPLANATION_SHEET, value=EXPLANATION_SHEET)
    kind = next((k for k in KINDS if k.sheet in book.sheet_names), None)
    if kind is None:
        raise fail(Code.NOT_JXKH_OUTPUT, file=str(path), sheet="、".join(k.sheet for k in KINDS),
                   value="、".join(k.sheet for k in KINDS))
    inputs, policy = {}, {}
    for r in notes:
        item, value = clean_text(r[0]), clean_text(r[1] if len(r) > 1 else "")
        if item.startswith(INPUT_PREFIX):  # 输入文件 NAME │ SHA-256：…
            inputs[item[len(INPUT_PREFIX):]] = value.removeprefix(DIGEST_PREFIX)
        elif (key := POLICY_KEY.search(item)) is not None:  # meaning（key） │ value in words
            policy[key.group(1)] = value
        elif item in NOTED:
            # "50,000.00 元，14 人（优秀 4 人…）": the pool only; the counts are the figures' own.
            policy[item] = value.split("，", 1)[0]
    return Output(path, kind, _rows(book.rows(kind.sheet), kind, path), inputs, policy)


def _rows(grid: list[list[Any]], kind: Kind, path: Path) -> list[Row]:
    name_col = "姓名" if kind.people else "指标名称"
    id_col = "工号" if kind.people else "序号"
    # The header row sits under the sheet's title rows (unit, year, sheet name).
    top = next((i for i, r in enumerate(grid[:20]) if name_col in {clean_text(h) for h in r}), 0)
    headers = [clean_text(h) for h in grid[top]] if grid else []
    grid = grid[top:]
    if name_col not in headers:
        raise fail(Code.NOT_JXKH_OUTPUT, file=str(path), sheet=kind.sheet, cell="A1", value=kind.sheet)
    col = {h: c for c, h in enumerate(headers) if h}
    rows = []
    for number, values in enumerate(grid[1:], start=top + 2):
        def get(header: str) -> Any:
            c = col.get(header)
            return values[c] if c is not None and c < len(values) else None

        name, ident = clean_text(get(name_col)), clean_text(get(id_col))
        # bonus.xlsx's last row is its 合计; indicators.scored.xlsx keeps the form's blank rows.
        if not name or "合计" in {ident, clean_text(get("科室"))}:
            continue
        figures = {f: _value(get(f), f) for f in kind.fields if f in col}
        rows.append(Row(name=name, id=ident or None, values=figures, row=number))
    return rows


def _value(value: Any, field_name: str) -> Any:
    if field_name in TEXT_FIELDS or isinstance(value, str):
        return clean_text(value) or None
    if value is None:
        return None
    # Written from Decimals; the shortest repr of the stored double is the written figure.
    return Decimal(str(value)).normalize() if not isinstance(value, bool) else value


@dataclass
class Change:
    who: str
    field: str
    old: Any
    new: Any

    @property
    def delta(self) -> Decimal | None:
        if isinstance(self.old, Decimal) and isinstance(self.new, Decimal):
            return self.new - self.old
        return None


@dataclass
class DiffResult:
    old: Output
    new: Output
    changes: list[Change]
    added: list[Row]
    removed: list[Row]
    inputs: list[tuple[str, str | None, str | None]]  # name, old SHA-256, new SHA-256 (differing only)
    policy: list[tuple[str, str | None, str | None]]  # key, old, new (differing only)
    compared: int  # people (or indicators) in both
    output: Path | None = None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.changes or self.added or self.removed or self.inputs or self.policy)

    @property
    def places(self) -> int:
        """The decimals the outputs were written with (说明's 分数保留小数位数, else the default 2)."""
        written = re.search(r"\d+", self.new.policy.get("precision", ""))
        return int(written.group()) if written else 2

    def shown(self, value: Any, field_name: str, signed: bool = False) -> Any:
        """A figure as the workbook shows it: 87.70, not the stored double's 87.7."""
        if not isinstance(value, Decimal):
            return value
        if field_name not in EXACT_FIELDS and value.as_tuple().exponent > -self.places:  # type: ignore[operator]
            value = value.quantize(Decimal(1).scaleb(-self.places))
        return f"{value:+f}" if signed else f"{value:f}"

    def to_json(self, lang: str = "zh") -> dict[str, Any]:

        return {
            "kind": self.old.kind.name,
            "old": str(self.old.path),
            "new": str(self.new.path),
            "identical": self.identical,
            "compared": self.compared,
            "changes": [
                {"who": c.who, "field": c.field, "old": self.shown(c.old, c.field), "new": self.shown(c.new, c.field),
                 "delta": self.shown(c.delta, c.field)} for c in self.changes
            ],
            "added": [{"who": r.label, **{k: self.shown(v, k) for k, v in r.values.items()}} for r in self.added],
            "removed": [{"who": r.label, **{k: self.shown(v, k) for k, v in r.values.items()}} for r in self.removed],
            "inputs": [{"file": n, "old": o, "new": w} for n, o, w in self.inputs],
            "policy": [{"key": k, "old": o, "new": w} for k, o, w in self.policy],
            "same_inputs": len(self.old.inputs) if not self.inputs else 0,
            "same_policy": len(self.old.policy) if not self.policy else 0,
            "output": str(self.output) if self.output else None,
        }


def compare(old: Output, new: Output) -> DiffResult:
    """Everything that differs between two outputs of one kind (a pure function)."""
    from .ratings.identity import match_up

    pairs, removed, added = match_up(old.rows, new.rows)
    changes = []
    for i, j in pairs:
        a, b = old.rows[i], new.rows[j]
        for f in old.kind.fields:
            if a.values.get(f) != b.values.get(f):
                changes.append(Change(b.label, f, a.values.get(f), b.values.get(f)))
    return DiffResult(
        old, new, changes,
        added=[new.rows[j] for j in added], removed=[old.rows[i] for i in removed],
        inputs=_differing(old.inputs, new.inputs), policy=_differing(old.policy, new.policy), compared=len(pairs),
    )


def _differing(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str | None, str | None]]:
    keys = [*old, *(k for k in new if k not in old)]
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def diff_files(
    old_path: Path | str, new_path: Path | str, output: Path | str | None = None, force: bool = False
) -> DiffResult:
    """Read both outputs, refuse two of different kinds, compare, and write 变更说明 with `output`
    (an existing file there is replaced only with `force`: the sheet carries no 说明 to recognise)."""
    from .writer import check_output

    target = check_output(Path(output), [Path(old_path), Path(new_path)], force) if output is not None else None
    old, new = read_output(old_path), read_output(new_path)
    if old.kind != new.kind:
        raise fail(Code.OUTPUT_KINDS_DIFFER, file=str(new.path), sheet=new.kind.sheet, value=new.path.name,
                   kind=new.kind.label, other=old.path.name, other_kind=old.kind.label)
    result = compare(old, new)
    if target is not None:
        from .output.diff import write_diff

        result.output = write_diff(result, target)
    return result
