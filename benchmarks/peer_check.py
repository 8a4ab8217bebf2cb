"""What the peer scripts share (their arguments, the policy's defaults they hard-code), and
whether a peer script's output holds jxkh's numbers: every person's ballots, five dimension
averages, 测评得分, 等次 and 名次, against `jxkh appraise`'s 测评结果 sheet.

    python benchmarks/peer_check.py PEER.xlsx JXKH.appraised.xlsx

Both workbooks are read with python_calamine (jxkh's own reader dependency). A person is
matched by 工号 and 姓名; numbers are compared as hundredths (the two files both hold
floats of two decimals). Exit 1, naming the first differences, when any person differs or is
missing on one side.
"""

from __future__ import annotations

import argparse
import sys

# The default policy, as the peers hard-code it: five dimensions, cut-offs 90/80/70.
DIMENSIONS = ["德", "能", "勤", "绩", "廉"]
CUTOFFS = [("优秀", 90), ("良好", 80), ("合格", 70)]

SHEET = "测评结果"
KEYS = ("工号", "姓名")
FIGURES = ("有效票数", "德", "能", "勤", "绩", "廉", "测评得分", "等次", "名次")


def arguments(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """A peer's command line: the ballots, -o output, --sheet, --check jxkh's output."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("ratings")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--sheet", default="测评")
    parser.add_argument("--check", metavar="JXKH_XLSX", help="compare the output with jxkh appraise's")
    return parser.parse_args(argv)


def done(args: argparse.Namespace, count: int) -> int:
    """After a peer wrote its output: its exit code, with --check the comparison's."""
    print(f"{count} people", file=sys.stderr)
    return check(args.output, args.check) if args.check else 0


def people(path: str) -> dict[tuple[str, str], tuple[object, ...]]:
    """(工号, 姓名) → the figures, from the sheet whose header row names them all."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).to_python()
    header_at = next(i for i, row in enumerate(rows[:5]) if all(k in row for k in (*KEYS, *FIGURES)))
    header = rows[header_at]
    keys = [header.index(k) for k in KEYS]
    figures = [header.index(f) for f in FIGURES]
    found = {}
    for row in rows[header_at + 1 :]:
        if not row[keys[1]]:
            continue
        key = tuple(str(row[k]) for k in keys)
        found[key] = tuple(round(v * 100) if isinstance(v, float) else v for v in (row[f] for f in figures))
    return found


def compare(peer: str, jxkh: str) -> list[str]:
    """The differences, as lines (empty: the same people with the same figures)."""
    mine, theirs = people(peer), people(jxkh)
    out = []
    for key in sorted(mine.keys() | theirs.keys()):
        if mine.get(key) != theirs.get(key):
            out.append(f"{'/'.join(key)}: peer {mine.get(key)} jxkh {theirs.get(key)}")
    return out


def check(peer: str, jxkh: str) -> int:
    diffs = compare(peer, jxkh)
    if diffs:
        print(f"{peer}: {len(diffs)} people differ from {jxkh}:", *diffs[:10], sep="\n  ", file=sys.stderr)
        return 1
    print(f"{peer}: the same {len(people(jxkh))} people and figures as {jxkh}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(check(*sys.argv[1:3]))
