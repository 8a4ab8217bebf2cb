"""Validating and tallying ballot rows: one pass, no object per ballot.

Ballots are many (a city office hands over a million rows), so a ballot never becomes an
object of its own: each row's dimension cells are checked with plain comparisons (only
text, blanks, dates and odd floats go through `cells.to_decimal`), and the ballot is added
to its ratee's running `Tally` as it is read. Scores are integers in units of 10**-scale,
exactly what `cells.to_decimal` reads (8.15 is 815 hundredths), so sums stay exact without
a Decimal per cell. Per-ballot columns (compact arrays) are kept only where a 测评人 column
exists, for the rater-quality checks of `rules.appraisal`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from decimal import Decimal
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import CellValueError, clean_text, is_blank, name_key, normalize, plain, to_decimal
from ..headers import RATING_FIELDS
from ..messages import Code, Phrase
from ..problems import Problem, Problems, cell_ref
from .identity import id_key, link_roster, people_from_ballots
from .model import Ballots, BallotSource, Person, Roster, Tally
from .schema import ballot_model, dimension_bounds

if TYPE_CHECKING:
    from ..policy import Policy
    from ..reader import Table
    from .plain import Columns


def tally_ballots(table: Table, policy: Policy, roster: Roster | None, problems: Problems) -> Ballots:
    """One 测评 table (read with `ballot_fields`) → the tallied ballots, problems collected."""
    tally = BallotTally([source_of(table)], policy)
    tally.read(0, table.rows, table.reported, problems)
    return tally.finish(roster, problems)


def source_of(table: Table, rater: str | None = None, group: str | None = None, group_where: dict[str, Any] | None = None) -> BallotSource:
    return BallotSource(table.file, table.sheet, dict(table.columns), dict(table.labels), rater, group, group_where or {})


def dimension_maxima(policy: Policy) -> list[Decimal]:
    """Each dimension's maximum: the ballot model's (schema.ballot_model), the one definition, checked here fast."""
    return [top for _, _, top in dimension_bounds(ballot_model(policy))]


def dimension_units(policy: Policy) -> list[int]:
    """Each maximum in hundredths. A number is taken as it is when it is a whole number of
    hundredths (`i / 100 == v` holds exactly then, and `to_decimal` would read the same value)."""
    return [int((m * 100).to_integral_value(rounding="ROUND_FLOOR")) for m in dimension_maxima(policy)]


def group_index(policy: Policy) -> dict[str, int]:
    """Normalised 测评人类别 → its index in the policy's groups (one group, "", unweighted)."""
    groups = list(policy.staff.rater_weights) or [""]
    return {normalize(g).lower(): i for i, g in enumerate(groups)}


def group_of(value: Any, keys: dict[str, int]) -> int:
    """A 测评人类别 cell's index in `group_index`: -1 when blank, -2 when not one of the policy's."""
    return -1 if is_blank(value) else keys.get(normalize(clean_text(value)).lower(), -2)


_BLANK_NAME = -1  # pair index of a row whose ratee cell is blank


class _Pair:
    """A distinct (name, 工号) as written on the ballots; several pairs can be one person."""

    __slots__ = ("name", "key", "id", "id_key", "source", "row", "department", "written", "at", "other", "tallies",
                 "blank", "blank_rows")

    def __init__(self, name: str, key: str, id_text: str, source: int, row: int):
        """`name` and `id_text` as `clean_text` gives them, `key` the name's `name_key`."""
        self.name = name
        self.key = key
        self.id = id_text or None
        self.id_key = id_key(id_text) if id_text else ""
        self.source = source
        self.row = row
        self.department: str | None = None  # the first 科室 written on a counted ballot
        self.written: Any = None  # that 科室 cell as read, so that its repeats are passed at once
        self.at: tuple[int, int] = (source, row)  # (source, row) of that ballot
        self.other: tuple[str, int, int] | None = None  # the first other 科室 (text, source, row)
        self.tallies: dict[int, Tally] = {}
        self.blank = 0
        self.blank_rows: list[tuple[int, int]] = []  # (source, row): few, so always kept


