"""The command line in the clerk's language: help, usage errors and the overview of `jxkh`.

Click (as typer ships it) writes its help and usage errors in English, from strings that
change between typer versions. So jxkh's own `Command` and `Group` classes take over the
two hooks click offers for this: `format_help`/`format_usage` render the help from
`messages.TEXT` (keys `cmd_<command>`, `param_<name>`, `metavar_<name>`), and `main` turns
click's usage exceptions — by their kind and fields, never their English text — into a
catalogue message. The language is decided once per run, before parsing, from `--lang` in
the arguments, else `JXKH_LANG`, else Chinese.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__
from ..messages import TEXT, text
from .layout import definitions, escape, wrap

LANGS = ("zh", "en")

# Click's usage-error classes, found from the one typer exports, so this works whether typer
# uses the click package or its own copy of it.
ClickUsageError: type[Exception] = typer.BadParameter.__mro__[1]

_state = {"lang": "zh"}


def lang() -> str:
    """This run's language for help and usage errors."""
    return _state["lang"]


def detect_lang(args: Sequence[str], environ: Any = os.environ) -> str:
    """`--lang X` / `--lang=X` among the arguments, else JXKH_LANG, else zh (bad values → zh)."""
    chosen = environ.get("JXKH_LANG", "")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    chosen = chosen.strip().lower()
    return chosen if chosen in LANGS else "zh"


def parse_lang(value: str) -> str:
    """--lang's converter: zh or en, any case; anything else is a usage error (exit 2)."""
    return parse_choice(value, LANGS)


class Refused(typer.BadParameter):
    """A value one of jxkh's converters refused, its message already in the run's language."""


def parse_choice(value: str, choices: Sequence[str]) -> str:
    found = str(value).strip().lower()
    if found in choices:
        return found
    raise Refused(text("usage_choice", lang(), value=escape(value), choices=_or(choices)))


def _or(choices: Sequence[str]) -> str:
    return text("usage_or", lang()).join(choices)


def _say(key: str, **params: Any) -> str:
    return text(key, lang(), **params)


def _lookup(prefix: str, command: str | None, param: Any) -> str | None:
    """`<prefix>_<command>_<name>`, else `<prefix>_<metavar>` (a shared definition's key), else
    `<prefix>_<name>` from the catalogue."""
    for key in (f"{prefix}_{command}_{param.name}", f"{prefix}_{getattr(param, 'metavar', None)}", f"{prefix}_{param.name}"):
        if key in TEXT:
            return _say(key)
    return None


def _columns() -> int:
    return max(min(shutil.get_terminal_size((100, 24)).columns, 100), 40)


def _metavar(command: str | None, param: Any) -> str:
    return _lookup("metavar", command, param) or str(param.name).upper()


def _usage_pieces(command: TyperCommand | TyperGroup, ctx: Any) -> str:
    pieces = [_say("help_options_metavar")]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _metavar(command.name, param)
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(_say("help_command_metavar"))
    return " ".join(pieces)


def _write_usage(command: Any, ctx: Any, formatter: Any) -> None:
    formatter.write(f"{_say('help_usage')}{ctx.command_path} {_usage_pieces(command, ctx)}\n")


def _write_help(command: Any, ctx: Any, formatter: Any, extra: list[str] | None = None) -> None:
    """Usage, summary, details, then 参数 and 选项, every text from the catalogue."""
    limit = _columns()
    name = command.name if isinstance(command, TyperCommand) else None
    lines = [f"{_say('help_usage')}{ctx.command_path} {_usage_pieces(command, ctx)}", ""]
    summary = _say(f"cmd_{name}") if name else _say("overview", version=__version__)
    lines += ["  " + line for line in wrap(summary, limit - 2)]
    if name and f"cmd_{name}_more" in TEXT:
        lines += [""] + ["  " + line for line in wrap(_say(f"cmd_{name}_more"), limit - 2)]
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        help_text = _lookup("param", name, param) or escape(param.help or "")
        if param.param_type_name == "argument":
            arguments.append((_metavar(name, param), help_text))
        else:
            flags = ", ".join(sorted([*param.opts, *param.secondary_opts], key=len))
            if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
                flags += " " + _metavar(name, param)
            options.append((flags, help_text))
    if isinstance(command, JxkhCommand):  # --version after a command too (JxkhCommand.parse_args)
        options.insert(len(options) - 1, ("--version", _say("param_version")))
    for heading, rows in (("help_arguments", arguments), ("help_options", options)):
        if rows:
            lines += ["", _say(heading), *definitions(rows, limit)]
    lines += extra or []
    formatter.write("\n".join(lines) + "\n")


