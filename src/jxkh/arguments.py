"""What a Python caller passes to the library, checked at the door: a path as str or Path, a
policy as a Policy (or None for ./jxkh.toml, or a path to one). The wrong kind of value is a
UsageError naming the argument, never an AttributeError from deep inside.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .messages import Code
from .problems import UsageError, fail

if TYPE_CHECKING:
    from .policy import Policy


def wrong(name: str, expected: str, value: Any) -> UsageError:
    """The error for argument `name` given `value` where `expected` belongs."""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    error = fail(Code.ARGUMENT_INVALID, UsageError, value=shown, name=name, expected=expected, kind=type(value).__name__)
    assert isinstance(error, UsageError)
    return error


def as_path(value: Any, name: str = "path") -> Path:
    if isinstance(value, (str, os.PathLike)) and not isinstance(value, bytes) and str(value):
        return Path(value)
    raise wrong(name, "str | Path", value)


def optional_path(value: Any, name: str) -> Path | None:
    return None if value is None else as_path(value, name)


def as_policy(value: Any, beside: Path | None = None) -> Policy:
    """A Policy as given; a str or Path: that file; None: as the CLI finds it, the jxkh.toml
    beside the input `beside` (else ./jxkh.toml without one), else the built-in policy."""
    from .policy import POLICY_FILE, Policy, load_policy

    if isinstance(value, Policy):
        return value
    if value is None:
        if beside is None:
            return load_policy()
        candidate = beside.parent / POLICY_FILE
        return load_policy(candidate) if candidate.is_file() else Policy()
    if isinstance(value, (str, os.PathLike)):
        return load_policy(as_path(value, "policy"))
    raise wrong("policy", "Policy | str | Path | None", value)


def require(value: Any, kind: type | tuple[type, ...], name: str, expected: str) -> Any:
    """`value` when it is a `kind`, else the UsageError naming `name` and what was `expected`."""
    if isinstance(value, kind) and type(value) is not bool:  # True is an int, never a value here
        return value
    raise wrong(name, expected, value)


def require_each(values: Any, fits: Callable[[Any], bool], name: str, expected: str) -> list[Any]:
    """`values` as a list when every item `fits` (a generator is read once)."""
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise wrong(name, f"list[{expected}]", values)
    items = list(values)
    for item in items:
        if not fits(item):
            raise wrong(f"{name}[]", expected, item)
    return items
