"""Start-up is most of a real unit's wait (issue 14: 10,000 ballots in 0.3 s): what a `jxkh`
process imports, run as the clerk runs it, and the console that prints without rich when the
output is no terminal. Each test fails when the laziness it pins is undone."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxkh.cli import printing

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pydantic", "openpyxl", "python_calamine", "rich", "numpy", "docx", "lxml",
         "jxkh.explaining")  # eight dataclasses that only `jxkh explain` needs

# The `jxkh` script's own entry point, reporting at exit which of HEAVY the process imported.
PROBE = """
import atexit, sys
heavy = sys.argv.pop(1).split(",")
atexit.register(lambda: sys.stderr.write(
    "\\n@@imported=" + ",".join(m for m in heavy if sys.modules.get(m) is not None) + "\\n"))
sys.argv[0] = "jxkh"
from jxkh.cli import main
main()
"""


def jxkh(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`jxkh args` as a process with stdout and stderr piped; and which of HEAVY it imported."""
    environment = {k: v for k, v in os.environ.items() if k not in ("JXKH_LANG", "TTY_COMPATIBLE", "FORCE_COLOR")}
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-c", PROBE, ",".join(HEAVY), *args], cwd=cwd, env=environment,
                          capture_output=True, timeout=300)
    stderr = done.stderr.decode("utf-8")
    marker = stderr.rindex("@@imported=")
    imported = set(filter(None, stderr[marker:].split("=", 1)[1].strip().split(",")))
    done.stderr = stderr[:marker].encode("utf-8")
    return done, imported


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("startup")
    for name in ("ratings.xlsx", "indicators.xlsx"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    return folder


def test_help_imports_nothing_heavy(workspace):
    done, imported = jxkh(["--help"], workspace)
    assert done.returncode == 0
    assert imported == set()


def test_check_piped_imports_neither_writer_nor_rich(workspace):
    # check writes nothing: no openpyxl (and so no lxml); piped, no rich.
    done, imported = jxkh(["check", "ratings.xlsx"], workspace)
    assert done.returncode == 0, done.stderr.decode()
    assert imported.isdisjoint({"openpyxl", "lxml", "rich", "numpy", "docx"}), imported


@pytest.mark.parametrize("args", [["appraise", "ratings.xlsx", "-o", "a.xlsx", "--force"],
                                  ["bonus", "--pool", "100000", "ratings.xlsx", "-o", "b.xlsx", "--force"],
                                  ["score", "indicators.xlsx", "-o", "s.xlsx", "--force"]])
def test_commands_piped_import_no_rich_numpy_or_docx(workspace, args):
    # rich only for a terminal; numpy kept out of openpyxl by `main`; python-docx only for report;
    # jxkh.explaining only for explain (appraise's 说明 sheet needs only `cells.rounding_gap`).
    done, imported = jxkh(args, workspace)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout  # the table was printed, without rich
    assert "openpyxl" in imported  # the probe sees what the command imports
    assert imported.isdisjoint({"rich", "numpy", "docx", "jxkh.explaining"}), imported


def test_piped_output_is_rich_output_byte_for_byte(workspace):
    # TTY_COMPATIBLE=0 sends the same non-terminal output through rich itself.
    args = ["appraise", "ratings.xlsx", "-o", "same.xlsx", "--force"]
    plain, imported = jxkh(args, workspace)
    through_rich, with_rich = jxkh(args, workspace, {"TTY_COMPATIBLE": "0"})
    assert "rich" not in imported and "rich" in with_rich
    assert plain.returncode == through_rich.returncode == 0
    assert plain.stdout == through_rich.stdout and plain.stderr == through_rich.stderr
    assert "名次" in plain.stdout.decode() and plain.stderr  # a table and the 提示 were printed


@pytest.mark.parametrize("environ", [{"TTY_COMPATIBLE": "1"}, {"TTY_COMPATIBLE": "0"}, {"FORCE_COLOR": ""},
                                     {"FORCE_COLOR": "1"}])
def test_rich_decides_whenever_the_environment_speaks(monkeypatch, environ):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert not isinstance(printing._console(io.StringIO()), printing.PlainConsole)


def test_plain_only_for_a_stream_that_is_no_terminal(monkeypatch):
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    class Closed(io.StringIO):
        def isatty(self) -> bool:
            raise ValueError("I/O operation on closed file")

    assert isinstance(printing._console(io.StringIO()), printing.PlainConsole)
    assert isinstance(printing._console(Closed()), printing.PlainConsole)
    assert not isinstance(printing._console(Terminal()), printing.PlainConsole)
    assert not isinstance(printing._console(None), printing.PlainConsole)


LINES = st.text(st.one_of(st.characters(), st.sampled_from("\t\r\x07\x08\x0b\x0c\n 江雨桐ａ１e\u0301")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.tuples(LINES, st.sampled_from(["", "bold", "bold red", "yellow"]),
                                st.sampled_from([None, True, False])), max_size=5))
def test_plain_console_writes_what_rich_writes(lines):
    plain_file, rich_file = io.StringIO(), io.StringIO()
    plain, rich = printing.PlainConsole(plain_file), printing._rich_console(rich_file)
    for line, style, soft_wrap in lines:
        printing._line(plain, line, style, soft_wrap)
        printing._line(rich, line, style, soft_wrap)
    plain.print()
    rich.print()
    assert plain_file.getvalue() == rich_file.getvalue()


def test_a_line_wider_than_a_pipe_goes_through_rich():
    # rich crops a line wider than the console at PIPE_WIDTH cells unless soft-wrapped.
    wide = "江" * (printing.PIPE_WIDTH // 2 + 3)
    for soft_wrap in (None, True):
        plain_file, rich_file = io.StringIO(), io.StringIO()
        printing._line(printing.PlainConsole(plain_file), wide, soft_wrap=soft_wrap)
        printing._line(printing._rich_console(rich_file), wide, soft_wrap=soft_wrap)
        assert plain_file.getvalue() == rich_file.getvalue()


# --- the command line holds only the command being run -------------------------------------------


@pytest.mark.parametrize(("args", "names"), [
    (["appraise", "ratings.xlsx"], ["appraise"]),
    (["--lang", "en", "bonus", "--pool", "1"], ["bonus"]),
    (["--lang=en", "check"], ["check"]),
    ([], None), (["-h"], None), (["--help", "score"], None), (["--version"], None), (["--lang"], None),
    (["apprise"], None), (["--install-completion"], None), (["--lang", "en"], None),
])
def test_app_for_a_run_holds_its_command_alone(args, names):
    from jxkh.cli import app, app_for

    built = app_for(args)
    if names is None:
        assert built is app
    else:
        assert [info.name for info in built.registered_commands] == names
        assert len(app.registered_commands) == 12  # the whole app is untouched


@pytest.mark.parametrize("args", [["appraise", "--bogus"], ["appraise", "-h"], ["bonus", "--pool"],
                                  ["--lang", "en", "bonus", "--pool", "x"], ["score", "a", "b"],
                                  ["explain", "-h", "--lang", "en"], ["check", "--version"], ["init", "--lang", "xx"]])
def test_a_one_command_app_answers_as_the_whole_app(runner, in_tmp, args):
    from jxkh.cli import app, app_for

    whole, one = runner.invoke(app, args), runner.invoke(app_for(args), args)
    assert (one.exit_code, one.output) == (whole.exit_code, whole.output)
    assert whole.output


def test_main_builds_only_the_command_it_runs_without_the_collector(workspace, monkeypatch):
    import gc

    import typer.main

    from jxkh import interrupts
    from jxkh.cli import main

    built: list[str] = []
    original = typer.main.get_command_from_info

    collecting: list[bool] = []

    def counted(command_info, **kwargs):
        built.append(command_info.name)
        collecting.append(gc.isenabled())
        return original(command_info, **kwargs)

    monkeypatch.setattr(typer.main, "get_command_from_info", counted)
    monkeypatch.setattr(interrupts, "exit_after_interrupt", interrupts.exit_after_interrupt)
    # What `main` sets for its process, put back for the tests after this one.
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", os.environ.get("PYDANTIC_DISABLE_PLUGINS", ""))
    monkeypatch.setitem(sys.modules, "numpy", sys.modules.get("numpy"))
    monkeypatch.setattr(sys, "argv", ["jxkh", "check", str(workspace / "ratings.xlsx"), "--json"])
    monkeypatch.chdir(workspace)
    try:
        with pytest.raises(SystemExit) as exit:
            main()
        assert gc.isenabled()  # switched back on by the command
    finally:
        gc.unfreeze()
        gc.enable()
    assert exit.value.code == 0
    assert built == ["check"]
    assert collecting == [False]  # no collector while start-up builds what lives to the end
