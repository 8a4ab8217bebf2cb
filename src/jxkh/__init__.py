"""jxkh (绩效考核): a unit's yearly performance-management cycle over its spreadsheets.

As a library::

    from jxkh import load_policy, score_file, appraise_file, bonus_file
    policy = load_policy()                       # ./jxkh.toml, else the built-in policy
    result = score_file("indicators.xlsx", policy, write=False)
    print(result.total, result.level)

The rules also work on validated models without files: `score`, `appraise`, `distribute`.
Names are imported on first use, so `import jxkh` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Policy": "jxkh.policy",
    "load_policy": "jxkh.policy",
    "score_file": "jxkh.cycle",
    "appraise_file": "jxkh.cycle",
    "bonus_file": "jxkh.cycle",
    "run_demo": "jxkh.cycle",
    "duty_file": "jxkh.year",
    "ledger_file": "jxkh.year",
    "report_file": "jxkh.year",
    "load_indicators": "jxkh.indicator_book",
    "load_ratings": "jxkh.ratings",
    "score": "jxkh.rules.scoring",
    "appraise": "jxkh.rules.appraisal",
    "distribute": "jxkh.rules.bonus",
    "DataError": "jxkh.problems",
    "FileSystemError": "jxkh.problems",
    "UsageError": "jxkh.problems",
    "Code": "jxkh.messages",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'jxkh' has no attribute {name!r}")
