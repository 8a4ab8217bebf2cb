"""A five-person unit worked by hand for `jxkh explain` (policy: trimmed at 3 ballots per group,
领导 0.4 / 同事 0.6, 优秀 quota 20%, accountability cap 5).

| 人 | 领导 | 同事 | rating | charges | final | grade |
|---|---|---|---|---|---|---|
| 张伟 QX01 (系数 1.2) | 90 | 100, 80, 70 → 100 and 70 dropped | 0.4×90 + 0.6×80 = 84.00 | 6 + 4 = 10, capped at 5 | 79.00 | 合格 |
| 李娜 QX02 | 95 | 95 ×3 | 95.00 | — | 95.00 | 优秀, tied |
| 王芳 QX03 | 95 | 95 ×3 | 95.00 | — | 95.00 | 优秀, tied |
| 刘洋 QX04 (违纪违法) | 88 | 85 ×3 | 86.20 | — | 86.20 | 不合格 (veto) |
| 陈静 QX05 (6 months) | 75 | 75 ×3 | 75.00 | leader of 3: 4 × 0.5 = 2 | 73.00 | 合格 |

Pool 1000.00 = 100000 fen over weights 1.2, 1, 1, 1, 0.5 (Σ 4.7): 张伟 25531 43/47, the three of
weight 1 21276 28/47, 陈静 10638 14/47; 3 fen left → 张伟, then 李娜 and 王芳 (remainder tie with
刘洋 broken by the better grade). Bases 255.32, 212.77, 212.77, 212.76, 106.38.
"""

from __future__ import annotations

from pathlib import Path

from appraise_fixtures import ballot, person, write_ratings
from score_fixtures import HEADER, write_rows

POLICY = ('[staff]\naggregate = "trimmed"\ntrim_min_ballots = 3\nexcellent_quota = 0.2\n'
          '[staff.rater_weights]\n"领导" = 0.4\n"同事" = 0.6\n[accountability]\ncap = 5\n')
PEOPLE = [("张伟", "QX01", 90, [100, 80, 70], 1.2, 12, "否"), ("李娜", "QX02", 95, [95, 95, 95], 1, 12, "否"),
          ("王芳", "QX03", 95, [95, 95, 95], 1, 12, "否"), ("刘洋", "QX04", 88, [85, 85, 85], 1, 12, "是"),
          ("陈静", "QX05", 75, [75, 75, 75], 1, 6, "否")]


def build(folder: Path, people: list[tuple] | None = None, policy: str = POLICY) -> Path:
    people = people or PEOPLE
    ballots = []
    for name, id_, leader, peers, *_ in people:
        ballots.append(ballot(name, leader, id=id_, group="领导"))
        ballots += [ballot(name, t, id=id_, group="同事") for t in peers]
    roster = [person(name, id=id_, coefficient=c, months=m, violation=v) for name, id_, _, _, c, m, v in people]
    write_ratings(folder / "ratings.xlsx", ballots, roster)

    def row(n, name, grade, score=None, owner=None, leader=None, fault="否"):
        return [n, "规定指标", name, 100, None, "办公室", owner, leader, grade, score, None, None, fault, None, None]

    write_rows(folder / "indicators.xlsx", [
        HEADER, row(1, "招商服务", "好"), row(2, "会员发展", "良好", 94, "张伟", None, "是"),
        row(3, "调研报告", "良好", 96, "张伟", "陈静", "是"), row(4, "光彩事业", "好"), row(5, "商会建设", "好"),
        row(6, "宣传报道", "好")])
    (folder / "jxkh.toml").write_text(policy, encoding="utf-8")
    return folder / "ratings.xlsx"
