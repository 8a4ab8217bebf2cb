"""Files that are not usable workbooks, through `score`, `appraise` and `bonus`.

Each is refused with one catalogued error and exit 1 (3 when the file system refused),
quickly, with no traceback and nothing written; or, when the file is strange but
readable (macros, hidden parts, a million formatted rows), read with the right warning.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from . import builders
from .expect import command, refused

HERE = Path(__file__).parent
ALL = ["score", "appraise", "bonus"]


def content(name: str) -> dict:
    """The good content of each command's workbook."""
    return builders.INDICATORS if name == "score" else builders.RATINGS


@pytest.fixture(scope="module", autouse=True)
def warm_imports():
    """Import what a command imports once, so timings measure the work, not Python's imports."""
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import jxkh.cli  # noqa: F401
    import jxkh.cycle  # noqa: F401
    import jxkh.policy  # noqa: F401


def timed(name: str, work: Path, file: str, *extra: str):
    start = time.perf_counter()
    outcome = command(name, work, file, *extra)
    return outcome, time.perf_counter() - start


# --- bombs: refused within a second, by the policy's [limits] ----------------------------


@pytest.mark.parametrize("name", ALL)
def test_zip_bomb_refused_within_a_second(name, work):
    path = builders.zip_bomb(work / "bomb.xlsx", content(name), unpacked_mb=200)
    assert path.stat().st_size < 300 * 1024  # tiny on disk, 200 MB of sheet XML inside
    outcome, seconds = timed(name, work, "bomb.xlsx")
    refused(outcome, ("workbook-too-large", None, None))
    assert seconds < 1
    error = outcome.error("workbook-too-large")
    assert "xl/worksheets/sheet1.xml" in error["message"] and "200:1" in error["message"]


def test_zip_bomb_limit_is_the_policys(work):
    """[limits] in jxkh.toml decide: unpacked size over max_unpacked_mb is refused, and the
    same file is read when the limits allow it (so it was the limit that refused it)."""
    builders.zip_bomb(work / "bomb.xlsx", builders.INDICATORS, unpacked_mb=60)
    builders.write_text(work / "jxkh.toml", "[limits]\nmax_unpacked_mb = 50\nmax_ratio = 100000\n")
    outcome = refused(command("score", work, "bomb.xlsx"), ("workbook-too-large", None, None))
    assert "50 MB" in outcome.error("workbook-too-large")["message"]
    builders.write_text(work / "jxkh.toml", "[limits]\nmax_unpacked_mb = 100\nmax_ratio = 100000\n")
    outcome = command("score", work, "bomb.xlsx")
    assert outcome.exit_code == 0 and outcome.data["total"] == 550


@pytest.mark.parametrize("name", ALL)
def test_zip_whose_headers_lie_about_the_size(name, work):
    """Headers claim 2 KB, the stream inflates to 50 MB: the reader stops at the claim."""
    builders.lying_zip(work / "lie.xlsx", content(name))
    outcome, seconds = timed(name, work, "lie.xlsx")
    refused(outcome, ("workbook-corrupt", None, None))
    assert seconds < 1


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"padding": "<!--" + "padding " * 1000 + "-->"},  # DTD after 8 KB of comment
        {"utf16": True},  # in a UTF-16 sharedStrings part
    ],
    ids=["in-sheet", "after-long-comment", "utf16-shared-strings"],
)
def test_xml_entity_bomb_refused_within_a_second(name, variant, work):
    builders.entity_bomb(work / "lol.xlsx", content(name), **variant)
    outcome, seconds = timed(name, work, "lol.xlsx")
    refused(outcome, ("workbook-unsafe-xml", None, None))
    assert seconds < 1


