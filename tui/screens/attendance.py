"""Attendance: the roster of a meeting with one key for each mark.

A status key marks the highlighted person and moves down, so a clerk can run down the
list as people join the call. Late arrival and early leaving are stamped with the time
and the item then under way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from storage.dates import local_moment
from storage.domain import (
    AttendanceStatus,
    Attendee,
    Item,
    Meeting,
    Person,
    RosterEntry,
    labelled,
    valid_initials,
)
from storage.quick import OpenedRepository, Store
from tui.problems import clerk_line
from tui.screens.base import WorkingScreen
from tui.screens.dialogs import (
    AddPersonDialog,
    MomentDialog,
    MomentFields,
    PersonFields,
    PromptDialog,
)
from tui.widgets.status import SaveWarning

if TYPE_CHECKING:
    from storage.teams import TeamsReport
    from tui.saving import ChangeWriter

# The footer shows the marks and the screens; the rest (L, O, c, d, t) are in the README
# and in the command palette's "Keys". Every key of the list is a priority binding, run
# as it comes, so each is taken in the order typed (see `WorkingScreen.in_turn`).
COLUMNS = ("Status", "Name", "Role", "Organisation", "Deputising for", "Arrived", "Left")
"""Status first: on a narrow terminal it is what must show."""
FIXED_WIDTHS = {"Status": 16, "Deputising for": 20, "Arrived": 15, "Left": 15}
"""Room for the longest status, "○ in attendance", and a stamp, "13:05 (item 12)"."""
NARROW = 140
"""Below this many columns the deputy and the stamps are cut to NARROW_WIDTHS."""
NARROW_WIDTHS = {"Status": 16, "Deputising for": 10, "Arrived": 8, "Left": 8}
SHARED = {"Name": 3, "Role": 4, "Organisation": 4}
"""The rest of the width, in these shares: long roles and organisations are cut to fit,
and the line under the list shows the highlighted person whole."""
CELL_PADDING = 2


def stamp_text(moment: dt.datetime | None, item_id: int | None, items: Sequence[Item]) -> str:
    """An arrival or leaving as the lists show it, "13:05 (item 12)", or either half
    alone when the other is not known."""
    parts = [moment.astimezone().strftime("%H:%M")] if moment is not None else []
    item = next((i for i in items if i.id == item_id), None)
    if item is not None:
        parts.append(f"(item {item.number.rstrip('.') or item.title[:12]})")
    return " ".join(parts)


class AttendanceScreen(WorkingScreen[Meeting]):
    """Who is here: present, in attendance, apologies, absent, late, gone."""

    repository = OpenedRepository()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p",
            "mark('present')",
            "Present",
            id="attendance.present",
            priority=True,
            tooltip="Mark present and move down",
        ),
        Binding(
            "a",
            "mark('apologies')",
            "Apologies",
            id="attendance.apologies",
            priority=True,
            tooltip="Mark apologies sent and move down",
        ),
        Binding(
            "x",
            "mark('absent')",
            "Absent",
            id="attendance.absent",
            priority=True,
            tooltip="Mark absent and move down",
        ),
        Binding(
            "i",
            "mark('in attendance')",
            "In attendance",
            id="attendance.in_attendance",
            priority=True,
            tooltip="Mark in attendance (not a member) and move down",
        ),
        Binding(
            "l",
            "arrived",
            "Arrived late",
            id="attendance.arrived",
            priority=True,
            tooltip="Stamp a late arrival now, during the current item",
        ),
        Binding(
            "o",
            "left",
            "Left early",
            id="attendance.left",
            priority=True,
            tooltip="Stamp an early leaving now, during the current item",
        ),
        Binding(
            "L",
            "in_turn('arrived_at')",
            "Arrived at…",
            priority=True,
            id="attendance.arrived_at",
            show=False,
            tooltip="Set when they arrived: a time and / or the item",
        ),
        Binding(
            "O",
            "in_turn('left_at')",
            "Left at…",
            priority=True,
            id="attendance.left_at",
            show=False,
            tooltip="Set when they left: a time and / or the item",
        ),
        Binding(
            "c",
            "clear_times",
            "Clear times",
            id="attendance.clear_times",
            priority=True,
            show=False,
            tooltip="Clear the arrival and leaving stamps",
        ),
        Binding(
            "d",
            "in_turn('deputising')",
            "Deputising",
            priority=True,
            id="attendance.deputising",
            show=False,
            tooltip="Say whom this person deputises for",
        ),
        Binding(
            "t",
            "in_turn('initials')",
            "Initials",
            priority=True,
            id="attendance.initials",
            show=False,
            tooltip="The initials the minutes call this person by (the public version hides them)",
        ),
        Binding(
            "m",
            "in_turn('note')",
            "Note",
            priority=True,
            id="attendance.note",
            tooltip="A note printed beside the name (observer; for item 5 only)",
        ),
        Binding(
            "n",
            "in_turn('add_person')",
            "Add person",
            priority=True,
            id="attendance.add_person",
            tooltip="Add someone to this meeting",
        ),
        Binding(
            "T",
            "in_turn('teams_report')",
            "Teams report",
            priority=True,
            id="attendance.teams",
            tooltip="Read the attendance report Teams downloads, and see what it would change",
        ),
        Binding(
            "R",
            "in_turn('roster')",
            "Roster",
            priority=True,
            id="attendance.roster",
            tooltip="The committee's roster, for the meetings still to be made",
        ),
        Binding(
            "escape,f2",
            "in_turn('close')",
            "Back",
            priority=True,
            id="attendance.close",
            tooltip="Back to the notes",
        ),
        # The list's own moves, taken in turn with the marks (see `in_turn`): a mark
        # typed after ↓ marks the next person, however fast.
        Binding("up", "move(-1)", show=False, priority=True),
        Binding("down", "move(1)", show=False, priority=True),
        Binding("pageup", "move(-10)", show=False, priority=True),
        Binding("pagedown", "move(10)", show=False, priority=True),
        Binding("home", "move(-100000)", show=False, priority=True),
        Binding("end", "move(100000)", show=False, priority=True),
    ]

    def __init__(
        self,
        store: Store,
        meeting: Meeting,
        writer: ChangeWriter,
        current_item_id: int | None,
        *,
        read_only: bool = False,
        read_only_line: str = "Read-only: this meeting is open elsewhere.",
        on_change: Callable[[Meeting], None] | None = None,
    ) -> None:
        """`meeting` as the capture screen shows it: the list opens without a read;
        `writer` saves each change behind the screen; `on_change` is told of each mark
        the moment it shows (the capture screen's quorum follows it)."""
        super().__init__()
        self.store = store
        self.writer = writer
        self.meeting_id = meeting.id
        self.meeting = meeting
        self.current_item_id = current_item_id
        self.read_only = read_only
        self.read_only_line = read_only_line
        self.on_change = on_change
        self.saving: dict[int, int] = {}
        """How many changes of each attendance are shown and not yet saved."""
        self.people: list[Person] = []
        self.organisations: list[str] = []
        self.on_roster: set[int] = set()
        """Everyone and every organisation known, and who is on the committee's roster,
        for the dialogs (read once shown)."""

    def compose(self) -> ComposeResult:
        yield Static(self.summary(), id="attendance-summary")
        yield SaveWarning(id="save-warning")
        table: DataTable[Text] = DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="attendance-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._lay_out(table, self.app.size.width)
        table.focus()
        self._read_the_known()
        if self.read_only:
            self.notify(self.read_only_line, severity="warning")

    def _lay_out(self, table: DataTable[Text], width: int) -> None:
        """Every column within `width`: the fixed ones as they are, the rest shared."""
        row = table.cursor_row
        widths = FIXED_WIDTHS if width >= NARROW else NARROW_WIDTHS
        fixed = sum(widths.values()) + CELL_PADDING * len(COLUMNS)
        room = max(width - fixed - 2, 3 * 8)  # the scroll bar; and never below 8 a column
        shares = sum(SHARED.values())
        table.clear(columns=True)
        for column in COLUMNS:
            share = SHARED.get(column)
            table.add_column(
                column,
                key=column,
                width=widths.get(column) or room * (share or 0) // shares,
            )
        for attendee in self.meeting.attendees:
            table.add_row(*self.cells(attendee), key=str(attendee.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_resize(self, event: events.Resize) -> None:
        if self.is_mounted:
            self._lay_out(self.query_one(DataTable), event.size.width)

    @on(DataTable.RowHighlighted)
    def _show_whole(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted person in full, whatever the columns had to cut."""
        attendee = self.highlighted()
        detail = self.query_one("#attendance-detail", Static)
        if attendee is None:
            detail.update("")
            return
        parts = [attendee.person.name or "", attendee.person.role, attendee.person.organisation]
        status = self._cell_texts(attendee)[0]
        line = " · ".join(part for part in (*parts, status) if part)
        if attendee.deputising_for is not None:
            line += f" · for {attendee.deputising_for.label()}"
        for said, moment, item_id in (
            ("arrived", attendee.arrived_at, attendee.arrived_item_id),
            ("left", attendee.left_at, attendee.left_item_id),
        ):
            if moment is not None or item_id is not None:
                line += f" · {said} {self.stamp(moment, item_id)}"
        if attendee.note:
            line += f" · {attendee.note}"
        detail.update(Text(line))

    @work(thread=True, exit_on_error=False, group="attendance")
    def _read_the_known(self) -> None:
        try:
            people, organisations = self.repository.people(), self.repository.organisations()
            roster = self.repository.roster(self.meeting.committee.id)
        except Exception:
            return  # the dialogs offer the meeting's own people; the save warning explains
        self.app.call_from_thread(
            self._known_read, people, organisations, {e.person.id for e in roster}
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="attendance-reread")
    def _reread(self) -> None:
        try:
            meeting = self.repository.meeting(self.meeting_id)
        except Exception:
            return  # the save warning explains; what is shown stays
        self.app.call_from_thread(self._show_saved, meeting)

    def _show_saved(self, meeting: Meeting) -> None:
        """The attendance as the database has it, but for changes still being saved."""
        if not self.is_attached:
            return
        shown = {a.id: a for a in self.meeting.attendees}
        table = self.query_one(DataTable)
        kept = [shown[a.id] if self.saving.get(a.id) else a for a in meeting.attendees]
        for gone in shown.keys() - {a.id for a in kept}:
            table.remove_row(str(gone))
        self.meeting = replace(meeting, attendees=tuple(kept))
        for attendee in kept:
            if attendee.id in shown:
                for column, value in zip(COLUMNS, self.cells(attendee), strict=True):
                    table.update_cell(str(attendee.id), column, value)
            else:
                table.add_row(*self.cells(attendee), key=str(attendee.id))
        self.query_one("#attendance-summary", Static).update(self.summary())

    def _known_read(
        self, people: list[Person], organisations: list[str], on_roster: set[int]
    ) -> None:
        self.people, self.organisations, self.on_roster = people, organisations, on_roster

    def known_people(self) -> list[Person]:
        return self.people or [a.person for a in self.meeting.attendees]

    def summary(self) -> Text:
        counts = {s: len(self.meeting.attendees_with(s)) for s in AttendanceStatus}
        return Text(
            f"Attendance · {self.meeting.committee.name} · {self.meeting.date:%d %B %Y}    "
            f"present {counts[AttendanceStatus.PRESENT]} · "
            f"in attendance {counts[AttendanceStatus.IN_ATTENDANCE]} · "
            f"apologies {counts[AttendanceStatus.APOLOGIES]} · "
            f"absent {counts[AttendanceStatus.ABSENT]} · "
            f"not yet marked {counts[AttendanceStatus.EXPECTED]}"
        )

    def stamp(self, moment: dt.datetime | None, item_id: int | None) -> str:
        return stamp_text(moment, item_id, self.meeting.items)

    def cells(self, attendee: Attendee) -> tuple[Text, ...]:
        """The row as shown: `Text`, so brackets in a name are never read as markup."""
        return tuple(Text(cell) for cell in self._cell_texts(attendee))

    def _cell_texts(self, attendee: Attendee) -> tuple[str, ...]:
        person = attendee.person
        deputy = attendee.deputising_for.label() if attendee.deputising_for else ""
        status = "" if attendee.status is AttendanceStatus.EXPECTED else str(attendee.status)
        if self.saving.get(attendee.id):
            status = f"○ {status}".strip()
        name = person.name or ""
        if person.initials:
            name = f"{name} ({person.initials})".strip()
        return (
            status,
            name,
            person.role,
            person.organisation,
            deputy,
            self.stamp(attendee.arrived_at, attendee.arrived_item_id),
            self.stamp(attendee.left_at, attendee.left_item_id),
        )

    # -- marks --------------------------------------------------------------------------

    def highlighted(self) -> Attendee | None:
        table = self.query_one(DataTable)
        if self.read_only:
            self.notify(self.read_only_line, severity="warning")
            return None
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.meeting.attendees if str(a.id) == key), None)

    def changed(self, attendee: Attendee, *, advance: bool = False) -> None:
        """Show one attendee's new state in place."""
        self.meeting = self.meeting.with_attendee(attendee)
        if self.on_change is not None:
            self.on_change(self.meeting)
        table = self.query_one(DataTable)
        for column, value in zip(COLUMNS, self.cells(attendee), strict=True):
            table.update_cell(str(attendee.id), column, value)
        self.query_one("#attendance-summary", Static).update(self.summary())
        if advance and table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def _do(
        self,
        shown: Attendee,
        write: Callable[[], Attendee],
        *,
        advance: bool = False,
    ) -> None:
        """Show `shown` at once (marked ○ until saved), and save it behind the screen."""
        self.saving[shown.id] = self.saving.get(shown.id, 0) + 1
        self.changed(shown, advance=advance)

        def settled() -> None:
            self.saving[shown.id] -= 1

        def saved(attendee: Attendee) -> None:
            settled()
            # A later change of the same attendee shows over this one until it is saved.
            if not self.saving[shown.id] and self.is_attached:
                self.changed(attendee)

        def refused(reason: str) -> None:
            settled()
            self.notify(
                f"Not saved: {shown.person.label()}: {reason}", severity="error", timeout=10
            )
            if self.is_attached:
                self._reread()  # show what the database has, not what it refused

        self.writer.change(
            f"attendance of {shown.person.label()}", write, done=saved, refused=refused
        )

    def action_mark(self, status: str) -> None:
        attendee = self.highlighted()
        if attendee is not None:
            self._do(
                replace(attendee, status=AttendanceStatus(status)),
                lambda: self.repository.update_attendance(attendee.id, status=status),
                advance=True,
            )

    def now(self) -> dt.datetime:
        return self.writer.clock()

    def action_arrived(self) -> None:
        attendee = self.highlighted()
        if attendee is not None:
            self._arrive(attendee, self.now(), self.current_item_id)

    def action_left(self) -> None:
        attendee = self.highlighted()
        if attendee is not None:
            self._leave(attendee, self.now(), self.current_item_id)

    def _arrive(self, attendee: Attendee, at: dt.datetime | None, item_id: int | None) -> None:
        status = attendee.status
        if status not in (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE):
            status = AttendanceStatus.PRESENT
        self._do(
            replace(attendee, arrived_at=at, arrived_item_id=item_id, status=status),
            lambda: self.repository.mark_arrived(attendee.id, at, item_id),
        )

    def _leave(self, attendee: Attendee, at: dt.datetime | None, item_id: int | None) -> None:
        status = attendee.status
        if status is AttendanceStatus.EXPECTED:
            status = AttendanceStatus.PRESENT  # they were there
        self._do(
            replace(attendee, left_at=at, left_item_id=item_id, status=status),
            lambda: self.repository.mark_left(attendee.id, at, item_id),
        )

    def item_labels(self) -> dict[str, int]:
        return {item.heading: item.id for item in self.meeting.items}

    def action_arrived_at(self) -> None:
        self.set_moment("arrived")

    def action_left_at(self) -> None:
        self.set_moment("left")

    def set_moment(self, which: str) -> None:
        attendee = self.highlighted()
        if attendee is None:
            return
        arrived = which == "arrived"
        at = attendee.arrived_at if arrived else attendee.left_at
        item_id = attendee.arrived_item_id if arrived else attendee.left_item_id
        if at is None and item_id is None:
            at, item_id = self.now(), self.current_item_id
        labels = self.item_labels()
        item = next((label for label, i in labels.items() if i == item_id), "")
        shown_time = at.astimezone().strftime("%H:%M") if at else ""

        def chosen(fields: MomentFields | None) -> None:
            if fields is None:
                return
            moment = local_moment(self.meeting.date, fields.time) if fields.time else None
            if arrived:
                self._arrive(attendee, moment, fields.item_id)
            else:
                self._leave(attendee, moment, fields.item_id)

        verb = "arrived" if arrived else "left"
        self.app.push_screen(
            MomentDialog(
                f"When {attendee.person.label()} {verb}", labels, time=shown_time, item=item
            ),
            chosen,
        )

    def action_note(self) -> None:
        attendee = self.highlighted()
        if attendee is None:
            return

        def chosen(text: str | None) -> None:
            if text is None:
                return
            note = " ".join(text.split())
            self._do(
                replace(attendee, note=note),
                lambda: self.repository.update_attendance(attendee.id, note=note),
            )

        self.app.push_screen(
            PromptDialog(
                f"Note beside {attendee.person.label()} (empty to clear)",
                value=attendee.note,
                placeholder="e.g. observer; for item 5 only; representing the district councils",
            ),
            chosen,
        )

    def action_clear_times(self) -> None:
        attendee = self.highlighted()
        if attendee is not None:
            self._do(
                replace(
                    attendee, arrived_at=None, arrived_item_id=None, left_at=None, left_item_id=None
                ),
                lambda: self.repository.clear_arrival_and_leaving(attendee.id),
            )

    def action_deputising(self) -> None:
        attendee = self.highlighted()
        if attendee is None:
            return
        people = labelled(p for p in self.known_people() if p.id != attendee.person.id)

        def check(text: str) -> str | None:
            if not text.strip() or text in people:
                return None
            return "Choose a known person from the list (or leave empty to clear)."

        def chosen(text: str | None) -> None:
            if text is None:
                return
            person = people.get(text)
            self._do(
                replace(attendee, deputising_for=person),
                lambda: self.repository.update_attendance(
                    attendee.id, deputising_for_id=person.id if person else None
                ),
            )

        self.app.push_screen(
            PromptDialog(
                f"{attendee.person.label()} deputises for (empty to clear)",
                candidates=list(people),
                check=check,
            ),
            chosen,
        )

    def action_initials(self) -> None:
        attendee = self.highlighted()
        if attendee is None:
            return
        person = attendee.person

        def check(text: str) -> str | None:
            if valid_initials(text):
                return None
            return "Letters only, e.g. JT (several forms: JT JTh); empty clears them."

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self._do(
                replace(attendee, person=replace(person, initials=" ".join(text.split()))),
                lambda: self._set_initials(attendee, text),
            )

        self.app.push_screen(
            PromptDialog(
                f"Initials of {person.label()} in the minutes", value=person.initials, check=check
            ),
            chosen,
        )

    def _set_initials(self, attendee: Attendee, initials: str) -> Attendee:
        person = self.repository.update_person(attendee.person.id, initials=initials)
        return replace(attendee, person=person)

    def action_add_person(self) -> None:
        if self.read_only:
            self.notify(self.read_only_line, severity="warning")
            return
        present = {a.person.id for a in self.meeting.attendees}
        known = labelled(p for p in self.known_people() if p.id not in present)
        committee_id = self.meeting.committee.id

        def added(fields: PersonFields | None) -> None:
            if fields is None:
                return
            label = fields.name or ", ".join(filter(None, (fields.role, fields.organisation)))

            def write() -> Attendee:
                with self.repository.together():
                    person_id = fields.person_id
                    if person_id is None:
                        person_id = self.repository.add_person(
                            fields.name or None, fields.role, fields.organisation
                        ).id
                    if fields.roster is not None:
                        self.repository.add_to_roster(committee_id, person_id, group=fields.roster)
                    return self.repository.add_attendee(
                        self.meeting_id, person_id, fields.status, note=fields.note
                    )

            def saved(attendee: Attendee) -> None:
                if fields.roster is not None:
                    self.on_roster.add(attendee.person.id)
                if not self.is_attached:
                    return
                self.meeting = self.meeting.with_attendee(attendee)
                table = self.query_one(DataTable)
                table.add_row(*self.cells(attendee), key=str(attendee.id))
                table.move_cursor(row=table.row_count - 1)
                self.query_one("#attendance-summary", Static).update(self.summary())

            # A new row needs the attendance's id: it shows once saved, and says so now.
            self.notify(f"Adding {label}…", timeout=3)
            self.writer.change(f"adding {label} to the attendance", write, done=saved)

        self.app.push_screen(
            AddPersonDialog(known, self.organisations, on_roster=self.on_roster), added
        )

    def action_teams_report(self) -> None:
        if self.read_only:
            self.notify(self.read_only_line, severity="warning")
            return

        def check(text: str) -> str | None:
            path = Path(text.strip()).expanduser()
            if not text.strip():
                return "Give the report's file: Teams saves it in Downloads."
            if not path.is_file():
                return f"No such file: {path}"
            return None

        def chosen(text: str | None) -> None:
            if text is not None:
                self.notify("Reading the Teams report…", timeout=2)
                self._read_teams_report(Path(text.strip()).expanduser())

        self.app.push_screen(
            PromptDialog(
                "The Teams attendance report (a .csv file)",
                value=str(Path("~/Downloads").expanduser()) + "/",
                check=check,
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="teams-report")
    def _read_teams_report(self, path: Path) -> None:
        from storage.teams import read_report

        try:
            report = read_report(path.read_bytes())
            meeting = self.repository.meeting(self.meeting_id)
            roster = self.repository.roster(meeting.committee.id)
        except Exception as error:
            self.app.call_from_thread(
                self.notify, f"{path.name}: {clerk_line(error)}", severity="error", timeout=10
            )
            return
        self.app.call_from_thread(self._show_teams_report, report, meeting, roster)

    def _show_teams_report(
        self, report: TeamsReport, meeting: Meeting, roster: list[RosterEntry]
    ) -> None:
        from tui.screens.teams import Accepted, TeamsScreen

        def closed(accepted: Accepted | None) -> None:
            if accepted is None:
                return
            meeting_id, marks, guests = self.meeting_id, accepted.marks, accepted.guests

            def applied(changed: int) -> None:
                self.notify(f"{changed} attendance{'s' if changed != 1 else ''} changed.")
                if self.is_attached:
                    self._reread()

            self.writer.change(
                "the attendance from the Teams report",
                lambda: self.repository.apply_attendance_plan(meeting_id, marks, guests),
                done=applied,
            )

        self.app.push_screen(TeamsScreen(report, meeting, roster), closed)

    def action_roster(self) -> None:
        from tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.store, self.meeting.committee, self.writer))

    def action_move(self, rows: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + rows)))

    def action_close(self) -> None:
        self.dismiss(self.meeting)
