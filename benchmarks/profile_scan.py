"""The cost of scanning a ballot sheet's XML for what calamine cannot report (formulas
without value, error cells, hidden rows, the extent and the cell count), alone.

    python benchmarks/profile_scan.py 1m            # this checkout's scan, 3 runs
    python benchmarks/profile_scan.py 1m --runs 5

Works on any version of jxkh's reader: with `jxkh.reader.xmlscan.scan` it times that; with
the older `jxkh.reader` module it times what that one did per sheet (`_Scan.of`, then
`_extent_bound`, then the cell count `_sparse` took), so a checkout of an older commit on
PYTHONPATH gives the figure before a change. Unzipping the sheet is not included.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402


def scanner():
    try:
        from jxkh.reader.xmlscan import scan

        return "jxkh.reader.xmlscan.scan", scan
    except ImportError:
        from jxkh import reader

        def old(xml: bytes) -> object:
            found = reader._Scan.of(xml)
            reader._extent_bound(xml)
            xml.count(b"<c ")
            return found

        return "jxkh.reader _Scan.of + _extent_bound + count", old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", default="100k")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    path = generate.make_ratings(generate.parse_size(args.size))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    label, scan = scanner()
    gc.disable()
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        scan(xml)
        times.append(time.perf_counter() - started)
    print(f"{path.name} ({len(xml) / 2**20:.0f} MB of sheet XML): {label}: "
          f"median {statistics.median(times):.2f} s, min {min(times):.2f} s over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
