"""In a real terminal: a whole attendance of 40 typed into the add-person form at typing
speed, while suggestion lists open under the fields, then marked from the list.

Keys go in as a clerk's do: a character or a few at a time, 10-30 ms apart, and Tab
between fields without waiting: what is typed after Tab belongs in the next field. The
test waits only where a clerk looks (the form open after `n`, a suggestion offered before
it is chosen or Escape closes it, a row added), never for what the app promises to take
in order: the keys typed after Enter reach the list, so the next `n` may follow at once.

A suggestion list is found wherever it shows inside the form: it is not always drawn
just under its field (the form moves as lists open and close).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage import Repository
from storage.agenda import parse_agenda
from storage.domain import AttendanceStatus, Person, RosterGroup
from tests.terminal.tmux import Tmux

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.skipif(not Tmux.available(), reason="tmux is not installed"),
]

MINUTEBOOK = str(Path(sys.executable).with_name("minutebook"))

PRESENT = AttendanceStatus.PRESENT
IN_ATTENDANCE = AttendanceStatus.IN_ATTENDANCE
APOLOGIES = AttendanceStatus.APOLOGIES
ABSENT = AttendanceStatus.ABSENT
NOT_MARKED = AttendanceStatus.EXPECTED
MEMBER, OFFICER, SECRETARIAT = RosterGroup.MEMBER, RosterGroup.OFFICER, RosterGroup.SECRETARIAT

CYPS = "Children & Young Peoples Services, Suffolk County Council"
ON_THE_ROSTER = [
    ("Margaret Eve", "Independent Chair", "Suffolk Safeguarding Partnership"),
    ("Tom Whitfield", "Business Manager", "Suffolk Safeguarding Partnership"),
]
"""In the meeting's attendance from the start."""
KNOWN = {
    "janet": ("Janet Hollings", "Head of Education", CYPS),
    "sam": ("Sam Okafor", "Designated Nurse", "NHS Suffolk and North East Essex ICB"),
    "di": (None, "Detective Inspector", "Suffolk Constabulary"),
    "priya": ("Priya Natarajan", "Community Safety Manager", "Ipswich Borough Council"),
    "marcus": ("Marcus Bell", "Group Manager", "Suffolk Fire and Rescue Service"),
    "chris": ("Chris Dunmore", "Chief Executive", "Healthwatch Suffolk"),
    "alison": ("Alison Reeve", "Head of Housing", "East Suffolk Council"),
    "ben": ("Ben Carter", "Service Manager", "Probation Service"),
}
"""Known people, not in the meeting: the Name field suggests them, the Organisation field
their organisations (which differ from what is typed by case, or contain it)."""


def label(key: str) -> str:
    name, role, organisation = KNOWN[key]
    return Person(id=0, name=name, role=role, organisation=organisation).label()


# -- what the clerk types -----------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    name: str
    """A tmux key name."""


TAB, ENTER, DOWN, ESCAPE, RIGHT = Key("Tab"), Key("Enter"), Key("Down"), Key("Escape"), Key("Right")


@dataclass(frozen=True)
class Offered:
    """Wait, as a clerk looks, until a suggestion list offers `suggestion` (and the field
    shows all typed into it). Before Down, the only suggestion, so Down moves to it."""

    suggestion: str


@dataclass(frozen=True)
class ListClosed:
    """Wait until the list that offered a suggestion has gone, with the form still open
    and the field still holding what was typed."""


Step = str | Key | Offered | ListClosed


@dataclass(frozen=True)
class Entry:
    """One person added: the keys typed into the form before the Enter that adds them,
    and what the attendance must then say."""

    keys: tuple[Step, ...]
    name: str | None
    role: str = ""
    organisation: str = ""
    status: AttendanceStatus = PRESENT
    note: str = ""
    roster: RosterGroup | None = None
    known: str | None = None
    """The known person (a KNOWN key) chosen from the Name field's list."""
    wait: bool = True
    """Wait for the row before typing the next `n`; else `n` follows Enter at once."""


def through(name: str, role: str, organisation: str) -> tuple[Step, ...]:
    """The usual way through the form: name, Tab, role, Tab, organisation."""
    return (name, TAB, role, TAB, organisation)


