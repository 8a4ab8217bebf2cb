"""What an analyst who knows polars writes instead of jxkh: the ballots' per-person figures.

    python benchmarks/peer_polars.py ratings-100k.xlsx -o out.xlsx [--check jxkh.appraised.xlsx]

fastexcel reads the 测评 sheet (header on row 2, under the merged title) into Arrow columns;
one group-by per ratee gives the ballots, each dimension's sum and the total's sum; the
averages are exact: scores as integer hundredths, the mean rounded half-up to two decimals
as the policy says (`(2·sum + n) // (2·n)`); grades by the default cut-offs (90/80/70), rank
by score (ties share a rank); xlsxwriter writes 测评结果 and 汇总. No validation at all.
With --check, the written workbook is compared person by person with jxkh's (peer_check.py).
"""

from __future__ import annotations

import sys

from peer_check import CUTOFFS, DIMENSIONS, arguments, done


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__, argv)

    import polars as pl

    ballots = pl.read_excel(args.ratings, sheet_name=args.sheet, engine="calamine", read_options={"header_row": 1})
    hundredths = [(pl.col(d).cast(pl.Float64) * 100).round(0).cast(pl.Int64).alias(d) for d in DIMENSIONS]
    people = (
        ballots.filter(pl.col("被测评人").is_not_null())
        .with_columns(hundredths)
        .with_columns(pl.sum_horizontal(DIMENSIONS).alias("测评得分"))
        .group_by("工号", "被测评人", maintain_order=True)
        .agg(pl.col("科室").drop_nulls().first(), pl.len().alias("有效票数"), *[pl.col(c).sum() for c in (*DIMENSIONS, "测评得分")])
    )
    n = pl.col("有效票数")
    half_up = [((2 * pl.col(c) + n) // (2 * n)).alias(c) for c in (*DIMENSIONS, "测评得分")]
    grade = pl.when(pl.col("测评得分") >= CUTOFFS[0][1] * 100).then(pl.lit(CUTOFFS[0][0]))
    for name, floor in CUTOFFS[1:]:
        grade = grade.when(pl.col("测评得分") >= floor * 100).then(pl.lit(name))
    people = (
        people.with_columns(half_up)
        .with_columns(grade.otherwise(pl.lit("不合格")).alias("等次"),
                      pl.col("测评得分").rank("min", descending=True).cast(pl.Int64).alias("名次"))
        .sort("名次", "被测评人", "工号")
        .with_columns([(pl.col(c) / 100) for c in (*DIMENSIONS, "测评得分")])
        .select("名次", "工号", pl.col("被测评人").alias("姓名"), "科室", "有效票数", *DIMENSIONS, "测评得分", "等次")
    )
    summary = people.group_by("等次").len("人数")
    import xlsxwriter

    with xlsxwriter.Workbook(args.output) as book:
        people.write_excel(book, worksheet="测评结果", autofit=False)
        summary.write_excel(book, worksheet="汇总")
    return done(args, people.height)


if __name__ == "__main__":
    sys.exit(main())
