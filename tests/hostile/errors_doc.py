"""Generate docs/errors.md, "When your workbook is refused / 文件被拒绝时", from the catalogue.

Every `messages.Code` with its meaning (the member's docstring) and what the user is told
to do (the zh and en templates of `messages.CATALOGUE`), grouped by the catalogue's own
sections. `test_errors_doc.py` fails when the committed file differs, so the page cannot
drift from the code. Regenerate after changing the catalogue:

    python tests/hostile/errors_doc.py
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "errors.md"
README = ROOT / "README.md"
# The README's own section lists every code in one table between these markers.
README_START, README_END = "<!-- error codes: start -->", "<!-- error codes: end -->"

SECTIONS = {
    "files and workbooks": "文件与工作簿 · Files and workbooks",
    "indicators": "单位指标表 · Indicators (`jxkh score`)",
    "staff appraisal": "民主测评 · Staff appraisal (`jxkh appraise`)",
    "bonus": "绩效奖金 · Bonus (`jxkh bonus`)",
    "the year: duty, ledger, report": "责任分解、目标工作台账与自评报告 · The year (`jxkh duty`, `ledger`, `report`)",
    "policy": "政策文件 · Policy file (`jxkh.toml`)",
}

INTRO = """\
# 文件被拒绝时 · When your workbook is refused

<!-- Generated from src/jxkh/messages.py by tests/hostile/errors_doc.py; do not edit by hand. -->

jxkh 先检查全部内容，再一次性列出所有问题：文件、工作表、单元格（如 `指标!H7`）、
发现的值，以及怎样改正。只要有一个错误，就不会生成任何输出文件，输入文件也从不被修改。
提示（warning）不会阻止生成结果，但请看一看。

jxkh checks everything first and then lists every problem at once: the file, the sheet, the
cell (e.g. `指标!H7`), the value found and how to fix it. With any error nothing is written,
and an input file is never changed. Warnings do not stop the result; do read them.

| 退出码 exit code | 含义 meaning |
|---|---|
| 0 | 完成（可能有提示）· done, perhaps with warnings |
| 1 | 输入有误：数据错误，或不是可用的工作簿（损坏、加密、过大、不是表格）· the input is wrong |
| 2 | 用法错误（如输出文件就是输入文件）· wrong usage |
| 3 | 文件系统拒绝：找不到文件、没有权限、输出文件被占用、磁盘已满 · the file system refused |
| 4 | 程序内部错误：请用 --debug 重试并把输出发给维护者 · a bug in jxkh, never your data |

`--json` 输出中每个问题的 `code` 就是下表中的代码。提示中的 `{value}` 是单元格里的内容，
其他 `{…}` 是出错时填入的具体数值。
With `--json`, each problem's `code` is one of the codes below. In the messages, `{value}`
is the cell's content and the other `{…}` are filled in with the figures of the case.
"""


def catalogue_entries() -> list[tuple[str, str, str]]:
    """(section, member name, docstring) of every Code member, in source order."""
    from jxkh import messages

    source = inspect.getsource(messages)
    tree = ast.parse(source)
    code_class = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Code")
    lines = source.splitlines()
    sections = [
        (number, match.group(1)) for number, line in enumerate(lines, start=1)
        if (match := re.match(r"\s*# --- (.+?) -+\s*$", line))
    ]
    entries = []
    body = code_class.body
    for i, node in enumerate(body):
        if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
            continue
        doc = ""
        if i + 1 < len(body) and isinstance(body[i + 1], ast.Expr) and isinstance(body[i + 1].value, ast.Constant):
            doc = inspect.cleandoc(str(body[i + 1].value.value))
        section = next((name for number, name in reversed(sections) if number < node.lineno), "")
        entries.append((section, node.targets[0].id, doc))
    return entries


def render() -> str:
    from jxkh.messages import CATALOGUE, Code

    out = [INTRO]
    current = None
    for section, member, doc in catalogue_entries():
        if section != current:
            out.append(f"\n## {SECTIONS.get(section, section)}\n")
            current = section
        code = Code[member]
        entry = CATALOGUE[code]
        kind = "错误 error" if entry.severity == "error" else "提示 warning"
        out.append(f"\n### `{code.value}` · {kind}\n\n{doc or '(no description)'}\n\n")
        out.append(f"- 中文：{entry.zh}\n- English: {entry.en}\n")
    return "".join(out)


def render_readme_table() -> str:
    """One row a code: what it means and the message (which says how to fix it)."""
    from jxkh.messages import CATALOGUE, Code

    rows = ["| code | 含义 meaning | 提示与改正 message and fix |", "|---|---|---|"]
    for _, member, doc in catalogue_entries():
        code = Code[member]
        entry = CATALOGUE[code]
        kind = "" if entry.severity == "error" else "（提示 warning）"
        meaning, message = (" ".join(text.split()).replace("|", "\\|") for text in (doc, entry.zh))
        rows.append(f"| `{code.value}`{kind} | {meaning} | {message} |")
    return "\n".join([README_START, *rows, README_END])


def readme_with_table(readme: str) -> str:
    head, rest = readme.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    return head + render_readme_table() + tail


if __name__ == "__main__":
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {DOC} and the error table of {README}")
