"""docs/errors.md is the catalogue, rendered: it cannot drift from messages.py."""

from __future__ import annotations

from jxkh.messages import CATALOGUE, Code

from .errors_doc import DOC, README, catalogue_entries, readme_with_table, render


def test_committed_errors_page_matches_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == render(), "run: python tests/hostile/errors_doc.py"


def test_readme_lists_every_code_as_the_catalogue_says():
    readme = README.read_text(encoding="utf-8")
    assert readme == readme_with_table(readme), "run: python tests/hostile/errors_doc.py"
    for code in Code:
        assert readme.count(f"| `{code.value}`") == 1


def test_every_code_has_a_meaning_and_both_messages():
    entries = catalogue_entries()
    assert [member for _, member, _ in entries] == [code.name for code in Code]
    for section, member, doc in entries:
        assert section and doc, member
        entry = CATALOGUE[Code[member]]
        assert entry.zh and entry.en and entry.severity in ("error", "warning")


def test_the_page_shows_each_code_once_with_its_chinese_fix():
    page = DOC.read_text(encoding="utf-8")
    for code in Code:
        assert page.count(f"### `{code.value}` ") == 1
        assert f"- 中文：{CATALOGUE[code].zh}\n" in page
