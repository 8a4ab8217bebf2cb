"""Time jxkh as whole processes beside a bare calamine read of the same workbook (issue 6).

    python benchmarks/run.py                      # 10k, 100k, 1m; 3 runs (1 at 1m)
    python benchmarks/run.py --quick              # 10k only
    python benchmarks/run.py --sizes 100k --runs 5

For each ballot workbook it runs `jxkh appraise`, `jxkh bonus --pool 1000000`, `jxkh check`,
the bare read (`python -c` opening the file with python_calamine and calling
`get_sheet_by_name("测评").to_python()`), jxkh's own read layer alone (`reader`:
open_workbook + find_sheet + read_table, no validation or rules), the two peers an analyst
would write instead (`peer_polars.py`, `peer_pandas.py`: each one's output is then checked
person by person against jxkh appraise's, `peer_check.py`) and `jxkh appraise` on the same
ballots saved as strict OOXML. For the indicator
workbook: `jxkh score` beside its bare read. Then `python -c pass` (the interpreter's
floor), `jxkh --help` and `jxkh score examples/indicators.xlsx`.

Each figure is the median wall time over the runs (runs of different commands are
interleaved, so a burst of load on this shared machine does not land on one command),
the peak resident memory (`/usr/bin/time`'s maximum RSS, else getrusage of a wrapper
process) and both as a multiple of the bare read. A command that fails or is still a stub
is shown with its exit code and the tail of its stderr, and not run at larger sizes.
The figures also go to benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/ is not a package)

DATA = generate.DATA
OUT = DATA / "out"
WORK = DATA / "work"  # an empty current folder: no jxkh.toml or workspace files to pick up
EXAMPLES = ROOT / "examples" / "indicators.xlsx"
RESULTS = HERE / "results.json"
PEERS = {"polars": HERE / "peer_polars.py", "pandas": HERE / "peer_pandas.py"}
POOL = "1000000"

BARE_READ = (
    "import sys\n"
    "from python_calamine import CalamineWorkbook\n"
    "rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()\n"
    "print(len(rows))\n"
)
# jxkh's read layer alone, as a command would call it for the ballots (no validation, no rules).
READER = (
    "import sys\n"
    "from jxkh.headers import RATING_FIELDS, RATING_SHEETS, Field\n"
    "from jxkh.policy import Policy\n"
    "from jxkh.problems import Problems\n"
    "from jxkh.reader import find_sheet, open_workbook, read_table\n"
    "policy = Policy()\n"
    "fields = {**RATING_FIELDS, **{d: Field(d, (d,), required=True) for d in policy.staff.dimensions}}\n"
    "problems = Problems()\n"
    "book = open_workbook(sys.argv[1], policy.limits)\n"
    "sheet = find_sheet(book, RATING_SHEETS, first_if_missing=True, problems=problems)\n"
    "table = read_table(book, sheet, fields, problems, limits=policy.limits)\n"
    "print(len(table.rows), len(problems))\n"
)
# Peak RSS of a child when /usr/bin/time is missing: a fresh wrapper per run, so
# RUSAGE_CHILDREN holds only that child.
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\n@@maxrss_kb={kb}\\n')\n"
    "sys.exit(code)\n"
)
MARK = "@@maxrss_kb="
TIME_BIN = "/usr/bin/time"


def jxkh_command() -> list[str]:
    """The installed `jxkh` script beside this interpreter (a pyenv shim would add ~0.1 s of bash)."""
    beside = Path(sys.executable).parent / "jxkh"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("jxkh")
    return [found] if found else [sys.executable, "-m", "jxkh"]


@dataclass
class Entry:
    key: str  # e.g. "appraise@100k"
    what: str  # appraise, bonus, score, bare-read, reader, help, …
    size: str  # 10k, 100k, 1m, or "-" for start-up figures
    cmd: list[str]
    cwd: str
    baseline: str | None = None  # key of the bare read this is compared with
    target: str | None = None  # e.g. "time ≤ 1.5× read, memory ≤ 1.2× read" (shown; `limits` decide)
    # What the target is measured against: (key of another entry or None for seconds, time
    # limit as a multiple or seconds, memory limit as a multiple or None).
    limits: list[tuple[str | None, float, float | None]] = field(default_factory=list)
    output: str | None = None  # the workbook it writes (peers: checked against jxkh's)
    same_as: str | None = None  # key of the jxkh entry whose output a peer's must equal
    same: str = ""  # "same numbers as jxkh" or what differs
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    exit: int | None = None
    stderr_tail: str = ""
    skipped: str = ""
    median_s: float | None = None
    peak_mb: float | None = None
    time_ratio: float | None = None
    mem_ratio: float | None = None
    verdict: str = ""

    @property
    def ok(self) -> bool:
        return self.exit == 0 and not self.skipped


def measure(entry: Entry, timeout: float) -> None:
    """One run: wall time around the whole process, peak RSS from /usr/bin/time or the wrapper."""
    if os.path.exists(TIME_BIN):
        argv = [TIME_BIN, "-f", f"{MARK}%M", *entry.cmd]
    else:
        argv = [sys.executable, "-c", RSS_WRAPPER, *entry.cmd]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("JXKH_LANG", None)
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            argv, cwd=entry.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            timeout=timeout, env=env,
        )
    except subprocess.TimeoutExpired:
        entry.exit = -1
        entry.stderr_tail = f"timed out after {timeout:.0f} s"
        return
    elapsed = time.perf_counter() - started
    stderr = proc.stderr.decode("utf-8", "replace")
    rss_kb = None
    lines = []
    for line in stderr.splitlines():
        if line.startswith(MARK):
            rss_kb = int(line[len(MARK):])
        elif line.startswith("Command exited with non-zero status"):
            continue  # /usr/bin/time's own note
        else:
            lines.append(line)
    entry.exit = proc.returncode
    if proc.returncode != 0:
        entry.stderr_tail = "\n".join(line for line in lines if line.strip())[-400:]
        return
    entry.times.append(elapsed)
    if rss_kb is not None:
        entry.rss_mb.append(rss_kb / 1024)


JXKH = jxkh_command()


def plan(
    sizes: list[int], indicator_sizes: list[int], runs_for: dict[int, int], startup_runs: int = 5,
    layout_sizes: list[int] | None = None,
) -> list[tuple[list[Entry], int]]:
    """Groups of entries whose runs are interleaved, with their run counts."""
    jxkh = JXKH
    py = sys.executable
    work = str(WORK)
    groups: list[tuple[list[Entry], int]] = []
    startup = [
        Entry("python@-", "python -c pass", "-", [py, "-c", "pass"], work),
        Entry("help@-", "jxkh --help", "-", [*jxkh, "--help"], work, target="≤ 0.25 s",
              limits=[(None, 0.25, None)]),
    ]
    examples = Entry(
        "score-examples@-", "jxkh score examples/indicators.xlsx", "-",
        [*jxkh, "score", str(EXAMPLES.relative_to(ROOT)), "-o", str(OUT / "examples.scored.xlsx")], str(ROOT),
        target="≤ 0.6 s", limits=[(None, 0.6, None)],
    )
    if not EXAMPLES.exists():
        examples.skipped = "examples/indicators.xlsx is not there yet"
    startup.append(examples)
    groups.append((startup, startup_runs))
    for rows in indicator_sizes:
        label = generate.size_label(rows)
        path = str(generate.make_indicators(rows))
        policy = str(generate.indicators_policy_path(rows))
        read = f"read-indicators@{label}"
        groups.append(([
            Entry(read, "bare calamine read (指标)", label, [py, "-c", BARE_READ, path, generate.INDICATOR_SHEET], work),
            Entry(
                f"score@{label}", "jxkh score", label,
                [*jxkh, "score", path, "--policy", policy, "-o", str(OUT / f"indicators-{label}.scored.xlsx")], work,
                baseline=read,
            ),
        ], runs_for.get(rows, 3)))
    for rows in sizes:
        label = generate.size_label(rows)
        path = str(generate.make_ratings(rows))
        strict = str(generate.make_strict(rows))
        read, polars, appraise = f"read@{label}", f"polars@{label}", f"appraise@{label}"
        # Issue 14: at 100k and more faster than the polars script in no more than 1.2× its
        # memory; at 10k (a real unit) within 0.3 s.
        if rows >= 100_000:
            target, limits = "faster than polars, memory ≤ 1.2× its", [(polars, 1.0, 1.2)]
        else:
            target, limits = "≤ 0.3 s", [(None, 0.3, None)]
        appraised = str(OUT / f"ratings-{label}.appraised.xlsx")
        groups.append(([
            Entry(read, "bare calamine read (测评)", label, [py, "-c", BARE_READ, path, generate.RATING_SHEET], work),
            Entry(f"reader@{label}", "jxkh.reader read_table", label, [py, "-c", READER, path], work, baseline=read),
            Entry(appraise, "jxkh appraise", label, [*jxkh, "appraise", path, "-o", appraised], work,
                  baseline=read, target=target, limits=limits),
            Entry(
                f"bonus@{label}", "jxkh bonus --pool 1000000", label,
                [*jxkh, "bonus", "--pool", POOL, path, "-o", str(OUT / f"ratings-{label}.bonus.xlsx")], work,
                baseline=read, target=target, limits=limits,
            ),
            Entry(f"check@{label}", "jxkh check", label, [*jxkh, "check", path], work, baseline=read,
                  target="≤ 1.1× the read", limits=[(read, 1.1, None)]),
            *(
                Entry(f"{name}@{label}", f"{name} script (peer)", label,
                      [py, str(script), path, "-o", str(OUT / f"ratings-{label}.{name}.xlsx")], work, baseline=read,
                      output=str(OUT / f"ratings-{label}.{name}.xlsx"), same_as=appraise)
                for name, script in PEERS.items()
            ),
            Entry(f"appraise-strict@{label}", "jxkh appraise, strict OOXML", label,
                  [*jxkh, "appraise", strict, "-o", str(OUT / f"ratings-{label}-strict.appraised.xlsx")], work,
                  baseline=read, target="≤ 1.1× the transitional file", limits=[(appraise, 1.1, None)],
                  output=str(OUT / f"ratings-{label}-strict.appraised.xlsx"), same_as=appraise),
        ], runs_for.get(rows, 3)))
    for rows in layout_sizes or []:
        # Issue #9: the same ballots, one sheet per rater, within 1.2× the long layout's time.
        label = generate.size_label(rows)
        long_path, sheets_path = (str(p) for p in generate.make_layouts(rows))
        long_key = f"appraise-long@{label}"
        groups.append(([
            Entry(long_key, "jxkh appraise, one long sheet", label,
                  [*jxkh, "appraise", long_path, "-o", str(OUT / f"layout-{label}-long.appraised.xlsx")], work),
            Entry(f"appraise-per-rater@{label}", "jxkh appraise, a sheet per rater", label,
                  [*jxkh, "appraise", sheets_path, "-o", str(OUT / f"layout-{label}-per-rater.appraised.xlsx")], work,
                  baseline=long_key, target="time ≤ 1.2× the long layout", limits=[(long_key, 1.2, None)]),
        ], runs_for.get(rows, 3)))
    return groups


def run_all(groups: list[tuple[list[Entry], int]], timeout: float, echo: bool = True) -> list[Entry]:
    failed_at: dict[str, str] = {}  # command → size where it failed: not worth minutes at larger sizes
    done: list[Entry] = []
    for entries, runs in groups:
        for entry in entries:
            if entry.what in failed_at and not entry.skipped:
                entry.skipped = f"failed at {failed_at[entry.what]}"
        for i in range(runs):
            for entry in entries:
                if entry.skipped or (entry.exit not in (None, 0)):
                    continue
                if echo:
                    print(f"  {entry.key:<24} run {i + 1}/{runs} …", end="", file=sys.stderr, flush=True)
                measure(entry, timeout)
                if echo:
                    shown = f"{entry.times[-1]:.2f} s" if entry.exit == 0 else f"exit {entry.exit}"
                    print(f" {shown}", file=sys.stderr, flush=True)
        for entry in entries:
            if entry.exit not in (None, 0):
                failed_at.setdefault(entry.what, entry.size)
            done.append(entry)
    summarise(done)
    verify(done)
    return done


def verify(entries: list[Entry]) -> None:
    """A peer (or the strict file) must give jxkh's numbers: its output against jxkh appraise's, person by person."""
    import peer_check

    by_key = {e.key: e for e in entries}
    for e in entries:
        jxkh = by_key.get(e.same_as or "")
        if e.output is None or jxkh is None or not (e.ok and e.times and jxkh.ok and jxkh.times):
            continue
        reference = jxkh.cmd[jxkh.cmd.index("-o") + 1]
        try:
            diffs = peer_check.compare(e.output, reference)
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            diffs = [f"{type(exc).__name__}: {exc}"]
        e.same = "same numbers as jxkh" if not diffs else f"DIFFERENT from jxkh: {len(diffs)} people, e.g. {diffs[0]}"
        e.verdict = "; ".join(v for v in (e.verdict, e.same) if v)


def summarise(entries: list[Entry]) -> None:
    by_key = {e.key: e for e in entries}
    _ENTRIES.clear()
    _ENTRIES.update(by_key)
    for e in entries:
        if e.ok and e.times:
            e.median_s = statistics.median(e.times)
            e.peak_mb = max(e.rss_mb) if e.rss_mb else None
        base = by_key.get(e.baseline or "")
        if e.median_s is not None and base is not None and base.median_s:
            e.time_ratio = e.median_s / base.median_s
            if e.peak_mb and base.peak_mb:
                e.mem_ratio = e.peak_mb / base.peak_mb
    for e in entries:  # once every median is known: a target may be measured against a later entry
        e.verdict = verdict(e)


def verdict(e: Entry) -> str:
    if e.skipped:
        return f"skipped: {e.skipped}"
    if e.exit not in (None, 0):
        tail = e.stderr_tail.strip().splitlines()[-1] if e.stderr_tail.strip() else ""
        return f"exit {e.exit}: {tail}"[:120]
    if e.target is None or e.median_s is None or not e.limits:
        return ""
    parts = []
    for against, time_limit, memory_limit in e.limits:
        if against is None:  # seconds: the target says it all
            parts.append("met" if e.median_s <= time_limit else "MISSED")
            continue
        other = _ENTRIES.get(against)
        if other is None or not other.median_s:
            parts.append(f"no figure for {against}")
            continue
        t = e.median_s / other.median_s
        parts.append(f"time {t:.2f}× {other.what} {'met' if t <= time_limit else 'MISSED'}")
        if memory_limit is not None and e.peak_mb and other.peak_mb:
            m = e.peak_mb / other.peak_mb
            parts.append(f"memory {m:.2f}× {'met' if m <= memory_limit else 'MISSED'}")
    return f"{e.target}: " + ", ".join(parts)


_ENTRIES: dict[str, Entry] = {}  # every entry by key, for targets measured against another one


def growth(entries: list[Entry]) -> list[tuple[str, dict[str, float]]]:
    """Seconds per 100k rows by size, per command: linear growth keeps them level."""
    table: dict[str, dict[str, float]] = {}
    for e in entries:
        if e.median_s is not None and e.size in generate.SIZES and not e.key.startswith(("score", "read-indicators")):
            table.setdefault(e.what, {})[e.size] = e.median_s / generate.SIZES[e.size] * 100_000
    return list(table.items())


def _pad(text: str, width: int) -> str:
    """Left-align in a terminal: CJK characters take two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def render(entries: list[Entry]) -> str:
    head = f"{'size':<5} {'what':<42} {'median s':>9} {'runs':>4} {'peak MB':>8} {'×read t':>8} {'×read mem':>9}  notes"
    lines = [head, "-" * len(head)]
    for e in entries:
        fmt = lambda v, spec: format(v, spec) if v is not None else "-"  # noqa: E731
        lines.append(
            f"{e.size:<5} {_pad(e.what, 42)} {fmt(e.median_s, '9.2f'):>9} {len(e.times):>4} {fmt(e.peak_mb, '8.0f'):>8} "
            f"{fmt(e.time_ratio, '8.2f'):>8} {fmt(e.mem_ratio, '9.2f'):>9}  {e.verdict}"
        )
        if e.exit not in (None, 0) and e.stderr_tail:
            for line in e.stderr_tail.strip().splitlines()[-3:]:
                lines.append(f"{'':<5}   | {line[:110]}")
    rows = growth(entries)
    if rows:
        sizes = [s for s in generate.SIZES if any(s in r for _, r in rows)]
        lines += ["", "seconds per 100k rows (level = linear growth)", f"{'':<42}" + "".join(f"{s:>9}" for s in sizes)]
        for what, per in rows:
            lines.append(_pad(what, 42) + "".join(f"{per[s]:>9.2f}" if s in per else f"{'-':>9}" for s in sizes))
    return "\n".join(lines)


