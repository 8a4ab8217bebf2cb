"""The README and the command help cannot drift from the tool."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from jxkh.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [info.name for info in app.registered_commands]


def test_every_command_has_help_and_is_in_the_readme(runner):
    assert sorted(COMMANDS) == ["appraise", "bonus", "check", "demo", "diff", "duty", "explain", "init", "ledger", "report", "score",
                                "template"]
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "用法：jxkh " + name in result.output
        assert f"`jxkh {name}" in README, f"jxkh {name} is not documented in README.md"


def test_every_command_takes_the_shared_options(runner):
    for name in ["check", "score", "appraise", "bonus"]:
        help_text = runner.invoke(app, [name, "--help"]).output
        for option in ["--policy", "--json", "--lang"]:
            assert option in help_text, f"jxkh {name} lacks {option}"


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", quick, re.S)
    commands = [b.strip() for b in blocks if b.strip().startswith("pip install")]
    assert commands == ['pip install -e . && jxkh demo', 'pip install -e ".[test]" && python -m pytest']
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml"]:
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    code = README.split("```python\n", 1)[1].split("```", 1)[0]
    printed: list[tuple] = []
    exec(compile(code, "README.md", "exec"), {"print": lambda *a: printed.append(a)})  # noqa: S102
    assert [tuple(str(x) for x in line) for line in printed] == [("560.50", "好"), ("50000.00",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["indicators.xlsx", "jxkh.toml", "ratings.xlsx"]


@pytest.mark.parametrize("snippet", ["单位总分 560.50 / 600（93.42%），年度等次：好", "等次分布：优秀 4，良好 6，合格 2，不合格 2"])
def test_readme_sample_output_is_what_the_demo_prints(runner, in_tmp, snippet):
    assert snippet in README
    for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml"]:
        shutil.copy(ROOT / "examples" / name, in_tmp / name)
    score = runner.invoke(app, ["score"]).output
    appraise = runner.invoke(app, ["appraise"]).output
    assert snippet in score + appraise


@pytest.mark.parametrize("args", [["duty"], ["ledger", "--month", "6"], ["report", "--assessed", "核定结果.xlsx"]])
def test_readme_year_samples_are_what_the_commands_print(runner, in_tmp, args):
    """The README's “A year with jxkh” outputs, run in a copy of the example, line for line."""
    for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml", "台账.xlsx", "核定结果.xlsx"]:
        shutil.copy(ROOT / "examples" / name, in_tmp / name)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = [line.rstrip() for line in result.stdout.strip().splitlines()]
    year = README.split("## A year with jxkh", 1)[1].split("\n## ", 1)[0]
    blocks = [[line.rstrip() for line in b.strip().splitlines()] for b in re.findall(r"```\n(.*?)```", year, re.S)]
    assert printed in blocks


# --- README samples: each block marked `<!-- sample: COMMAND -->` is that command's real output,
# as a 100-column terminal shows it (styles stripped). Regenerate: python tests/test_docs.py

SAMPLE = re.compile(r"<!-- sample: (.+?) -->\n```\n(.*?)```\n", re.S)
STYLES = re.compile(r"\x1b\[[0-9;]*m")


def sample_output(command: str, folder: Path) -> str:
    """What `command` prints on a terminal, run where the README says (demo: an empty folder;
    the others: a copy of the example, with the check sample's bad.xlsx made from it)."""
    import os
    import shlex

    import openpyxl
    from typer.testing import CliRunner

    folder.mkdir(parents=True, exist_ok=True)
    args = shlex.split(command)[1:]
    if args[0] != "demo":
        for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml"]:
            shutil.copy(ROOT / "examples" / name, folder / name)
        book = openpyxl.load_workbook(folder / "indicators.xlsx")
        sheet = book["指标"]
        sheet["D4"], sheet["J4"], sheet["I5"], sheet["J8"] = 35, 30, "优", 10
        book.save(folder / "bad.xlsx")
    before = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, args, env={"TTY_COMPATIBLE": "1", "COLUMNS": "100", "NO_COLOR": "1"})
    finally:
        os.chdir(before)
    return "".join(line.rstrip() + "\n" for line in STYLES.sub("", result.output).splitlines())


def test_readme_samples_are_real_output(tmp_path):
    samples = SAMPLE.findall(README)
    assert [command for command, _ in samples] == [
        "jxkh demo", "jxkh score", "jxkh appraise", "jxkh bonus --pool 50000", "jxkh explain 罗家俊 --pool 50000",
        "jxkh check bad.xlsx"]
    for i, (command, shown) in enumerate(samples):
        assert sample_output(command, tmp_path / str(i)) == shown, command


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        text = SAMPLE.sub(lambda m: f"<!-- sample: {m[1]} -->\n```\n"
                          f"{sample_output(m[1], Path(scratch) / str(m.start()))}```\n", README)
    (ROOT / "README.md").write_text(text, encoding="utf-8")
    print("regenerated the README samples")
