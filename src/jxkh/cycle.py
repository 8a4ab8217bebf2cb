"""The cycle file by file: read a workbook, apply the rules, write the result.

These are what the CLI commands call, and what a Python user calls with paths. The rules
themselves (`jxkh.rules`) take validated models and do no I/O.
"""

from __future__ import annotations
