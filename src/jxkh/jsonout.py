"""JSON with exact decimals: `Decimal("36.00")` is written as the JSON number 36.00, not 36.0.

`iter_dump` yields the text piece by piece, so 300,000 problems stream out instead of being
built as one string. A float that is not finite has no JSON spelling: it is written as null.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any


def dumps(value: Any, indent: int = 2) -> str:
    return "".join(iter_dump(value, indent))


def iter_dump(value: Any, indent: int = 2, depth: int = 0) -> Iterator[str]:
    pad, inner = " " * (indent * depth), " " * (indent * (depth + 1))
    if isinstance(value, Decimal):
        yield format(value, "f") if value.is_finite() else "null"
    elif isinstance(value, dict):
        if not value:
            yield "{}"
            return
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield ("\n" if i == 0 else ",\n") + inner + json.dumps(str(key), ensure_ascii=False) + ": "
            yield from iter_dump(item, indent, depth + 1)
        yield "\n" + pad + "}"
    elif isinstance(value, (list, tuple)):
        if not value:
            yield "[]"
            return
        yield "["
        for i, item in enumerate(value):
            yield ("\n" if i == 0 else ",\n") + inner
            yield from iter_dump(item, indent, depth + 1)
        yield "\n" + pad + "]"
    elif isinstance(value, float) and not math.isfinite(value):
        yield "null"
    else:
        yield json.dumps(str(value) if isinstance(value, Path) else value, ensure_ascii=False)
