"""Tick-box ballots in all three layouts (a long sheet, a form per rater, a folder of forms)
give the same result to the fen, worked by hand in tests/vote_layouts.py. The per-rater forms
are the ones offices print (merged title, 测评人类别 line, two-row header, √ ✓ 1 是, a 填表人
footer), saved through LibreOffice (.xlsx, .xls, .ods; fixtures/libreoffice/make.py) and
committed, so CI needs no LibreOffice; the same forms built with openpyxl are read live too."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from vote_layouts import (
    COUNTED,
    GRADES,
    MEAN,
    POLICY,
    WEIGHTED,
    WEIGHTED_MEAN,
    write_folder,
    write_long,
    write_per_sheet,
)

from jxkh.cycle import appraise_file

FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"
SAVED = {
    "per-sheet.xlsx": FIXTURES / "ratings-votes-per-sheet.xlsx",
    "per-sheet.xls": FIXTURES / "ratings-votes-per-sheet.xls",
    "per-sheet.ods": FIXTURES / "ratings-votes-per-sheet.ods",
    "folder": FIXTURES / "ratings-votes-folder",
}
BUILT = {"long": write_long, "per-sheet": write_per_sheet, "folder": lambda p: write_folder(p.with_suffix(""))}


def _people(result):
    return {p.name: (p.ballots, p.final, p.grade) for p in result.people}


def _expected(means):
    return {name: (COUNTED[name], Decimal(mean), GRADES[name]) for name, mean in means.items()}


def test_the_files_really_come_from_libreoffice():
    with zipfile.ZipFile(SAVED["per-sheet.xlsx"]) as archive:
        assert b"<Application>LibreOffice" in archive.read("docProps/app.xml")
    assert b"Microsoft Excel 97-Tabelle" in SAVED["per-sheet.xls"].read_bytes()
    assert sorted(p.suffix for p in SAVED["folder"].iterdir()) == [".xls"] * 3 + [".xlsx"] * 4


@pytest.mark.parametrize("policy, means", [(POLICY, MEAN), (WEIGHTED, WEIGHTED_MEAN)], ids=["mean", "weighted"])
@pytest.mark.parametrize("layout", list(BUILT))
def test_each_layout_built_as_offices_do_gives_the_hand_worked_result(tmp_path, layout, policy, means):
    result = appraise_file(BUILT[layout](tmp_path / "votes.xlsx"), policy, write=False)
    assert _people(result) == _expected(means)
    assert result.ballots_counted == 22  # 24 rows, 2 spoilt


@pytest.mark.parametrize("policy", [POLICY, WEIGHTED], ids=["mean", "weighted"])
@pytest.mark.parametrize("saved", list(SAVED))
def test_libreoffice_saved_layouts_agree_with_the_long_one_to_the_fen(tmp_path, saved, policy):
    long = appraise_file(write_long(tmp_path / "long.xlsx"), policy, write=False)
    result = appraise_file(SAVED[saved], policy, output=tmp_path / "out.xlsx")
    assert result.to_json()["people"] == long.to_json()["people"]
    assert _people(result) == _expected(MEAN if policy is POLICY else WEIGHTED_MEAN)
    assert (tmp_path / "out.xlsx").exists()


def test_spoilt_ballots_are_named_at_their_cell_on_their_form():
    result = appraise_file(SAVED["per-sheet.xlsx"], POLICY, write=False)
    spoilt = [(w.sheet, w.cell, w.value, w.params["count"], w.params["ticks"])
              for w in result.warnings if w.code == "vote-spoilt"]
    # 张伟 is row 7 of 第3票 (no tick: named at the first box, D); 李强 row 6 of 第5票, at his second tick (E).
    assert spoilt == [("第3票", "D7", "张伟", 0, "无"), ("第5票", "E6", "李强", 2, "优秀、称职")]
    footers = sorted(w.sheet for w in result.warnings if w.code == "footer-rows")
    assert footers == ["第1票…第6票（6）"]  # every form's 填表人 line: named once, not read
    assert [w.sheet for w in result.warnings if w.code == "sheet-not-read"] == ["说明"]


def test_folder_names_the_file_of_each_spoilt_ballot():
    result = appraise_file(SAVED["folder"], WEIGHTED, write=False)
    spoilt = [(Path(w.file).name, w.cell) for w in result.warnings if w.code == "vote-spoilt"]
    assert spoilt == [("第3票.xls", "D7"), ("第5票.xls", "E6")]


def test_the_folder_as_a_subprocess(tmp_path):
    policy = tmp_path / "jxkh.toml"
    policy.write_text('[staff]\nmethod = "votes"\n[staff.votes]\n"优秀" = 100\n"称职" = 80\n"基本称职" = 60\n"不称职" = 40\n'
                      '[staff.cutoffs]\n"优秀" = 90\n"称职" = 70\n"基本称职" = 50\n"不称职" = 0\n'
                      '[bonus]\naward_to = ["优秀", "称职"]\n[bonus.deduct]\n"不称职" = 1\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "jxkh", "appraise", str(SAVED["folder"]), "--policy", str(policy),
                           "-o", str(tmp_path / "out.xlsx"), "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    people = {p["name"]: (p["ballots"], p["final"], p["grade"]) for p in json.loads(done.stdout)["people"]}
    assert people == {"王芳": (6, 96.67, "优秀"), "李强": (5, 84.0, "称职"), "张伟": (5, 72.0, "称职"),
                      "刘洋": (6, 56.67, "基本称职")}
