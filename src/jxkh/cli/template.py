"""`jxkh template indicators|ratings [-o F]`: a blank workbook with drop-downs and input hints."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..messages import Code, text
from ..problems import UsageError, fail
from .common import (
    DebugOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    run,
)

if TYPE_CHECKING:
    from rich.console import Console

    from ..templates import TemplateResult


class Kind(str, Enum):
    indicators = "indicators"
    ratings = "ratings"


def command(
    kind: Annotated[Kind, typer.Argument(help="indicators 单位指标评分表 | ratings 民主测评表（含人员表）", metavar="KIND")],
    policy: PolicyOption = None,
    output: OutputOption = None,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """生成空白模板（带下拉列表和填写提示） / write a blank workbook to fill in.

    Default file: indicators.xlsx or ratings.xlsx in the current folder; an existing file is
    overwritten only when -o names it.
    """
    options = Options(policy=policy, output=output, json=json, lang=lang, debug=debug)

    def action() -> TemplateResult:
        from ..templates import FILE_NAMES, write_template

        target = output if output is not None else Path(FILE_NAMES[kind.value])
        # A bare `jxkh template ratings` must not clobber a filled-in ratings.xlsx.
        if output is None and target.exists():
            raise fail(Code.OUTPUT_EXISTS, UsageError, file=str(target), value=str(target))
        return write_template(kind.value, target, options.load_policy())

    def show(result: TemplateResult, console: Console) -> None:
        from rich.text import Text

        console.print(Text(text("wrote", options.lang, path=result.output)))

    run(options, action, show)
