"""Result tables on a narrow terminal, with TERM=dumb and piped (issue #16): rich cut 江雨桐 to
“江 …” at 80 columns. Now a table is aligned when it fits, else each row is a block folded
between “表头 值” pairs; piped, one row per line. Never a name or a number cut or split.

The commands run as a subprocess on a real pseudo-terminal of 80 and 60 columns, so what is
tested is what a clerk's window shows.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from appraise_fixtures import HEADER, ballot
from helpers import make_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.cli.layout import table_lines, width

ROOT = Path(__file__).resolve().parents[1]
STYLES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Long names and a long 科室, as offices have them; rich cut exactly these.
PEOPLE = [("欧阳娜娜", "综合办公室（人事教育科）", 95.5), ("江雨桐", "宣传调研部", 88),
          ("买买提艾力", "经济联络部", 76.5), ("司马相如", "会员部", 66)]


def run(args: list[str], cwd: Path, columns: int | None, term: str = "xterm-256color") -> str:
    """`jxkh args` with stdout and stderr on a pseudo-terminal `columns` wide (None: piped)."""
    env = {k: v for k, v in os.environ.items() if k not in ("JXKH_LANG", "COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE")}
    env.update(TERM=term, NO_COLOR="1")
    command = [sys.executable, "-m", "jxkh", *args]
    if columns is None:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 1 << 16)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=300) == 0, b"".join(chunks).decode()
    return STYLES.sub("", b"".join(chunks).decode()).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's year (indicators, 台账, 核定结果) and, in 测评/, the long names' ballots."""
    folder = tmp_path_factory.mktemp("tables")
    for name in ["indicators.xlsx", "ratings.xlsx", "jxkh.toml", "台账.xlsx", "核定结果.xlsx"]:
        shutil.copy(ROOT / "examples" / name, folder / name)
    (folder / "测评").mkdir()
    rows = [HEADER, *(ballot(name, total + j, dept=dept) for j in (-1, 0, 1) for name, dept, total in PEOPLE)]
    make_xlsx(folder / "测评" / "ratings.xlsx", {"测评": rows})
    return folder


def where(command: str, workspace: Path) -> Path:
    return workspace / "测评" if command in ("appraise", "bonus") else workspace


def json_of(args: list[str], cwd: Path) -> dict:
    return json.loads(run([*args, "--json", "-o", str(cwd / "json.xlsx")], cwd, None))


def whole_on_a_line(output: str, *tokens: str) -> list[str]:
    """The tokens that no single line shows whole (empty: every one is whole somewhere)."""
    lines = output.splitlines()
    return [t for t in tokens if not any(t in line for line in lines)]


def tokens_of(command: str, data: dict) -> list[list[str]]:
    """What each row of a command's table must show whole: a person's name, 科室, numbers."""
    if command == "appraise":
        return [[p["name"], p["department"], f"{p['rating']:.2f}", f"{p['final']:.2f}", p["grade"]] for p in data["people"]]
    if command == "bonus":
        return [[p["name"], p["department"], p["grade"], f"{p['amount']:,.2f}", f"{p['base']:,.2f}"] for p in data["people"]]
    return [[name, f"{v['score']:.2f}"] for name, v in data["departments"].items()] + [
        [c["person"], f"{c['deduction']:.2f}"] for c in data["accountability"]
    ]


COMMANDS = {"appraise": ["appraise"], "bonus": ["bonus", "--pool", "12345.67"], "score": ["score"]}


