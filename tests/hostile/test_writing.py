"""Where an output lands on something that is already there: another file (the ballots), a
folder, a name too long, an earlier output with its permissions; and writes cut short by a
full disk or a signal. Nothing but jxkh's own outputs is ever replaced without --force, and
no temporary file outlives a run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import builders
from .expect import command, refused, run
from .test_outputs import ALL, DEFAULT_OUTPUT, good_input, read_only_folder  # noqa: F401 - a fixture


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".jxkh-") or p.name.endswith(".rows"))


# --- never over a file jxkh did not write --------------------------------------------------


def test_scoring_onto_the_ballots_is_refused(work):
    """The slip the issue found: `jxkh score indicators.xlsx -o ratings.xlsx` destroyed the ballots."""
    builders.indicators(work / "indicators.xlsx")
    builders.ratings(work / "ratings.xlsx")  # registered: the fixture proves it unchanged
    outcome = refused(
        run(work, "score", "indicators.xlsx", "-o", "ratings.xlsx"), ("output-not-ours", None, None), exit_code=2
    )
    error = outcome.error("output-not-ours")
    assert error["file"] == "ratings.xlsx" and "--force" in error["message"]


@pytest.mark.parametrize("name", ALL)
def test_a_foreign_file_at_the_default_output_is_kept(name, work):
    """in.scored.xlsx or bonus.xlsx that the clerk made by hand is not jxkh's to replace."""
    good_input(name, work)
    builders.xlsx(work / DEFAULT_OUTPUT[name], {"汇总": [["手工汇总表"]]})
    refused(command(name, work, "in.xlsx"), ("output-not-ours", None, None), exit_code=2)


@pytest.mark.parametrize("name", ALL)
def test_force_replaces_a_foreign_file(name, work):
    good_input(name, work)
    target = work / "旧文件.xlsx"
    target.write_bytes(b"not a workbook at all")  # not registered as an input: it is meant to go
    outcome = command(name, work, "in.xlsx", "-o", "旧文件.xlsx", "--force")
    assert outcome.exit_code == 0, outcome.output
    from jxkh.writer import written_by_jxkh

    assert written_by_jxkh(target)
    assert temp_files(work) == [], (process.returncode, err.decode())


@pytest.mark.parametrize("name", ALL)
def test_jxkhs_own_output_is_rewritten(name, work):
    good_input(name, work)
    assert command(name, work, "in.xlsx").exit_code == 0
    again = command(name, work, "in.xlsx")
    assert again.exit_code == 0 and again.data["output"] == DEFAULT_OUTPUT[name]


def test_a_sheet_named_shuoming_is_not_enough(work):
    """A clerk's own 说明 sheet (instructions) does not make the file jxkh's."""
    good_input("score", work)
    builders.xlsx(work / "in.scored.xlsx", {"说明": [["项目", "内容"], ["生成工具", "手工"]]})
    refused(command("score", work, "in.xlsx"), ("output-not-ours", None, None), exit_code=2)


def test_an_output_resaved_by_libreoffice_is_still_jxkhs(work, tmp_path):
    """The clerk opens the output, saves it (shared strings, LibreOffice's own XML): the next run
    may still replace it, its 说明 sheet says who wrote it."""
    from tests.helpers import lo_convert

    good_input("score", work)
    assert command("score", work, "in.xlsx").exit_code == 0
    resaved = lo_convert(work / "in.scored.xlsx", "xlsx", tmp_path / "resaved")
    (work / "in.scored.xlsx").write_bytes(resaved.read_bytes())
    assert command("score", work, "in.xlsx").exit_code == 0


def test_template_keeps_a_filled_in_form(work):
    builders.ratings(work / "ratings.xlsx")
    outcome = refused(run(work, "template", "ratings", "-o", "ratings.xlsx"), ("output-exists", None, None), exit_code=2)
    assert "--force" in outcome.error("output-exists")["message"]


