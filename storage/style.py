"""A committee's house style: how its minutes look, stored with the committee.

A style starts from a preset and is adjusted key by key. It is written and read as TOML,
every key with its value and a comment (`style_toml`, `parse_style`): what
`minutebook style` prints and loads, and what the database keeps. A file with an unknown
key, a bad value or an unknown placeholder is refused with its line and what is allowed.
Only the standard library is used (the meeting reader on the way to the first screen
parses a committee's style).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from storage.domain import (
    AttendanceGroup,
    AttendanceStatus,
    Attendee,
    HouseStyle,
    NamesPolicy,
    RosterGroup,
    Value,
)
from storage.errors import BadInput

TIME_FORMATS = ("13.00", "1.00pm", "13:00")
ATTENDANCE_LAYOUTS = ("table", "list", "register")
COLUMNS = ("name", "role", "organisation")
WHO = ("present", "members", "in attendance", "officers", "secretariat", "apologies", "absent")
ITEM_LAYOUTS = ("description", "minute-action", "action-column")
ACTION_PLACES = ("after-item", "column", "in-notes", "summary", "log")
PLACEHOLDERS = {
    "committee": "the committee's name",
    "number": "the meeting's number in the committee's series (13)",
    "ordinal": "the same as 13th",
    "date": "the meeting's date (Monday 11 March 2024)",
    "time": "its start and end (13.00-15.00, in the time format)",
    "venue": "where it was held",
    "marking": "the protective marking",
    "state": "DRAFT: circulated for approval, while circulated",
    "version": "v0.1 draft, v0.2 circulated, Final approved",
    "edition": "Members' or Public",
    "page": "the page number (headers and footers only)",
    "pages": "the number of pages (headers and footers only)",
}


class Key(Value):
    """A key of the style file: its table and name, the field it sets, and its comment."""

    table: str
    name: str
    field: str
    comment: str
    allowed: tuple[str, ...] = ()
    """The values it may take (each value, for a list), when fixed."""


KEYS = (
    Key("style", "preset", "preset", "the preset this style started from"),
    Key("document", "title", "title", "the title line; placeholders as below"),
    Key("document", "header", "header", "header lines, top of every page; empty lines dropped"),
    Key("document", "footer", "footer", "footer lines, foot of every page"),
    Key("document", "time_format", "time_format", "how times print", TIME_FORMATS),
    Key("document", "language", "language", "the documents' language, a tag like en-GB or cy-GB"),
    Key(
        "document",
        "organisation",
        "organisation",
        'the documents\' author, never a person; empty: "minutebook"',
    ),
    Key(
        "attendance",
        "layout",
        "attendance_layout",
        "table (one row each), list (names run on), register (one table, present and"
        " apologies ticked)",
        ATTENDANCE_LAYOUTS,
    ),
    Key("attendance", "columns", "columns", "what is printed of each person, in order", COLUMNS),
    Key("attendance", "absent", "absent", "list those absent without apologies (true/false)"),
    Key(
        "attendance",
        "minute_taker",
        "minute_taker",
        'a heading naming the secretariat who took the minutes ("Clerk"); empty: none',
    ),
    Key(
        "items",
        "layout",
        "item_layout",
        "description (Item No. | Item Description), minute-action (No. | Item | Minute |"
        " Action), action-column (Item No. | Item Description | Action / Owner / Due)",
        ITEM_LAYOUTS,
    ),
    Key(
        "items",
        "actions",
        "actions",
        "where actions print: after-item, column, in-notes (where they were typed),"
        " summary (at the front), log (at the end); [] for nowhere",
        ACTION_PLACES,
    ),
    Key("items", "numbered_paragraphs", "numbered_paragraphs", "number paragraphs 5.1, 5.2 ..."),
    Key(
        "record",
        "interest_kinds",
        "interest_kinds",
        "the kinds of interest a declaration may be of, as the minutes print them",
    ),
    Key(
        "record",
        "resolution",
        "resolution",
        'the words before a resolution\'s text ("RESOLVED – that")',
    ),
    Key(
        "record",
        "exclusion",
        "exclusion",
        "the resolution excluding the press and public before the first exempt item;"
        " {paragraphs} the paragraphs cited",
    ),
    Key(
        "public",
        "names",
        "public_names",
        "the public version: keep names, or replace them with roles (redactions and"
        " confidential items go either way)",
        tuple(p.value for p in NamesPolicy),
    ),
)
"""Every key but the attendance groups ([[attendance.groups]], each heading and who)."""


PRESETS: dict[str, HouseStyle] = {
    "partnership-board": HouseStyle(),
    "council-committee": HouseStyle(
        preset="council-committee",
        title="Minutes of the meeting of the {committee}",
        footer=("{committee}, {date}", "Page {page} of {pages}"),
        time_format="1.00pm",
        attendance_layout="list",
        columns=("name", "role"),
        groups=(
            AttendanceGroup("Present", "members"),
            AttendanceGroup("Officers in attendance", "in attendance"),
            AttendanceGroup("Apologies for absence", "apologies"),
        ),
        actions=("after-item",),
        public_names=NamesPolicy.KEEP,
    ),
    "nhs-board": HouseStyle(
        preset="nhs-board",
        title="Minutes of the {committee} Meeting in Public",
        footer=("{edition} minutes {version}", "Page {page} of {pages}"),
        time_format="13:00",
        columns=("name", "role"),
        groups=(
            AttendanceGroup("Members present", "members"),
            AttendanceGroup("In attendance", "officers"),
            AttendanceGroup("Apologies", "apologies"),
        ),
        minute_taker="Secretariat",
        item_layout="action-column",
        actions=("column", "summary"),
        numbered_paragraphs=True,
        public_names=NamesPolicy.KEEP,
    ),
    "school-governors": HouseStyle(
        preset="school-governors",
        title="Minutes of the {committee} meeting held on {date}",
        time_format="1.00pm",
        attendance_layout="list",
        columns=("name", "role"),
        groups=(
            AttendanceGroup("Present", "present"),
            AttendanceGroup("In attendance", "in attendance"),
            AttendanceGroup("Apologies", "apologies"),
        ),
        absent=True,
        minute_taker="Clerk",
        item_layout="minute-action",
        actions=("column", "log"),
        public_names=NamesPolicy.KEEP,
    ),
}
DEFAULT = PRESETS["partnership-board"]
PRESET_SUMMARIES = {
    "partnership-board": "Item No. | Item Description, roles in the public version (the default)",
    "council-committee": "names listed, 1.00pm, actions after each item, names published",
    "nhs-board": "an Action / Owner / Due column, a summary of actions, numbered paragraphs",
    "school-governors": "No. | Item | Minute | Action, clerk named, absent governors listed",
}


# -- writing ------------------------------------------------------------------------------


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # here: the first screen reads styles, and never writes one

        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def style_toml(style: HouseStyle) -> str:
    """The style as TOML: every key with its value, and a comment saying what it does."""
    lines = [
        "# A committee's house style (minutebook style COMMITTEE --load FILE.toml).",
        "# Placeholders in the title, header and footer:",
        *(f"#   {{{name}}}  {what}" for name, what in PLACEHOLDERS.items()),
    ]
    table = ""
    for key in KEYS:
        if key.table != table:
            if table == "attendance":
                lines += _groups_toml(style)
            table = key.table
            lines += ["", f"[{table}]"]
        listed = key.allowed and not all(a in key.comment for a in key.allowed)
        allowed = f" ({', '.join(key.allowed)})" if listed else ""
        lines.append(f"# {key.comment}{allowed}")
        value = getattr(style, key.field)
        lines.append(
            f"{key.name} = {_toml_value(value.value if isinstance(value, NamesPolicy) else value)}"
        )
    return "\n".join(lines) + "\n"


def _groups_toml(style: HouseStyle) -> list[str]:
    lines = [
        "",
        "# The attendance groups, in order: each a heading, and who is in it:",
        f"# {', '.join(WHO)}",
        "# (members: present, and on the roster as members or not on it at all; officers:",
        "# present or in attendance, the roster's officers and advisers; secretariat: the",
        "# same, of the roster's secretariat)",
    ]
    for group in style.groups:
        lines += [
            "[[attendance.groups]]",
            f"heading = {_toml_value(group.heading)}",
            f"who = {_toml_value(group.who)}",
        ]
    return lines


# -- reading ------------------------------------------------------------------------------


def parse_style(text: str, *, source: str = "style") -> HouseStyle:
    """The style a TOML text gives; a BadInput names the line and what is allowed. Keys
    left out keep the value of the preset the file names (or the default's)."""
    import tomllib

    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        raise BadInput(f"{source}: not TOML: {error}") from None
    where = _Locator(text, source)
    known_tables = {k.table for k in KEYS}
    for table in data:
        if table not in known_tables:
            raise BadInput(
                f"{where.table(table)}: unknown table [{table}]; "
                f"the tables are {', '.join(sorted(known_tables))}"
            )
    preset_name = data.get("style", {}).get("preset", DEFAULT.preset)
    if preset_name not in PRESETS:
        raise BadInput(
            f"{where.key('style', 'preset')}: unknown preset {preset_name!r}; "
            f"the presets are {', '.join(PRESETS)}"
        )
    values: dict[str, Any] = {}
    by_name = {(k.table, k.name): k for k in KEYS}
    for table, entries in data.items():
        if not isinstance(entries, dict):
            raise BadInput(f"{where.table(table)}: [{table}] must be a table")
        for name, value in entries.items():
            if table == "attendance" and name == "groups":
                values["groups"] = _groups(value, where)
                continue
            key = by_name.get((table, name))
            if key is None:
                names = [k.name for k in KEYS if k.table == table]
                if table == "attendance":
                    names.append("groups")
                raise BadInput(
                    f"{where.key(table, name)}: unknown key {name!r} in [{table}]; "
                    f"the keys are {', '.join(names)}"
                )
            values[key.field] = _checked(key, value, where.key(table, name))
    return replace(PRESETS[preset_name], **values)


def _checked(key: Key, value: Any, where: str) -> Any:
    default = getattr(DEFAULT, key.field)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise BadInput(f"{where}: {key.name} is true or false")
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadInput(f'{where}: {key.name} is a list of strings, e.g. ["..."]')
        for v in value:
            if key.allowed and v not in key.allowed:
                raise BadInput(
                    f"{where}: {key.name} {v!r}: each is one of {', '.join(key.allowed)}"
                )
            if key.field in ("header", "footer"):
                _check_placeholders(v, where, allowed=_IN_PAGES)
        if key.field == "columns" and not value:
            raise BadInput(f"{where}: columns needs at least one of {', '.join(COLUMNS)}")
        if key.field == "interest_kinds" and not [v for v in value if v.strip()]:
            raise BadInput(f"{where}: interest_kinds needs at least one kind")
        if len(set(value)) != len(value) and key.allowed:
            raise BadInput(f"{where}: {key.name} names one twice")
        return tuple(value)
    if not isinstance(value, str):
        raise BadInput(f"{where}: {key.name} is a string in quotes")
    if key.allowed and value not in key.allowed:
        raise BadInput(f"{where}: {key.name} {value!r}: one of {', '.join(key.allowed)}")
    if key.field == "title":
        _check_placeholders(value, where, allowed=_IN_TITLE)
    if key.field == "exclusion":
        _check_placeholders(value, where, allowed=("paragraphs",))
    if key.field == "resolution":
        _check_placeholders(value, where, allowed=())
    if key.field == "language" and not is_language_tag(value):
        raise BadInput(f"{where}: language {value!r}: a BCP 47 tag like en-GB or cy-GB")
    if key.field == "public_names":
        return NamesPolicy(value)
    return value


def _groups(value: Any, where: _Locator) -> tuple[AttendanceGroup, ...]:
    line = where.table("attendance.groups")
    if not isinstance(value, list) or not value:
        raise BadInput(f"{line}: [[attendance.groups]] needs at least one group")
    groups = []
    for group in value:
        if not isinstance(group, dict) or set(group) != {"heading", "who"}:
            raise BadInput(f"{line}: each group has a heading and who, and nothing else")
        heading, who = group["heading"], group["who"]
        if not isinstance(heading, str) or not heading.strip():
            raise BadInput(f"{line}: a group's heading is a string, not empty")
        if who not in WHO:
            raise BadInput(f"{line}: who {who!r}: one of {', '.join(WHO)}")
        groups.append(AttendanceGroup(heading, who))
    return tuple(groups)


def _check_placeholders(text: str, where: str, *, allowed: Sequence[str]) -> None:
    try:
        from string import Formatter

        fields = [f for _, f, _, _ in Formatter().parse(text) if f is not None]
    except ValueError as error:
        raise BadInput(f"{where}: {error} (a brace is written {{{{ or }}}})") from None
    for name in fields:
        if name not in allowed:
            named = ", ".join(f"{{{p}}}" for p in allowed) if allowed else "none"
            raise BadInput(f"{where}: unknown placeholder {{{name}}}; the placeholders are {named}")


_LANGUAGE_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
)


