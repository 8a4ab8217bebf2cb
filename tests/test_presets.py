"""`jxkh init --preset`: each rule book's jxkh.toml, read back and used; and what must always
hold under every preset (hypothesis): no pool has more 优秀 than places in apply mode, and
taking a 处分 away never lowers that person's grade."""

from __future__ import annotations

import tomllib
from decimal import Decimal as D

import openpyxl
from appraise_fixtures import HEADER, ballot
from helpers import make_xlsx, read_back
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxkh.cli import app
from jxkh.cycle import appraise_file
from jxkh.policy import DEFAULT_TOML, Policy, load_policy, policy_from_dict
from jxkh.presets import PRESET_NAMES, preset_toml
from jxkh.problems import Problems
from jxkh.rules.appraisal import PersonResult, apply_rules, grade_for, rank_people
from jxkh.rules.quota import apply_quota
from jxkh.rules.standing import is_graded
from jxkh.standing import Standing


def test_each_preset_is_a_complete_policy(runner, in_tmp):
    expected = {
        "岩联2015": (["优秀", "良好", "合格", "不合格"], None, "list"),
        "事业单位2023": (["优秀", "合格", "基本合格", "不合格"], D("0.2"), "apply"),
        "公务员2007": (["优秀", "称职", "基本称职", "不称职"], D("0.15"), "apply"),
        "公务员2020": (["优秀", "称职", "基本称职", "不称职"], D("0.2"), "apply"),
    }
    assert list(expected) == list(PRESET_NAMES)
    for name, (grades, quota, mode) in expected.items():
        result = runner.invoke(app, ["init", name, "--preset", name])
        assert result.exit_code == 0, result.output
        text = (in_tmp / name / "jxkh.toml").read_text(encoding="utf-8")
        assert text == preset_toml(name)
        policy = load_policy(in_tmp / name / "jxkh.toml")
        assert (policy.staff.grades, policy.staff.excellent_quota, policy.staff.quota) == (grades, quota, mode)
        # Every bonus grade is one of the preset's own grades (the policy validates it too).
        assert set(policy.bonus.deduct) <= set(grades) and policy.bonus.award_to[0] == grades[0]
    assert preset_toml("岩联2015") == DEFAULT_TOML
    assert policy_from_dict(tomllib.loads(DEFAULT_TOML)) == Policy()


def test_presets_cite_their_articles():
    text = preset_toml("事业单位2023")
    for article in ("人社部发〔2023〕6号", "第十条", "第十五条", "第三十七条", "第四十一条", "第四十二条", "第四十四条"):
        assert article in text, article
    assert "中组发〔2007〕2号" in preset_toml("公务员2007") and "15%以内，最多不超过20%" in preset_toml("公务员2007")
    assert "2020年12月" in preset_toml("公务员2020")
    for name in PRESET_NAMES:
        assert "组通字〔1998〕19号" in preset_toml(name)
        # Cut-offs are nowhere in the rule books: the tool's, and marked so.
        assert "[工具默认]" in preset_toml(name).split("[staff.cutoffs]")[1].split("\n\n")[0] or name == "岩联2015"


def test_unknown_preset_and_preset_with_policy_are_usage_errors(runner, in_tmp):
    alias = runner.invoke(app, ["init", "a", "--preset", "GWY2020"])
    assert alias.exit_code == 0 and (in_tmp / "a" / "jxkh.toml").read_text(encoding="utf-8") == preset_toml("公务员2020")
    unknown = runner.invoke(app, ["init", "x", "--preset", "公务员2030"])
    assert unknown.exit_code == 2 and "公务员2030" in unknown.output and not (in_tmp / "x").exists()
    (in_tmp / "p.toml").write_text("", encoding="utf-8")
    both = runner.invoke(app, ["init", "y", "--preset", "公务员2020", "--policy", "p.toml"])
    assert both.exit_code == 2 and "--policy" in both.output


def _appraise(tmp_path, name, scores):
    path = make_xlsx(tmp_path / f"{name}.xlsx", {"测评": [HEADER, *(ballot(n, s) for n, s in scores.items())]})
    policy = policy_from_dict(tomllib.loads(preset_toml(name)))
    return appraise_file(path, policy, write=False)


SCORES = {"甲": 95, "乙": 93, "丙": 85, "丁": 72, "戊": 50}


