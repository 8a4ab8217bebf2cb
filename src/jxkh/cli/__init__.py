"""The `jxkh` command: one small module per command over the library, options shared in `common`."""

from __future__ import annotations

import typer

from . import appraise, bonus, check, demo, duty, init, score, template

app = typer.Typer(
    name="jxkh",
    help="绩效考核 jxkh: 单位指标评分、干部职工民主测评、绩效奖金扣差补优分配。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.command("init")(init.command)
app.command("template")(template.command)
app.command("check")(check.command)
app.command("duty")(duty.command)
app.command("score")(score.command)
app.command("appraise")(appraise.command)
app.command("bonus")(bonus.command)
app.command("demo")(demo.command)


def main() -> None:
    app()
