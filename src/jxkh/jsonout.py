"""JSON with exact decimals: `Decimal("36.00")` is written as the JSON number 36.00, not 36.0."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any


def dumps(value: Any, indent: int = 2) -> str:
    return _dump(value, indent, 0)


def _dump(value: Any, indent: int, depth: int) -> str:
    pad, inner = " " * (indent * depth), " " * (indent * (depth + 1))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(v, indent, depth + 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _dump(v, indent, depth + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, Path):
        value = str(value)
    return json.dumps(value, ensure_ascii=False)