def test_presets_grade_a_small_unit_by_hand(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no workspace indicators.xlsx: no unit level
    grades = {}
    for name in PRESET_NAMES:
        result = _appraise(tmp_path, name, SCORES)
        grades[name] = ({p.name: p.grade for p in result.people}, result.quota_allowed)
    assert grades == {
        # No quota: 95 and 93 are both 优秀.
        "岩联2015": ({"甲": "优秀", "乙": "优秀", "丙": "良好", "丁": "合格", "戊": "不合格"}, None),
        # 5 × 20% = 1 place (by level: unknown here, so excellent_quota); 93 goes down to 合格.
        "事业单位2023": ({"甲": "优秀", "乙": "合格", "丙": "合格", "丁": "合格", "戊": "不合格"}, 1),
        # 5 × 15% = 0.75 → 0: nobody is 优秀.
        "公务员2007": ({"甲": "称职", "乙": "称职", "丙": "称职", "丁": "基本称职", "戊": "不称职"}, 0),
        "公务员2020": ({"甲": "优秀", "乙": "称职", "丙": "称职", "丁": "基本称职", "戊": "不称职"}, 1),
    }


# --- what always holds ------------------------------------------------------------------------


def _policy(name: str) -> Policy:
    policy = policy_from_dict(tomllib.loads(preset_toml(name)))
    if policy.staff.quota != "apply":  # 岩联2015 lists only: apply a 20% quota for the property
        policy = policy.model_copy(update={"staff": policy.staff.model_copy(update={"quota": "apply", "excellent_quota": D("0.2")})})
    return policy


POLICIES = {name: _policy(name) for name in PRESET_NAMES}
MEASURES = ["", "警告", "诫勉", "记过", "严重警告", "记大过", "降级", "撤职"]

person_strategy = st.tuples(
    st.integers(min_value=40, max_value=100),  # score
    st.sampled_from(MEASURES),
    st.booleans(),  # 立案审查
    st.sampled_from(["科员", "科级"]),
)


def _grade(policy: Policy, people_data: list[tuple[int, str, bool, str]], level: str | None) -> tuple[list[PersonResult], list]:
    people, problems = [], Problems()
    for i, (score, measure, case, pool) in enumerate(people_data):
        final = D(score) + D(i) / 100  # distinct scores: a tie would need the unit's decision
        person = PersonResult(id=None, name=f"人{i}", department=None, ballots=1, dimensions={}, rating=final,
                              deduction=D(0), final=final, grade=grade_for(final, policy), rank=0,
                              score_grade=grade_for(final, policy))
        standing = Standing(sanctions=(measure,) if measure else (), investigation=case, pool=pool)
        apply_rules(person, standing, None, policy, 2015, problems)
        people.append(person)
    rank_people(people)
    people.sort(key=lambda p: p.rank)
    share = policy.staff.quota_by_level.get(level, policy.staff.excellent_quota) if level else policy.staff.excellent_quota
    pools = apply_quota(people, {i: p.pool for i, p in enumerate(people)}, share, policy.model_copy(
        update={"staff": policy.staff.model_copy(update={"quota_pools": "职务层次"})}), problems)
    assert not problems.errors
    return people, pools


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PRESET_NAMES), data=st.lists(person_strategy, min_size=1, max_size=25),
       level=st.sampled_from([None, "好", "良好", "一般", "差"]), who=st.integers(min_value=0))
def test_no_pool_exceeds_its_quota_and_removing_a_sanction_never_lowers_a_grade(name, data, level, who):
    policy = POLICIES[name]
    grades = policy.staff.grades
    people, pools = _grade(policy, data, level)
    for pool in pools:
        assert len([p for p in pool.people if p.grade == grades[0]]) <= pool.allowed
    i = who % len(data)
    cleared = [*data[:i], (data[i][0], "", data[i][2], data[i][3]), *data[i + 1:]]
    before = next(p for p in people if p.name == f"人{i}")
    after = next(p for p in _grade(policy, cleared, level)[0] if p.name == f"人{i}")
    if is_graded(before.grade) and is_graded(after.grade):
        assert grades.index(after.grade) <= grades.index(before.grade)
    if is_graded(before.grade):
        assert is_graded(after.grade)  # a person with a grade keeps one without the 处分


