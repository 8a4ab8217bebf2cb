"""Reading a ratings workbook (民主测评): the 测评 ballots and the optional 人员 roster, validated.

- `model`: the validated data (`Roster`, `Ballots`, `Person`, `Tally`, `Ratings`);
- `roster`: the 人员 sheet;
- `layouts`: where the ballots are (one long sheet, a sheet per rater, a folder of files),
  each becoming `BallotSource`s, and `read_ratings`/`load_ratings`;
- `tally`: ballot rows → validated, tallied per ratee;
- `identity`: who a name (and 工号) on a ballot is.

Identity: a ratee is their name (`cells.name_key`), or their 工号 where one is given; with a
roster every ratee must be on it and everyone on it must have ballots.
"""

from .layouts import ballot_fields, load_ratings, read_ratings
from .model import Ballots, BallotSource, Person, Ratings, Roster, RosterEntry, Tally
from .roster import read_roster
from .tally import tally_ballots

__all__ = [
    "BallotSource", "Ballots", "Person", "Ratings", "Roster", "RosterEntry", "Tally",
    "ballot_fields", "load_ratings", "read_ratings", "read_roster", "tally_ballots",
]