def commands_overview(group: Any, ctx: Any) -> list[str]:
    """The commands in the order they were added (the year's) with their whole summaries."""
    names = [n for n, command in group.commands.items() if not command.hidden]
    rows = [(n, _say(f"cmd_{n}") if f"cmd_{n}" in TEXT else escape(group.commands[n].help or "")) for n in names]
    return definitions(rows, _columns())


class JxkhCommand(TyperCommand):
    """A command whose help and usage line speak the run's language."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _write_help(self, ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `jxkh score --version` answers as `jxkh --version` does: a clerk asked which version
        # wrote a 公示 types it after the command they know. Before click parses: no other
        # option is checked then, as with --help.
        options = args[: args.index("--")] if "--" in args else args
        if "--version" in options and not ctx.resilient_parsing:
            typer.echo(_say("version", version=__version__))
            ctx.exit()
        # Extra arguments are refused here, in the catalogue's words, rather than by click.
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except ClickUsageError as error:
            # The option parser raises without a context: attach it, for the usage line.
            if getattr(error, "ctx", None) is None:
                error.ctx = ctx  # type: ignore[attr-defined]
            raise
        if ctx.args and not ctx.resilient_parsing:
            raise ClickUsageError(_say("usage_extra", args=" ".join(escape(a) for a in ctx.args)), ctx)
        return rest


class JxkhGroup(TyperGroup):
    """`jxkh` itself: decides the language, renders usage errors, suggests mistyped commands."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        extra = ["", _say("help_commands"), *commands_overview(self, ctx), "", _say("overview_more")]
        _write_help(self, ctx, formatter, extra)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except ClickUsageError as error:
            if getattr(error, "ctx", None) is None:
                error.ctx = ctx  # type: ignore[attr-defined]
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing and not name.startswith("-"):
            message = _say("usage_no_such_command", name=escape(name))
            matches = get_close_matches(name, list(self.commands))
            if matches:
                message = _say("usage_did_you_mean", message=message, names=_or(matches))
            raise ClickUsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        _state["lang"] = detect_lang(arguments)
        from .printing import tolerant_streams

        tolerant_streams()
        try:
            result = super().main(arguments, prog_name or "jxkh", complete_var, standalone_mode=False, **extra)
        except ClickUsageError as error:
            show_usage_error(error)
            code = 2
        except typer.Abort:
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def show_usage_error(error: Any) -> None:
    """Usage line, where to get help, and the error, on stderr, in the run's language."""
    ctx = getattr(error, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(_say("help_try", command=ctx.command_path))
        lines.append("")
    lines.append(_say("usage_error", message=usage_message(error)))
    sys.stderr.write("\n".join(lines) + "\n")


def usage_message(error: Any) -> str:
    """Click's usage exception in catalogue words, from its kind and fields."""
    kind = type(error).__name__
    ctx = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    if kind == "NoSuchOption":
        name = escape(error.option_name)
        message = _say("usage_no_such_option", name=name)
        options = [o for p in (ctx.command.get_params(ctx) if ctx else []) for o in p.opts if o.startswith("--")]
        matches = get_close_matches(error.option_name, options)
        return _say("usage_did_you_mean", message=message, names=_or(matches)) if matches else message
    if kind == "BadOptionUsage":
        name = escape(error.option_name)
        flag = any(error.option_name in p.opts and getattr(p, "is_flag", False)
                   for p in (ctx.command.get_params(ctx) if ctx else []))
        return _say("usage_takes_no_value" if flag else "usage_needs_value", name=name)
    if kind == "MissingParameter" and param is not None:
        if param.param_type_name == "argument":
            return _say("usage_missing_argument", name=_metavar(ctx.command.name if ctx else None, param))
        return _say("usage_missing_option", name=" / ".join(param.opts))
    if param is not None:
        name = " / ".join(param.opts) if param.param_type_name == "option" else _metavar(
            ctx.command.name if ctx else None, param)
        if isinstance(error, Refused) or lang() == "en":
            return _say("usage_bad_value", name=name, message=escape(error.message))
        # click's own converters explain in English: under zh, say which value was wrong.
        return _say("usage_bad_value_only", name=name)
    return escape(getattr(error, "message", str(error)))
