"""The home screen: meetings by committee and date, and the form for a new meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static, TextArea
from textual_autocomplete import DropdownItem

from storage.domain import Committee, MeetingStatus, MeetingSummary
from storage.errors import MinutebookError
from storage.quick import OpenedRepository, Store
from tui.problems import clerk_line
from tui.screens.base import StyleWanted, WorkingScreen
from tui.widgets.completion import FieldCompletion
from tui.widgets.in_order import Field

if TYPE_CHECKING:
    from storage.agenda import AgendaRow

AGENDA_HELP = (
    "One row a line.  '# Heading' is a section row;  '- Title' an unnumbered item;  "
    "'Title | Presenter' names who presents it."
)


class HomeScreen(WorkingScreen[None]):
    """Every meeting, grouped by committee, newest first within each."""

    IS_MAIN: ClassVar[bool] = True
    """Where opening a meeting goes back to, closing the dialogs and screens above."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,o", "open", "Open", id="home.open", tooltip="Open the meeting for live capture"
        ),
        Binding(
            "n",
            "new_meeting",
            "New meeting",
            id="home.new_meeting",
            tooltip="Create a meeting with its agenda",
        ),
        Binding(
            "c",
            "circulate",
            "Circulate",
            id="home.circulate",
            tooltip="Mark the highlighted minutes circulated: exported, they say DRAFT",
        ),
        Binding(
            "R",
            "roster",
            "Roster",
            id="home.roster",
            tooltip="The roster of the highlighted meeting's committee",
        ),
        Binding(
            "S",
            "style",
            "Style",
            id="home.style",
            tooltip="The house style of the highlighted meeting's committee: choose a preset",
        ),
        Binding(
            "r", "refresh", "Refresh", id="home.refresh", tooltip="Read the list of meetings again"
        ),
    ]

    @dataclass
    class Chosen(Message):
        """The clerk chose a meeting to take live."""

        meeting_id: int

    @dataclass
    class RosterWanted(Message):
        """The clerk asked for a committee's roster."""

        committee: Committee

    repository = OpenedRepository()

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.summaries: list[MeetingSummary] = []

    def compose(self) -> ComposeResult:
        yield Static("minutebook · meetings", id="home-title")
        table: DataTable[Text] = DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="home-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in ("Committee", "Date", "Time", "Venue", "Status"):
            table.add_column(column, key=column)
        self.action_refresh()
        table.focus()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    @work(thread=True, exclusive=True, exit_on_error=False, group="home", description="Meetings")
    def action_refresh(self) -> None:
        """Read the meetings behind the screen; the list shows them once read."""
        try:
            summaries = self.store.meetings()  # the quick read, while still opening
        except Exception as error:
            self.app.call_from_thread(self._unreadable, clerk_line(error))
            return
        self.app.call_from_thread(self._show, summaries)

    def _unreadable(self, problem: str) -> None:
        self.query_one("#home-empty", Static).update(f"The meetings could not be read: {problem}")

    def _show(self, summaries: list[MeetingSummary]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.summaries = sorted(
            summaries, key=lambda m: (m.committee_name.lower(), -m.date.toordinal(), -m.id)
        )
        for m in self.summaries:
            times = "-".join(t for t in (m.start_time, m.end_time) if t)
            cells = (m.committee_name, f"{m.date:%a %d %b %Y}", times, m.venue, str(m.status))
            table.add_row(*(Text(cell) for cell in cells), key=str(m.id))
        self.query_one("#home-empty", Static).update(
            ""
            if self.summaries
            else "No meetings yet: press n to create one, or run 'minutebook demo'."
        )

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.post_message(self.Chosen(int(key or 0)))

    def highlighted(self) -> MeetingSummary | None:
        table = self.query_one(DataTable)
        if not table.row_count or not 0 <= table.cursor_row < len(self.summaries):
            return None
        return self.summaries[table.cursor_row]

    def action_circulate(self) -> None:
        from tui.screens.dialogs import ConfirmDialog

        summary = self.highlighted()
        if summary is None:
            return
        if summary.status is not MeetingStatus.DRAFT:
            self.notify(f"These minutes are {summary.status} already.", timeout=4)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._circulate(summary.id)

        self.app.push_screen(
            ConfirmDialog(
                f"Circulate the minutes of {summary.committee_name}, {summary.date:%d %B %Y}? "
                "Exported, they will say DRAFT until approved."
            ),
            answered,
        )

    @work(thread=True, exit_on_error=False, group="home-circulate", description="Circulating")
    def _circulate(self, meeting_id: int) -> None:
        self.repository.circulate_meeting(meeting_id)
        self.app.call_from_thread(self.action_refresh)

    def action_roster(self) -> None:
        summary = self.highlighted()
        if summary is None:
            self.notify("Create a meeting first: the roster belongs to its committee.")
            return
        self.post_message(
            self.RosterWanted(Committee(summary.committee_id, summary.committee_name))
        )

    def action_style(self) -> None:
        summary = self.highlighted()
        if summary is None:
            self.notify("Create a meeting first: the style belongs to its committee.")
            return
        self.post_message(StyleWanted(Committee(summary.committee_id, summary.committee_name)))

    @on(DataTable.RowSelected)
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(int(event.row_key.value or 0)))

    def action_new_meeting(self) -> None:
        def created(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.post_message(self.Chosen(meeting_id))

        self.app.push_screen(NewMeetingScreen(self.store), created)


class NewMeetingScreen(WorkingScreen[int | None]):
    """Committee, date, time, venue and the agenda typed or pasted; Ctrl+S creates it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create",
            id="new_meeting.create",
            priority=True,
            tooltip="Create the meeting and open it",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="new_meeting.cancel",
            tooltip="Back to the meetings without creating one",
        ),
    ]

    repository = OpenedRepository()

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.creating = False
        """The meeting is being written: a second Ctrl+S waits for the first."""

    def compose(self) -> ComposeResult:
        with Vertical(id="new-meeting"):
            yield Static("New meeting  (Tab moves, Ctrl+S creates, Escape cancels)", id="new-title")
            with Horizontal(classes="form-row"):
                yield Label("Committee", classes="form-label")
                committee = Field(placeholder="chosen or new", id="committee")
                yield committee
            with Horizontal(classes="form-row"):
                yield Label("Date", classes="form-label")
                yield Field(dt.date.today().isoformat(), placeholder="YYYY-MM-DD", id="date")
            with Horizontal(classes="form-row"):
                yield Label("Time", classes="form-label")
                yield Field(placeholder="HH:MM-HH:MM, or the start alone (optional)", id="time")
            with Horizontal(classes="form-row"):
                yield Label("Venue", classes="form-label")
                yield Field(placeholder="e.g. MS Teams Meeting", id="venue")
            yield Label(f"Agenda  ({AGENDA_HELP})", id="agenda-label")
            yield TextArea(id="agenda-text", soft_wrap=True)
            yield Static("", id="new-error", classes="dialog-error")
        yield FieldCompletion(committee, candidates=[])
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#committee", Input).focus()
        self._read_committees()

    @work(thread=True, exit_on_error=False, group="new-meeting", description="Committees")
    def _read_committees(self) -> None:
        try:
            committees = [c.name for c in self.repository.committees()]
        except Exception:
            return  # no suggestions: the clerk types the committee, and creating says why
        self.app.call_from_thread(self._suggest, committees)

    def _suggest(self, committees: list[str]) -> None:
        self.query_one(FieldCompletion).candidates = [DropdownItem(name) for name in committees]
        field = self.query_one("#committee", Input)
        if len(committees) == 1 and not field.value:
            # Offered selected, as a value given at the start would be: the first key typed
            # replaces it.
            field.value = committees[0]
            field.select_all()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        """Check the form here, then write the meeting behind the screen: the form stays,
        saying so, until it is written (the meeting's screen needs what the database gives
        it), and says why if the database will not take it."""
        from storage.agenda import parse_agenda
        from storage.dates import parse_date, parse_time_range

        if self.creating:
            return
        value = {i.id: i.value.strip() for i in self.query(Input)}
        agenda_text = self.query_one("#agenda-text", TextArea).text
        error = self.query_one("#new-error", Static)
        try:
            if not value["committee"]:
                raise MinutebookError("the meeting needs a committee")
            date = parse_date(value["date"])
            start, end = parse_time_range(value["time"]) if value["time"] else ("", "")
            rows = parse_agenda(agenda_text) if agenda_text.strip() else []
        except MinutebookError as problem:
            error.update(str(problem))
            return
        self.creating = True
        error.update("Creating the meeting…")
        self._create(value["committee"], date, start, end, value["venue"], rows)

    @work(thread=True, exit_on_error=False, group="new-meeting", description="Creating")
    def _create(
        self,
        committee_name: str,
        date: dt.date,
        start: str,
        end: str,
        venue: str,
        rows: list[AgendaRow],
    ) -> None:
        try:
            with self.repository.together():  # the committee and its meeting, or neither
                committee = self.repository.committee_named(committee_name, create=True)
                meeting_id = self.repository.create_meeting(
                    committee.id, date, start_time=start, end_time=end, venue=venue, agenda=rows
                )
        except Exception as problem:
            self.app.call_from_thread(self._not_created, f"Not created: {clerk_line(problem)}")
            return
        self.app.call_from_thread(self.dismiss, meeting_id)

    def _not_created(self, problem: str) -> None:
        self.creating = False
        self.query_one("#new-error", Static).update(problem)
