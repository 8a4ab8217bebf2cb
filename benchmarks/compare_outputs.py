"""Prove a speed change left every output alone: write the outputs once, change the code, write
them again, compare everything a spreadsheet program shows.

    python benchmarks/compare_outputs.py write before [--sizes 10k 100k]
    ... change the code ...
    python benchmarks/compare_outputs.py write after [--sizes 10k 100k]
    python benchmarks/compare_outputs.py compare before after

A folder given by a relative name is in the data folder's out/compare/ (an absolute path is
taken as it is).

`write` runs `jxkh appraise` and `jxkh bonus` (as subprocesses, with --json) on the benchmark
ballots of each size and on the example unit (with its indicators and jxkh.toml), and `jxkh demo`.
`compare` loads each pair of workbooks with openpyxl and compares, for every sheet: each cell's
value, number format, font, fill, border, alignment and protection; merged ranges; row heights
and column widths (and hidden/outline); print settings (page setup, margins, print options,
titles, area, header/footer, fit-to-page); frozen panes; data validations; conditional formats;
charts; the workbook's sheet order and defined names. Also the --json outputs. Exit 1 on any
difference, listing the first ones.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

FROM = "2016-04-20"  # a fixed 公示 start, so the dates do not follow the clock


def jxkh(*args: str, cwd: Path) -> str:
    exe = Path(sys.executable).with_name("jxkh")
    done = subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0,):
        raise SystemExit(f"jxkh {' '.join(args)}: exit {done.returncode}\n{done.stderr}")
    return done.stdout


def write(target: Path, sizes: list[str]) -> None:
    # Always written in the same folder, then moved: paths in the outputs (and the row heights
    # of the cells that show them) are then the same from run to run.
    folder = generate.DATA / "out" / "compare-run"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for size in sizes:
        ratings = generate.make_ratings(generate.parse_size(size))
        work = folder / f"work-{size}"  # no jxkh.toml or indicators beside the outputs
        work.mkdir(exist_ok=True)
        out = (folder / f"appraise-{size}.json")
        out.write_text(jxkh("appraise", str(ratings), "-o", str(folder / f"appraise-{size}.xlsx"),
                            "--json", "--force", cwd=work))
        (folder / f"bonus-{size}.json").write_text(
            jxkh("bonus", str(ratings), "--pool", "1000000", "--from", FROM,
                 "-o", str(folder / f"bonus-{size}.xlsx"), "--json", "--force", cwd=work))
    example = folder / "example"
    if example.exists():
        shutil.rmtree(example)
    shutil.copytree(ROOT / "examples", example)
    (folder / "appraise-example.json").write_text(
        jxkh("appraise", "ratings.xlsx", "-o", str(folder / "appraise-example.xlsx"), "--json", cwd=example))
    (folder / "bonus-example.json").write_text(
        jxkh("bonus", "ratings.xlsx", "--pool", "50000", "--from", FROM,
             "-o", str(folder / "bonus-example.xlsx"), "--json", cwd=example))
    demo = folder / "demo"
    if demo.exists():
        shutil.rmtree(demo)
    (folder / "demo.json").write_text(jxkh("demo", str(demo), "--json", cwd=folder))
    if target.exists():
        shutil.rmtree(target)
    shutil.move(folder, target)


def _style(obj: Any) -> Any:
    """An openpyxl object as comparable data: its XML (every attribute and child), else its repr."""
    from openpyxl.xml.functions import tostring

    if isinstance(obj, (list, tuple)):
        return [_style(o) for o in obj]
    try:
        return tostring(obj.to_tree()).decode()
    except (AttributeError, TypeError):
        return repr(obj)


def _value(value: Any) -> Any:
    """A cell's value; a 说明 sheet's SHA-256 of an input names that file's bytes, which the demo
    writes afresh each run (zip timestamps), so only its presence is compared."""
    if isinstance(value, str) and value.startswith("SHA-256："):
        return "SHA-256：…"
    if isinstance(value, str):  # the 说明 sheet's time of writing
        return re.sub(r"\d+年\d+月\d+日 \d\d:\d\d（UTC[^）]*）", "(written at)", value)
    return value


def sheet_facts(ws: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            cells[c.coordinate] = (
                _value(c.value), c.data_type, c.number_format, _style(c.font), _style(c.fill), _style(c.border),
                _style(c.alignment), _style(c.protection),
                c.hyperlink.target if c.hyperlink else None, c.comment.text if c.comment else None,
            )
    facts["cells"] = cells
    facts["merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
    facts["rows"] = {k: (v.height, v.hidden, v.outlineLevel, v.customHeight)
                     for k, v in sorted(ws.row_dimensions.items())
                     if v.height is not None or v.hidden or v.outlineLevel}
    facts["columns"] = {k: (v.width, v.hidden, v.outlineLevel, v.customWidth, v.min, v.max)
                        for k, v in sorted(ws.column_dimensions.items())}
    facts["default_row"] = (ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight,
                            ws.sheet_format.baseColWidth, ws.sheet_format.defaultColWidth)
    facts["page_setup"] = _style(ws.page_setup)
    facts["margins"] = _style(ws.page_margins)
    facts["print_options"] = _style(ws.print_options)
    facts["print_titles"] = (ws.print_title_rows, ws.print_title_cols)
    facts["print_area"] = ws.print_area
    facts["header_footer"] = _style(ws.HeaderFooter)
    facts["sheet_properties"] = _style(ws.sheet_properties)
    facts["views"] = _style(ws.views)
    facts["freeze"] = ws.freeze_panes
    facts["state"] = ws.sheet_state
    facts["breaks"] = (_style(ws.row_breaks), _style(ws.col_breaks))
    facts["validations"] = sorted(
        (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt, dv.error,
         dv.allow_blank, dv.showErrorMessage, dv.showInputMessage)
        for dv in ws.data_validations.dataValidation)
    facts["conditional"] = sorted(
        (str(rng.sqref), repr([_style(r) for r in rules]))
        for rng, rules in ws.conditional_formatting._cf_rules.items())
    facts["charts"] = [(type(ch).__name__, _style(ch.anchor._from) if hasattr(ch.anchor, "_from") else str(ch.anchor),
                        ch.width, ch.height, _chart_data(ch)) for ch in ws._charts]
    facts["images"] = len(ws._images)
    facts["protection"] = _style(ws.protection)
    facts["dimensions"] = ws.dimensions
    return facts


def _chart_data(chart: Any) -> Any:
    try:
        return [(s.val.numRef.f if s.val and s.val.numRef else None,
                 s.cat.strRef.f if s.cat and s.cat.strRef else None) for s in chart.series]
    except AttributeError:
        return None


def workbook_facts(path: Path) -> dict[str, Any]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    facts: dict[str, Any] = {"sheets": wb.sheetnames,
                             "names": sorted((n, str(v.attr_text)) for n, v in wb.defined_names.items()),
                             "properties": _style(wb.calculation), "epoch": str(wb.epoch)}
    for ws in wb.worksheets:
        facts[ws.title] = sheet_facts(ws)
    return facts


def diff(a: Any, b: Any, where: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                out.append(f"{where}/{key}: only in {'after' if key not in a else 'before'}")
            else:
                diff(a[key], b[key], f"{where}/{key}", out)
    elif a != b:
        out.append(f"{where}: {a!r} != {b!r}"[:600])


def compare(before: Path, after: Path) -> int:
    pairs = sorted(p.relative_to(before) for p in before.rglob("*.xlsx"))
    pairs += sorted(p.relative_to(before) for p in before.glob("*.json"))
    problems: list[str] = []
    for rel in pairs:
        b = after / rel
        if not b.exists():
            problems.append(f"{rel}: missing after")
            continue
        if rel.suffix == ".json":
            if json.loads((before / rel).read_text()) != json.loads(b.read_text()):
                problems.append(f"{rel}: JSON differs")
            continue
        found: list[str] = []
        diff(workbook_facts(before / rel), workbook_facts(b), str(rel), found)
        problems += found
        print(f"{rel}: {'same' if not found else f'{len(found)} differences'}")
    for line in problems[:80]:
        print(line)
    print(f"{len(pairs)} files, {len(problems)} differences")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    w = sub.add_parser("write")
    w.add_argument("folder", type=Path)
    w.add_argument("--sizes", nargs="*", default=["10k", "100k"])
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("JXKH_LANG", "zh")
    if args.action == "write":
        write(_folder(args.folder), args.sizes)
        return 0
    return compare(_folder(args.before), _folder(args.after))


def _folder(path: Path) -> Path:
    return path if path.is_absolute() else generate.DATA / "out" / "compare" / path


if __name__ == "__main__":
    sys.exit(main())
