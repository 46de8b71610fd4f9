"""A committee's roster as a CSV file, read and checked whole (`tui.output` writes it).

The header is `name,role,organisation,group,voting,initials` (any order, any case; only
`name` may be left out). A file is refused whole, with the line that is wrong, before
anything is changed: an unknown column, a bad group or vote, a row with nobody in it.
"""

from __future__ import annotations

import csv
import io

from storage.csv_cells import typed_cell
from storage.domain import RosterGroup, Value, person_problem, valid_initials
from storage.errors import BadInput

COLUMNS = ("name", "role", "organisation", "group", "voting", "initials")

GROUP_WORDS = {
    "member": RosterGroup.MEMBER,
    "members": RosterGroup.MEMBER,
    "officer": RosterGroup.OFFICER,
    "officers": RosterGroup.OFFICER,
    "adviser": RosterGroup.OFFICER,
    "advisor": RosterGroup.OFFICER,
    "in attendance": RosterGroup.OFFICER,
    "secretariat": RosterGroup.SECRETARIAT,
}
VOTING_WORDS = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "voting": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "non-voting": False,
}


class RosterLine(Value):
    """One row of a roster file, checked."""

    line: int
    name: str | None
    role: str = ""
    organisation: str = ""
    group: RosterGroup = RosterGroup.MEMBER
    voting: bool = True
    initials: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """Who the line names, as `person_key` compares people."""
        return person_key(self.name, self.role, self.organisation)


def person_key(name: str | None, role: str, organisation: str) -> tuple[str, ...]:
    """A person by name, role and organisation, whatever the case and spacing: how a roster
    file's line finds who is already known."""
    return tuple(" ".join((part or "").split()).casefold() for part in (name, role, organisation))


def decode(data: bytes, what: str, *, advice: str = "") -> str:
    """The text of `what` ("the roster"), a file that should be UTF-8 (a byte-order mark
    allowed) or UTF-16 with its mark; refused with one line, ending with `advice` on how
    to save it again, otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadInput(f"{what} starts as UTF-16 text but is not UTF-16{advice}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadInput(f"line {line}: {what} is not UTF-8 or UTF-16 text{advice}") from None


def read_roster(data: bytes) -> list[RosterLine]:
    """Every row of a roster CSV, or `BadInput` naming the first line that is wrong."""
    text = decode(data, "the roster", advice="; save it as 'CSV UTF-8' and try again")
    if "\x00" in text:
        raise BadInput("binary data, not CSV text")
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows, None)
        if header is None or not any(cell.strip() for cell in header):
            raise BadInput(f"empty: its first line must be {','.join(COLUMNS)}")
        columns = [cell.strip().casefold() for cell in header]
        unknown = [c for c in columns if c not in COLUMNS]
        if unknown:
            raise BadInput(
                f"line 1: unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}"
            )
        if len(set(columns)) != len(columns):
            raise BadInput("line 1: a column is named twice")
        missing = [c for c in COLUMNS if c not in columns and c != "name"]
        if missing:
            raise BadInput(f"line 1: no {missing[0]!r} column; the header is {','.join(COLUMNS)}")
        lines: list[RosterLine] = []
        seen: dict[tuple[str, ...], int] = {}
        while True:
            number = rows.line_num + 1  # where the record starts: a quoted cell may span lines
            cells = next(rows, None)
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue
            line = _line(number, columns, cells)
            first = seen.setdefault(line.key, number)
            if first != number:
                raise BadInput(f"line {number}: the same person as line {first}")
            lines.append(line)
    except csv.Error as error:
        raise BadInput(f"line {rows.line_num}: {error}") from None
    if not lines:
        raise BadInput("a header and no one under it")
    return lines


def _line(number: int, columns: list[str], cells: list[str]) -> RosterLine:
    if len(cells) > len(columns):
        raise BadInput(f"line {number}: {len(cells)} values under {len(columns)} columns")
    values = dict(zip(columns, (" ".join(typed_cell(c).split()) for c in cells), strict=False))
    group_text = values.get("group", "").casefold()
    group = GROUP_WORDS.get(group_text or "member")
    if group is None:
        raise BadInput(
            f"line {number}: group {values['group']!r}: give member, officer or secretariat"
        )
    voting_text = values.get("voting", "").casefold()
    voting = VOTING_WORDS.get(voting_text) if voting_text else group is RosterGroup.MEMBER
    if voting is None:
        raise BadInput(f"line {number}: voting {values['voting']!r}: give yes or no")
    initials = values.get("initials", "")
    if not valid_initials(initials):
        raise BadInput(f"line {number}: initials {initials!r}: letters only, e.g. JT")
    name, role, organisation = (values.get(c, "") for c in ("name", "role", "organisation"))
    problem = person_problem(name, role, organisation)
    if problem:
        raise BadInput(f"line {number}: {problem}")
    return RosterLine(
        line=number,
        name=name or None,
        role=role,
        organisation=organisation,
        group=group,
        voting=voting,
        initials=initials,
    )
