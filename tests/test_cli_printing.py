"""Printing is part of the command: a console that cannot show a name, a pipe that closes,
a full disk, control characters in a cell, 300,000 problems, an 80-column pipe."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from appraise_fixtures import HEADER, ballot

from jxkh.cli import app
from jxkh.cli.layout import escape, width, wrap
from jxkh.cli.printing import PROBLEM_ROWS, print_problems
from jxkh.messages import Code
from jxkh.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE_GBK = ["买买提•艾力", "张䶮"]  # • and 䶮 have no code in cp936


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def jxkh(args: list[str], cwd: Path, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("JXKH_LANG", "COLUMNS")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "jxkh", *args], cwd=cwd, env=environment, timeout=300, **kwargs)


def ballots_of(names: list[str]) -> list[list[object]]:
    return [HEADER, *(ballot(name, total) for name, total in zip(names, [90, 80, 70, 60]))]


# --- A console without the characters (Windows, code page 936) -----------------------------------


def test_cp936_console_prints_results_and_errors_with_names_outside_gbk(tmp_path):
    write_csv(tmp_path / "ratings.csv", ballots_of([*OUTSIDE_GBK, "王五"]))
    cp936 = {"PYTHONIOENCODING": "cp936"}
    shown = jxkh(["appraise", "ratings.csv"], tmp_path, cp936, capture_output=True)
    assert shown.returncode == 0, shown.stderr.decode("cp936", "replace")
    out = shown.stdout.decode("cp936")
    assert "王五" in out and "张?" in out and "买买提?艾力" in out  # replaced, never fatal
    assert b"Traceback" not in shown.stderr
    assert (tmp_path / "ratings.scored.xlsx").exists()
    # --json is UTF-8 whatever the console's code page: the names arrive whole.
    data = jxkh(["appraise", "ratings.csv", "--json", "-o", "again.xlsx"], tmp_path, cp936, capture_output=True)
    assert data.returncode == 0
    assert [p["name"] for p in json.loads(data.stdout.decode("utf-8"))["people"]] == [*OUTSIDE_GBK, "王五"]
    # Errors whose values are outside GBK, as a table and as JSON.
    bad = ballots_of([*OUTSIDE_GBK, "王五"])
    bad[1][5] = "䶮"
    write_csv(tmp_path / "bad.csv", bad)
    refused = jxkh(["check", "bad.csv"], tmp_path, cp936, capture_output=True)
    assert refused.returncode == 1
    assert b"Traceback" not in refused.stderr
    assert "number-invalid" in refused.stderr.decode("cp936", "replace")
    as_json = jxkh(["check", "bad.csv", "--json"], tmp_path, cp936, capture_output=True)
    assert json.loads(as_json.stdout.decode("utf-8"))["errors"][0]["value"] == "䶮"


# --- stdout that stops taking output ---------------------------------------------------------------


def _demo(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    for name in ("indicators.xlsx", "ratings.xlsx", "jxkh.toml"):
        folder.mkdir(exist_ok=True)
        shutil.copy(ROOT / "examples" / name, folder / name)
    return folder


def test_a_closed_stdout_ends_quietly_with_the_commands_code(tmp_path):
    folder = _demo(tmp_path)
    environment = {k: v for k, v in os.environ.items() if k != "JXKH_LANG"}
    process = subprocess.Popen([sys.executable, "-m", "jxkh", "score"], cwd=folder, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written (`| head -0`)
    stderr = process.stderr.read()
    assert process.wait(timeout=300) == 0
    assert stderr == b""
    assert (folder / "indicators.scored.xlsx").exists()


def test_a_full_stdout_is_a_file_system_error_without_traceback(tmp_path):
    folder = _demo(tmp_path)
    with open("/dev/full", "w") as full:
        result = jxkh(["score"], folder, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 3
    message = result.stderr.decode()
    assert "无法写出结果" in message
    assert "Traceback" not in message and "Exception ignored" not in message
    with open("/dev/full", "w") as full:
        as_json = jxkh(["score", "--json", "-o", "again.xlsx"], folder, stdout=full, stderr=subprocess.PIPE)
    assert as_json.returncode == 3 and b"Traceback" not in as_json.stderr


# --- control characters in cells -------------------------------------------------------------------

HOSTILE = "坏人\x1b]52;c;SGk=\x07\x1b[2J\x9b31m"


def test_control_characters_in_cells_are_shown_escaped(runner, in_tmp):
    write_csv(in_tmp / "ratings.csv", ballots_of([HOSTILE, "王五"]))
    # the unit named: no 提示 at all, whose table (tab-separated off a terminal) has tabs
    (in_tmp / "jxkh.toml").write_text('[notice]\nunit = "某县司法局"\n', encoding="utf-8")
    result = runner.invoke(app, ["appraise", "ratings.csv"])
    assert result.exit_code == 0, result.output
    assert escape(HOSTILE) == r"坏人\x1b]52;c;SGk=\x07\x1b[2J\x9b31m"
    assert escape(HOSTILE) in result.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.output)
    bad = ballots_of(["王五", "李四"])
    bad[1][5] = "\x1b[31m9"
    write_csv(in_tmp / "bad.csv", bad)
    refused = runner.invoke(app, ["check", "bad.csv"])
    assert refused.exit_code == 1
    assert r"实际为“\x1b[31m9”" in refused.output
    assert "\x1b" not in refused.output


# --- many problems, narrow terminals, pipes ----------------------------------------------------------


def _problems(n: int) -> list[Problem]:
    return [Problem(Code.NUMBER_INVALID, file="ratings.xlsx", sheet="测评", cell=f"F{i + 2}", row=i + 2,
                    value="九十", params={"column": "德"}) for i in range(n)]


def test_300000_problems_print_fast_and_capped():
    from rich.console import Console

    out, problems = io.StringIO(), _problems(300_000)
    started = time.perf_counter()
    print_problems(problems, Console(file=out, width=80), "zh", failed=True)
    assert time.perf_counter() - started < 5
    lines = out.getvalue().splitlines()
    assert lines[0] == "发现 300000 个问题，未生成输出文件："
    assert len(lines) == 2 + PROBLEM_ROWS + 1
    assert lines[-1] == f"……及其余 {300_000 - PROBLEM_ROWS} 条（共 300000 条；用 --json 可列出全部）"


def test_json_streams_every_problem(runner, in_tmp):
    rows = ballots_of(["王五"])[:1] + [ballot(f"人员{i}", ["九十", 18, 27, 27, 9]) for i in range(PROBLEM_ROWS + 50)]
    write_csv(in_tmp / "many.csv", rows)
    result = runner.invoke(app, ["check", "many.csv", "--json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["errors"]) == PROBLEM_ROWS + 50
    shown = runner.invoke(app, ["check", "many.csv"])
    assert "……及其余 50 条（共 250 条；用 --json 可列出全部）" in shown.output


def test_piped_at_80_columns_one_problem_per_line_never_split(tmp_path):
    folder = _demo(tmp_path)
    bad = write_csv(folder / "bad.csv", [
        ["序号", "类别", "指标名称", "分值", "完成等次", "得分", "得分率", "个人原因"],
        [1, "规定指标", "招商引资服务与项目对接工作", 300, "好", 250, None, "否"],
        [2, "规定指标", "会员发展", 305, "良好", None, "0.5", "否"],
    ])
    piped = jxkh(["check", str(bad)], folder, {"COLUMNS": "80"}, capture_output=True, text=True)
    data = jxkh(["check", str(bad), "--json"], folder, {"COLUMNS": "80"}, capture_output=True, text=True)
    assert piped.returncode == data.returncode == 1
    lines = piped.stderr.splitlines()
    assert lines[1] == "位置\t代码\t问题"
    problems = json.loads(data.stdout)["errors"]
    assert len(lines) == 2 + len(problems)
    for problem, line in zip(problems, lines[2:]):
        where = " ".join(p for p in (problem["file"], f"{problem['sheet']}!{problem['cell']}" if problem["cell"] else problem["sheet"]) if p)
        assert line == f"{where}\t{problem['code']}\t{problem['message']}"
        assert width(problem["message"]) > 40  # long messages, whole on their line


def test_a_narrow_terminal_folds_messages_between_words():
    from rich.console import Console

    problems = _problems(2) + [Problem(Code.SCORE_RATIO_MISMATCH, file="indicators.xlsx", sheet="指标", cell="K12",
                                       value="36.5", params={"ratio": "85.71%", "points": "40"})]
    out = io.StringIO()
    print_problems(problems, Console(file=out, width=40, force_terminal=True, color_system=None), "zh", failed=True)
    lines = out.getvalue().splitlines()
    assert max(width(line) for line in lines) <= 40
    # where and code did not fit one line of 40: each has its own, then the message, folded
    start = lines.index("indicators.xlsx 指标!K12")
    assert lines[start + 1] == "  score-ratio-mismatch"
    message = problems[2].message("zh")
    folded = [line.strip() for line in lines[start + 2:]]
    assert "".join(folded) == message.replace(" ", "") or " ".join(folded).replace(" ", "") == message.replace(" ", "")
    for token in ("36.5", "85.71%", "40"):
        assert any(token in line for line in folded)


def test_wrap_never_splits_a_word_and_keeps_punctuation_with_its_word():
    text = "得分 36.5 与得分率 85.71% 不一致（分值 40），请只填一项或改为一致 score-ratio-mismatch"
    for limit in range(8, 60):
        lines = wrap(text, limit)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for word in ("36.5", "85.71%", "score-ratio-mismatch"):
            assert any(word in line for line in lines), (limit, lines)
        for line in lines:
            assert not line.startswith(("，", "）", "%")), lines
            assert width(line) <= limit or " " not in line.strip()


# --- the workspace is the folder of the file given ---------------------------------------------------


def test_workspace_files_are_taken_beside_the_file_given(runner, in_tmp):
    other = _demo(in_tmp) .rename(in_tmp / "其他文件夹")
    # The current folder has its own, broken, indicators.xlsx and jxkh.toml: neither may be read.
    (in_tmp / "indicators.xlsx").write_text("not a workbook")
    (in_tmp / "jxkh.toml").write_text("this is [not toml")
    checked = runner.invoke(app, ["check", "其他文件夹/ratings.xlsx"])
    assert checked.exit_code == 0, checked.output
    assert "已按指标表 其他文件夹/indicators.xlsx 计入责任扣分" in checked.output
    appraised = runner.invoke(app, ["appraise", "其他文件夹/ratings.xlsx", "--json", "-o", "out.xlsx"])
    assert appraised.exit_code == 0, appraised.output
    people = {p["name"]: p for p in json.loads(appraised.stdout)["people"]}
    # 江雨桐's 94.20 needs the example's own jxkh.toml (领导 0.4, 同事 0.6), beside the ratings.
    assert str(people["江雨桐"]["final"]) in ("94.2", "94.20")
    # --indicators and --policy still name other files.
    named = runner.invoke(app, ["check", "其他文件夹/ratings.xlsx", "--indicators", "indicators.xlsx"])
    assert named.exit_code == 1
    assert str(other) != ""