def compile_jxkh() -> bool:
    """jxkh's modules compiled to bytecode, as installing it leaves them (pip compiles a wheel's
    modules). An editable checkout under PYTHONDONTWRITEBYTECODE, which this machine's sessions
    set, is otherwise compiled from source at every start: 0.2–0.4 s of a 10k command's second
    that no installed copy pays (issue 14). The __pycache__ folders are git-ignored."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("jxkh")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return all(compileall.compile_dir(folder, quiet=2) for folder in folders) and bool(folders)


def machine() -> dict[str, object]:
    try:
        from importlib.metadata import version

        calamine = version("python-calamine")
        openpyxl = version("openpyxl")
        jxkh = version("jxkh")
    except Exception:  # noqa: BLE001 - only for the record
        calamine = openpyxl = jxkh = "?"
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python-calamine": calamine,
        "openpyxl": openpyxl,
        "jxkh": jxkh,
        "rss_from": TIME_BIN if os.path.exists(TIME_BIN) else "getrusage(RUSAGE_CHILDREN)",
        "source": source_fingerprint(),
        "startup_hooks": startup_hooks(),
    }


def startup_hooks() -> list[str]:
    """The `.pth` files every process started here runs before its first line, other than an
    editable install's path and setuptools' own (every venv of Python 3.11 has it): a clerk's
    fresh install has none. This machine's system Python has
    a sandbox hook importing certifi (about 0.1 G instructions, 0.05–0.1 s a process), which a
    venv made with --system-site-packages inherits: measure from a fresh venv (README)."""
    import site

    folders = [*site.getsitepackages(), site.getusersitepackages()] if hasattr(site, "getsitepackages") else []
    folders = [f for f in dict.fromkeys(folders) if f in sys.path]
    hooks = []
    for folder in folders:
        for pth in sorted(Path(folder).glob("*.pth")):
            if pth.name == "distutils-precedence.pth":
                continue
            lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
            if any(line.startswith(("import ", "import\t")) for line in lines):
                hooks.append(str(pth))
    return hooks


def source_fingerprint() -> dict[str, object]:
    """Which code was measured: the commit, and a hash of src/ as it was (it may have uncommitted changes)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "src").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head, dirty = "?", ""
    return {"commit": head, "src_changed": bool(dirty), "src_sha256": digest.hexdigest()[:16]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="ballot workbook sizes (default 10k,100k,1m)")
    parser.add_argument("--indicators", default="10k", help="indicator workbook sizes ('' for none)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 3, and 1 at 1m)")
    parser.add_argument("--quick", action="store_true", help="10k only")
    parser.add_argument(
        "--json", action="store_true",
        help="run the jxkh commands with --json (no terminal table: what a script calling jxkh waits for)",
    )
    parser.add_argument("--layouts", default="300k", help="per-rater-sheet vs long layout sizes ('' for none)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a run is abandoned")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    sizes = [generate.parse_size(s) for s in ("10k" if args.quick else args.sizes).split(",") if s]
    indicator_sizes = [generate.parse_size(s) for s in args.indicators.split(",") if s]
    layout_sizes = [generate.parse_size(s) for s in ("" if args.quick else args.layouts).split(",") if s]
    runs_for = {n: args.runs or (1 if n >= 1_000_000 else 3) for n in [*sizes, *indicator_sizes, *layout_sizes]}
    for folder in (OUT, WORK):
        folder.mkdir(parents=True, exist_ok=True)
    print("generating (cached in benchmarks/data/) …", file=sys.stderr)
    generate.main(["--sizes", ",".join(map(str, sizes)), "--indicators", ",".join(map(str, indicator_sizes)),
                   "--layouts", ",".join(map(str, layout_sizes))])
    before = machine()
    before["bytecode_compiled"] = compile_jxkh()
    for hook in before["startup_hooks"]:  # type: ignore[union-attr]
        print(f"note: every process runs {hook} at start: not a clerk's install (README: a fresh venv)", file=sys.stderr)
    started = time.perf_counter()
    groups = plan(sizes, indicator_sizes, runs_for, args.runs or 5, layout_sizes)
    if args.json:
        for entries_, _ in groups:
            for e in entries_:
                if e.cmd[: len(JXKH)] == JXKH and e.what != "jxkh --help":
                    e.cmd.append("--json")
                    e.what += " --json"
    entries = run_all(groups, args.timeout)
    print(render(entries))
    record = {
        "date": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": before,
        "load_average_after": os.getloadavg(),
        "seconds": round(time.perf_counter() - started, 1),
        "entries": [
            {k: v for k, v in asdict(e).items() if k != "cwd"} | {"cmd": [_short(c) for c in e.cmd]}
            for e in entries
        ],
    }
    args.output.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults written to {_short(str(args.output))}", file=sys.stderr)
    return 0


def _short(text: str) -> str:
    """Paths relative to the repository, so results.json does not record this machine's layout."""
    for prefix, name in ((str(ROOT) + os.sep, ""), (str(Path(sys.executable).parent) + os.sep, "")):
        if text.startswith(prefix):
            return name + text[len(prefix):]
    return text


if __name__ == "__main__":
    sys.exit(main())
