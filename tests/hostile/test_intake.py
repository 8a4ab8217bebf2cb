"""What no input may do: hang jxkh, make it abort, or take gigabytes. Special files (a FIFO,
a .csv that is /dev/zero), zip members packed in a way nothing here can unpack (a zip
password, AES, Deflate64), numbers whose size is the attack (1e-20000), a CSV in Big5; and
the 说明 sheet's SHA-256 is of the bytes that were read."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from . import builders
from .expect import command, refused

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX")


def run_process(work: Path, *args: str) -> subprocess.CompletedProcess:
    """As the clerk runs it, with a deadline: a hang fails the test instead of the suite."""
    return subprocess.run([sys.executable, "-m", "jxkh", *args, "--json"], cwd=work, capture_output=True,
                          text=True, timeout=60)


def errors(done: subprocess.CompletedProcess) -> list[tuple[str, str | None, str | None]]:
    return [(e["code"], e["sheet"], e["cell"]) for e in json.loads(done.stdout)["errors"]]


@needs_posix
@pytest.mark.parametrize("name", ["ballots.xlsx", "ballots.csv"])
def test_a_fifo_is_refused_not_waited_on(name, work):
    os.mkfifo(work / name)
    done = run_process(work, "appraise", name)
    assert done.returncode == 1, done.stderr
    assert errors(done) == [("not-a-workbook", None, None)]
    assert sorted(p.name for p in work.iterdir()) == [name]


@needs_posix
def test_a_csv_that_is_dev_zero_is_refused_at_once(work):
    """Its size says 0 and it never ends: it is not read at all."""
    (work / "ballots.csv").symlink_to("/dev/zero")
    done = run_process(work, "appraise", "ballots.csv")
    assert done.returncode == 1, done.stderr
    assert errors(done) == [("not-a-workbook", None, None)]
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["ballots.csv"]


def test_a_file_larger_than_it_said_is_read_no_further_than_the_limit(work, monkeypatch):
    """The size limit counts the bytes read, not what the file system reports."""
    builders.ratings(work / "in.xlsx")
    builders.write_text(work / "jxkh.toml", "[limits]\nmax_file_mb = 0.001\n")  # 1 KB
    monkeypatch.setattr(os, "stat", _lying_stat(os.stat))
    refused(command("appraise", work, "in.xlsx"), ("workbook-too-large", None, None))


def _lying_stat(real):
    def stat(path, *args, **kwargs):
        result = real(path, *args, **kwargs)
        if str(path).endswith("in.xlsx"):
            return os.stat_result((result.st_mode, *result[1:6], 10, *result[7:]))
        return result

    return stat


@pytest.mark.parametrize(("flags", "method", "code", "said"), [
    (1, 8, "workbook-encrypted", None),  # a zip password (ZipCrypto)
    (1, 99, "workbook-encrypted", None),  # WinZip AES
    (0, 9, "workbook-corrupt", "Deflate64"),  # packed by Windows Explorer beyond 2 GB, or 7-Zip
    (0, 14, "workbook-corrupt", "LZMA"),
], ids=["zipcrypto", "aes", "deflate64", "lzma"])
def test_zip_members_nothing_here_can_unpack(flags, method, code, said, work):
    member = "xl/worksheets/sheet1.xml"
    builders.write_zip(work / "in.xlsx", builders.package(builders.sheets_xml(builders.RATINGS)),
                       method={member: method}, flags={member: flags})
    outcome = refused(command("appraise", work, "in.xlsx"), (code, None, None))
    if said:
        assert said in outcome.error(code)["message"]


@pytest.mark.parametrize("value", ["1e-20000", "1e999999", "0.0000000000000000000000000000001", "3.1415926535897932384626433832795"])
@pytest.mark.parametrize("name", ["appraise", "bonus"])
def test_a_number_whose_size_is_the_attack(name, value, work):
    """1e-20000 made every stored score a 20,000-digit number (MemoryError at 300k ballots);
    below 10^-30, or more than 30 significant digits, is no score."""
    builders.ratings(work / "in.xlsx", {"测评!D2": value})
    refused(command(name, work, "in.xlsx"), ("number-not-finite", "测评", "D2"))


def test_the_smallest_and_longest_numbers_still_read():
    """10^-30 and 30 significant digits are the edge, and within it; one step past, not."""
    from jxkh.cells import CellValueError, to_decimal

    assert to_decimal("1e-30") == Decimal("1e-30")
    assert to_decimal("0.123456789012345678901234567890") == Decimal("0.123456789012345678901234567890")
    for past in ("9.9e-31", "0.1234567890123456789012345678901"):
        with pytest.raises(CellValueError):
            to_decimal(past)


TRADITIONAL = [
    ["工號", "被測評人", "科室", "德", "能", "勤", "績", "廉"],
    ["Q1", "柯雨桐", "辦公室", 10, 19, 28, 28, 10],
    ["Q2", "宋知遠", "辦公室", 9, 17, 25, 25, 9],
    ["Q3", "魯青禾", "聯絡科", 7, 14, 21, 21, 7],
]


def test_a_big5_csv_says_its_encoding(work):
    """GB18030 decodes Big5's bytes into nonsense that no header matches: say why."""
    builders.csv_file(work / "in.csv", TRADITIONAL, encoding="big5")
    refused(command("appraise", work, "in.csv"), ("csv-encoding", None, None))


def test_the_explanation_records_the_bytes_that_were_read(work, monkeypatch):
    """Excel saves the input while jxkh runs: 说明 names the bytes jxkh read, not the new file."""
    import openpyxl

    import jxkh.reader.intake as intake

    builders.ratings(work / "in.xlsx")
    read = (work / "in.xlsx").read_bytes()
    real = intake.read_bounded

    def then_saved_again(path, limit):
        data = real(path, limit)
        builders.write_bytes(Path(path), data + b"\0" * 16)  # the file changes after the read
        return data

    monkeypatch.setattr(intake, "read_bounded", then_saved_again)
    outcome = command("appraise", work, "in.xlsx")
    assert outcome.exit_code == 0, outcome.output
    sheet = openpyxl.load_workbook(work / outcome.data["output"])["说明"]
    recorded = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert recorded["输入文件 in.xlsx"] == "SHA-256：" + hashlib.sha256(read).hexdigest()
    assert hashlib.sha256((work / "in.xlsx").read_bytes()).hexdigest() != hashlib.sha256(read).hexdigest()
