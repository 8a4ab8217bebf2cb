"""The policy: built-in defaults are the seed's figures, `jxkh.toml` overrides them, bad values name their key."""

from __future__ import annotations

import tomllib
from decimal import Decimal as D

import pytest

from jxkh.policy import DEFAULT_TOML, Policy, load_policy, policy_from_dict
from jxkh.problems import DataError, FileSystemError


def test_defaults_equal_the_commented_file():
    assert policy_from_dict(tomllib.loads(DEFAULT_TOML)) == Policy()


def test_seed_figures():
    policy = Policy()
    assert policy.unit.total == 600  # 绩效评估总分值600分
    assert policy.unit.bands == {"好": (1, 1), "良好": (D("0.8"), 1), "一般": (D("0.6"), D("0.8")), "差": (0, 0)}
    assert policy.staff.dimensions == {"德": 10, "能": 20, "勤": 30, "绩": 30, "廉": 10}
    assert policy.staff.full_score == 100


def test_a_file_overrides_defaults(tmp_path):
    path = tmp_path / "jxkh.toml"
    path.write_text('[unit]\ntotal = 500\nbonus_cap = 10\n[accountability]\nleader_factor = 0.3\n', encoding="utf-8")
    policy = load_policy(path)
    assert (policy.unit.total, policy.unit.bonus_cap, policy.accountability.leader_factor) == (500, 10, D("0.3"))
    assert policy.unit.bands == Policy().unit.bands


def test_workspace_file_or_builtin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_policy() == Policy()
    (tmp_path / "jxkh.toml").write_text("precision = 1\n", encoding="utf-8")
    assert load_policy().precision == 1


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[unit]\ntotal = -600\n", "unit.total"),
        ('[unit]\ntotal = "六百"\n', "unit.total"),
        ("precision = 9\n", "precision"),
        ("[unit.bands]\n\"良好\" = [0.9, 0.8]\n", "unit.bands"),
        ("[unit.band_default]\n\"良好\" = 0.5\n", "unit"),  # outside the 良好 band
        ("[accountability]\nleader_factor = -1\n", "accountability.leader_factor"),
        ("[unit]\ntotl = 600\n", "unit.totl"),  # a misspelt key
    ],
)
def test_bad_value_reported_with_its_key(tmp_path, toml, key):
    path = tmp_path / "jxkh.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_policy(path)
    problems = exc.value.problems
    assert [str(p.code) for p in problems] == ["policy-invalid"]
    assert problems[0].params["key"] == key
    assert problems[0].message().startswith(f"{key}: ")
    assert problems[0].file == str(path)


def test_syntax_error(tmp_path):
    path = tmp_path / "jxkh.toml"
    path.write_text("[unit\ntotal = 600\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_policy(path)
    assert [str(p.code) for p in exc.value.problems] == ["policy-syntax"]


def test_missing_file(tmp_path):
    with pytest.raises(FileSystemError) as exc:
        load_policy(tmp_path / "none.toml")
    assert [str(p.code) for p in exc.value.problems] == ["file-not-found"]


def test_values_for_the_explanation_sheet():
    values = dict(Policy().values())
    assert values["unit.total"] == "600"
    assert values["unit.bonus_cap"] == "无"


def test_each_check_speaks_one_language_at_a_time():
    """A policy check is written “中文 / English” and shown in one of them: the separator is
    exactly " / ", or the other language leaks into the message (“…）/ votes take no dimensions”)."""
    import ast
    import inspect

    import jxkh.policy as module

    texts = [
        "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in (arg.values if isinstance(arg, ast.JoinedStr) else [arg]))
        for node in ast.walk(ast.parse(inspect.getsource(module)))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ValueError"
        for arg in node.args[:1] if isinstance(arg, (ast.Constant, ast.JoinedStr))
    ]
    assert len(texts) >= 15
    assert [t for t in texts if t.count(" / ") != 1] == []
    with pytest.raises(DataError) as caught:
        policy_from_dict({"staff": {"method": "votes", "votes": {"优秀": 100, "称职": 80}, "dimensions": {"德": 10}}})
    problem = caught.value.problems.errors[0]
    assert "votes take" not in problem.message("zh") and "不用 dimensions" in problem.message("zh")
    assert "不用" not in problem.message("en") and "votes take no dimensions" in problem.message("en")
