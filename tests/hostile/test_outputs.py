"""Where the output cannot go: a missing or read-only folder, a file open in Excel, the input
itself; and writing that is cut short (Ctrl-C, a full disk). Exit 3 (2 for output = input),
nothing written, no temporary file left, and an earlier output untouched."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

import pytest

from . import builders
from .expect import COMMANDS, command, refused, run

ALL = ["score", "appraise", "bonus"]
DEFAULT_OUTPUT = {"score": "in.scored.xlsx", "appraise": "in.scored.xlsx", "bonus": "bonus.xlsx"}


def good_input(name: str, work: Path) -> Path:
    if name == "score":
        return builders.indicators(work / "in.xlsx")
    return builders.ratings(work / "in.xlsx")


@pytest.mark.parametrize("name", ALL)
def test_output_in_a_missing_folder(name, work):
    good_input(name, work)
    refused(command(name, work, "in.xlsx", "-o", "结果/out.xlsx"), ("output-dir-missing", None, None), exit_code=3)
    assert not (work / "结果").exists()


@pytest.mark.parametrize("name", ALL)
def test_output_under_a_file(name, work):
    """-o in.xlsx/out.xlsx: the "folder" is a file."""
    good_input(name, work)
    refused(command(name, work, "in.xlsx", "-o", "in.xlsx/out.xlsx"), ("output-dir-missing", None, None), exit_code=3)


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder the file system will not let us write in.

    As an ordinary user, a chmod 555 folder. Tests here run as root, for whom chmod does not
    stop writing: then /sys, which refuses even root (Linux); else the test is skipped.
    """
    folder = tmp_path / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        try:
            handle, name = tempfile.mkstemp(dir=folder)
        except PermissionError:
            yield folder
            return
        os.close(handle)
        os.unlink(name)
        if sys.platform.startswith("linux"):
            try:
                handle, name = tempfile.mkstemp(dir="/sys")
            except PermissionError:
                yield Path("/sys")
                return
            os.close(handle)
            os.unlink(name)
        pytest.skip("no folder here refuses writing (running as root?)")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("name", ALL)
def test_output_in_a_read_only_folder(name, work, read_only_folder):
    good_input(name, work)
    target = read_only_folder / "out.xlsx"
    outcome = refused(command(name, work, "in.xlsx", "-o", str(target)), ("permission-denied", None, None), exit_code=3)
    assert not target.exists()
    assert str(read_only_folder) in outcome.error("permission-denied")["message"]


@pytest.mark.parametrize("lock", ["~${}", ".~lock.{}#"], ids=["excel", "libreoffice-wps"])
@pytest.mark.parametrize("name", ALL)
def test_output_open_in_excel(name, lock, work):
    """Excel leaves ~$name beside a file it has open; LibreOffice and WPS .~lock.name#."""
    good_input(name, work)
    builders.write_bytes(work / lock.format(DEFAULT_OUTPUT[name]), b"owner")
    outcome = refused(command(name, work, "in.xlsx"), ("output-locked", None, None), exit_code=3)
    assert outcome.error("output-locked")["file"] == DEFAULT_OUTPUT[name]


@pytest.mark.parametrize("spelling", ["in.xlsx", "./in.xlsx", "{work}/in.xlsx", "sub/../in.xlsx", "link.xlsx"])
@pytest.mark.parametrize("name", ALL)
def test_output_is_the_input(name, spelling, work):
    good_input(name, work)
    (work / "sub").mkdir()
    (work / "link.xlsx").symlink_to(work / "in.xlsx")
    target = spelling.format(work=work)
    refused(command(name, work, "in.xlsx", "-o", target), ("output-is-input", None, None), exit_code=2)


@pytest.mark.parametrize("name", ["appraise", "bonus"])
def test_output_is_the_indicators_workbook(name, work):
    good_input(name, work)
    builders.indicators(work / "indicators.xlsx")
    args = [*COMMANDS[name]("in.xlsx"), "--indicators", "indicators.xlsx", "-o", "indicators.xlsx"]
    refused(run(work, *args), ("output-is-input", None, None), exit_code=2)


def _interrupt_save(monkeypatch, error: BaseException) -> list[Path]:
    """Make openpyxl's save write half a file and then fail with `error`; returns the paths it wrote."""
    from openpyxl.workbook.workbook import Workbook

    written: list[Path] = []

    def save(self, filename):
        Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
        written.append(Path(filename))
        raise error

    monkeypatch.setattr(Workbook, "save", save)
    return written


@pytest.mark.parametrize("name", ALL)
def test_ctrl_c_while_writing_leaves_nothing(name, work, monkeypatch):
    good_input(name, work)
    written = _interrupt_save(monkeypatch, KeyboardInterrupt())
    outcome = run(work, *COMMANDS[name]("in.xlsx"))
    assert outcome.exit_code == 130
    assert written and all(not path.exists() for path in written)  # the half file is gone
    assert outcome.new_files == set()
    assert "已中断，未生成输出文件" in outcome.output


@pytest.mark.parametrize("name", ALL)
def test_ctrl_c_keeps_the_previous_output(name, work, monkeypatch):
    """Overwriting last week's output (named with -o) and interrupted: last week's file stays whole."""
    good_input(name, work)
    assert run(work, *COMMANDS[name]("in.xlsx"), "-o", "上次结果.xlsx").exit_code == 0
    previous = (work / "上次结果.xlsx").read_bytes()
    _interrupt_save(monkeypatch, KeyboardInterrupt())
    outcome = run(work, *COMMANDS[name]("in.xlsx"), "-o", "上次结果.xlsx")
    assert outcome.exit_code == 130 and outcome.new_files == set()
    assert (work / "上次结果.xlsx").read_bytes() == previous


@pytest.mark.parametrize("name", ALL)
def test_disk_full_while_writing(name, work, monkeypatch):
    good_input(name, work)
    written = _interrupt_save(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    refused(command(name, work, "in.xlsx"), ("disk-full", None, None), exit_code=3)
    assert written and not any(path.exists() for path in written)


def test_output_replaced_while_locked_by_windows(work, monkeypatch):
    """On Windows, renaming over a file Excel holds open is refused with PermissionError."""
    good_input("bonus", work)

    def replace(source, target):
        raise PermissionError(errno.EACCES, "in use")

    monkeypatch.setattr(os, "replace", replace)
    refused(command("bonus", work, "in.xlsx"), ("output-locked", None, None), exit_code=3)


def test_outputs_are_readable_by_others(work):
    """The temporary file is private (0600); the output it becomes is an ordinary file."""
    good_input("score", work)
    old = os.umask(0o022)
    try:
        outcome = command("score", work, "in.xlsx")
    finally:
        os.umask(old)
    assert outcome.exit_code == 0
    assert (work / "in.scored.xlsx").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("target", ["out.csv", "out.xls", "out"])
def test_output_that_is_not_xlsx_is_refused(name, target, work):
    """-o 结果.xls would get an .xlsx under a name Excel opens with a format warning."""
    good_input(name, work)
    refused(command(name, work, "in.xlsx", "-o", target), ("output-not-xlsx", None, None), exit_code=2)
    assert not (work / target).exists()