@pytest.mark.parametrize("name", ALL)
def test_ods_repeat_bomb_refused_within_a_second(name, work):
    """.ods repeats rows and columns by count: 1,024 × 1,048,576 "x" cells from 1 KB. Calamine
    would build them all as it opens the file, so the reader measures first."""
    builders.ods_bomb(work / "bomb.ods", content(name))
    outcome, seconds = timed(name, work, "bomb.ods")
    sheet = next(iter(content(name)))
    refused(outcome, ("workbook-too-large", sheet, None))
    assert f"{sheet}!A1:AMJ" in outcome.error("workbook-too-large")["message"]
    assert seconds < 1


def test_ods_with_the_same_content_is_read(work):
    """The control for the bomb: the same hand-built .ods without the repeated row."""
    builders.ods(work / "in.ods", builders.RATINGS)
    outcome = command("bonus", work, "in.ods")
    assert outcome.exit_code == 0 and [p["amount"] for p in outcome.data["people"]] == [11250, 11250, 7500]


# --- not a workbook we can read ----------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_encrypted_xlsx(name, work):
    """A real Excel-encrypted workbook (password "jxkh"; fixtures/make_encrypted.py made it)."""
    builders.write_bytes(work / "secret.xlsx", (HERE / "fixtures" / "encrypted.xlsx").read_bytes())
    refused(command(name, work, "secret.xlsx"), ("workbook-encrypted", None, None))


def test_encrypted_workbook_renamed_xls_and_encrypted_ods(work):
    builders.write_bytes(work / "secret.xls", (HERE / "fixtures" / "encrypted.xlsx").read_bytes())
    refused(command("appraise", work, "secret.xls"), ("workbook-encrypted", None, None))
    builders.encrypted_ods(work / "secret.ods")
    refused(command("appraise", work, "secret.ods"), ("workbook-encrypted", None, None))


@pytest.mark.parametrize("name", ALL)
def test_truncated_download(name, work):
    good = builders.xlsx(work / "good.xlsx", content(name))
    builders.truncated(work / "cut.xlsx", good)
    refused(command(name, work, "cut.xlsx"), ("workbook-corrupt", None, None))


@pytest.mark.parametrize("name", ALL)
def test_damaged_sheet_data(name, work):
    good = builders.xlsx(work / "good.xlsx", content(name))
    builders.damaged(work / "bad.xlsx", good)
    refused(command(name, work, "bad.xlsx"), ("workbook-corrupt", None, None))