def new(
    name: str,
    role: str,
    organisation: str,
    *more: Step,
    status: AttendanceStatus = PRESENT,
    note: str = "",
    roster: RosterGroup | None = None,
    wait: bool = True,
) -> Entry:
    """Someone new, typed field by field; `more`: the keys after the organisation."""
    return Entry(
        keys=(*through(name, role, organisation), *more),
        name=name or None,
        role=role,
        organisation=organisation,
        status=status,
        note=note,
        roster=roster,
        wait=wait,
    )


ENTRIES = [
    # Enter while the list offers the organisation that contains what was typed.
    new("Olivia Grant", "Head of Safeguarding", "Suffolk County Council", Offered(CYPS)),
    # No name; Enter while the list offers the same organisation in capitals.
    Entry((TAB, "Detective Sergeant", TAB, "suffolk constabulary", Offered("Suffolk Constabulary")),
          None, "Detective Sergeant", "suffolk constabulary", wait=False),
    # The Name list opens on a known person whose name starts the same.
    Entry(("Sam", Offered(label("sam")), " Oakes", TAB, "School Nurse", TAB, KNOWN["sam"][2]),
          "Sam Oakes", "School Nurse", KNOWN["sam"][2]),
    # Escape with the list open keeps the form and the text; Enter with a list open adds.
    Entry(("Priya", Offered(label("priya")), ESCAPE, ListClosed(), " Shah",
           TAB, "Youth Justice Officer",
           TAB, "ipswich borough council", Offered("Ipswich Borough Council")),
          "Priya Shah", "Youth Justice Officer", "ipswich borough council"),
    # A known person chosen with Down then Enter, then marked and noted in the form.
    Entry(("Sam Ok", Offered(label("sam")), DOWN, ENTER, TAB, TAB, TAB, "a", TAB, "sent apologies"),
          *KNOWN["sam"], APOLOGIES, "sent apologies", known="sam"),
    # An organisation chosen with Down then Enter: the field holds the suggestion.
    Entry(("Hannah Lowe", TAB, "Virtual School Head",
           TAB, "Children & Young", Offered(CYPS), DOWN, ENTER, TAB, "i"),
          "Hannah Lowe", "Virtual School Head", CYPS, IN_ATTENDANCE),
    # Enter in Role goes on to Organisation, left empty; on the roster as a member.
    Entry(("Revd David Amis", TAB, "Lay Member", ENTER, TAB, TAB, TAB, "m"),
          "Revd David Amis", "Lay Member", roster=MEMBER),
    new("Zoë Brontë-Hughes", "Participation Officer", "Healthwatch Suffolk", TAB, "i", TAB,
        "observer", status=IN_ATTENDANCE, note="observer", wait=False),
    new("", "Station Commander", "Suffolk Fire and Rescue Service"),
    # → → in Marked; a note with a semicolon and a double space; on the roster.
    new("Siân O'Neill", "Education Welfare Officer", "Suffolk County Council",
        TAB, RIGHT, RIGHT, TAB, "on leave;  deputy to follow", TAB, "m",
        status=APOLOGIES, note="on leave; deputy to follow", roster=MEMBER),
    # Escape with the Organisation list open, then more typed.
    Entry(("Tom Baxter", TAB, "Housing Options Lead",
           TAB, "Ipswich", Offered("Ipswich Borough Council"), ESCAPE, ListClosed(),
           " Housing Team"),
          "Tom Baxter", "Housing Options Lead", "Ipswich Housing Team"),
    # Enter in Name while its list offers a known person: on to Role, the name as typed.
    Entry(("Alison", Offered(label("alison")), ENTER, "Early Help Coordinator",
           TAB, KNOWN["alison"][2]),
          "Alison", "Early Help Coordinator", KNOWN["alison"][2]),
    # A known person with no name, chosen with Down then Enter; Enter again adds them.
    Entry(("Detective I", Offered(label("di")), DOWN, ENTER), *KNOWN["di"], known="di"),
    new("Grace Whitaker", "Lead Member for Children", "Suffolk County Council", TAB, TAB, TAB,
        "m", roster=MEMBER, wait=False),
    new("Imran Qureshi", "Consultant Paediatrician", "West Suffolk NHS Foundation Trust",
        TAB, "n", status=NOT_MARKED),
    new("", "Head Teacher Representative", "Suffolk Primary Heads", wait=False),
    new("Fiona MacLeod", "Principal Social Worker", "Suffolk County Council", TAB, "a", "a",
        status=ABSENT),
    Entry(("Ben", Offered(label("ben")), "edikt Sørensen", TAB, "Chaplain",
           TAB, "Diocese of St Edmundsbury"),
          "Benedikt Sørensen", "Chaplain", "Diocese of St Edmundsbury"),
    new("Chloe Adams", "Designated Safeguarding Lead", "Suffolk New College", TAB, TAB,
        "for item 5 only", note="for item 5 only"),
    Entry(("Laura Finch", TAB, "Engagement Officer",
           TAB, "Healthw", Offered(KNOWN["chris"][2]), DOWN, ENTER),
          "Laura Finch", "Engagement Officer", KNOWN["chris"][2], wait=False),
    new("", "Police Sergeant", "Suffolk Constabulary"),
    new("Tariq Hussain", "Youth Worker", "Lowestoft Youth Forum", TAB, "i", TAB,
        "observer; for item 5 only", status=IN_ATTENDANCE, note="observer; for item 5 only"),
    new("Helen Brook", "Assistant Director", "Suffolk County Council", TAB, TAB, TAB, "o",
        roster=OFFICER, wait=False),
    new("Patrick O'Hara", "District Commander", "Suffolk Constabulary"),
    Entry(("Jane", Offered(label("janet")), " Doe", TAB, "Parent Representative",
           TAB, "Suffolk Parent Carer Forum"),
          "Jane Doe", "Parent Representative", "Suffolk Parent Carer Forum"),
    Entry(("Marek Nowak", TAB, "Interpreter", TAB, TAB, TAB, "for item 4"),
          "Marek Nowak", "Interpreter", note="for item 4", wait=False),
    new("", "Named Doctor", "NHS Suffolk and North East Essex ICB"),
    new("Ruth Ellison", "Head of Quality Assurance", "Suffolk County Council", TAB, "a", TAB,
        "illness", status=APOLOGIES, note="illness"),
    new("Owen Price", "Minute Taker", "Suffolk Safeguarding Partnership", TAB, TAB, TAB, "s",
        roster=SECRETARIAT, wait=False),
    # A known person chosen from the list, marked in attendance and put on the roster.
    Entry(("Priya", Offered(label("priya")), DOWN, ENTER, TAB, TAB, TAB, "i", TAB, TAB, "m"),
          *KNOWN["priya"], IN_ATTENDANCE, roster=MEMBER, known="priya"),
    new("Eleanor Vance", "Chair", "Suffolk Youth Council"),
    new("", "Duty Inspector", "Suffolk Constabulary", wait=False),
    new("George Li", "Data Analyst", "Suffolk County Council", TAB, "n", status=NOT_MARKED),
    Entry(("Kerry Wood", TAB, "Senior Practitioner", ENTER, "Probation Service"),
          "Kerry Wood", "Senior Practitioner", "Probation Service"),
    new("Nadia Rahman", "Housing Lead", "Babergh and Mid Suffolk District Councils", wait=False),
    new("Luke Harper", "Student Social Worker", "University of Suffolk", TAB, "i", TAB,
        "observer", status=IN_ATTENDANCE, note="observer"),
    new("", "Head of Early Help", CYPS),
    Entry(("Yvonne Carter", TAB, "Lay Member", TAB, TAB, TAB, TAB, "m"),
          "Yvonne Carter", "Lay Member", roster=MEMBER, wait=False),
    new("Samuel Okafor", "Trainee Nurse", "NHS Suffolk and North East Essex ICB"),
    new("Abigail Stone", "Independent Scrutineer", "Suffolk Safeguarding Partnership",
        TAB, "a", TAB, "sent a report", status=APOLOGIES, note="sent a report"),
]  # fmt: skip
assert len(ENTRIES) == 40


