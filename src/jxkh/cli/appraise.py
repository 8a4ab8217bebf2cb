"""`jxkh appraise` (to be built)."""

from __future__ import annotations

import typer


def command() -> None:
    """(not yet built)"""
    raise typer.Exit(2)
