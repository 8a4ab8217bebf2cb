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