MARKING: list[str] = [
    *["Up"] * 3, "x", "p",
    *["Up"] * 10, "a", "i",
    *["Up"] * 45, "p", "p",
    *["Down"] * 6, "m",
    "Down", "x",
]  # fmt: skip
"""Keys on the list once all are added (the highlight then on the last): `m` writes
MARKING_NOTE beside the highlighted person."""
MARKING_NOTE = "left after item 3"
MARKS = {"p": PRESENT, "a": APOLOGIES, "x": ABSENT, "i": IN_ATTENDANCE}


# -- reading the screen -----------------------------------------------------------------

PLACEHOLDERS = {
    "Name (optional) or a known person",
    "Role",
    "Organisation",
    "Note (e.g. observer; for item 5 only)",
}
SUMMARY = re.compile(
    r"present (\d+) · in attendance (\d+) · apologies (\d+) · absent (\d+) · not yet marked (\d+)"
)
STATUS_SHOWN = {
    PRESENT: "present",
    IN_ATTENDANCE: "in attendance",
    APOLOGIES: "apologies",
    ABSENT: "absent",
    NOT_MARKED: "not yet marked",
}
ROSTER_SHOWN = {
    None: "only this meeting",
    RosterGroup.MEMBER: "member",
    RosterGroup.OFFICER: "officer or adviser in attendance",
    RosterGroup.SECRETARIAT: "secretariat",
}
INPUTS = {0: 0, 1: 1, 2: 2, 4: 3}
"""The form's fields in Tab order (Name, Role, Organisation, Marked, Note, Roster): the
place of each text field among the form's four."""