class BallotTally:
    """One pass over each source's rows: validate, tally, and (where raters are known) keep
    compact per-ballot columns. `read` each source in turn, then `finish`."""

    def __init__(self, sources: list[BallotSource], policy: Policy, keep: bool = False):
        """`keep`: keep the per-ballot columns even without raters (`jxkh explain` names each ballot's row)."""
        staff = policy.staff
        self.sources = sources
        self.problems = Problems()  # the current source's tally problems (set by `read`)
        self.source = 0
        self.dimensions = dict(staff.dimensions)
        self.names = list(self.dimensions)
        self.maxima = dimension_maxima(policy)
        self.max_hundredths = dimension_units(policy)
        self.ceilings = [float(m) + 1 for m in self.maxima]
        self.scale = 2
        self.weighted = bool(staff.rater_weights)
        self.groups = list(staff.rater_weights) if self.weighted else [""]
        self.group_keys = group_index(policy)
        self.extremes = staff.aggregate == "trimmed"
        self.keep = keep
        self.keep_columns = keep or any("rater" in s.columns or s.rater for s in sources)
        self.pairs: list[_Pair] = []
        self.pair_of: dict[tuple[Any, Any], int] = {}
        self.group_of: dict[Any, int] = {}
        self.rater_of: dict[Any, int] = {}
        self.raters: list[str] = []
        self.rater_index: dict[str, int] = {}
        self.count = 0
        self.findings: list[Problem] = []
        if self.keep_columns:
            self.c_person, self.c_group, self.c_rater, self.c_row = array("i"), array("i"), array("i"), array("i")
            self.c_flat = array("q")  # every kept ballot's units, row after row: split by dimension in finish()
            self.c_starts: list[tuple[int, int]] = []  # (first kept ballot, source index) per source

    # The loop below is the hot path of `jxkh appraise` on a large file: locals, no per-row objects.
    def read(self, index: int, rows: Iterable[tuple[int, list[Any]]], reported: set[tuple[int, int]], problems: Problems) -> None:
        """Validate and tally the rows of `sources[index]`; its problems go to `problems`."""
        source = self.sources[index]
        self.source, self.problems = index, problems
        cols = source.columns
        c_name = cols["name"]
        c_id = cols.get("id")
        c_dept = cols.get("department")
        c_rater = cols.get("rater")
        dim_cols = self.dim_cols = [cols[f"dim:{d}"] for d in self.names]
        self.dim_labels = [source.labels[f"dim:{d}"] for d in self.names]
        ndim = len(dim_cols)
        # Each dimension's floats already read, with their units: the scores typed are few (9,
        # 9.5, 10…), so most cells are one look-up. Floats only: 1 == 1.0 == True.
        seen: list[dict[float, int]] = [{} for _ in range(ndim)]
        specs = list(zip(range(ndim), dim_cols, self.ceilings, self.max_hundredths, seen))
        pair_of, pairs = self.pair_of, self.pairs
        extremes, keep = self.extremes, self.keep_columns
        mul = 10 ** (self.scale - 2)
        count = self.count
        rater_of = self.rater_of
        group_seen = self.group_of.get
        # The group and rater a whole sheet gives (a 测评人类别 line, one rater's form).
        c_group = cols.get("rater_group") if self.weighted else None
        g_fixed, bad_sheet = 0, False
        if self.weighted and c_group is None:
            g_fixed = self._fixed_group(source)
            bad_sheet = g_fixed < 0
        r_fixed = self._rater(source.rater) if source.rater else -1
        if keep:
            self.c_starts.append((len(self.c_row), index))
            keep_person, keep_group, keep_rater, keep_row = (
                self.c_person.append, self.c_group.append, self.c_rater.append, self.c_row.append
            )
            keep_flat = self.c_flat.extend
        for number, values in rows:
            count += 1
            blanks = 0
            bad = False
            units: list[int] = []
            for d, c, ceiling, most, known in specs:
                v = values[c]
                t = type(v)
                if t is float:
                    u = known.get(v)
                    if u is not None:
                        units.append(u)
                        continue
                if (t is float or t is int) and 0 <= v <= ceiling:
                    i = round(v * 100)
                    if i / 100 == v and i <= most:
                        units.append(i * mul)
                        if t is float:
                            known[v] = i * mul
                        continue
                elif v is None or v == "":
                    blanks += 1
                    units.append(-1)
                    continue
                elif t is str and v.isascii() and v.replace(".", "", 1).isdigit():  # CSV's "8.5"
                    whole, _, fraction = v.partition(".")
                    if len(fraction) <= 2:
                        i = int(whole or 0) * 100 + int(fraction.ljust(2, "0"))
                        if i <= most:
                            units.append(i * mul)
                            continue
                exact = self._slow(v, d, number)
                if exact is None:
                    blanks += 1
                    units.append(-1)
                elif exact is False:
                    bad = True
                    units.append(-1)
                else:
                    need = max(0, -exact.as_tuple().exponent)
                    if need > self.scale:
                        factor = self._rescale(need)
                        units = [u * factor if u >= 0 else u for u in units]
                        mul = 10 ** (self.scale - 2)
                        for known_units in seen:
                            known_units.clear()
                        if keep:
                            keep_flat = self.c_flat.extend
                    units.append(int(exact.scaleb(self.scale)))

            key = (values[c_name], None if c_id is None else values[c_id])
            p = pair_of.get(key)
            if p is None:
                p = self._new_pair(key, number)
            if blanks == ndim and not bad:
                self.findings.append(Problem(
                    Code.BALLOT_BLANK, file=source.file, sheet=source.sheet, cell=cell_ref(number, dim_cols[0]),
                    row=number, params={"action": Phrase("ballot_blank_skipped")},
                ))
                if p >= 0:
                    pairs[p].blank += 1
                    pairs[p].blank_rows.append((index, number))
                continue
            if p == _BLANK_NAME:
                problems.add(Code.VALUE_REQUIRED, **source.where(number, "name"), column=source.labels["name"])
                bad = True
            if blanks:
                for d in range(ndim):
                    if units[d] < 0 and not _is_error_cell(values[dim_cols[d]]) and (number, dim_cols[d]) not in reported:
                        problems.add(
                            Code.BALLOT_INCOMPLETE, file=source.file, sheet=source.sheet,
                            cell=cell_ref(number, dim_cols[d]), row=number, column=self.dim_labels[d],
                        )
                bad = True
            g = g_fixed
            if c_group is not None:
                g = group_seen(values[c_group], -1)
                if g < 0:  # new, blank or unknown: `_group` reports it
                    g = self._group(values[c_group], number)
                    if g < 0:
                        bad = True
            if bad or bad_sheet:
                continue
            pair = pairs[p]
            if (c_dept is not None and values[c_dept] != pair.written and not is_blank(values[c_dept])
                    and (number, c_dept) not in reported):  # a 科室 already reported (too long) is no other 科室
                _department(pair, values[c_dept], index, number)
            tally = pair.tallies.get(g)
            if tally is None:
                tally = pair.tallies[g] = Tally(ndim)
            if extremes:
                tally.add(units, True)
            else:  # Tally.add inlined: this runs once per ballot
                tally.count += 1
                tally.sums = list(map(add, tally.sums, units))
            if keep:
                keep_person(p)
                keep_group(g)
                if c_rater is None:
                    keep_rater(r_fixed)
                else:
                    r = rater_of.get(values[c_rater])
                    keep_rater(self._rater(values[c_rater]) if r is None else r)
                keep_row(number)
                keep_flat(units)
        self.count = count

    def read_plain(self, indices: list[int], columns: Columns, problems: list[Problems]) -> None:
        """`read` for sheets whose every row is plain (`ratings.plain`): one sheet, or forms per
        rater one after another (`indices` in order, one `Problems` each), with the same pairs,
        tallies and kept columns as reading them one by one, a column at a time. No row has
        anything to say; a sheet may (its 测评人类别 line names no group of the policy's)."""
        import polars as pl

        from .arrays import extend

        ndim = len(self.names)
        units = [f"u{d}" for d in range(ndim)]
        # polars works in hundredths, which never overflow its 64 bits; the digits of a score with
        # more decimals, read by rows before, are added here, exactly (at 10**18 they would wrap).
        mul = 10 ** (self.scale - 2)
        fixed = []  # per sheet: its group (0 unweighted, or from the column), <0 when it has none
        for index, sheet_problems in zip(indices, problems):
            self.source, self.problems = index, sheet_problems
            fixed.append(self._fixed_group(self.sources[index]) if self.weighted and columns.group is None else 0)
        n = columns.height
        parts = pl.DataFrame(
            {"k": range(len(indices)), "f": [f for f, _ in columns.parts], "h": [h for _, h in columns.parts], "g": fixed},
            schema={"k": pl.Int32, "f": pl.Int32, "h": pl.Int32, "g": pl.Int32},
        )
        spread = parts.select(
            pl.int_ranges("f", pl.col("f") + pl.col("h"), dtype=pl.Int32).explode().alias("row"),
            pl.col("k").repeat_by("h").explode().alias("src"),
            pl.col("g").repeat_by("h").explode().alias("g"),
        )
        keys = ["name"] if columns.id is None else ["name", "id"]
        frame = pl.DataFrame({
            "i": pl.int_range(0, n, dtype=pl.Int32, eager=True), "row": spread["row"], "src": spread["src"],
            "name": columns.name, **({} if columns.id is None else {"id": columns.id}),
            "g": columns.group if columns.group is not None else spread["g"],
            **dict(zip(units, columns.units)),
            **({} if columns.department is None else {"d": columns.department}),
            **({} if columns.rater is None else {"r": columns.rater}),
        })
        self.count += n
        if self.extremes:
            frame = frame.with_columns(pl.sum_horizontal(units).alias("t"))
        order = ["t", *units]
        sums = [pl.len().alias("n"), *(pl.col(u).sum() for u in units)]
        if self.extremes:
            sums += [pl.col(c).sort_by(order).last().alias(f"high{c}") for c in order]
            sums += [pl.col(c).sort_by(order).first().alias(f"low{c}") for c in order]
        kept = [0 if g < 0 else h for g, (_, h) in zip(fixed, columns.parts)]
        # One group for every ballot (unweighted, or one 测评人类别 line): each ratee's tally and
        # first 科室 come with its rows, in the one pass over the ratees below.
        one_group = fixed[0] if columns.group is None and len(set(fixed)) == 1 and fixed[0] >= 0 else None
        texts: dict[Any, str] = {}  # each 科室 written (a few hundred, again and again) as shown
        written = pl.lit(True)
        if columns.department is not None:
            texts = {v: clean_text(v) for v in frame["d"].unique().drop_nulls().to_list()}
            written = pl.col("d").is_not_null() & ~pl.col("d").is_in([v for v in texts if is_blank(v)])
        by_key = [pl.col("i"), pl.col("row").first(), pl.col("src").first()]
        if one_group is not None:
            if columns.department is not None:
                by_key += [pl.col(c).filter(written).first().alias(f"d_{c}") for c in ("d", "row", "src")]
                by_key += [pl.col("d").filter(written).n_unique().alias("d_n")]
            by_key += sums
        # The ratees: each distinct (name, 工号) in the order first written, with its rows.
        ratees = frame.group_by(keys, maintain_order=True).agg(by_key)
        numbers = []
        several = []  # ratees given more than one 科室 here
        pairs, width = self.pairs, len(keys)
        for key in _rows(ratees.drop("i")):
            # The row reader's key: the cells as read, "" for a blank 工号 typed among numbers.
            raw = (key[0], None if columns.id is None else "" if key[1] is None else key[1])
            p = self.pair_of.get(raw)
            if p is None:
                self.source = indices[key[width + 1]]
                p = self._new_pair(raw, key[width])
            numbers.append(p)
            if one_group is not None:
                rest = key[width + 2:]
                if columns.department is not None:
                    d, number, k, d_n, *rest = rest
                    if d_n == 1:
                        _department(pairs[p], d, indices[k], number, texts[d])
                    elif d_n:
                        several.append(p)
                self._put(pairs[p], one_group, rest, mul)
        rows_of = ratees["i"]
        pair = pl.zeros(n, pl.Int32, eager=True).scatter(
            rows_of.explode(), pl.Series(numbers, dtype=pl.Int32).repeat_by(rows_of.list.len()).explode(),
        )
        del ratees, rows_of
        frame = frame.drop(keys).with_columns(pair.alias("pair"))
        if sum(kept) < n:  # a sheet without its group: its pairs are known, its ballots not counted
            frame = frame.filter(pl.col("g") >= 0)
        if columns.department is not None and (one_group is None or several):
            firsts = frame.filter(written if one_group is None else written & pl.col("pair").is_in(several))
            # Each 科室 written for a ratee where it is first written, in the row reader's order.
            at = [pl.col("i").first(), pl.col("row").first(), pl.col("src").first()]
            for p, d, _, number, k in _rows(firsts.group_by("pair", "d").agg(at).sort("i")):
                _department(pairs[p], d, indices[k], number, texts[d])
            del firsts
        if one_group is None:
            # Each ratee's tally per group, in the order first met (as the row reader adds them).
            tallied = frame.group_by("pair", "g").agg(pl.col("i").first(), *sums).sort("i").drop("i")
            for p, g, *rest in _rows(tallied):
                self._put(pairs[p], g, rest, mul)
        if not self.keep_columns:
            return
        start = len(self.c_row)
        for index, height in zip(indices, kept):
            self.c_starts.append((start, index))
            start += height
        # Raters as `read` meets them: each sheet's own (a 测评人 line, its form) first, then its rows'.
        fixed_rater = []
        by_sheet: dict[int, list[Any]] = {}
        raters = None
        if columns.rater is not None:
            raters = frame.group_by("src", "r", maintain_order=True).agg(pl.col("i"))
            for k, value in _rows(raters.drop("i")):
                by_sheet.setdefault(k, []).append(value)
        for k, index in enumerate(indices):
            source = self.sources[index]
            fixed_rater.append(self._rater(source.rater) if source.rater else -1)
            for value in by_sheet.get(k, ()):
                self._rater(value)
        m = len(frame)
        extend(self.c_person, frame["pair"])
        extend(self.c_group, frame["g"])
        if raters is not None:
            # Each row's rater, scattered from its (sheet, 测评人) group's rows.
            rows_of = raters["i"]
            at = rows_of.explode() if m == n else frame["i"].search_sorted(rows_of.explode())
            index = [self.rater_of[v] for v in raters["r"].to_list()]
            extend(self.c_rater, pl.zeros(m, pl.Int32, eager=True).scatter(
                at, pl.Series(index, dtype=pl.Int32).repeat_by(rows_of.list.len()).explode(),
            ))
            del raters, rows_of, at
        elif len(set(fixed_rater)) == 1:
            self.c_rater.extend(array("i", fixed_rater[:1]) * m)
        else:
            by_src = pl.Series(fixed_rater, dtype=pl.Int32)
            extend(self.c_rater, frame["src"].replace_strict(list(range(len(indices))), by_src, return_dtype=pl.Int32))
        extend(self.c_row, frame["row"])
        # Row after row, as `read` keeps them: each dimension's column into every ndim-th place.
        flat: array | list[int] = array("q", bytes(8 * m * ndim))
        for d, u in enumerate(units):
            column = array("q")
            extend(column, frame[u])
            flat[d::ndim] = column
        if mul != 1:  # 64-bit while the scores fit (as `_rescale` keeps them), else Python ints
            scaled = [v * mul for v in flat]
            flat = array("q", scaled) if isinstance(self.c_flat, array) else scaled
        if self.c_flat:
            self.c_flat.extend(flat)
        else:
            self.c_flat = flat

    def _put(self, pair: _Pair, g: int, summed: list[int], mul: int = 1) -> None:
        """A tally summed by `read_plain` (count, each dimension's sum, the extremes', in hundredths
        × `mul`) into the pair's."""
        ndim = len(self.names)
        if mul != 1:
            summed = [summed[0], *(v * mul for v in summed[1:])]
        tally = Tally.of(summed[0], list(summed[1:ndim + 1]))
        if self.extremes:
            tally.high, tally.low = tuple(summed[ndim + 1:2 * ndim + 2]), tuple(summed[2 * ndim + 2:])
        tallies = pair.tallies
        if g in tallies:
            tallies[g].merge(tally)
        else:
            tallies[g] = tally

    def _slow(self, value: Any, d: int, number: int) -> Decimal | None | bool:
        """A dimension cell off the fast path: its exact value, None when blank, False on error."""
        source = self.sources[self.source]
        where = {"file": source.file, "sheet": source.sheet, "cell": cell_ref(number, self.dim_cols[d]), "row": number}
        try:
            exact = to_decimal(value)
        except CellValueError as exc:
            self.problems.add(exc.code, **where, value=value, column=self.dim_labels[d])
            return False
        if exact is None:
            return None
        if exact < 0:
            self.problems.add(Code.DIMENSION_NEGATIVE, **where, value=value, column=self.dim_labels[d])
            return False
        if exact > self.maxima[d]:
            self.problems.add(
                Code.DIMENSION_ABOVE_MAX, **where, value=value, column=self.dim_labels[d], limit=plain(self.maxima[d])
            )
            return False
        return exact.normalize() if exact else Decimal(0)

    def _rescale(self, need: int) -> int:
        """A score with more decimals than seen so far: every stored integer gains the digits."""
        factor = 10 ** (need - self.scale)
        self.scale = need
        for pair in self.pairs:
            for tally in pair.tallies.values():
                tally.scale(factor)
        if self.keep_columns:
            # 64-bit columns while the largest score fits (always, for scores typed by hand);
            # Python ints for a number typed with twenty decimals.
            fits = max(self.maxima) * 10**need < 2**63
            self.c_flat = array("q", (u * factor for u in self.c_flat)) if fits else [u * factor for u in self.c_flat]
        return factor

    def _new_pair(self, raw: tuple[Any, Any], number: int) -> int:
        key = name_key(raw[0])  # (66,706 pairs in a million ballots: most names are their own key)
        name = raw[0] if key is raw[0] else clean_text(raw[0])
        if not key:
            index = _BLANK_NAME
        else:
            index = len(self.pairs)
            self.pairs.append(_Pair(name, key, clean_text(raw[1]), self.source, number))
        self.pair_of[raw] = index
        return index

    def _group(self, value: Any, number: int) -> int:
        g = self.group_of.get(value)
        if g is None:
            g = self.group_of[value] = group_of(value, self.group_keys)
        source = self.sources[self.source]
        if g == -1:
            self.problems.add(Code.VALUE_REQUIRED, **source.where(number, "rater_group"), column=source.labels["rater_group"])
        elif g == -2:
            self.problems.add(
                Code.RATER_GROUP_UNKNOWN, **source.where(number, "rater_group"), value=clean_text(value),
                expected="、".join(self.groups),
            )
        return g

    def _fixed_group(self, source: BallotSource) -> int:
        """The group of a sheet without a 测评人类别 column: its line above the header or its name."""
        if source.group is None:
            self.problems.add(
                Code.COLUMN_MISSING, file=source.file, sheet=source.sheet, value=RATING_FIELDS["rater_group"].label,
            )
            return -1
        g = self.group_keys.get(normalize(source.group).lower(), -2)
        if g == -2:
            self.problems.add(
                Code.RATER_GROUP_UNKNOWN, **{"file": source.file, "sheet": source.sheet, **source.group_where},
                value=source.group, expected="、".join(self.groups),
            )
        return g

    def _rater(self, value: Any) -> int:
        r = self.rater_of.get(value)
        if r is None:
            key = name_key(value)
            if not key:
                r = -1
            else:
                r = self.rater_index.get(key)
                if r is None:
                    r = self.rater_index[key] = len(self.raters)
                    self.raters.append(value if key is value else clean_text(value))
            self.rater_of[value] = r
        return r

    # --- who is who --------------------------------------------------------------------

    def finish(self, roster: Roster | None, problems: Problems) -> Ballots:
        """Who is who (with the roster, else from the ballots), and the tallies per person."""
        self.problems = problems
        pairs = self.pairs

        def where(pair: _Pair) -> dict[str, Any]:
            return self.sources[pair.source].where(pair.row, "name")

        def id_where(pair: _Pair) -> dict[str, Any]:
            source = self.sources[pair.source]
            return {**source.where(pair.row, "id"), "column": source.labels["id"]}

        people, person_of_pair = (
            link_roster(pairs, roster, where, problems) if roster is not None
            else people_from_ballots(pairs, where, id_where, problems)
        )
        firsts: dict[int, _Pair] = {}  # person → the pair whose 科室 came first
        differs: dict[int, tuple[_Pair, tuple[str, int, int]]] = {}  # person → that pair, another 科室
        for p, pair in enumerate(pairs):
            target = person_of_pair[p]
            if target < 0:
                continue
            person = people[target]
            if pair.department is not None:
                first = firsts.setdefault(target, pair)
                if first is not pair or pair.other is not None:  # (else nothing to compare)
                    # A later pair of the person's: its first 科室, then its own other one.
                    written = (pair.other,) if first is pair else ((pair.department, *pair.at), pair.other)
                    other = next((w for w in written if w is not None and normalize(w[0]) != normalize(first.department)), None)
                    if other is not None:
                        differs.setdefault(target, (first, other))
            if pair.blank:
                person.blank += pair.blank
                person.blank_rows += pair.blank_rows
            if person.row == 0 or (pair.source, pair.row) < (person.source, person.row):
                person.source, person.row = pair.source, pair.row
            if person.department is None:
                person.department = pair.department
            tallies = person.tallies
            for g, tally in pair.tallies.items():
                if g in tallies:
                    tallies[g].merge(tally)
                else:
                    tallies[g] = tally
        for target, (pair, other) in differs.items():
            self._department_differs(people[target], pair, other)
        self._check_counted(people, roster)
        first = self.sources[0]
        ballots = Ballots(
            file=first.file, sheet=first.sheet, dimensions=self.dimensions, scale=self.scale,
            groups=self.groups, people=people, count=self.count, columns=dict(first.columns),
            findings=self.findings, sources=self.sources,
        )
        # A 测评人 column left blank (anonymous ballots) needs no columns, unless kept for explain.
        if self.keep_columns and (self.raters or self.keep):
            ballots.raters = self.raters or None
            # (each pair is its own person, unless a name carries several 工号 or a roster orders them)
            identity = person_of_pair == list(range(len(person_of_pair)))
            ballots.person = self.c_person if identity else array("i", map(person_of_pair.__getitem__, self.c_person))
            ballots.group, ballots.rater, ballots.row = self.c_group, self.c_rater, self.c_row
            ballots.source = array("i")
            for (start, index), (end, _) in zip(self.c_starts, [*self.c_starts[1:], (len(self.c_row), 0)]):
                ballots.source.extend(array("i", [index]) * (end - start))
            ndim = len(self.names)
            ballots.scores = [self.c_flat[d::ndim] for d in range(ndim)]
        return ballots

    def _department_differs(self, person: Person, first: _Pair, other: tuple[str, int, int]) -> None:
        """Two 科室 for one ratee: at the other's cell, naming the first's."""
        text, source, row = other
        at, here = self.sources[first.at[0]].where(first.at[1], "department"), self.sources[source].where(row, "department")
        shown = f"{at['sheet']}!{at['cell']}"  # another file of a folder is named too
        shown = shown if at["file"] == here["file"] else f"{Path(at['file']).name} {shown}"
        self.problems.add(
            Code.RATEE_DEPARTMENT_DIFFERS, **here, value=text,
            name=person.label, expected=first.department, other=shown,
        )

    def _check_counted(self, people: list[Person], roster: Roster | None) -> None:
        """Someone whose every ballot was blank has no score at all."""
        for person in people:
            if not person.tallies and person.blank:
                where = (
                    {"file": roster.file, "sheet": roster.sheet, "cell": roster.cell(person.roster, "name"), "row": person.roster.row}
                    if roster is not None and person.roster is not None
                    else self.sources[person.source].where(person.row, "name")
                )
                self.problems.add(Code.RATEE_WITHOUT_VALID_BALLOTS, **where, value=person.label, count=person.blank)


def _rows(frame: Any) -> Iterable[tuple[Any, ...]]:
    """A small polars frame's rows as tuples: column by column into Python, then zipped
    (`iter_rows` builds each row apart, slower for the 66,706 ratees of a million ballots)."""
    return zip(*(frame.to_series(j).to_list() for j in range(frame.width)))


def _department(pair: _Pair, written: Any, source: int, row: int, text: str | None = None) -> None:
    """A counted ballot's non-blank 科室 cell: the pair's first, or the first other one
    (`text`: its `clean_text`, when known)."""
    if text is None:
        text = clean_text(written)
    if pair.department is None:
        pair.department, pair.written, pair.at = text, written, (source, row)
    elif pair.other is None and normalize(text) != normalize(pair.department):
        pair.other = (text, source, row)


def _is_error_cell(value: Any) -> bool:
    """A cell already reported (a non-number), as opposed to one left blank."""
    return not (value is None or (isinstance(value, str) and not value.strip()))

