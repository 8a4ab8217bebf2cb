"""`jxkh demo [DIR]`: the whole cycle on the bundled (fictional) example — the first thing to run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..messages import text
from .common import (
    DebugOption,
    JsonOption,
    LangOption,
    Options,
    OutputOption,
    PolicyOption,
    run,
)
from .printing import cell, print_text

if TYPE_CHECKING:
    from rich.console import Console

    from ..cycle import DemoResult

DEMO_FOLDER = "jxkh-demo"  # as cycle.DEMO_FOLDER; repeated so `jxkh --help` need not import cycle
DEMO_POOL = "50000"


def command(
    folder: Annotated[
        Optional[Path],
        typer.Argument(readable=False, show_default=False),
    ] = None,
    pool: Annotated[str, typer.Option("--pool", show_default=False)] = DEMO_POOL,
    policy: PolicyOption = None,
    output: OutputOption = None,
    json: JsonOption = False,
    lang: LangOption = "zh",
    debug: DebugOption = False,
) -> None:
    """Copy the example unit into a new folder and run score → appraise → bonus on it.
    (-o names the folder too; --policy replaces the example's jxkh.toml.)"""
    options = Options(policy=policy, output=output, json=json, lang=lang, debug=debug)

    def action() -> DemoResult:
        from ..cycle import run_demo

        target = folder if folder is not None else output if output is not None else Path(DEMO_FOLDER)
        chosen = options.load_policy() if policy is not None else None
        return run_demo(target, pool, chosen)

    run(options, action, lambda result, console: show(result, console, options.lang))


def show(result: DemoResult, console: Console, lang: str) -> None:
    """What was written, then one line per step. User text through cell(), never markup."""

    from .bonus import summary

    print_text(console, text("demo_copied", lang, path=str(result.folder)), style="bold")
    for path in result.copied:
        print_text(console, path, indent=2)
    for path in result.outputs:
        print_text(console, text("wrote", lang, path=str(path)))
    console.print()
    if result.duty is not None:
        print_text(console, text("demo_duty", lang, n=result.duty.count, departments=len(result.duty.departments)))
    if result.ledger is not None:
        ledger = result.ledger
        print_text(console, text("demo_ledger", lang, month=ledger.month, behind=len(ledger.behind),
                                overdue=len(ledger.overdue), missing=len(ledger.missing), issues=len(ledger.issues)))
    score = result.score
    print_text(console, text("demo_score", lang, total=f"{score.total:f}", max=f"{score.max.normalize():f}",
                            level=score.level))
    counts: dict[str, int] = dict.fromkeys(result.grades, 0)  # best grade first, as the policy lists them
    for person in result.appraisal.people:
        counts[person.grade] = counts.get(person.grade, 0) + 1
    separator = "，" if lang == "zh" else ", "
    grades = separator.join(text("demo_grade_count", lang, grade=g, n=n) for g, n in counts.items() if n)
    print_text(console, text("demo_grades", lang, grades=grades))
    print_text(console, summary(result.bonus, lang))
    improvement = result.report.improvement if result.report is not None else None
    if improvement is not None:
        print_text(console, text("demo_report", lang, n=len(improvement.shortfalls), gap=f"{improvement.gap:.2f}"))
    console.print()
    print_text(console, text("demo_next", lang, path=str(result.folder)))
    folder = str(result.folder)
    print_text(console, f'cd "{folder}"' if " " in folder else f"cd {folder}", indent=2)
    pool = f"{result.bonus.pool.normalize():f}"
    # explain someone whose amount needs explaining: part of their base deducted (else the first)
    asked = next((a for a in result.bonus.people if 0 < a.deducted < a.base), None) or result.bonus.people[0]
    for step in ("jxkh duty", "jxkh ledger", "jxkh check indicators.xlsx", "jxkh check ratings.xlsx", "jxkh score",
                 "jxkh report --assessed 核定结果.xlsx", "jxkh appraise", f"jxkh bonus --pool {pool}",
                 f"jxkh explain {asked.name} --pool {pool}"):
        print_text(console, step, indent=2)
