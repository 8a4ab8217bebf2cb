"""Where the ballots are: every layout becomes a list of `BallotSource`s, tallied as one stream.

- `workbook`: one workbook, either one long sheet (one row per ballot per ratee) or one sheet
  per rater (each sheet a ballot form: rows are ratees, columns the dimensions);
- `folder`: a folder of per-rater files, as collected by e-mail, with its 人员 workbook;
- `refused`: layouts jxkh does not read, recognised so the message says what it does read.

A new layout is one module returning `Found` sources; the tally never sees how they were laid out.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...headers import RATING_FIELDS, Field, dimension_fields
from ...problems import Problems, fold_sheets
from ..model import Ballots, Ratings, Roster
from ..tally import BallotTally
from .workbook import Found

if TYPE_CHECKING:
    from ...policy import Policy


def load_ratings(path: Path | str, policy: Policy | None = None, roster: Path | str | None = None) -> Ratings:
    """Read and validate a ratings workbook (or folder); raise DataError listing every problem."""
    from ...arguments import as_path, as_policy, optional_path

    problems = Problems()
    path = as_path(path)
    ratings = read_ratings(path, as_policy(policy, beside=path), problems, optional_path(roster, "roster"))
    problems.raise_if_errors()
    assert ratings is not None  # no errors means both sheets were read
    return ratings


def read_ratings(path: Path | str, policy: Policy, problems: Problems, roster: Path | str | None = None,
                 keep: bool = False) -> Ratings | None:
    """Like `load_ratings`, but collect the problems (to report them with others); None when unusable.

    `path` is a workbook or a folder of per-rater workbooks; `roster` a workbook whose 人员
    sheet is the roster (else the workbook's own 人员 sheet, or the folder's 人员 file).
    An unusable workbook (missing, corrupt, encrypted…) given as `path` still raises at once.
    `keep`: keep each ballot's row and scores (`jxkh explain`), not only the tallies.
    """
    from . import folder, workbook

    path = Path(path)
    if path.is_dir():
        layout = folder.read_folder(path, policy, problems, roster)
    else:
        layout = workbook.read_workbook(path, policy, problems, roster)
    if layout is None:
        return None
    found, roster_model, files = layout
    _group_from_names(found, path.is_dir(), problems)
    ballots = tally(found, policy, roster_model, problems, keep)
    if ballots is None:
        return None
    return Ratings(ballots, roster_model, [p for p in problems if not p.is_error], files)


def _group_from_names(found: list[Found], folder: bool, problems: Problems) -> None:
    """One notice for the forms whose 测评人类别 came from their name (领导1 → 领导): a layout
    assumption the clerk should be able to check, since the weights hang on it."""
    from ...messages import Code

    named = [f.source for f in found if f.source.group and not f.source.group_where and "rater_group" not in f.source.columns]
    if not named:
        return
    shown = [f"{Path(s.file).stem if folder else s.sheet} → {s.group}" for s in named]
    if len(shown) > 3:
        shown = [*shown[:2], "…", shown[-1]]
    problems.add(Code.RATER_GROUP_FROM_NAME, file=str(Path(named[0].file).parent) if folder else named[0].file,
                 value="、".join(shown).replace("、…、", " … "), count=len(named))


def tally(found: list[Found], policy: Policy, roster: Roster | None, problems: Problems, keep: bool = False) -> Ballots | None:
    """Every source's rows through one tally. Each sheet's reader problems (added while its rows
    stream) come before its tally's, as if each sheet were read whole first."""
    if not found:
        return None
    counter = BallotTally([f.source for f in found], policy, keep)
    per_sheet = []
    tallied: dict[int, Problems] = {}
    for index, f in enumerate(found):
        if f.columns is not None:
            if index not in tallied:  # forms read as columns together: their run, at once
                run = [i for i in range(index, len(found)) if found[i].columns is f.columns]
                tallied.update((i, Problems()) for i in run)
                counter.read_plain(run, f.columns, [tallied[i] for i in run])
        else:
            tallied[index] = Problems()
            counter.read(index, f.table.rows, f.table.reported, tallied[index])
        per_sheet.append([*f.problems, *tallied[index]])
    problems.extend(fold_sheets(per_sheet))
    return counter.finish(roster, problems)


def ballot_fields(policy: Policy, group_column: bool = True) -> dict[str, Field]:
    """The ballot columns: the fixed ones and one per policy dimension. With weights every
    ballot needs its 测评人类别: a column (`group_column`), or a line or name for the whole sheet."""
    fields = dict(RATING_FIELDS)
    if policy.staff.rater_weights and group_column:
        fields["rater_group"] = replace(fields["rater_group"], required=True)
    fields.update(dimension_fields(policy.staff.dimensions))
    return fields


__all__ = ["ballot_fields", "load_ratings", "read_ratings", "tally"]
