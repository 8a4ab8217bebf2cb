"""Who is who: a name (and 工号) written on a ballot → the person it means."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ..messages import Code
from .model import Person

if TYPE_CHECKING:
    from ..problems import Problems
    from ..reader import Table
    from .model import Roster


class Pair(Protocol):
    """A distinct (name, 工号) as written on the ballots."""

    name: str
    key: str
    id: str | None
    id_key: str
    row: int


def people_from_ballots(pairs: list[Pair], table: Table, problems: Problems) -> tuple[list[Person], list[int]]:
    """Without a roster: one person per name, or per 工号 where one name carries several."""
    by_name: dict[str, list[int]] = {}
    for p, pair in enumerate(pairs):
        by_name.setdefault(pair.key, []).append(p)
    people: list[Person] = []
    person_of_pair = [-1] * len(pairs)
    by_id: dict[str, Person] = {}
    for indices in sorted(by_name.values(), key=lambda ix: pairs[ix[0]].row):
        ids = {pairs[p].id_key: pairs[p] for p in indices if pairs[p].id_key}
        if len(ids) <= 1:
            first = pairs[indices[0]]
            with_id = next(iter(ids.values()), None)
            chosen = [Person(id=with_id.id if with_id else None, name=first.name, department=None, row=first.row)]
            owner = {p: 0 for p in indices}
        else:
            chosen = [Person(id=pair.id, name=pair.name, department=None, row=pair.row) for pair in ids.values()]
            slot = {k: i for i, k in enumerate(ids)}
            owner = {}
            for p in indices:
                pair = pairs[p]
                if pair.id_key:
                    owner[p] = slot[pair.id_key]
                else:
                    problems.add(
                        Code.RATEE_AMBIGUOUS, **table.where(pair.row, "name"), value=pair.name,
                        matches="、".join(person.label for person in chosen),
                    )
        base = len(people)
        for person in chosen:
            twin = by_id.get(person.id_key) if person.id_key else None
            if twin is not None:
                problems.add(
                    Code.DUPLICATE_ID, **table.where(person.row, "id"), value=person.id,
                    column=table.labels["id"], other=twin.row,
                )
            elif person.id_key:
                by_id[person.id_key] = person
        people.extend(chosen)
        for p, i in owner.items():
            person_of_pair[p] = base + i
    return people, person_of_pair

def link_roster(pairs: list[Pair], roster: Roster, table: Table, problems: Problems) -> tuple[list[Person], list[int]]:
    """With a roster: each ratee is found on it by 工号 (where both give one) or by name."""
    people = [
        Person(id=e.id, name=e.name, department=e.department, row=0, roster=e) for e in roster.entries
    ]
    by_id: dict[str, int] = {}
    for i, e in enumerate(roster.entries):
        if e.id_key:
            by_id.setdefault(e.id_key, i)
    by_name: dict[str, list[int]] = {}
    for i, e in enumerate(roster.entries):
        by_name.setdefault(e.key, []).append(i)
    person_of_pair = [-1] * len(pairs)
    for p, pair in enumerate(pairs):
        if pair.id_key and by_id:
            i = by_id.get(pair.id_key)
            if i is not None and roster.entries[i].key == pair.key:
                person_of_pair[p] = i
                continue
            problems.add(Code.RATEE_NOT_ON_ROSTER, **table.where(pair.row, "name"), value=f"{pair.name}（{pair.id}）")
            continue
        matches = by_name.get(pair.key, [])
        if len(matches) == 1:
            person_of_pair[p] = matches[0]
        elif not matches:
            problems.add(Code.RATEE_NOT_ON_ROSTER, **table.where(pair.row, "name"), value=pair.name)
        else:
            problems.add(
                Code.RATEE_AMBIGUOUS, **table.where(pair.row, "name"), value=pair.name,
                matches="、".join(people[i].label for i in matches),
            )
    linked = set(person_of_pair)
    for i, entry in enumerate(roster.entries):
        if i not in linked:
            problems.add(
                Code.ROSTER_WITHOUT_BALLOTS, file=roster.file, sheet=roster.sheet,
                cell=roster.cell(entry, "name"), row=entry.row, value=entry.name,
            )
    return people, person_of_pair