@pytest.mark.parametrize(("columns", "term"), [(80, "xterm-256color"), (60, "xterm-256color"), (None, "dumb")],
                         ids=["tty-80", "tty-60", "dumb"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_narrow_terminal_folds_rows_and_never_cuts_a_name_or_number(workspace: Path, command: str, columns: int | None, term: str) -> None:
    args, cwd = COMMANDS[command], where(command, workspace)
    data = json_of(args, cwd)
    # TERM=dumb: rich takes 80 columns whatever the window; the window here is 120.
    shown = run([*args, "-o", f"{command}-{columns}-{term}.xlsx"], cwd, columns or 120, term)
    limit = columns or 80
    assert "…" not in shown
    assert max(width(line) for line in shown.splitlines()) <= limit, shown
    for row in tokens_of(command, data):
        assert whole_on_a_line(shown, *row) == [], (row, shown)
    if command == "appraise":
        # Too wide for 60 or 80 columns: one block per person, rank, name and 科室 leading it.
        assert "1  欧阳娜娜  综合办公室（人事教育科）" in shown.splitlines()
        assert "等次 优秀" in shown


@pytest.mark.parametrize("command", list(COMMANDS))
def test_piped_one_row_per_line(workspace: Path, command: str) -> None:
    args, cwd = COMMANDS[command], where(command, workspace)
    data = json_of(args, cwd)
    piped = run([*args, "-o", str(cwd / f"{command}-piped.xlsx")], cwd, None)
    lines = piped.splitlines()
    for row in tokens_of(command, data):
        # The whole row on one line: its name and every number of it, as grep finds them.
        assert any(all(token in line for token in row) for line in lines), (row, piped)
    assert "…" not in piped


@pytest.mark.parametrize("args", [["duty"], ["ledger", "--month", "6"], ["report", "--assessed", "核定结果.xlsx"]])
def test_the_year_commands_fold_too(workspace: Path, args: list[str]) -> None:
    out = ["-o", f"{args[0]}-60.docx" if args[0] == "report" else f"{args[0]}-60.xlsx"]
    shown = run([*args, *out], workspace, 60)
    assert "…" not in shown
    assert max(width(line) for line in shown.splitlines()) <= 60
    wanted = {"duty": ["办公室", "宣传调研部", "会员部", "经济联络部"],
              "ledger": ["21 门户网站与新媒体宣传", "宣传调研部", "30.00%", "网站连续三个月未更新，缺少专人维护"],
              "report": ["招商引资与项目对接", "36.00", "32.00", "4.00"]}[args[0]]
    assert whole_on_a_line(shown, *wanted) == []


# --- the layout itself ---------------------------------------------------------------------------

HEADER_ROW = ["名次", "姓名", "科室", "票数", "德", "测评得分", "最终得分", "等次"]
ROWS = [["1", "欧阳娜娜", "综合办公室（人事教育科）", "12", "9.55", "95.50", "95.50", "优秀"],
        ["10", "江雨桐", "宣传调研部", "12", "8.80", "88.00", "86.00", "良好"]]


def test_aligned_when_it_fits_one_space_apart_when_that_fits_else_a_block_per_row() -> None:
    right = {0, 3, 4, 5, 6}
    assert table_lines(HEADER_ROW, ROWS, None, right=right) == [
        "名次  姓名      科室                      票数    德  测评得分  最终得分  等次",
        "   1  欧阳娜娜  综合办公室（人事教育科）    12  9.55     95.50     95.50  优秀",
        "  10  江雨桐    宣传调研部                  12  8.80     88.00     86.00  良好",
    ]
    assert table_lines(HEADER_ROW, ROWS, 76, right=right)[1] == "   1 欧阳娜娜 综合办公室（人事教育科）   12 9.55    95.50    95.50 优秀"
    assert table_lines(HEADER_ROW, ROWS, 40, right=right, keys=3) == [
        "1  欧阳娜娜  综合办公室（人事教育科）",
        "    票数 12  德 9.55  测评得分 95.50",
        "    最终得分 95.50  等次 优秀",
        "10  江雨桐  宣传调研部",
        "    票数 12  德 8.80  测评得分 88.00",
        "    最终得分 86.00  等次 良好",
    ]


def test_a_text_longer_than_the_line_has_lines_of_its_own_broken_between_words() -> None:
    issue = "网站连续三个月未更新，缺少专人维护，已安排宣传调研部指定专人负责 2015 年第三季度起每周更新"
    lines = table_lines(["指标", "存在问题"], [["21 门户网站与新媒体宣传", issue]], 40)
    assert lines[0] == "21 门户网站与新媒体宣传"
    assert all(line.startswith("    ") and width(line) <= 40 for line in lines[1:])
    assert "".join(lines[1:]).replace(" ", "") == ("存在问题" + issue).replace(" ", "")
    assert any("2015" in line for line in lines)  # a number never split across lines


NAME = st.text(st.sampled_from("王李张刘陈杨赵黄周吴欧阳娜司马相如买提艾力"), min_size=1, max_size=6)
NUMBER = st.decimals(min_value=0, max_value=99999, places=2).map(lambda d: f"{d:,f}")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(NAME, NAME, NUMBER, NUMBER), min_size=1, max_size=6), st.integers(20, 120))
def test_every_cell_is_shown_whole_and_no_line_runs_past_the_terminal(rows, limit) -> None:
    header = ["姓名", "科室", "基数", "金额"]
    body = [list(row) for row in rows]
    lines = table_lines(header, body, limit, right={2, 3})
    assert max(width(line) for line in lines) <= limit
    for row in body:
        for value in row:
            assert any(value in line for line in lines)


def test_check_says_how_it_read_each_sheet_between_words_at_60_columns(tmp_path: Path) -> None:
    """`jxkh check`'s “读取方式” lines, long on an office's 自评表, wrap after a ， or a space, indented."""
    form = shutil.copy(ROOT / "tests" / "fixtures" / "libreoffice" / "indicators-self-assessed.xlsx", tmp_path / "自评表.xlsx")
    shown = run(["check", form.name], tmp_path, 60)
    assert max(width(line) for line in shown.splitlines()) <= 60
    sheet_lines = shown.split("读取方式：\n", 1)[1].split("提示", 1)[0].splitlines()[:-1]
    assert len(sheet_lines) > 4 and all(line.startswith("  ") for line in sheet_lines)
    # Each sheet's line starts two spaces in, its continuation four: one sheet is told from the next.
    assert [line[2:].startswith("工作表") for line in sheet_lines].count(True) == 4
    assert all(line.startswith("    ") for line in sheet_lines if not line[2:].startswith("工作表"))
    assert "…" not in "".join(sheet_lines)
    for column in ("工作完成情况", "完成情况说明", "自评得分（分）", "得分（自评）", "责任科室"):
        assert whole_on_a_line(shown, column) == [], column