# --- names and places that cannot be written ------------------------------------------------


@pytest.mark.parametrize("target", ["结果", "结果.xlsx"])
@pytest.mark.parametrize("name", ALL)
def test_output_naming_a_folder(name, target, work):
    """Said to be a folder, not "permission denied"."""
    good_input(name, work)
    (work / target).mkdir()
    outcome = refused(command(name, work, "in.xlsx", "-o", target), ("output-is-folder", None, None), exit_code=2)
    assert outcome.error("output-is-folder")["value"] == target
    assert list((work / target).iterdir()) == []


@pytest.mark.parametrize("length", [248, 250, 255, 256, 300])
@pytest.mark.parametrize("name", ALL)
def test_output_name_too_long(name, length, work):
    """Names of 248–255 bytes crashed (Excel's lock file `.~lock.NAME#` cannot exist for them)."""
    good_input(name, work)
    target = "a" * (length - len(".xlsx")) + ".xlsx"
    outcome = refused(command(name, work, "in.xlsx", "-o", target), ("name-too-long", None, None), exit_code=2)
    assert "247" in outcome.error("name-too-long")["message"]


def test_longest_name_allowed_is_written(work):
    good_input("score", work)
    target = "a" * (247 - len(".xlsx")) + ".xlsx"
    outcome = command("score", work, "in.xlsx", "-o", target)
    assert outcome.exit_code == 0 and outcome.new_files == {target}


def test_default_output_of_a_long_input_name(work):
    """The input's name fits; `<name>.scored.xlsx` does not: refused, naming the output."""
    source = "指" * 78 + ".xlsx"  # 239 bytes (3 a character); its output 246
    builders.indicators(work / source)
    assert command("score", work, source).exit_code == 0
    longer = "指" * 80 + ".xlsx"  # 245 bytes; its output 252
    builders.indicators(work / longer)
    refused(command("score", work, longer), ("name-too-long", None, None), exit_code=2)


# --- what a replaced output keeps -----------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644])
def test_replaced_output_keeps_its_permissions(mode, work):
    """Personnel grades made private (chmod 600) stay private when the next run replaces them."""
    good_input("appraise", work)
    assert command("appraise", work, "in.xlsx").exit_code == 0
    output = work / "in.scored.xlsx"
    output.chmod(mode)
    assert command("appraise", work, "in.xlsx").exit_code == 0
    assert output.stat().st_mode & 0o777 == mode


# --- never past column XFD ------------------------------------------------------------------


def test_indicators_reaching_column_xfd_are_refused(work):
    """Four computed columns go right of the clerk's last: from XFD they would land past the grid."""
    builders.indicators(work / "in.xlsx", {"指标!XFD2": "备注"})
    outcome = refused(command("score", work, "in.xlsx"), ("columns-beyond-grid", "指标", "XFD2"))
    assert "XFD" in outcome.error("columns-beyond-grid")["message"]
    assert "XEZ" in outcome.error("columns-beyond-grid")["message"]  # delete what is right of XEZ


def test_indicators_ending_where_the_computed_columns_fit(work):
    """Up to XEZ: XFA–XFD take the four computed columns, the last of them in XFD."""
    builders.indicators(work / "in.xlsx", {"指标!XEZ2": "备注"})
    outcome = command("score", work, "in.xlsx")
    assert outcome.exit_code == 0, outcome.output
    from python_calamine import CalamineWorkbook

    grid = CalamineWorkbook.from_path(str(work / "in.scored.xlsx")).get_sheet_by_name("指标").to_python()
    header = next(row for row in grid[:10] if "指标名称" in row)  # under the print title rows
    assert len(header) == 16384 and header[-1] == "原表行号"


