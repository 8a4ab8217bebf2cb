"""Running a command on a hostile input and stating the whole expected outcome in one line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

# How each command is given its workbook; bonus also needs a pool.
COMMANDS = {
    "score": lambda file: ["score", file],
    "appraise": lambda file: ["appraise", file],
    "bonus": lambda file: ["bonus", file, "--pool", "30000"],
}


@dataclass
class Outcome:
    exit_code: int
    data: dict[str, Any] | None
    output: str
    new_files: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[tuple[str, str | None, str | None]]:
        """(code, sheet, cell) of every error, in the order reported."""
        return [(e["code"], e["sheet"], e["cell"]) for e in (self.data or {}).get("errors", [])]

    @property
    def warnings(self) -> list[tuple[str, str | None, str | None]]:
        return [(w["code"], w["sheet"], w["cell"]) for w in (self.data or {}).get("warnings", [])]

    def error(self, code: str) -> dict[str, Any]:
        return next(e for e in self.data["errors"] if e["code"] == code)

    def warning(self, code: str) -> dict[str, Any]:
        return next(w for w in self.data["warnings"] if w["code"] == code)


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run(folder: Path, *args: str, json_output: bool = True) -> Outcome:
    """`jxkh ARGS --json` in `folder`; never a traceback, never an exception but SystemExit."""
    from jxkh.cli import app

    before = _files(folder)
    result = CliRunner().invoke(app, [*args, *(["--json"] if json_output else [])])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code != 4, f"internal error: {result.output}"
    data = None
    if json_output and result.stdout.strip():
        data = json.loads(result.stdout)
    return Outcome(result.exit_code, data, result.output, _files(folder) - before)


def command(name: str, folder: Path, file: str, *extra: str, json_output: bool = True) -> Outcome:
    return run(folder, *COMMANDS[name](file), *extra, json_output=json_output)


def refused(outcome: Outcome, *errors: tuple[str, str | None, str | None], exit_code: int = 1) -> Outcome:
    """The command refused with exactly these (code, sheet, cell) errors and wrote nothing."""
    assert outcome.exit_code == exit_code, outcome.output
    assert outcome.errors == list(errors), outcome.output
    assert outcome.new_files == set(), f"written although refused: {outcome.new_files}"
    return outcome


def accepted(outcome: Outcome, *warnings: tuple[str, str | None, str | None]) -> Outcome:
    """The command succeeded with exactly these warnings and wrote its output."""
    assert outcome.exit_code == 0, outcome.output
    assert outcome.warnings == list(warnings), outcome.output
    assert outcome.data["output"] in outcome.new_files, outcome.new_files
    return outcome