def inputs(screen: str) -> list[str]:
    """The text fields of the open form, top to bottom, "" where a placeholder shows.
    A list open under a field may hide those below it; a toast, their right end."""
    values = []
    for line in screen.splitlines():
        if "█  ▊  " in line:
            value = re.split("[▎▌]", line.split("█  ▊  ", 1)[1], maxsplit=1)[0].rstrip()
            values.append("" if value in PLACEHOLDERS else value)
    return values


def choice(screen: str, label: str) -> str | None:
    found = re.search(rf"{label}: ◀ (.+?) ▶", screen)
    return found.group(1) if found else None


def offering(screen: str, suggestion: str) -> bool:
    """A suggestion list in the form offers `suggestion`: it shows inside the form's box
    other than as a field's text (not always under the field: see the module)."""
    lines = screen.splitlines()
    top = next((i for i, line in enumerate(lines) if "█▀▀" in line), None)
    if top is None:
        return False
    left, right = lines[top].index("█▀▀"), lines[top].rindex("▀█") + 1
    for line in lines[top + 1 :]:
        if "█▄▄" in line:
            break
        at = line.find(suggestion, left)
        while left < at < right:
            if not line[:at].endswith("▊  "):
                return True
            at = line.find(suggestion, at + 1)
    return False


def holding(field: int, text: str, suggestion: str, *, offered: bool) -> Callable[[str], bool]:
    """The form open with `text` in its `field`-th text field, and `suggestion` offered
    by a list (or, not `offered`, not)."""

    def ok(screen: str) -> bool:
        return (
            form_open(screen)
            and offering(screen, suggestion) == offered
            and inputs(screen)[field : field + 1] == [text]
        )

    return ok


def form_open(screen: str) -> bool:
    return "Add a person (Enter adds" in screen


def fresh_form(screen: str) -> bool:
    return (
        form_open(screen)
        and inputs(screen) == ["", "", "", ""]
        and choice(screen, "Marked") == "present"
        and choice(screen, "Roster") == "only this meeting"
    )


def counts(screen: str) -> tuple[int, ...] | None:
    found = SUMMARY.search(screen)
    return tuple(int(n) for n in found.groups()) if found else None


def summary_is(want: tuple[int, ...]) -> Callable[[str], bool]:
    return lambda screen: counts(screen) == want


def showing(text: str) -> Callable[[str], bool]:
    return lambda screen: text in screen


def summary_of(statuses: list[AttendanceStatus]) -> tuple[int, ...]:
    order = (PRESENT, IN_ATTENDANCE, APOLOGIES, ABSENT, NOT_MARKED)
    return tuple(statuses.count(s) for s in order)


# -- driving the terminal -----------------------------------------------------------------


