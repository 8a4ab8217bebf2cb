"""Who is who: a name (and 工号) written somewhere → the person it means.

The one place that decides it, for the ballots' ratees (with or without a roster), the
indicators' 责任人/责任领导 (`rules.appraisal.link_charges`) and the raters who rated
themselves (`rules.appraisal.rater_findings`). A 工号 decides where one is written on both
sides; else the name (`cells.name_key`: spacing, width and invisible characters do not count).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ..cells import name_key
from ..messages import Code, Phrase

if TYPE_CHECKING:
    from ..problems import Problems
    from .model import Person, Roster


def id_key(value: object) -> str:
    """A 工号's identity: 001 typed as text and 1 typed as a number (Excel drops the zeros) are one."""
    return _id_of(name_key(value))


def _id_of(key: str) -> str:
    """`id_key` of what has its `name_key` already."""
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or "0"
    return key


class Known(Protocol):
    """Someone who can be looked up: a person, a roster entry."""

    name: str

    @property
    def key(self) -> str: ...

    @property
    def id_key(self) -> str: ...


class Directory:
    """People indexed by 工号 and by name, in their order."""

    def __init__(self, people: Sequence[Known]):
        self.people = people
        self.by_id: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        for i, person in enumerate(people):
            self.by_name.setdefault(person.key, []).append(i)
            if person.id_key:
                self.by_id.setdefault(person.id_key, []).append(i)

    def lookup(self, text: object) -> list[int]:
        """Whoever one written word names: a 工号 written in place of a name, else the name."""
        key = name_key(text)
        return (self.by_id.get(_id_of(key)) if self.by_id else None) or self.by_name.get(key, [])

    def find(self, name: str, id_text: str | None) -> list[int] | None:
        """A ratee written as name and 工号: with a 工号 on both sides, the one person holding
        it, if the name agrees too (None: no one); else everyone of that name."""
        if id_text and self.by_id:
            found = self.by_id.get(id_key(id_text), [])
            agree = [i for i in found if self.people[i].key == name_key(name)]
            return agree[:1] or None
        return self.by_name.get(name_key(name), [])

    def hint(self, text: str) -> Phrase:
        """(是否为“张伟”？) for a name that misses by one character, so the message leads to the fix."""
        near = suggest(name_key(text), self.by_name)
        if not near:
            return Phrase("no_hint")
        names = "、".join(dict.fromkeys(self.people[self.by_name[k][0]].name for k in near))
        return Phrase("did_you_mean", (("name", names),))


def suggest(key: str, keys: Any, most: int = 3) -> list[str]:
    """Keys one edit away from `key` (a character changed, added or dropped), for names of two
    characters or more: 张卫 → 张伟, 王 芳 → 王芳 is already equal, 欧阳明 → 欧明."""
    if len(key) < 2:
        return []
    found = [k for k in keys if k != key and len(k) >= 2 and _one_edit(key, k)]
    return found[:most]