def test_the_2023_preset_adds_the_excellent_notice(tmp_path, monkeypatch):
    # §17: the 优秀 candidates are posted; 5 × 20% = 1 place, 甲.
    monkeypatch.chdir(tmp_path)
    path = make_xlsx(tmp_path / "r.xlsx", {"测评": [HEADER, *(ballot(n, s) for n, s in SCORES.items())]})
    policy = policy_from_dict(tomllib.loads(preset_toml("事业单位2023")))
    result = appraise_file(path, policy, output=tmp_path / "out.xlsx")
    rows = [list(r) for r in openpyxl.load_workbook(result.output)["优秀公示"].iter_rows(values_only=True)]
    assert rows[0][0] == "2023年度事业单位工作人员年度考核优秀等次人选公示"
    assert rows[2] == ["序号", "科室", "姓名", "最终得分"] and rows[3] == [1, None, "甲", 95]
    assert "不少于5个工作日" in rows[6][0]
    default = appraise_file(path, Policy(), output=tmp_path / "plain.xlsx")
    assert "优秀公示" not in openpyxl.load_workbook(default.output).sheetnames


def test_each_preset_key_values():
    """The figures each rule book gives (and the tool's marked defaults), read back from the file."""
    def key_values(name):
        p = policy_from_dict(tomllib.loads(preset_toml(name)))
        s = p.staff
        return (dict(s.cutoffs), s.excellent_quota, s.quota_base, s.quota_rounding, s.publicize_excellent,
                dict(s.quota_by_level), p.status.probation.effect, p.status.leave_months, p.status.investigation.effect,
                p.status.sanctions["警告"].effect, p.status.sanctions["记过"].effect, p.status.sanctions["记大过"].years)

    civil = {"优秀": 90, "称职": 75, "基本称职": 60, "不称职": 0}
    assert {name: key_values(name) for name in PRESET_NAMES} == {
        "岩联2015": ({"优秀": 90, "良好": 80, "合格": 70, "不合格": 0}, None, "all", "floor", False, {},
                     "none", 6, "pending", "cap", "none", 2),
        "事业单位2023": ({"优秀": 90, "合格": 70, "基本合格": 60, "不合格": 0}, D("0.2"), "all", "floor", True,
                         {"好": D("0.25"), "良好": D("0.2"), "一般": D("0.2"), "差": D("0.15")},
                         "none", 6, "pending", "cap", "none", 2),
        "公务员2007": (civil, D("0.15"), "all", "floor", False, {}, "none", 6, "pending", "cap", "none", 2),
        "公务员2020": (civil, D("0.2"), "all", "floor", False, {}, "none", 6, "pending", "cap", "none", 2),
    }


def test_civil_service_presets_cite_only_checked_articles():
    import re

    def articles(name):
        return set(re.findall(r"第[一二三四五六七八九十百]+条", preset_toml(name)))

    # 中组发〔2007〕2号: 第六条 (the four 等次), 第二十五条 (处分), 第二十七条 (refusing → 不称职), checked;
    # the 15% article was not, and says so. 第十七条 is the 2023 规定's 公示期 (the [notice] days).
    text = preset_toml("公务员2007")
    assert articles("公务员2007") == {"第六条", "第二十五条", "第二十七条", "第十七条"}
    assert "# 第六条：年度考核的结果分为优秀、称职、基本称职和不称职四个等次" in text
    assert "15%以内，最多不超过20%（[条款号待核]）" in text
    # 公务员考核规定 (2020): no article number was checked, so none is cited.
    assert articles("公务员2020") == {"第十七条"} and preset_toml("公务员2020").count("[条款号待核]") == 3
    for name in ("公务员2007", "公务员2020"):
        notice = preset_toml(name).split("[notice]")[1].split("\n\n")[0]
        assert "第十七条" in notice  # the only 第十七条: the 公示期


def test_civil_service_presets_switch_to_tick_box_ballots_as_their_comment_says():
    for name in ("公务员2007", "公务员2020"):
        text = preset_toml(name)
        text = text.replace('# method = "votes"', 'method = "votes"').replace("# [staff.votes]", "[staff.votes]")
        for box, points in (("优秀", 100), ("称职", 80), ("基本称职", 60), ("不称职", 40)):
            text = text.replace(f'# "{box}" = {points}\n', f'"{box}" = {points}\n', 1)
        start = text.index("\n[staff.dimensions]") + 1
        text = text[:start] + text[text.index("[staff.cutoffs]"):]
        policy = policy_from_dict(tomllib.loads(text))
        assert policy.staff.method == "votes"
        assert policy.staff.votes == {"优秀": 100, "称职": 80, "基本称职": 60, "不称职": 40}
        assert list(policy.staff.dimensions) == ["得票分"]