def test_roster_reaching_column_xfd_is_refused(work):
    roster_first = {"人员": builders.RATINGS["人员"], "测评": builders.RATINGS["测评"]}
    builders.xlsx(work / "in.xlsx", builders.changed(roster_first, {"人员!XFD1": "备注"}))
    refused(command("appraise", work, "in.xlsx"), ("columns-beyond-grid", "人员", "XFD1"))


# --- temporary files ------------------------------------------------------------------------


def test_stale_temporary_files_are_removed(work):
    """A run killed by SIGKILL (or a power cut) leaves its temporary files; the next run in that
    folder removes those a day old, and leaves younger ones (another jxkh may be writing)."""
    good_input("score", work)
    old = [work / ".jxkh-k1ll3d.xlsx.tmp", work / ".jxkh-k1ll3d.xlsx.tmp.rows"]
    young = work / ".jxkh-writing.xlsx.tmp"
    others = [work / ".jxkh-notes.txt", work / "jxkh-k1ll3d.xlsx.tmp"]
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in [*old, young, *others]:
        path.write_bytes(b"PK")
    for path in [*old, *others]:
        os.utime(path, (two_days_ago, two_days_ago))
    assert command("score", work, "in.xlsx").exit_code == 0
    assert not any(path.exists() for path in old)
    assert young.exists() and all(path.exists() for path in others)


def _subprocess(args: list[str], folder: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "JXKH_LANG": "zh"}
    return subprocess.Popen(
        [sys.executable, "-m", "jxkh", *args], cwd=folder, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )


def test_disk_full_leaves_no_noise(work):
    """A write refused by the file system (here a file-size limit, as a quota would) says disk
    full, once: no "Exception ignored in ZipFile.__del__" traceback under the message."""
    import resource

    good_input("appraise", work)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    process = _subprocess(["appraise", "in.xlsx", "--json"], work, preexec_fn=small_files)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 3, err.decode()
    assert b'"disk-full"' in out
    assert err == b"", err.decode()
    assert sorted(p.name for p in work.iterdir()) == ["in.xlsx"]


def _indicators_csv(path: Path, rows: int) -> Path:
    """Enough indicator rows that writing the output takes a moment (600 points in all)."""
    points = 600 / rows
    lines = [",".join(builders.INDICATOR_HEADER)]
    lines += [f"{i},规定指标,指标{i},{points},办公室,柯雨桐,宋知远,好,{points},否" for i in range(1, rows + 1)]
    return builders.write_text(path, "\n".join(lines) + "\n", encoding="utf-8-sig")


@pytest.mark.parametrize(
    "signals, exit_codes",
    [([signal.SIGTERM], {143}), ([signal.SIGHUP], {129}), ([signal.SIGINT, signal.SIGINT], {130}),
     ([signal.SIGTERM, signal.SIGHUP], {143, 129}), ([signal.SIGINT, signal.SIGTERM, signal.SIGHUP], {130, 143, 129})],
    ids=["SIGTERM", "SIGHUP", "double-ctrl-c", "SIGTERM-then-SIGHUP", "three-at-once"],
)
def test_signal_while_writing(signals, exit_codes, work):
    """A real process is signalled while its temporary file exists (polled for, so the signal
    lands mid-write): it removes its temporary files, leaves the earlier output whole, says it
    was interrupted, never prints a traceback, and exits 128 + the signal it handled first
    (signals that arrive together are handled lowest number first)."""
    _indicators_csv(work / "in.csv", 6000)
    previous = builders.write_bytes(work / "上次.xlsx", b"last week's output")
    process = _subprocess(["score", "in.csv", "-o", "上次.xlsx", "--force"], work)
    deadline = time.monotonic() + 300
    while not temp_files(work):
        assert process.poll() is None, process.communicate()[1].decode()
        assert time.monotonic() < deadline
        time.sleep(0.001)
    for number in signals:
        process.send_signal(number)
        time.sleep(0.01 if len(signals) == 2 else 0)
    out, err = process.communicate(timeout=120)
    assert process.returncode in exit_codes, err.decode()
    assert "Traceback" not in err.decode() and "Exception ignored" not in err.decode()
    assert "已中断，未生成输出文件" in err.decode()
    assert temp_files(work) == [], (process.returncode, err.decode())
    assert previous.read_bytes() == b"last week's output"
    assert sorted(p.name for p in work.iterdir()) == ["in.csv", "上次.xlsx"]


