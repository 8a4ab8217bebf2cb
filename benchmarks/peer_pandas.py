"""What an analyst who knows pandas writes instead of jxkh: the ballots' per-person figures.

    python benchmarks/peer_pandas.py ratings-100k.xlsx -o out.xlsx [--check jxkh.appraised.xlsx]

pandas reads the 测评 sheet with its calamine engine (header on row 2, under the merged
title); scores become integer hundredths, one group-by per ratee sums them, the means are
rounded half-up to two decimals (`(2·sum + n) // (2·n)`, as the policy says; pandas' own
`round` is half-even on floats and would differ); grades by the default cut-offs, rank by
score (ties share a rank); openpyxl writes 测评结果 and 汇总. No validation at all.
With --check, the written workbook is compared person by person with jxkh's (peer_check.py).
"""

from __future__ import annotations

import sys

from peer_check import CUTOFFS, DIMENSIONS, arguments, done


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, argv)

    import pandas as pd

    ballots = pd.read_excel(args.ratings, sheet_name=args.sheet, engine="calamine", header=1)
    ballots = ballots[ballots["被测评人"].notna()]
    for d in DIMENSIONS:
        ballots[d] = (ballots[d].astype("float64") * 100).round().astype("int64")
    ballots["测评得分"] = ballots[DIMENSIONS].sum(axis=1)
    grouped = ballots.groupby(["工号", "被测评人"], sort=False)
    people = grouped[[*DIMENSIONS, "测评得分"]].sum()
    people.insert(0, "有效票数", grouped.size())
    people.insert(0, "科室", grouped["科室"].first())
    n = people["有效票数"]
    for c in (*DIMENSIONS, "测评得分"):
        people[c] = (2 * people[c] + n) // (2 * n)
    score = people["测评得分"]
    people["等次"] = "不合格"
    for name, floor in reversed(CUTOFFS):
        people.loc[score >= floor * 100, "等次"] = name
    people["名次"] = score.rank(method="min", ascending=False).astype("int64")
    people = people.reset_index().rename(columns={"被测评人": "姓名"})
    people = people.sort_values(["名次", "姓名", "工号"])
    for c in (*DIMENSIONS, "测评得分"):
        people[c] = people[c] / 100
    people = people[["名次", "工号", "姓名", "科室", "有效票数", *DIMENSIONS, "测评得分", "等次"]]
    summary = people.groupby("等次").size().rename("人数").reset_index()
    with pd.ExcelWriter(args.output, engine="openpyxl") as writer:
        people.to_excel(writer, sheet_name="测评结果", index=False)
        summary.to_excel(writer, sheet_name="汇总", index=False)
    return done(args, len(people))


if __name__ == "__main__":
    sys.exit(main())
