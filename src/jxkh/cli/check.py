"""`jxkh check FILE`: validate an indicators or ratings workbook; list every problem, write nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..messages import accountability_line, text
from .common import (
    DebugOption,
    IndicatorsOption,
    JsonOption,
    LangOption,
    Options,
    PolicyOption,
    run,
)
from .printing import print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..checking import CheckResult


def command(
    file: Annotated[Path, typer.Argument(readable=False, show_default=False)],
    indicators: IndicatorsOption = None,
    policy: PolicyOption = None,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Validate a workbook and list every problem; write nothing.

    Whether FILE is an indicators or a ratings workbook is decided by its sheet names
    (指标 / 测评, 人员), else by its header row. A ratings workbook is checked with the
    accountability links of --indicators (default: indicators.xlsx beside FILE), as appraise runs.
    Exit 0 when there are no problems, 1 when there are.
    """
    options = Options(policy=policy, json=json, lang=lang, debug=debug)

    def action() -> CheckResult:
        from ..checking import check_file

        return check_file(file, options.load_policy(file), indicators)

    def show(result: CheckResult, console: Console) -> None:
        # Each line wrapped between words on a narrow terminal (自评得分 → 得分 is never split).
        kind = text(f"check_kind_{result.kind}", options.lang)
        print_text(console, text("check_ok_kind", options.lang, path=result.file, kind=kind))
        if result.indicators is not None:
            print_text(console, accountability_line(result.indicators, result.warnings, options.lang))
        if result.sheets:
            print_text(console, text("layout_heading", options.lang))
            for sheet in result.sheets:
                print_text(console, sheet.describe(options.lang), indent=2, hang=2)

    run(options, action, show)