# --- demo into a place it cannot write --------------------------------------------------------


def test_after_an_interrupt_what_is_left_is_finalised_silently():
    """The race the signal tests above hit now and then: a zip cut off mid-save is collected on
    the way out and its `__del__` raises. In the jxkh process, after the message, never a
    traceback; a library user's own hook is left alone while jxkh is not exiting."""
    script = (
        "import sys\n"
        "from jxkh import interrupts\n"
        "from jxkh.cli import common\n"
        "from jxkh.cli.common import Options\n"
        "class Cut:\n"
        "    def __del__(self):\n"
        "        raise ValueError('the zip was cut off')\n"
        "interrupts.exit_after_interrupt = sys.argv[1] == 'jxkh'\n"
        "common._interrupted(Options())\n"
        "Cut()\n"
    )
    for process, traceback in (("jxkh", False), ("library", True)):
        done = subprocess.run([sys.executable, "-c", script, process], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert ("Traceback" in done.stderr) is traceback, done.stderr
        assert "已中断" in done.stderr or "nterrupted" in done.stderr


def test_demo_into_a_read_only_place(work, read_only_folder):
    """The demo's folder cannot be made there (or, as root, written to): permission denied,
    naming the folder, exit 3; never the message for a failed redirection, never a crash."""
    target = read_only_folder / "jxkh-demo"
    outcome = refused(run(work, "demo", str(target)), ("permission-denied", None, None), exit_code=3)
    assert str(read_only_folder) in outcome.error("permission-denied")["message"]
    assert not target.exists()



# --- inputs that cannot be read ----------------------------------------------------------------


def _unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to read any file (as an ordinary
    user, nothing): setpriv drops CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, so mode 000 holds."""
    import shutil

    if os.geteuid() != 0:
        return []
    assert shutil.which("setpriv"), "as root, the permission tests need setpriv (util-linux)"
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.mark.parametrize("args, unreadable", [
    (["score", "in.xlsx"], "in.xlsx"),
    (["appraise", "in.xlsx"], "in.xlsx"),
    (["bonus", "in.xlsx", "--pool", "30000"], "in.xlsx"),
    (["check", "in.xlsx"], "in.xlsx"),
    (["appraise", "ratings.xlsx", "--indicators", "in.xlsx"], "in.xlsx"),
    (["score", "indicators.xlsx", "--policy", "政策.toml"], "政策.toml"),
])
def test_an_unreadable_input_is_permission_denied(args, unreadable, work):
    """Not click's English usage error (exit 2): jxkh's own permission-denied, exit 3."""
    import json

    name = args[0]
    source = builders.indicators if name == "score" or "--indicators" in args else builders.ratings
    source(work / "in.xlsx")
    builders.indicators(work / "indicators.xlsx")
    builders.ratings(work / "ratings.xlsx")
    builders.write_bytes(work / "政策.toml", b"precision = 2\n")
    (work / unreadable).chmod(0)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "JXKH_LANG": "zh"}
    try:
        done = subprocess.run([*_unprivileged(), sys.executable, "-m", "jxkh", *args, "--json"], cwd=work, env=env,
                              capture_output=True, timeout=120)
    finally:
        (work / unreadable).chmod(0o644)
    assert done.returncode == 3, done.stderr.decode()
    [error] = json.loads(done.stdout)["errors"]
    assert (error["code"], error["value"]) == ("permission-denied", unreadable)
    assert temp_files(work) == [] and not (work / "in.scored.xlsx").exists() and not (work / "bonus.xlsx").exists()