class Clerk:
    """Types into one tmux session at a clerk's speed (seeded, so every run types alike)."""

    def __init__(self, session: Tmux) -> None:
        self.session = session
        self.pace = random.Random(20240501)

    def pause(self) -> None:
        time.sleep(self.pace.uniform(0.01, 0.03))

    def type(self, text: str) -> None:
        at = 0
        while at < len(text):
            chunk = text[at : at + self.pace.randint(1, 3)]
            at += len(chunk)
            if chunk.startswith("-") or chunk.endswith(";"):
                # tmux would take these for a flag, or for the end of its command.
                self.session.send_bytes(chunk.encode())
            else:
                self.session.type(chunk)
            self.pause()

    def press(self, *keys: str) -> None:
        for key in keys:
            self.session.press(key)
            self.pause()

    def until(self, ok: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        """The screen once `ok` holds of it, looked at every 20 ms (generously long: a
        slow machine saving behind the screen)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.session.screen()
            if ok(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never on screen: {what}\n{screen}")
            time.sleep(0.02)

    def cancel_form(self) -> None:
        """Escape until the form has gone (the first may only close a list)."""
        for _ in range(5):
            self.press("Escape")
            try:
                self.until(lambda s: not form_open(s), "", timeout=2)
                return
            except AssertionError:
                continue
        raise AssertionError(f"Escape never closed the form:\n{self.session.screen()}")

    def open_form(self) -> None:
        self.press("n")
        self.until(fresh_form, "an empty add-person form")

    def fill(self, entry: Entry) -> None:
        """Type `entry`'s keys into the open form, following which field has the cursor."""
        typed = {0: "", 1: "", 2: "", 4: ""}
        at = 0  # the field with the cursor, in Tab order
        offered: str | None = None
        moved_into: str | None = None
        for step in entry.keys:
            if isinstance(step, str):
                self.type(step)
                if at in typed:
                    typed[at] += step
            elif isinstance(step, Offered):
                self.until(
                    holding(INPUTS[at], typed[at], step.suggestion, offered=True),
                    f"{step.suggestion!r} offered for {typed[at]!r}",
                )
                offered = step.suggestion
            elif isinstance(step, ListClosed):
                assert offered is not None
                self.until(
                    holding(INPUTS[at], typed[at], offered, offered=False),
                    f"the list closed, the form open and {typed[at]!r} kept",
                )
            else:
                self.press(step.name)
                if step is DOWN:
                    moved_into = offered
                elif step is ENTER:
                    if moved_into is not None:
                        typed[at] = moved_into  # the suggestion taken
                    elif at in (0, 1):
                        at += 1
                    moved_into = None
                elif step is TAB:
                    at = (at + 1) % 6
                    moved_into = None
        self.check_form(entry, typed)

    def check_form(self, entry: Entry, typed: dict[int, str]) -> None:
        """The form shows what was typed into each field, before the Enter that adds."""
        want = [typed[0], typed[1], typed[2]]
        roster = entry.roster

        def shown(screen: str) -> bool:
            marked, on_roster = choice(screen, "Marked"), choice(screen, "Roster")
            return (
                inputs(screen)[:3] == want
                and marked in (None, STATUS_SHOWN[entry.status])
                and on_roster in (None, ROSTER_SHOWN[roster])
            )

        try:
            self.until(shown, "", timeout=10)
        except AssertionError:
            screen = self.session.screen()
            raise AssertionError(
                f"the form does not show what was typed into it (text typed just after"
                f" Tab gone into the field before?):\n"
                f"  expected Name, Role, Organisation {want}, Marked "
                f"{STATUS_SHOWN[entry.status]!r}, Roster {ROSTER_SHOWN[roster]!r}\n"
                f"  shown {inputs(screen)[:3]}, Marked {choice(screen, 'Marked')!r}, "
                f"Roster {choice(screen, 'Roster')!r}\n{screen}"
            ) from None


def wait_for_known(clerk: Clerk) -> None:
    """The attendance screen reads the people and organisations it suggests behind it:
    a form opened before then suggests nobody. Open forms until one suggests a known
    person; Escape closes the list and keeps the form, a second Escape cancels it."""
    for attempt in range(10):
        clerk.open_form()
        clerk.type("Ben C")
        try:
            clerk.until(lambda s: offering(s, label("ben")), "", timeout=1 + attempt)
        except AssertionError:
            clerk.cancel_form()
            continue
        clerk.press("Escape")
        clerk.until(
            holding(0, "Ben C", label("ben"), offered=False),
            "the list closed by Escape, the form kept with its text",
        )
        clerk.press("Escape")
        clerk.until(lambda s: not form_open(s), "the form cancelled by Escape")
        return
    raise AssertionError("the add-person form never suggested a known person")


def test_forty_people_typed_at_typing_speed(
    repo: Repository, db_path: Path, tmp_path: Path
) -> None:
    if repo.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the terminal test runs on a database file")
    committee = repo.create_committee("Children's Partnership")
    for name, role, organisation in ON_THE_ROSTER:
        repo.add_to_roster(committee.id, repo.add_person(name, role, organisation).id)
    known = {key: repo.add_person(*person) for key, person in KNOWN.items()}
    meeting_id = repo.create_meeting(
        committee.id, dt.date(2024, 5, 1), agenda=parse_agenda("Welcome\nAny Other Business\n")
    )
    seeded = repo.people()
    assert len(repo.meeting(meeting_id).attendees) == len(ON_THE_ROSTER)

    env = {"MINUTEBOOK_CONFIG_DIR": str(tmp_path / "config"), "TERM": "xterm-256color"}
    session = Tmux([MINUTEBOOK, "--db", str(db_path), "open", str(meeting_id)], env)
    clerk = Clerk(session)
    try:
        session.wait_for("Any Other Business")
        clerk.press("F2")
        clerk.until(lambda s: counts(s) == (0, 0, 0, 0, 2), "the attendance list")
        wait_for_known(clerk)

        statuses = [NOT_MARKED] * len(ON_THE_ROSTER)
        for number, entry in enumerate(ENTRIES, 1):
            clerk.open_form()
            clerk.fill(entry)
            clerk.press("Enter")
            statuses.append(entry.status)
            if entry.wait or number == len(ENTRIES):
                # The summary line, not the name: the toast "Adding …" shows the name at once.
                clerk.until(
                    summary_is(summary_of(statuses)),
                    f"the row of person {number} ({entry.name or entry.role})",
                )

        # On the list: the highlight is on the last added; p a x i mark and move down.
        notes = [""] * len(ON_THE_ROSTER) + [e.note for e in ENTRIES]
        rows = len(notes)
        at = rows - 1
        for key in MARKING:
            clerk.press(key)
            if key == "Up":
                at = max(at - 1, 0)
            elif key == "Down":
                at = min(at + 1, rows - 1)
            elif key == "m":
                who = person_label(at)
                clerk.until(showing(f"Note beside {who}"), f"the note prompt for {who}")
                clerk.type(MARKING_NOTE)
                clerk.press("Enter")
                notes[at] = MARKING_NOTE
            else:
                statuses[at] = MARKS[key]
                at = min(at + 1, rows - 1)
        detail = person_label(at, detail=True)
        marked = summary_is(summary_of(statuses))
        clerk.until(
            lambda s: marked(s) and f"\n {detail}" in s,
            f"the marks made on the list, the highlight on {detail!r}",
        )

        clerk.press("C-q")
        deadline = time.monotonic() + 30
        while session.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not session.running(), f"minutebook did not quit:\n{session.screen()}"
    finally:
        session.close()

    attendees = repo.meeting(meeting_id).attendees
    people_in_order = [*ON_THE_ROSTER, *((e.name, e.role, e.organisation) for e in ENTRIES)]
    expected = [(*who, statuses[row], notes[row]) for row, who in enumerate(people_in_order)]
    got = [
        (a.person.name, a.person.role, a.person.organisation, a.status, a.note) for a in attendees
    ]
    assert got == expected

    # The known people chosen from the list are those people, not copies of them.
    by_row = {i + len(ON_THE_ROSTER): e for i, e in enumerate(ENTRIES)}
    for row, entry in by_row.items():
        if entry.known is not None:
            assert attendees[row].person.id == known[entry.known].id

    roster = [
        (e.person.name, e.person.role, e.person.organisation, e.group)
        for e in repo.roster(committee.id)
    ]
    assert roster == [(n, r, o, RosterGroup.MEMBER) for n, r, o in ON_THE_ROSTER] + [
        (e.name, e.role, e.organisation, e.roster) for e in ENTRIES if e.roster is not None
    ]

    # Nobody made from stray keys: the people seeded and the new ones added, no more.
    new_people = [(e.name, e.role, e.organisation) for e in ENTRIES if e.known is None]
    people = [(p.name, p.role, p.organisation) for p in repo.people()]
    assert sorted(people, key=repr) == sorted(
        [(p.name, p.role, p.organisation) for p in seeded] + new_people, key=repr
    )
    assert len(people) == len(seeded) + len(new_people)


def person_label(row: int, *, detail: bool = False) -> str:
    """The person on `row` of the list as the note prompt names them, or as the line
    under the list begins when they are highlighted (`detail`)."""
    name: str | None
    if row < len(ON_THE_ROSTER):
        name, role, organisation = ON_THE_ROSTER[row]
    else:
        entry = ENTRIES[row - len(ON_THE_ROSTER)]
        name, role, organisation = entry.name, entry.role, entry.organisation
    if detail:
        return " · ".join(part for part in (name, role, organisation) if part)
    return Person(id=0, name=name, role=role, organisation=organisation).label()
