"""The committee's roster: who every new meeting expects, in the order the minutes list them.

Each change shows at once and is saved behind the screen in its turn (see
`MinutebookApp.change`), so reordering with a held key never waits on the database.
Changes apply to meetings created from now on; a meeting already made keeps its list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from storage.domain import Committee, RosterEntry
from storage.quick import OpenedRepository, Store
from tui.problems import clerk_line
from tui.screens.base import WorkingScreen
from tui.screens.dialogs import ConfirmDialog, RosterEntryDialog, RosterFields

if TYPE_CHECKING:
    from tui.saving import ChangeWriter

COLUMNS = ("#", "Name", "Role", "Organisation", "Group", "Vote", "Initials")


class RosterScreen(WorkingScreen[None]):
    """Add, change, remove and reorder the people on a committee's roster."""

    repository = OpenedRepository()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="roster.add", tooltip="Put someone on the roster"),
        Binding(
            "enter,e", "edit", "Change", id="roster.edit", tooltip="Change the highlighted entry"
        ),
        Binding(
            "delete,d",
            "remove",
            "Remove",
            id="roster.remove",
            tooltip="Take the highlighted person off the roster",
        ),
        Binding("shift+up,ctrl+up", "move(-1)", "Up", id="roster.up", tooltip="Move up one"),
        Binding(
            "shift+down,ctrl+down", "move(1)", "Down", id="roster.down", tooltip="Move down one"
        ),
        Binding(
            "x",
            "list_absent",
            "Absent listed?",
            id="roster.list_absent",
            tooltip="Whether the minutes list those absent without apologies",
        ),
        Binding("escape", "close", "Back", id="roster.close", tooltip="Back"),
    ]

    def __init__(self, store: Store, committee: Committee, writer: ChangeWriter) -> None:
        super().__init__()
        self.store = store
        self.committee = committee
        self.writer = writer
        self.entries: list[RosterEntry] = []
        self.organisations: list[str] = []
        self.unsaved = 0
        """Changes shown and not yet saved."""
        self.replaced: dict[int, int] = {}
        """People an edit has put a new person in place of (see `edit_roster_entry`), as the
        saved edit said: a change queued after it, shown with the old id, reaches the new."""

    def compose(self) -> ComposeResult:
        yield Static(self.summary(), id="roster-summary")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static(
            "Each meeting created from now on expects these people, in this order.",
            id="roster-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column)
        table.focus()
        self._read()

    def summary(self) -> Text:
        absent = "listed" if self.committee.style.absent else "not listed"
        return Text(
            f"Roster · {self.committee.name} · {len(self.entries)} people · "
            f"absent without apologies: {absent} (x)"
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-read")
    def _read(self) -> None:
        try:
            committee = self.repository.committee(self.committee.id)
            entries = self.repository.roster(committee.id)
            organisations = self.repository.organisations()
        except Exception as error:
            self.app.call_from_thread(
                self.notify, f"The roster could not be read: {clerk_line(error)}", severity="error"
            )
            return
        self.app.call_from_thread(self._show, entries, organisations, committee)

    def _show(
        self,
        entries: list[RosterEntry],
        organisations: list[str] | None = None,
        committee: Committee | None = None,
    ) -> None:
        if not self.is_attached:
            return
        self.entries = entries
        if organisations is not None:
            self.organisations = organisations
        if committee is not None and not self.unsaved:
            self.committee = committee
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for number, entry in enumerate(entries, start=1):
            person = entry.person
            table.add_row(
                *(
                    Text(cell)
                    for cell in (
                        str(number),
                        person.name or "",
                        person.role,
                        person.organisation,
                        entry.group.value,
                        "yes" if entry.voting else "no",
                        person.initials,
                    )
                ),
                key=str(person.id),
            )
        if entries:
            table.move_cursor(row=min(max(row, 0), len(entries) - 1))
        self.query_one("#roster-summary", Static).update(self.summary())

    def stored_id(self, person_id: int) -> int:
        """Who is on the roster now in place of `person_id` (saves call this in turn)."""
        while person_id in self.replaced:
            person_id = self.replaced[person_id]
        return person_id

    def highlighted(self) -> RosterEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def _save(self, what: str, write: Callable[[], object]) -> None:
        """Save behind the screen; once every change is saved, or one refused, show the
        roster as stored (not before: what is still to be saved would seem undone)."""
        self.unsaved += 1

        def settled(_: object = None) -> None:
            self.unsaved -= 1
            if not self.unsaved and self.is_attached:
                self._read()

        def refused(reason: str) -> None:
            self.notify(f"Not saved: {what}: {reason}", severity="error", timeout=10)
            settled()

        self.writer.change(what, write, done=settled, refused=refused)

    def action_add(self) -> None:
        committee_id = self.committee.id

        def added(fields: RosterFields | None) -> None:
            if fields is None:
                return

            def write() -> RosterEntry:
                with self.repository.together():
                    person = self.repository.add_person(
                        fields.name or None, fields.role, fields.organisation
                    )
                    if fields.initials:
                        self.repository.update_person(person.id, initials=fields.initials)
                    return self.repository.add_to_roster(
                        committee_id, person.id, group=fields.group, voting=fields.voting
                    )

            label = fields.name or ", ".join(filter(None, (fields.role, fields.organisation)))
            self.notify(f"Adding {label} to the roster…", timeout=3)
            self._save(f"adding {label} to the roster", write)

        self.app.push_screen(
            RosterEntryDialog("Put someone on the roster", self.organisations), added
        )

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on the list (the table takes it before the screen's binding)."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        entry = self.highlighted()
        if entry is None:
            return
        person = entry.person
        committee_id = self.committee.id
        initial = RosterFields(
            person.name or "",
            person.role,
            person.organisation,
            entry.group,
            entry.voting,
            person.initials,
        )

        def edited(fields: RosterFields | None) -> None:
            if fields is None or fields == initial:
                return
            shown = replace(
                entry,
                person=replace(
                    person,
                    name=fields.name or None,
                    role=fields.role,
                    organisation=fields.organisation,
                    initials=fields.initials,
                ),
                group=fields.group,
                voting=fields.voting,
            )
            self._show([shown if e is entry else e for e in self.entries])

            def write() -> RosterEntry:
                was = self.stored_id(person.id)
                edited = self.repository.edit_roster_entry(
                    committee_id,
                    was,
                    name=fields.name or None,
                    role=fields.role,
                    organisation=fields.organisation,
                    initials=fields.initials,
                    group=fields.group,
                    voting=fields.voting,
                )
                if edited.person.id != was:
                    self.replaced[was] = edited.person.id
                return edited

            self._save(f"the roster entry of {person.label()}", write)

        self.app.push_screen(
            RosterEntryDialog(f"Change {person.label()}", self.organisations, initial=initial),
            edited,
        )

    def action_remove(self) -> None:
        entry = self.highlighted()
        if entry is None:
            return
        person = entry.person
        committee_id = self.committee.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self._show([e for e in self.entries if e is not entry])
            self._save(
                f"taking {person.label()} off the roster",
                lambda: self.repository.remove_from_roster(committee_id, self.stored_id(person.id)),
            )

        self.app.push_screen(
            ConfirmDialog(
                f"Take {person.label()} off the roster? Meetings already made keep them."
            ),
            answered,
        )

    def action_move(self, steps: int) -> None:
        entry = self.highlighted()
        if entry is None:
            return
        at = self.entries.index(entry)
        to = max(0, min(len(self.entries) - 1, at + steps))
        if to == at:
            return
        entries = list(self.entries)
        entries.insert(to, entries.pop(at))
        self._show(entries)
        self.query_one(DataTable).move_cursor(row=to)
        committee_id, person_id = self.committee.id, entry.person.id
        self._save(
            f"moving {entry.person.label()} on the roster",
            lambda: self.repository.move_in_roster(
                committee_id, self.stored_id(person_id), to - at
            ),
        )

    def action_list_absent(self) -> None:
        listed = not self.committee.style.absent
        self.committee = self.committee.restyled(absent=listed)
        self.query_one("#roster-summary", Static).update(self.summary())
        committee_id = self.committee.id
        self._save(
            "whether the minutes list the absent",
            lambda: self.repository.restyle(committee_id, absent=listed),
        )

    def action_close(self) -> None:
        self.dismiss(None)
