"""Policy files and values a unit could get wrong: a dimension named like another ballot column,
every kind of value pydantic refuses (said in Chinese, never pydantic's English), files saved
as UTF-16 or GBK, and `Policy(...)` built in Python."""

from __future__ import annotations

import copy
import re

import pytest

from jxkh.messages import TEXT
from jxkh.problems import DataError

from . import builders
from .expect import refused, run


def policy_file(work, text: str, encoding: str = "utf-8"):
    return builders.write_bytes(work / "jxkh.toml", text.encode(encoding))


@pytest.mark.parametrize("name", ["被测评人", "科室", "工 号", "测评人类别", "ＩＤ", "姓名"])
def test_a_dimension_named_like_another_column(name, work):
    """A ballot column 被测评人 could be the ratee or the dimension: the policy is refused first."""
    builders.ratings(work / "in.xlsx")
    policy_file(work, f'[staff.dimensions]\n"德" = 40\n"{name}" = 60\n')
    outcome = refused(run(work, "appraise", "in.xlsx"), ("policy-invalid", None, None))
    message = outcome.error("policy-invalid")["message"]
    assert message.startswith("staff.dimensions: ") and f"测评维度“{name}”" in message


def test_two_dimensions_with_one_name(work):
    builders.ratings(work / "in.xlsx")
    policy_file(work, '[staff.dimensions]\n"德" = 40\n"德 " = 60\n')
    refused(run(work, "appraise", "in.xlsx"), ("policy-invalid", None, None))


# Every value of the policy replaced by each of these: the errors pydantic raises for them
# are every kind the Policy model can raise.
BAD_VALUES = [
    "x", -1, 0, 2, 1.5, 7, 10**30, "inf", "nan", "", [], [1], [1, 2, 3], ["a", 1], {}, {"a": 1},
    {"a": "x"}, {"a": [1]}, {"a": [2, 1]}, {"a": [1, "x"]}, {"a": -1}, True,
]


def _keys(data: dict, prefix: tuple = ()):
    for key, value in data.items():
        yield (*prefix, key)
        if isinstance(value, dict):
            yield from _keys(value, (*prefix, key))


def _every_refusal():
    from jxkh.policy import Policy, policy_from_dict

    base = Policy().model_dump()
    for key in _keys(base):
        for bad in BAD_VALUES:
            data = copy.deepcopy(base)
            target = data
            for part in key[:-1]:
                target = target[part]
            target[key[-1]] = bad
            try:
                policy_from_dict(data, source="jxkh.toml")
            except DataError as error:
                yield from error.problems


PYDANTIC_ENGLISH = re.compile(r"Input should|Field required|Extra inputs|valid (dictionary|list|integer|decimal|string)|Value error")


def test_every_refusal_is_said_in_chinese():
    problems = list(_every_refusal())
    kinds = {p.params["detail"].key for p in problems if hasattr(p.params["detail"], "key")}
    # The kinds the model raises, each with its own wording: none falls back to the generic one.
    assert "policy_unknown" not in kinds
    assert {"policy_greater_than", "policy_greater_than_equal", "policy_less_than_equal", "policy_literal_error",
            "policy_decimal_parsing", "policy_finite_number", "policy_int_type", "policy_int_from_float",
            "policy_dict_type", "policy_tuple_type", "policy_too_long", "policy_missing", "policy_list_type",
            "policy_string_type", "policy_model_type", "policy_extra_forbidden", "policy_decimal_type"} <= kinds
    for problem in problems:
        zh, en = problem.message("zh"), problem.message("en")
        assert not PYDANTIC_ENGLISH.search(zh), zh
        assert re.search(r"[\u4e00-\u9fff]", zh.split(": ", 1)[1]), zh
        assert not PYDANTIC_ENGLISH.search(en), en


def test_every_pydantic_kind_has_both_languages():
    for key, (zh, en) in TEXT.items():
        if key.startswith("policy_"):
            assert re.search(r"[\u4e00-\u9fff]", zh) and en and not re.search(r"[\u4e00-\u9fff]", en.split("e.g.")[0]), key


def test_a_refusal_through_the_cli_in_chinese(work):
    builders.ratings(work / "in.xlsx")
    policy_file(work, '[unit]\ntotal = -600\n[staff]\naggregate = "median"\n')
    outcome = refused(run(work, "appraise", "in.xlsx"), ("policy-invalid", None, None), ("policy-invalid", None, None))
    messages = [e["message"] for e in outcome.data["errors"]]
    assert messages == ["unit.total: 应大于 0", "staff.aggregate: 应为 mean / trimmed 之一"]
    english = run(work, "appraise", "in.xlsx", "--lang", "en")
    assert [e["message"] for e in english.data["errors"]] == [
        "unit.total: must be greater than 0", "staff.aggregate: must be one of mean / trimmed",
    ]


def test_policy_constructed_in_python_raises_data_error():
    from pydantic import ValidationError

    from jxkh.policy import Policy

    with pytest.raises(DataError) as excinfo:
        Policy(precision=-1, staff={"dimensions": {"被测评人": 10}})
    assert not isinstance(excinfo.value, ValidationError)
    assert [(p.code, p.params["key"], p.file) for p in excinfo.value.problems] == [
        ("policy-invalid", "precision", None), ("policy-invalid", "staff.dimensions", None),
    ]
    assert excinfo.value.problems[0].message() == "precision: 应不小于 0"
    assert Policy(precision=3).precision == 3


# --- how the file is saved --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_a_utf16_policy_names_the_encoding_expected(encoding, work):
    """Notepad's "Unicode" is UTF-16: said so, and that UTF-8 is what is wanted."""
    builders.ratings(work / "in.xlsx")
    policy_file(work, 'title = "某单位"\n', encoding)
    outcome = refused(run(work, "appraise", "in.xlsx"), ("policy-encoding", None, None))
    message = outcome.error("policy-encoding")["message"]
    assert "UTF-16" in message and "UTF-8" in message and outcome.error("policy-encoding")["file"] == "jxkh.toml"


def test_init_copies_a_gbk_policy_as_utf8(work):
    """`init --policy` with what Notepad on a Chinese Windows saves ("ANSI", GBK)."""
    text = '# 某单位政策\ntitle = "某单位2016年度绩效管理"\n[staff]\nexcellent_quota = 0.15\n'
    builders.write_bytes(work / "政策.toml", text.encode("gbk"))
    outcome = run(work, "init", "新年度", "--policy", "政策.toml")
    assert outcome.exit_code == 0, outcome.output
    assert (work / "新年度" / "jxkh.toml").read_text(encoding="utf-8") == text


def test_init_with_a_utf16_policy_writes_nothing(work):
    builders.write_bytes(work / "政策.toml", 'title = "x"\n'.encode("utf-16"))
    refused(run(work, "init", "新年度", "--policy", "政策.toml"), ("policy-encoding", None, None))
    assert not (work / "新年度").exists()


def test_load_policy_takes_a_str(work):
    from jxkh.policy import load_policy

    policy_file(work, "precision = 3\n")
    assert load_policy("jxkh.toml").precision == 3
    assert load_policy(str(work / "jxkh.toml")).precision == 3