def _one_edit(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


# --- the ballots' ratees -----------------------------------------------------------------


class Pair(Protocol):
    """A distinct (name, 工号) as written on the ballots, and where it was first written."""

    name: str
    key: str
    id: str | None
    id_key: str
    row: int
    source: int


Where = Any  # (pair) → the keyword arguments locating the pair's name cell


def people_from_ballots(pairs: list[Pair], where: Where, id_where: Where, problems: Problems) -> tuple[list[Person], list[int]]:
    """Without a roster: one person per name, or per 工号 where one name carries several."""
    from .model import Person

    by_name: dict[str, list[int]] = {}
    for p, pair in enumerate(pairs):
        by_name.setdefault(pair.key, []).append(p)
    people: list[Person] = []
    person_of_pair = [-1] * len(pairs)
    by_id: dict[str, Person] = {}
    for indices in sorted(by_name.values(), key=lambda ix: (pairs[ix[0]].source, pairs[ix[0]].row)):
        if len(indices) == 1:  # most names: one pair, one person (`_one_name`'s, without its bookkeeping)
            pair = pairs[indices[0]]
            person = Person(id=pair.id if pair.id_key else None, name=pair.name, department=None, row=pair.row,
                            source=pair.source).keyed(pair.key, pair.id_key)
            if pair.id_key:
                twin = by_id.get(pair.id_key)
                if twin is not None:
                    problems.add(Code.DUPLICATE_ID, **id_where(pair), value=person.id, other=twin.row)
                else:
                    by_id[pair.id_key] = person
            person_of_pair[indices[0]] = len(people)
            people.append(person)
            continue
        chosen, origin, owner = _one_name(pairs, indices, where, problems)
        base = len(people)
        for person, pair in zip(chosen, origin):
            twin = by_id.get(person.id_key) if person.id_key else None
            if twin is not None:
                problems.add(Code.DUPLICATE_ID, **id_where(pair), value=person.id, other=twin.row)
            elif person.id_key:
                by_id[person.id_key] = person
        people.extend(chosen)
        for p, i in owner.items():
            person_of_pair[p] = base + i
    return people, person_of_pair


def _one_name(pairs: list[Pair], indices: list[int], where: Where, problems: Problems) -> tuple[list[Person], list[Pair], dict[int, int]]:
    """The people one name written by several pairs means: (each person, the pair it comes
    from, pair → its index among them)."""
    from .model import Person

    ids: dict[str, Pair] = {}  # 工号 → the first pair giving it (001 and 1 are one)
    for p in indices:
        if pairs[p].id_key:
            ids.setdefault(pairs[p].id_key, pairs[p])
    if len(ids) <= 1:
        first = pairs[indices[0]]
        with_id = next(iter(ids.values()), None)
        chosen = [Person(id=with_id.id if with_id else None, name=first.name, department=None, row=first.row,
                         source=first.source).keyed(first.key, with_id.id_key if with_id else "")]
        origin = [with_id or first]
        owner = {p: 0 for p in indices}
    else:
        chosen = [Person(id=pair.id, name=pair.name, department=None, row=pair.row, source=pair.source).keyed(pair.key, pair.id_key)
                  for pair in ids.values()]
        origin = list(ids.values())
        slot = {k: i for i, k in enumerate(ids)}
        owner = {}
        for p in indices:
            pair = pairs[p]
            if pair.id_key:
                owner[p] = slot[pair.id_key]
            else:
                problems.add(
                    Code.RATEE_AMBIGUOUS, **where(pair), value=pair.name,
                    matches="、".join(person.label for person in chosen),
                )
    return chosen, origin, owner


def link_roster(pairs: list[Pair], roster: Roster, where: Where, problems: Problems) -> tuple[list[Person], list[int]]:
    """With a roster: each ratee is found on it by 工号 (where both give one) or by name."""
    from .model import Person

    people = [Person(id=e.id, name=e.name, department=e.department, row=0, roster=e) for e in roster.entries]
    directory = Directory(roster.entries)
    person_of_pair = [-1] * len(pairs)
    for p, pair in enumerate(pairs):
        matches = directory.find(pair.name, pair.id)
        if matches is None:
            problems.add(Code.RATEE_NOT_ON_ROSTER, **where(pair), value=f"{pair.name}（{pair.id}）", hint=directory.hint(pair.name))
        elif len(matches) == 1:
            person_of_pair[p] = matches[0]
        elif not matches:
            problems.add(Code.RATEE_NOT_ON_ROSTER, **where(pair), value=pair.name, hint=directory.hint(pair.name))
        else:
            problems.add(
                Code.RATEE_AMBIGUOUS, **where(pair), value=pair.name, matches="、".join(people[i].label for i in matches),
            )
    linked = set(person_of_pair)
    for i, entry in enumerate(roster.entries):
        if i not in linked:
            problems.add(
                Code.ROSTER_WITHOUT_BALLOTS, file=roster.file, sheet=roster.sheet,
                cell=roster.cell(entry, "name"), row=entry.row, value=entry.name,
            )
    return people, person_of_pair


def match_up(old: Sequence[Known], new: Sequence[Known]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Who in `new` is who in `old` (`jxkh diff`), as a ballot finds its ratee on a roster:
    by 工号 where both sides carry one (and the name agrees), else by name, each old one once.

    Returns the matched (old index, new index) pairs in `new`'s order, and the old and new
    indices left unmatched (removed, added)."""
    directory = Directory(old)
    taken: set[int] = set()
    pairs: list[tuple[int, int]] = []
    added: list[int] = []
    for j, person in enumerate(new):
        found = directory.find(person.name, getattr(person, "id", None)) or []
        i = next((k for k in found if k not in taken), None)
        if i is None:
            added.append(j)
        else:
            taken.add(i)
            pairs.append((i, j))
    removed = [i for i in range(len(old)) if i not in taken]
    return pairs, removed, added