def is_language_tag(text: str) -> bool:
    """Whether `text` is a BCP 47 language tag as Word writes one: en-GB, cy-GB, sr-Latn-RS."""
    return _LANGUAGE_TAG.fullmatch(text) is not None


_IN_PAGES = tuple(PLACEHOLDERS)
_IN_TITLE = tuple(p for p in PLACEHOLDERS if p not in ("page", "pages"))


class _Locator:
    """Where a table or key stands in the file, as "FILE line N" (the file's name alone
    when it cannot be found)."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def _line(self, wanted: Callable[[str, str], bool]) -> str:
        table = ""
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if match := re.fullmatch(r"\[\[?\s*([\w.\"' -]+?)\s*\]\]?.*", line):
                table = match.group(1).replace('"', "").replace("'", "")
                if wanted(table, ""):
                    return f"{self.source} line {number}"
                continue
            match = re.match(r"([\w\"'-]+)\s*=", line)
            if match and wanted(table, match.group(1).strip("\"'")):
                return f"{self.source} line {number}"
        return self.source

    def table(self, name: str) -> str:
        return self._line(lambda table, key: table == name and not key)

    def key(self, table: str, name: str) -> str:
        return self._line(lambda t, key: t == table and key == name)


# -- using it -------------------------------------------------------------------------------


def format_time(hhmm: str, time_format: str, *, stamp: bool = False) -> str:
    """A stored time ("13:00") as the style prints it: 13.00, 1.00pm or 13:00. A `stamp`
    (when someone joined or left) keeps the clock's colon in the 13.00 format: the
    default minutes have always printed "Joined 13:40" beside a meeting of 13.00-15.00."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", hhmm.strip())
    if match is None:
        return hhmm
    hours, minutes = int(match.group(1)), match.group(2)
    if time_format == "13:00" or (stamp and time_format == "13.00"):
        return f"{hours:02d}:{minutes}"
    if time_format == "1.00pm":
        suffix = "am" if hours < 12 else "pm"
        return f"{(hours % 12) or 12}.{minutes}{suffix}"
    return f"{hours:02d}.{minutes}"


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def filled(text: str, values: Mapping[str, str]) -> str:
    """A title, header or footer line with its placeholders filled (checked when the style
    was read; an unknown one is left as written)."""
    from string import Formatter  # here: not on the way to the first screen

    return Formatter().vformat(text, (), _Known(values))


