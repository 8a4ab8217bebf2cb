"""Where a whole `jxkh` command spends its time: read, validate, rules, write, terminal output.

    python benchmarks/profile_command.py appraise 100k
    python benchmarks/profile_command.py bonus 1m
    python benchmarks/profile_command.py score 10k

Runs the command in this process (through the Typer app, as the `jxkh` script does) with
the library's main steps wrapped in timers; only the steps this version of the code has
are shown. Stdout (the terminal table) goes to /dev/null, as in run.py. Times are
inclusive: an indented step ran inside the one above it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

# (module, attribute, label): patched where defined; callers that import inside functions see it.
STEPS = [
    ("jxkh.cycle", "appraise_file", "cycle.appraise_file"),
    ("jxkh.cycle", "score_file", "cycle.score_file"),
    ("jxkh.ratings", "read_ratings", "ratings.read_ratings"),
    ("jxkh.indicators", "load_indicators", "indicators.load_indicators"),
    ("jxkh.reader", "read_table", "reader.read_table (calamine + row checks)"),
    ("jxkh.ratings.layouts", "tally", "ratings.layouts.tally (validate + tally)"),
    ("jxkh.indicators", "parse_indicators", "indicators.parse_indicators"),
    ("jxkh.rules.appraisal", "appraise", "rules.appraisal.appraise"),
    ("jxkh.rules.scoring", "score", "rules.scoring.score"),
    ("jxkh.rules.bonus", "distribute", "rules.bonus.distribute"),
    ("jxkh.output.appraisal", "write_appraisal", "output.appraisal.write_appraisal"),
    ("jxkh.output.bonus", "write_bonus", "output.bonus.write_bonus"),
    ("jxkh.output.scored", "write_scored", "output.scored.write_scored"),
    ("jxkh.writer", "save_atomic", "writer.save_atomic (openpyxl save)"),
    ("jxkh.cli.appraise", "show", "cli.appraise.show (terminal table)"),
    ("jxkh.cli.bonus", "show", "cli.bonus.show (terminal table)"),
    ("jxkh.cli.score", "show", "cli.score.show (terminal table)"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("appraise", "bonus", "score"))
    parser.add_argument("size", nargs="?", default="100k")
    parser.add_argument("--json", action="store_true", help="run the command with --json")
    args = parser.parse_args(argv)
    rows = generate.parse_size(args.size)
    out = generate.DATA / "out"
    out.mkdir(parents=True, exist_ok=True)
    if args.command == "score":
        path = generate.make_indicators(rows)
        cli = ["score", str(path), "--policy", str(generate.indicators_policy_path(rows))]
    else:
        path = generate.make_ratings(rows)
        cli = [args.command, str(path), *(["--pool", "1000000"] if args.command == "bonus" else [])]
    cli += ["-o", str(out / f"profile-{args.command}-{generate.size_label(rows)}.xlsx")]
    if args.json:
        cli.append("--json")

    started = time.perf_counter()
    from jxkh.cli import app

    imported = time.perf_counter() - started
    stages: dict[str, list[Any]] = {}  # label → [seconds, calls, depth at first call]
    depth = [0]

    def timed(label: str, fn: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            stages.setdefault(label, [0.0, 0, depth[0]])
            depth[0] += 1
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                depth[0] -= 1
                stages[label][0] += time.perf_counter() - t
                stages[label][1] += 1

        return wrapper

    wrapped: dict[int, Any] = {}  # id(original) → its timed wrapper
    for module_name, attr, label in STEPS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, attr, None)
        if original is not None:
            wrapped[id(original)] = timed(label, original)
            setattr(module, attr, wrapped[id(original)])
    # A module that imported a step at its top holds the original: give it the wrapper too.
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("jxkh"):
            for name, value in list(vars(module).items()):
                if id(value) in wrapped and value is not wrapped[id(value)]:
                    setattr(module, name, wrapped[id(value)])

    work = generate.DATA / "work"
    work.mkdir(parents=True, exist_ok=True)
    os.chdir(work)  # no jxkh.toml or workspace indicators.xlsx
    code = 0
    t = time.perf_counter()
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        try:
            app(cli, standalone_mode=False)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except Exception as exc:  # noqa: BLE001 - report, don't crash
            print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
            code = 1
    total = time.perf_counter() - t
    print(f"jxkh {' '.join(cli[:1])} {path.name}: exit {code}, {total:.2f} s "
          f"(+ {imported:.2f} s importing jxkh.cli), peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for label, (seconds, calls, level) in stages.items():
        name = "  " * level + label + (f" ×{calls}" if calls > 1 else "")
        print(f"  {name:<58} {seconds:7.2f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
