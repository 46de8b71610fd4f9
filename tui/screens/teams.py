"""A Teams attendance report, shown as what it would change before anything is changed.

Each participant is one row: who minutebook takes them to be and how sure it is, and the
mark and stamps they would get. The clerk says who the unmatched and the ambiguous are (or
adds them as in attendance), leaves out any row, and applies the rest in one change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from storage.domain import Meeting, Person, RosterEntry, labelled
from storage.teams import (
    Match,
    MatchKind,
    Participant,
    PlannedMark,
    TeamsReport,
    display_name,
    plan_attendance,
)
from tui.screens.attendance import stamp_text
from tui.screens.base import WorkingScreen
from tui.screens.dialogs import PromptDialog

COLUMNS = ("Participant", "Is", "How", "Will be", "Joined", "Left")
FIXED_WIDTHS = {"Participant": 26, "How": 11, "Will be": 24, "Joined": 15, "Left": 15}
"""Room for a Teams name, "fuzzy 91", "in attendance (added)" and "13:05 (item 12)"; who
they are takes the rest of the width."""


@dataclass(frozen=True, slots=True)
class Accepted:
    """What the clerk applies: the marks, and the guests (name, e-mail) to add."""

    marks: list[PlannedMark]
    guests: list[tuple[str, str]]


class TeamsScreen(WorkingScreen[Accepted | None]):
    """What a Teams report would do to the attendance; nothing changes until applied.
    Applying gives the caller what to write behind its screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,m",
            "choose",
            "Who is it?",
            id="teams.choose",
            tooltip="Say which person on the attendance or roster this participant is",
        ),
        Binding(
            "g",
            "guest",
            "Add as in attendance",
            id="teams.guest",
            tooltip="Add an unmatched participant to the attendance as in attendance",
        ),
        Binding(
            "s", "skip", "Leave out", id="teams.skip", tooltip="Leave this row out, or put it back"
        ),
        Binding(
            "ctrl+s,y",
            "apply",
            "Apply",
            id="teams.apply",
            tooltip="Make every change shown, in one",
        ),
        Binding("escape", "cancel", "Cancel", id="teams.cancel", tooltip="Change nothing"),
    ]

    def __init__(self, report: TeamsReport, meeting: Meeting, roster: list[RosterEntry]) -> None:
        super().__init__()
        self.report = report
        self.meeting = meeting
        self.roster = roster
        self.chosen: dict[Participant, int] = {}
        """Participants the clerk has said who they are, and whom."""
        self.guests: set[Participant] = set()
        self.skipped: set[Participant] = set()
        self.plan = plan_attendance(report, meeting, roster)
        self.marks: dict[Participant, PlannedMark] = {}
        self.ambiguities: dict[Participant, Match] = {}
        """Each participant's row of the plan, found again on every redraw."""

    def compose(self) -> ComposeResult:
        title = self.report.title or "Teams attendance report"
        when = f" · {self.report.date:%d %B %Y}" if self.report.date else ""
        yield Static(Text(f"{title}{when} · nothing changes until you apply"), id="teams-title")
        yield Static("", id="teams-warnings")
        yield DataTable(id="teams", cursor_type="row", zebra_stripes=True)
        yield Static("", id="teams-absent")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        room = self.app.size.width - sum(FIXED_WIDTHS.values()) - 2 * len(COLUMNS) - 2
        for column in COLUMNS:
            table.add_column(column, key=column, width=FIXED_WIDTHS.get(column, max(room, 20)))
        self._show()
        table.focus()

    # -- what each participant would become ------------------------------------------------

    def people(self) -> dict[str, Person]:
        """Everyone a participant may be, by a label of their own: the attendance, then
        the roster."""
        everyone = [a.person for a in self.meeting.attendees] + [e.person for e in self.roster]
        return labelled(everyone)

    def _cells(self, participant: Participant) -> tuple[str, ...]:
        name = participant.name
        left_out = participant in self.skipped
        mark = self.marks.get(participant)
        if mark is not None:
            match = next(m for m in mark.matches if m.participant == participant)
            how = f"{match.kind} {match.score:.0f}" if match.kind is MatchKind.FUZZY else match.kind
            will_be = "left out" if left_out else str(mark.status)
            if mark.unchanged and not left_out:
                will_be += " (no change)"
            elif mark.attendee_id is None and not left_out:
                will_be += " (added)"
            return (
                name,
                mark.person.label(),
                str(how),
                will_be,
                stamp_text(mark.arrived_at, mark.arrived_item_id, self.meeting.items),
                stamp_text(mark.left_at, mark.left_item_id, self.meeting.items),
            )
        ambiguity = self.ambiguities.get(participant)
        if ambiguity is not None:
            could_be = " or ".join(p.label() for p in ambiguity.people)
            return (name, f"? {could_be}", "ambiguous", "choose who (Enter)", "", "")
        if participant in self.guests:
            will_be = "left out" if left_out else "in attendance (added)"
            return (name, display_name(name), "new", will_be, "", "")
        return (name, "—", "not matched", "Enter: who is it? g: add", "", "")

    def _show(self) -> None:
        self.plan = plan_attendance(self.report, self.meeting, self.roster, chosen=self.chosen)
        self.marks = {m.participant: mark for mark in self.plan.marks for m in mark.matches}
        self.ambiguities = {m.participant: m for m in self.plan.ambiguous}
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for index, participant in enumerate(self.report.participants):
            table.add_row(*(Text(c) for c in self._cells(participant)), key=str(index))
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.query_one("#teams-warnings", Static).update(Text("\n".join(self.plan.warnings)))
        not_joined = ", ".join(a.person.label() for a in self.plan.not_joined)
        self.query_one("#teams-absent", Static).update(
            Text(f"Not in the report, left for you to mark: {not_joined}" if not_joined else "")
        )

    def highlighted(self) -> Participant | None:
        table = self.query_one(DataTable)
        if not 0 <= table.cursor_row < len(self.report.participants):
            return None
        return self.report.participants[table.cursor_row]

    # -- the clerk's corrections -----------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on the list (the table takes it before the screen's binding)."""
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        participant = self.highlighted()
        if participant is None:
            return
        people = self.people()

        def check(text: str) -> str | None:
            if not text.strip() or text in people:
                return None
            return "Choose someone from the list (↓), or leave it empty to match again."

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self.guests.discard(participant)
            if text.strip():
                self.chosen[participant] = people[text].id
            else:
                self.chosen.pop(participant, None)
            self._show()

        self.app.push_screen(
            PromptDialog(
                f"Who is {participant.name!r}? (empty: as minutebook matched)",
                candidates=list(people),
                check=check,
            ),
            chosen,
        )

    def action_guest(self) -> None:
        participant = self.highlighted()
        if participant is None:
            return
        if participant in self.marks:
            self.notify("Already matched: Enter says who it is instead.", timeout=4)
            return
        self.guests.symmetric_difference_update({participant})
        self._show()

    def action_skip(self) -> None:
        participant = self.highlighted()
        if participant is not None:
            self.skipped.symmetric_difference_update({participant})
            self._show()

    def action_apply(self) -> None:
        marks = [
            mark
            for mark in self.plan.marks
            if not all(m.participant in self.skipped for m in mark.matches)
        ]
        guests = [
            (display_name(p.name), p.email)
            for p in self.plan.unmatched
            if p in self.guests and p not in self.skipped
        ]
        self.dismiss(Accepted(marks, guests))

    def action_cancel(self) -> None:
        self.dismiss(None)