class _Known(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_AT_THE_MEETING = (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE)


def is_among(who: str, attendee: Attendee) -> bool:
    """Whether an attendee is among `who` (one of WHO): members are present and on the
    roster as members, or not on it at all; officers and the secretariat are at the meeting
    (present or in attendance) in that roster group; the rest are attendance statuses."""
    if who == "members":
        return attendee.status is AttendanceStatus.PRESENT and attendee.group in (
            RosterGroup.MEMBER,
            None,
        )
    if who in ("officers", "secretariat"):
        wanted = RosterGroup.OFFICER if who == "officers" else RosterGroup.SECRETARIAT
        return attendee.status in _AT_THE_MEETING and attendee.group is wanted
    return attendee.status == who


def attendance_groups(
    style: HouseStyle, attendees: Sequence[Attendee]
) -> tuple[list[Attendee], list[tuple[str, list[Attendee]]]]:
    """Who the minutes name as their minute-takers (the secretariat at the meeting, when
    the style names a minute-taker), then each group of the attendance in the style's
    order with its heading. The absent are listed only when the style says so (under
    "Absent" when no group names them); no one is listed twice."""
    takers = [a for a in attendees if style.minute_taker and is_among("secretariat", a)]
    groups = [g for g in style.groups if g.who != "absent" or style.absent]
    if style.absent and all(g.who != "absent" for g in groups):
        groups.append(AttendanceGroup("Absent", "absent"))
    listed = {a.id for a in takers}
    grouped = []
    for group in groups:
        people = [a for a in attendees if a.id not in listed and is_among(group.who, a)]
        listed.update(a.id for a in people)
        grouped.append((group.heading, people))
    return takers, grouped


def style_text(style: HouseStyle) -> str:
    """What the database keeps: empty for the default, else the style's TOML."""
    return "" if style == DEFAULT else style_toml(style)


def stored_style(text: str | None) -> HouseStyle:
    """A committee's style as the database keeps it (empty: the default)."""
    return parse_style(text) if text else DEFAULT
