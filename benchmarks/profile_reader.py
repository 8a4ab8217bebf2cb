"""Where `jxkh.reader` spends its time on a ballot workbook, stage by stage, beside a bare read.

    python benchmarks/profile_reader.py                # the 100k workbook
    python benchmarks/profile_reader.py 1m --cprofile  # and the top functions under cProfile

Stages are timed by wrapping the reader's own once-per-sheet helpers (so this follows
read_table as it changes); the per-row checks are then timed again alone over the same
grid, to split the row loop. Memory is the process's peak RSS after each stage.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", default="100k")
    parser.add_argument("--bare", action="store_true", help="only the bare calamine read (for its peak RSS)")
    parser.add_argument("--no-gc", action="store_true", help="gc.disable() around read_table (what GC costs)")
    parser.add_argument("--cprofile", action="store_true", help="also print the top functions of read_table")
    parser.add_argument(
        "--ratings", action="store_true",
        help="profile jxkh.ratings.read_ratings (read_table + ballot validation, what appraise calls) instead",
    )
    args = parser.parse_args(argv)
    path = generate.make_ratings(generate.parse_size(args.size))
    started = time.perf_counter()
    if args.bare:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(generate.RATING_SHEET).to_python()
        print(f"bare read {time.perf_counter() - started:.2f} s, {len(rows)} rows, peak {peak_mb():.0f} MB")
        return 0

    from jxkh import reader
    from jxkh.reader import table as reader_table
    from jxkh.reader import xmlscan
    from jxkh.headers import RATING_FIELDS, RATING_SHEETS, Field
    from jxkh.policy import Policy
    from jxkh.problems import Problems

    imported = time.perf_counter() - started
    stages: dict[str, list[float]] = {}  # label → [inclusive seconds, calls, peak MB, nested?]
    depth = [0]

    def timed(label: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            nested = depth[0] > 0
            stages.setdefault(label, [0.0, 0, 0.0, nested])  # listed in the order they start
            depth[0] += 1
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                depth[0] -= 1
                entry = stages[label]
                entry[0] += time.perf_counter() - t
                entry[1] += 1
                entry[2] = peak_mb()

        return wrapper

    # The reader's once-per-sheet steps, whichever of them this version of the reader has
    # (module functions are patched where they are called: jxkh.reader.table).
    for owner, attr, label in (
        (reader.Workbook, "rows", "Workbook.rows (calamine sheet → Python grid)"),
        (reader.Workbook, "_sheet", "Workbook._sheet (calamine get_sheet_by_name)"),
        (reader.Workbook, "sheet_xml", "Workbook.sheet_xml (unzip the sheet XML)"),
        (xmlscan._Scan, "of", "_Scan.of (sheet XML scan)"),
        (reader.Workbook, "_trimmed_book", "Workbook._trimmed_book (extent check, trim, re-zip)"),
        (reader.Workbook, "merged_ranges", "Workbook.merged_ranges"),
        (reader_table, "_find_header", "_find_header (header detection)"),
        (reader.Workbook, "formulas_without_value", "Workbook.formulas_without_value (formula scan)"),
        (reader_table, "_report_sheet_quirks", "_report_sheet_quirks (merged/hidden rows, error cells)"),
        (reader.Workbook, "hidden_rows", "Workbook.hidden_rows"),
        (reader.Workbook, "error_cells", "Workbook.error_cells"),
    ):
        if hasattr(owner, attr):
            setattr(owner, attr, timed(label, getattr(owner, attr)))

    if args.ratings:
        return profile_ratings(path, stages, timed, started, imported, args.cprofile)

    policy = Policy()
    fields = {**RATING_FIELDS, **{d: Field(d, (d,), required=True) for d in policy.staff.dimensions}}
    problems = Problems()
    t = time.perf_counter()
    book = reader.open_workbook(path, policy.limits)
    opened = time.perf_counter() - t
    opened_mb = peak_mb()
    sheet = reader.find_sheet(book, RATING_SHEETS, first_if_missing=True, problems=problems)
    if args.no_gc:
        gc.disable()
    t = time.perf_counter()
    table = reader.read_table(book, sheet, fields, problems, limits=policy.limits)
    total = time.perf_counter() - t
    assert table is not None, [p.message("en") for p in problems]
    once = sum(seconds for seconds, _, _, nested in stages.values() if not nested)

    print(f"{path.name}: {len(table.rows)} data rows, {len(problems)} problems")
    print(f"  {'import jxkh.reader/policy/headers':<56} {imported:7.2f} s")
    print(f"  {'open_workbook (zip/XML checks, calamine open)':<56} {opened:7.2f} s   peak {opened_mb:.0f} MB")
    print(f"  {'read_table':<56} {total:7.2f} s")
    for label, (seconds, calls, mb, nested) in stages.items():
        name = ("  " if nested else "") + label + (f" ×{calls}" if calls > 1 else "")
        print(f"    {name:<54} {seconds:7.2f} s   peak {mb:.0f} MB")
    print(f"    {'the rest: row loop (blank/header/total checks…)':<54} {total - once:7.2f} s")
    print("  (times are inclusive; indented steps ran inside the one above)")

    # The row loop's checks, each alone over the same rows.
    grid = [values for _, values in table.rows]
    header_keys = reader._HeaderKeys(table.headers, set(table.columns.values()))
    for name, check in (
        ("_is_blank_row", reader._is_blank_row),
        ("_HeaderKeys.repeated", header_keys.repeated),
        ("_is_total_row", reader._is_total_row),
    ):
        t = time.perf_counter()
        for values in grid:
            check(values)
        print(f"      {name:<52} {time.perf_counter() - t:7.2f} s")
    print(f"  peak RSS {peak_mb():.0f} MB")

    if args.cprofile:
        import cProfile
        import pstats

        del table, grid
        gc.collect()
        profiler = cProfile.Profile()
        profiler.enable()
        reader.read_table(book, sheet, fields, Problems(), limits=policy.limits)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    return 0


def profile_ratings(path: Path, stages: dict[str, list[float]], timed: Any, started: float, imported: float,
                    cprofile: bool) -> int:
    from jxkh import ratings, reader
    from jxkh.ratings import tally
    from jxkh.policy import Policy
    from jxkh.problems import Problems

    reader.read_table = timed("read_table", reader.read_table)
    for attr in ("read", "finish"):
        if hasattr(tally.BallotTally, attr):
            setattr(tally.BallotTally, attr, timed(f"BallotTally.{attr} (validate, tally)", getattr(tally.BallotTally, attr)))
    policy = Policy()
    problems = Problems()
    t = time.perf_counter()
    result = ratings.read_ratings(path, policy, problems)
    total = time.perf_counter() - t
    errors = [p for p in problems if p.is_error]
    print(f"{path.name}: read_ratings {total:.2f} s, {len(problems)} problems ({len(errors)} errors), "
          f"{len(result.ballots.people) if result else '-'} people")
    print(f"  {'import':<56} {imported:7.2f} s")
    for label, (seconds, calls, mb, nested) in stages.items():
        name = ("  " if nested else "") + label + (f" ×{calls}" if calls > 1 else "")
        print(f"    {name:<54} {seconds:7.2f} s   peak {mb:.0f} MB")
    print(f"  peak RSS {peak_mb():.0f} MB")
    for problem in problems[:5]:
        print("   ", problem.render("en")[:150])
    if cprofile:
        import cProfile
        import pstats

        del result
        gc.collect()
        profiler = cProfile.Profile()
        profiler.enable()
        ratings.read_ratings(path, policy, Problems())
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
