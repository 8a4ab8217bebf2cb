"""The command line speaks the clerk's language: help, usage errors, `jxkh` alone, --version."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest

import jxkh
from jxkh.cli import app
from jxkh.cli.usage import detect_lang

YEAR = [info.name for info in app.registered_commands]

# What may stay in Latin letters in Chinese help: names the user types or sees on disk.
ALLOWED = {"jxkh", "zh", "en", "JSON", "Tab", "JXKH_LANG", "indicators", "ratings", "PDF", "LibreOffice", *YEAR}


def english_words(output: str) -> list[str]:
    output = re.sub(r"(?<![\w-])-{1,2}[a-z][a-z-]*", " ", output)  # option names
    output = re.sub(r"[\w<>.-]*\.(xlsx|toml|docx)\b", " ", output)  # file names
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]+", output) if w not in ALLOWED]


@pytest.mark.parametrize("args", [[], ["-h"], ["--help"], *([name, "--help"] for name in YEAR), *([name, "-h"] for name in YEAR)])
def test_help_has_no_english_under_zh(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert english_words(result.output) == []
    assert "用法：" in result.output or not args


@pytest.mark.parametrize("name", YEAR)
def test_help_in_english_with_lang_en_and_jxkh_lang(runner, name):
    for result in (runner.invoke(app, [name, "--help", "--lang", "en"]),
                   runner.invoke(app, [name, "--help"], env={"JXKH_LANG": "en"})):
        assert result.exit_code == 0
        assert result.output.startswith(f"Usage: jxkh {name} [OPTIONS]")
        assert "Options:" in result.output
        # Workbook, sheet and file names are Chinese in both languages; sentences are not.
        prose = re.sub(r"\S+\.(xlsx|docx)|扣差补优|公示", "", result.output)
        assert not re.search(r"[\u4e00-\u9fff]{4,}", prose), result.output


def test_every_command_summary_is_whole_in_the_overview(runner):
    from jxkh.messages import text

    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert not result.output.startswith("用法：")  # the overview, not the help
    for name in YEAR:
        assert re.search(rf"^  {name} +{re.escape(text('cmd_' + name))}$", result.output, re.M), name
    # in the year's order
    assert [line.split()[0] for line in result.output.splitlines() if line.startswith("  ")] == list(YEAR)


def test_version_is_the_package_version(runner):
    for args in (["--version"], ["--version", "--lang", "en"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert result.output == f"jxkh {version('jxkh')}\n"
    assert version("jxkh") == jxkh.__version__


# One usage error per kind of option or argument, in both languages: (args, zh, en).
USAGE_ERRORS = [
    (["score", "--bogus"], "错误：没有选项 --bogus", "Error: no such option: --bogus"),
    (["score", "--polcy", "x.toml"], "错误：没有选项 --polcy，是不是要用 --policy？", "Error: no such option: --polcy. Did you mean --policy?"),
    (["score", "--policy"], "错误：选项 --policy 后面要给出一个值", "Error: option --policy requires a value"),
    (["appraise", "--indicators"], "错误：选项 --indicators 后面要给出一个值", "Error: option --indicators requires a value"),
    (["score", "-o"], "错误：选项 -o 后面要给出一个值", "Error: option -o requires a value"),
    (["bonus", "--pool"], "错误：选项 --pool 后面要给出一个值", "Error: option --pool requires a value"),
    (["explain", "--indicator"], "错误：选项 --indicator 后面要给出一个值", "Error: option --indicator requires a value"),
    (["explain", "张伟", "r.xlsx", "x"], "错误：多余的参数：x", "Error: unexpected extra argument(s): x"),
    (["score", "--json=yes"], "错误：选项 --json 不带值", "Error: option --json does not take a value"),
    (["template", "staff"], "错误：种类 的值无效：“staff”不是可选的值，应为 indicators 或 ratings",
     "Error: invalid value for KIND: “staff” is not one of indicators or ratings"),
    (["check"], "错误：缺少参数 工作簿", "Error: missing argument FILE"),
    (["score", "a.xlsx", "b.xlsx"], "错误：多余的参数：b.xlsx", "Error: unexpected extra argument(s): b.xlsx"),
    (["scor"], "错误：没有命令“scor”，是不是要用 score？", "Error: no such command 'scor'. Did you mean score?"),
    (["--bogus"], "错误：没有选项 --bogus", "Error: no such option: --bogus"),
    (["ledger", "--month", "六月"], "错误：--month 的值无效，请查看 -h 中的说明", "Error: invalid value for --month: "),
]


@pytest.mark.parametrize(("args", "zh", "en"), USAGE_ERRORS)
def test_usage_errors_in_chinese_and_english(runner, args, zh, en):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert zh in result.output
    assert "运行 jxkh" in result.output and "-h 查看帮助" in result.output
    assert english_words(result.output.replace(zh, "")) == []
    english = runner.invoke(app, args, env={"JXKH_LANG": "en"})
    assert english.exit_code == 2
    assert en in english.output
    assert "Usage: jxkh" in english.output


@pytest.mark.parametrize("args", [["score", "--lang", "xx"], ["score", "--lang=xx"], ["--lang", "xx"]])
def test_an_unknown_language_is_a_usage_error(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "错误：--lang 的值无效：“xx”不是可选的值，应为 zh 或 en" in result.output


def test_an_unknown_language_in_the_environment_is_a_usage_error(runner, in_tmp):
    result = runner.invoke(app, ["score"], env={"JXKH_LANG": "fr"})
    assert result.exit_code == 2
    assert "“fr”不是可选的值" in result.output


def test_lang_before_the_command_reaches_the_command(runner, in_tmp):
    result = runner.invoke(app, ["--lang", "en", "score"])
    assert result.exit_code == 2
    assert "no file given and no indicators.xlsx here" in result.output


def test_bonus_without_pool_says_the_pool_is_missing(runner, in_tmp):
    for lang, expected in (("zh", "未给出奖金总额"), ("en", "no bonus pool given")):
        result = runner.invoke(app, ["bonus", "--lang", lang])
        assert result.exit_code == 2
        assert expected in result.output
        assert "“”" not in result.output


@pytest.mark.parametrize(("args", "env", "expected"), [
    ([], {}, "zh"), ([], {"JXKH_LANG": "en"}, "en"), ([], {"JXKH_LANG": "EN"}, "en"),
    (["--lang", "en"], {}, "en"), (["--lang=en"], {}, "en"), (["--lang", "zh"], {"JXKH_LANG": "en"}, "zh"),
    (["--lang", "xx"], {}, "zh"), (["--", "--lang", "en"], {}, "zh"),
])
def test_language_detection(args, env, expected):
    assert detect_lang(args, env) == expected


# --- Every command, every kind of option it takes (issue #16's done-when, command by command) ---
# Built from each command's own parameters, so a new option or command is covered as it lands.

# A value each command accepts for its arguments (the files need not exist: usage comes first).
GOOD_ARGUMENTS = {"template": ["indicators"], "diff": ["旧.xlsx", "新.xlsx"]}
# Options whose value is converted while parsing: a wrong one is a usage error (exit 2).
BAD_VALUES = {"init": [("--year", "明年")], "ledger": [("--month", "六月")], "bonus": [("--from", "昨天")]}


def command_cases() -> list[tuple[str, list[str], str, str]]:
    """(id, args, zh, en): an unknown option, an extra argument, a missing required argument, a
    value-taking option without its value, a flag given a value, a value the converter refuses."""
    import typer

    group = typer.main.get_command(app)
    cases = []
    for name, command in group.commands.items():
        params = command.get_params(typer.Context(command, info_name=name))
        arguments = [p for p in params if p.param_type_name == "argument"]
        good = GOOD_ARGUMENTS.get(name, ["输入.xlsx"] * len(arguments))
        cases.append((f"{name} unknown option", [name, "--bogus"], "错误：没有选项 --bogus", "Error: no such option: --bogus"))
        cases.append((f"{name} extra argument", [name, *good, "多余.xlsx"], "错误：多余的参数：多余.xlsx",
                      "Error: unexpected extra argument(s): 多余.xlsx"))
        if any(p.required for p in arguments):
            cases.append((f"{name} missing argument", [name], "错误：缺少参数 ", "Error: missing argument "))
        for param in params:
            if param.param_type_name != "option" or param.name == "help":
                continue
            option = max(param.opts, key=len)
            if getattr(param, "is_flag", False):
                cases.append((f"{name} {option}=yes", [name, f"{option}=yes"], f"错误：选项 {option} 不带值",
                              f"Error: option {option} does not take a value"))
            else:
                cases.append((f"{name} {option} without value", [name, *good, option], f"错误：选项 {option} 后面要给出一个值",
                              f"Error: option {option} requires a value"))
        for option, bad in BAD_VALUES.get(name, []):
            cases.append((f"{name} {option} {bad}", [name, option, bad], f"错误：{option} 的值无效",
                          f"Error: invalid value for {option}"))
    return cases


COMMAND_CASES = command_cases()


def test_every_command_has_each_kind_of_case() -> None:
    kinds = {case_id.split(" ", 1)[0]: set() for case_id, *_ in COMMAND_CASES}
    for case_id, *_ in COMMAND_CASES:
        name, rest = case_id.split(" ", 1)
        kinds[name].add("flag" if rest.endswith("=yes") else "value" if rest.endswith("without value") else rest)
    assert sorted(kinds) == sorted(YEAR)
    for name, found in kinds.items():
        assert {"unknown option", "extra argument", "flag", "value"} <= found, name  # every command has --json and --lang
    assert "missing argument" in kinds["check"] and "missing argument" in kinds["diff"]


@pytest.mark.parametrize(("args", "zh", "en"), [case[1:] for case in COMMAND_CASES], ids=[case[0] for case in COMMAND_CASES])
def test_each_commands_usage_errors_in_chinese_and_english(runner, in_tmp, args, zh, en):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert zh in result.output
    assert f"运行 jxkh {args[0]} -h 查看帮助" in result.output
    assert english_words(result.output) == []
    english = runner.invoke(app, args, env={"JXKH_LANG": "en"})
    assert english.exit_code == 2
    assert en in english.output
    assert f"Usage: jxkh {args[0]} [OPTIONS]" in english.output
    assert not re.search(r"[\u4e00-\u9fff]{2,}", re.sub(r"\S+\.xlsx|“[^”]*”|'[^']*'", "", english.output)), english.output
    assert not (in_tmp / "输入.xlsx").exists() and list(in_tmp.iterdir()) == []  # nothing written


@pytest.mark.parametrize("name", YEAR)
def test_version_after_every_command(runner, in_tmp, name):
    """`jxkh score --version` as `jxkh --version`: before any other option or argument is checked."""
    for args in ([name, "--version"], [name, "--version", "--lang", "en"], [name, "--json", "--version"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert result.output == f"jxkh {version('jxkh')}\n"
    assert "--version" in runner.invoke(app, [name, "-h"]).output