@pytest.mark.parametrize(
    ("file", "data", "code"),
    [
        ("notes.xlsx", "这不是表格，只是改了扩展名\n".encode(), "not-a-workbook"),
        ("export.xls", b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>", "not-a-workbook"),
        ("empty.xlsx", b"", "not-a-workbook"),
        ("scan.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "not-a-workbook"),
        ("binary.csv", b"\x00\x01\x02 PK", "not-a-workbook"),
        ("data.numbers", b"PK\x03\x04", "format-unsupported"),
        ("report.docx", b"PK\x03\x04", "format-unsupported"),
    ],
    ids=["text-renamed", "html-as-xls", "empty", "pdf", "binary-csv", "numbers", "docx"],
)
@pytest.mark.parametrize("name", ALL)
def test_not_a_workbook(name, file, data, code, work):
    builders.write_bytes(work / file, data)
    outcome = refused(command(name, work, file), (code, None, None))
    if file == "export.xls":
        assert "HTML" in outcome.error(code)["message"]


@pytest.mark.parametrize("name", ALL)
def test_zip_without_a_workbook_inside(name, work):
    builders.write_zip(work / "letter.xlsx", {"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"})
    refused(command(name, work, "letter.xlsx"), ("not-a-workbook", None, None))


@pytest.mark.parametrize("name", ALL)
def test_missing_file_is_exit_3(name, work):
    refused(command(name, work, "nowhere.xlsx"), ("file-not-found", None, None), exit_code=3)


def test_file_over_max_file_mb(work):
    builders.xlsx(work / "in.xlsx", builders.RATINGS)
    builders.write_text(work / "jxkh.toml", "[limits]\nmax_file_mb = 0.001\n")
    outcome = refused(command("bonus", work, "in.xlsx"), ("workbook-too-large", None, None))
    assert "0.001 MB" in outcome.error("workbook-too-large")["message"]


# --- far cells and empty rows: fast, and nothing read that is not there -----------------------


@pytest.mark.parametrize("name", ALL)
def test_a_value_in_the_last_cell_of_the_sheet(name, work):
    """A stray "x" in XFD1048576 would make the sheet 17 billion cells: refused, naming the extent."""
    builders.far_cell(work / "far.xlsx", content(name), "XFD1048576", "x")
    outcome, seconds = timed(name, work, "far.xlsx")
    sheet = next(iter(content(name)))
    refused(outcome, ("workbook-too-large", sheet, None))
    assert f"{sheet}!A1:XFD1048576" in outcome.error("workbook-too-large")["message"]
    assert seconds < 2


def test_max_cells_is_the_policys(work):
    builders.far_cell(work / "far.xlsx", builders.INDICATORS, "Z100", "x")  # 100 × 26 = 2600 cells
    builders.write_text(work / "jxkh.toml", "[limits]\nmax_cells = 2000\n")
    refused(command("score", work, "far.xlsx"), ("workbook-too-large", "指标", None))


@pytest.mark.parametrize("name", ALL)
def test_a_space_in_the_last_cell_of_the_sheet_is_blank(name, work):
    """A space typed in XFD1048576 is nothing: the workbook reads as if it were not there."""
    builders.far_cell(work / "far.xlsx", content(name), "XFD1048576", " ")
    outcome, seconds = timed(name, work, "far.xlsx")
    assert outcome.exit_code == 0, outcome.output
    assert seconds < 5


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    """One build per module of each million-row workbook (building it is the slow part)."""
    folder = tmp_path_factory.mktemp("million")
    return {
        "score": builders.million_empty_rows(folder / "score.xlsx", builders.INDICATORS).read_bytes(),
        "ratings": builders.million_empty_rows(folder / "ratings.xlsx", builders.RATINGS).read_bytes(),
    }


@pytest.mark.parametrize("name", ALL)
def test_a_million_formatted_empty_rows(name, work, million_rows):
    builders.write_bytes(work / "long.xlsx", million_rows["score" if name == "score" else "ratings"])
    outcome, seconds = timed(name, work, "long.xlsx")
    assert outcome.exit_code == 0 and outcome.warnings == []
    if name == "score":
        assert outcome.data["total"] == 550
    elif name == "appraise":
        assert [p["rating"] for p in outcome.data["people"]] == [92.5, 82.5, 70.5]
    else:
        assert [p["amount"] for p in outcome.data["people"]] == [11250, 11250, 7500]
    assert seconds < 15, f"{seconds:.1f} s"


def test_the_guard_notices_a_changed_or_deleted_input(work, inputs_unchanged):
    from .conftest import changed

    kept = builders.write_bytes(work / "a.xlsx", b"original")
    gone = builders.write_bytes(work / "b.xlsx", b"original")
    kept.write_bytes(b"tampered")
    gone.unlink()
    assert changed(inputs_unchanged) == {str(kept.resolve()): "changed", str(gone.resolve()): "deleted"}
    builders.write_bytes(gone, b"original")  # put things back, so this test itself passes
    kept.write_bytes(b"original")
    assert changed(inputs_unchanged) == {}


def test_the_workspace_copy_of_a_hostile_file_is_untouched(work, inputs_unchanged):
    """The SHA-256 guard itself: a copied fixture is registered and checked (see conftest)."""
    shutil.copy(HERE / "fixtures" / "encrypted.xlsx", work / "ratings.xlsx")
    refused(command("appraise", work, "ratings.xlsx"), ("workbook-encrypted", None, None))
    assert (work / "ratings.xlsx").resolve() in inputs_unchanged
