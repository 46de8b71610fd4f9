"""Live capture: the agenda, the notes of the item under way, its actions and decisions.

The notes editor keeps the focus; every other key is a function key or a control key
that the editor does not use, so the clerk never leaves the flow of typing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.widgets import ContentSwitcher, Footer, Static, TextArea

from storage.dates import DEFERRAL_FORMS, parse_deferral
from storage.domain import (
    Item,
    ItemStatus,
    Meeting,
    MeetingStatus,
    redaction_spans,
)
from storage.errors import MinutebookError
from storage.exempt import reason_label
from storage.motions import quorum_at
from storage.quick import OpenedRepository, Store
from tui.screens.base import StyleWanted, WorkingScreen
from tui.widgets.agenda import AgendaList
from tui.widgets.notes import NotesEditor, TypedAction, TypedDecision
from tui.widgets.records import Record, RecordKind, RecordList, Waiting, declaration_lines
from tui.widgets.status import SaveWarning, TopBar

if TYPE_CHECKING:
    from storage.corrections import Requested
    from tui.recovery import RecoveryFile
    from tui.saving import ChangeWriter
    from tui.screens.agenda_changes import AgendaChanges
    from tui.screens.dialogs import ActionFields, ApprovalDialog


def first_item_not_taken(meeting: Meeting) -> Item | None:
    """Where the clerk picks up: an item under way (started, not ended), else the first
    item not yet taken, else the last item."""
    for item in meeting.items:
        if item.started_at is not None and item.ended_at is None:
            return item
    for item in meeting.items:
        if item.status is ItemStatus.PENDING and item.started_at is None:
            return item
    return meeting.items[-1] if meeting.items else None


def deferred_to(item: Item) -> str:
    """Where a deferred item goes, as the clerk named it: "June Board", a date, or the next
    meeting."""
    if item.deferred_to_name:
        return item.deferred_to_name
    return f"{item.deferred_to_date:%d %b %Y}" if item.deferred_to_date else "next meeting"


class CaptureScreen(WorkingScreen[None]):
    """The screen a clerk lives in while the meeting runs."""

    AUTO_FOCUS: ClassVar[str | None] = "NotesEditor"
    """The notes take the focus the moment the screen shows, not the agenda (the first
    widget that could): keys typed as the app starts are notes."""

    IS_MAIN: ClassVar[bool] = True
    """Where opening a meeting goes back to, closing the dialogs and screens above."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f2",
            "in_turn('attendance')",
            "Attendance",
            priority=True,
            id="capture.attendance",
            tooltip="Mark who is present, late, gone, sending apologies",
        ),
        Binding(
            "f3",
            "in_turn('new_action')",
            "Action",
            priority=True,
            id="capture.new_action",
            tooltip="Add an action to this item: owner, what, due",
        ),
        Binding(
            "f4",
            "in_turn('new_decision')",
            "Decision",
            priority=True,
            id="capture.new_decision",
            tooltip="Add a decision to this item",
        ),
        Binding(
            "f5",
            "in_turn('go_to_item')",
            "Go to",
            priority=True,
            id="capture.go_to_item",
            tooltip="Go to an item by its number",
        ),
        Binding(
            "ctrl+l",
            "in_turn('focus_agenda')",
            "Agenda",
            priority=True,
            id="capture.focus_agenda",
            tooltip="The agenda: add, rename, move, make a sub-item of, or delete an item",
        ),
        Binding(
            "f7",
            "previous_item",
            "Prev",
            id="capture.previous_item",
            priority=True,
            tooltip="Take the previous item",
        ),
        Binding(
            "f8",
            "next_item",
            "Next",
            id="capture.next_item",
            priority=True,
            tooltip="Take the next item",
        ),
        Binding(
            "f9",
            "in_turn('defer_item')",
            "Defer",
            priority=True,
            id="capture.defer_item",
            tooltip="Defer this item to a later meeting",
        ),
        Binding(
            "f12",
            "in_turn('end_meeting')",
            "End",
            priority=True,
            id="capture.end_meeting",
            show=False,  # F8 on the last item offers it too; the footer is full
            tooltip="End the item under way and the meeting (its end time stamped)",
        ),
        Binding(
            "f10",
            "in_turn('app.export_minutes')",
            "Export",
            priority=True,
            id="capture.export",
            tooltip="Export the minutes as a Word document",
        ),
        Binding(
            "ctrl+r",
            "redact",
            "Redact",
            id="capture.redact",
            tooltip="Mark the selected words redacted (||words||)",
        ),
        Binding(
            "ctrl+t",
            "toggle_confidential",
            "Confidential",
            id="capture.toggle_confidential",
            tooltip="Mark this item confidential, or not",
        ),
        Binding(
            "ctrl+n",
            "in_turn('declare_interest')",
            "Interest",
            priority=True,
            id="capture.declare_interest",
            show=False,  # the footer is full; the records list and the palette say it
            tooltip="Record a declaration of interest: who, which item, what, what they did",
        ),
        Binding(
            "ctrl+o",
            "in_turn('focus_records')",
            "Actions list",
            priority=True,
            id="capture.focus_records",
            tooltip="Edit, delete, move or update actions and decisions",
        ),
        Binding(
            "ctrl+g",
            "in_turn('take_back')",
            "Take back notes",
            priority=True,
            id="capture.take_back",
            tooltip="Take back in the notes kept in a recovery file when they could not be saved",
        ),
        Binding(
            "ctrl+b",
            "in_turn('app.home')",
            "Meetings",
            priority=True,
            id="capture.home",
            tooltip="Back to the list of meetings",
        ),
        Binding(
            "escape",
            "focus_notes",
            "Notes",
            show=False,
            id="capture.focus_notes",
            tooltip="Back to the notes",
        ),
    ]

    repository = OpenedRepository()

    def __init__(
        self,
        store: Store,
        meeting: Meeting,
        writer: ChangeWriter,
        *,
        item_id: int | None = None,
        read_only: bool = False,
    ) -> None:
        """`meeting` as read for this screen; `writer` saves what is shown behind it."""
        super().__init__()
        self.store = store
        self.writer = writer
        self.meeting_id = meeting.id
        self._meeting = meeting
        self.items: dict[int, Item] = {item.id: item for item in self.meeting.items}
        self.order = [item.id for item in self.meeting.items]
        start = (
            self.items.get(item_id) if item_id is not None else first_item_not_taken(self.meeting)
        )
        self.current_id: int | None = start.id if start else None
        self.editors: dict[int, NotesEditor] = {}
        self.approved = meeting.status is MeetingStatus.APPROVED
        self.read_only = read_only or self.approved
        self._starting: set[int] = set()
        self.waiting: list[Waiting] = []
        """New records shown before they are saved."""
        self.written: list[Waiting] = []
        """Those of them written, shown until the meeting is read back with them."""
        self._unwritten = 0
        """Changes of this screen queued and not yet written or refused."""
        self.recovered: list[RecoveryFile] = []
        """Recovery files holding notes of this meeting, offered to take back in."""
        self._agenda_changes: AgendaChanges | None = None

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        m = self.meeting
        title = f"{m.committee.name} · {m.date:%A %d %B %Y} {m.start_time}".strip()
        yield TopBar(
            title,
            read_only=self.read_only,
            clock=self.writer.clock,
            why="approved" if self.approved else "open elsewhere",
        )
        # What is not needed to type comes a frame later (Lazy), in places already laid out
        # for it: the notes take keys that much sooner, and nothing moves when it comes.
        yield Lazy(SaveWarning(id="save-warning"))
        with Horizontal(id="capture-body"):
            yield AgendaList(m.sections, m.items, self.current_id)
            with Vertical(id="centre"):
                yield Static("", id="item-heading")
                with ContentSwitcher(id="editors"):
                    if self.current_id is not None:
                        yield self._make_editor(self.current_id)
            with Vertical(id="side"):
                yield Lazy(RecordList())
        with Vertical(id="footer-room"):
            yield Lazy(Footer())

    def _make_editor(self, item_id: int) -> NotesEditor:
        item = self.items[item_id]
        editor = NotesEditor(item.notes, item_id, heading=item.heading, read_only=self.read_only)
        self.editors[item_id] = editor
        return editor

    def on_mount(self) -> None:
        if self.current_id is None:
            self.query_one("#item-heading", Static).update("This meeting has no agenda items.")
            return
        switcher = self.query_one("#editors", ContentSwitcher)
        switcher.current = f"notes-{self.current_id}"
        editor = self.editors[self.current_id]
        editor.move_cursor(editor.document.end)
        editor.focus()
        self.show_item()
        if self.read_only:
            self.notify(self.read_only_line(), severity="warning", timeout=10)
        elif self.meeting.status is MeetingStatus.CIRCULATED:
            self.notify(
                "These minutes have been circulated: every change is now kept in their "
                "history (minutebook history).",
                timeout=8,
            )

    def on_key(self, event: events.Key) -> None:
        """Keys typed as the app starts, before the notes have taken the focus, come to the
        screen: they belong in the notes. (Once the notes have the focus, a key that would
        type never comes here from them: the editor keeps it.)"""
        editor = self.editor()
        if editor is None or editor.read_only or self.app.focused not in (None, editor):
            return
        if event.key == "enter":
            editor.insert("\n")
        elif event.is_printable and event.character:
            editor.insert(event.character)
        else:
            return
        event.stop()

    @property
    def meeting(self) -> Meeting:
        """The meeting as shown: the top line follows who is there (`show_quorum`)."""
        return self._meeting

    @meeting.setter
    def meeting(self, meeting: Meeting) -> None:
        self._meeting = meeting
        self.show_quorum()

    def show_quorum(self) -> None:
        """The voting members present at the current item against the quorum, in the top
        line; the moment the meeting becomes inquorate, it says so."""
        bar = self.query_one_optional(TopBar)
        if bar is None or self.current_id is None:
            return
        count = quorum_at(self.meeting, self.current_id)
        if count is not None and count.inquorate and bar.quorum and not bar.quorum.inquorate:
            self.notify(
                f"INQUORATE: {count.present} voting members present; the quorum is {count.needed}.",
                severity="warning",
                timeout=10,
            )
        bar.quorum = count

    @property
    def agenda_changes(self) -> AgendaChanges:
        """What the agenda's keys change (made on first use: not needed for the first frame)."""
        if self._agenda_changes is None:
            from tui.screens.agenda_changes import AgendaChanges

            self._agenda_changes = AgendaChanges(self)
        return self._agenda_changes

    @property
    def current(self) -> Item | None:
        return self.items.get(self.current_id) if self.current_id is not None else None

    def show_item(self) -> None:
        """Heading, clock and records for the current item."""
        item = self.current
        if item is None:
            return
        heading = Text(f"{item.number} {item.title}".strip(), style="bold")
        if item.presenter:
            heading.append(f"  ({item.presenter})", style="italic")
        if item.confidential:
            heading.append("  CONFIDENTIAL", style="bold reverse")
        if item.exempt:
            heading.append("  EXEMPT", style="bold reverse")
            heading.append(f" {reason_label(item.exempt_reason)}", style="italic")
        if item.status is ItemStatus.DEFERRED:
            heading.append(f"  DEFERRED to {deferred_to(item)}", style="bold")
        self.query_one("#item-heading", Static).update(heading)
        self.query_one(TopBar).started_at = item.started_at if item.ended_at is None else None
        self.show_quorum()
        self.show_records()

    def show_records(self) -> None:
        """The current item's records in the side list, once that is mounted."""
        item = self.current
        if item is None:
            return
        if (records := self.query_one_optional(RecordList)) is not None:
            records.show(
                self.meeting.reviewed_for(item.id),
                self.meeting.actions_for(item.id),
                self.meeting.decisions_for(item.id),
                [w for w in self.waiting if w.item_id == item.id],
                declarations=declaration_lines(self.meeting, item.id),
            )

    @work(
        thread=True,
        exit_on_error=False,
        group="reload",
        exclusive=True,
        description="Reading the meeting again",
    )
    def reload(self) -> None:
        """Fresh actions, decisions, attendance and item states from the database."""
        meeting = self.repository.meeting(self.meeting_id)  # a failure: the app says it
        self.app.call_from_thread(self.show_meeting, meeting)

    def show_meeting(self, meeting: Meeting | None) -> None:
        """Show the meeting as the database now has it (None: nothing new to show)."""
        if meeting is None or not self.is_mounted:
            return
        self.meeting = meeting
        self.waiting = [w for w in self.waiting if not any(w is x for x in self.written)]
        self.written.clear()
        if self._unwritten:  # agenda changes on their way: the agenda stays as shown
            self.meeting = meeting.with_items(self.agenda_changes.items())
            return
        self.agenda_changes.show(meeting.items, self.query_one(AgendaList).highlighted_item)

    def show_changed_item(self, item: Item) -> None:
        self.items[item.id] = item
        self.query_one(AgendaList).show_item(item)
        if item.id == self.current_id:
            self.show_item()

    def save_change(
        self,
        what: str,
        write: Callable[[], Any],
        *,
        waiting: Waiting | None = None,
        done: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """A change the screen already shows, written behind it (see `MinutebookApp.change`);
        `waiting` is a new record shown as saving until it is. Once everything queued is
        written, the meeting is read back (new records then show as the database has them).
        """
        if waiting is not None:
            self.waiting.append(waiting)
            self.show_records()
        self._unwritten += 1

        def written(result: Any) -> None:
            self._unwritten -= 1
            if done is not None:
                done(result)
            if waiting is not None:
                self.written.append(waiting)
            if not self._unwritten:
                self.reload()

        def was_refused(reason: str) -> None:
            self._unwritten -= 1
            if waiting in self.waiting:
                self.waiting.remove(waiting)
                self.show_records()
            self.notify(f"Not saved: {what}: {reason}", severity="error", timeout=10)
            if refused is not None:
                refused(reason)
            self.reload()

        self.writer.change(what, write, done=written, refused=was_refused)

    def editor(self) -> NotesEditor | None:
        return self.editors.get(self.current_id) if self.current_id is not None else None

    # -- notes and saving ---------------------------------------------------------------

    @on(TextArea.Changed)
    def notes_changed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if not isinstance(editor, NotesEditor) or editor.read_only:
            return
        self.writer.notes_changed(editor)
        item = self.items.get(editor.item_id)
        if item is not None and item.started_at is None and item.id not in self._starting:
            self._starting.add(item.id)
            self.stamp_items(start=item.id, end=None)

    def stamp_items(self, *, start: int | None, end: int | None) -> None:
        """Stamp when items start and end: shown now, with the clock of the key, and saved
        behind the screen."""
        moment = self.writer.clock()
        if end is not None and self.items[end].started_at is not None:
            ended = self.items[end]
            self.show_changed_item(replace(ended, ended_at=moment))
            self.save_change(
                f"the end of {ended.heading}",
                lambda: self.repository.end_item(ended.id, moment),
                done=self.show_changed_item,
            )
        if start is not None:
            item = self.items[start]
            taken = ItemStatus.TAKEN if item.status is ItemStatus.PENDING else item.status
            shown = replace(item, started_at=item.started_at or moment, ended_at=None)
            self.show_changed_item(replace(shown, status=taken))

            def started(item: Item) -> None:
                self._starting.discard(item.id)
                self.show_changed_item(item)

            # Each its own change: an item deleted elsewhere refuses its own stamp only.
            self.save_change(
                f"the start of {item.heading}",
                lambda: self.repository.start_item(item.id, moment),
                done=started,
            )

    @on(NotesEditor.PrefixedLine)
    def take_prefixed_line(self, event: NotesEditor.PrefixedLine) -> None:
        record, editor, item_id = event.record, event.editor, event.editor.item_id

        def line_back(reason: str) -> None:
            # Refused: the line goes back into the notes, so nothing typed is lost.
            editor.insert(f"\n{event.line}", editor.document.end, maintain_selection_offset=True)

        if isinstance(record, TypedAction):
            text = f"{record.owner or '(no owner)'}: {record.text}"
            self.save_change(
                f"action {text}",
                lambda: self.repository.add_action(
                    item_id, record.owner, record.text, record.due, after_text=event.after_text
                ),
                waiting=Waiting(item_id, RecordKind.ACTION, text),
                refused=line_back,
            )
        else:
            assert isinstance(record, TypedDecision)
            self.save_change(
                f"decision {record.text}",
                lambda: self.repository.add_decision(item_id, record.text),
                waiting=Waiting(item_id, RecordKind.DECISION, record.text),
                refused=line_back,
            )

    # -- moving through the agenda ---------------------------------------------------

    async def go_to(self, item_id: int, *, take: bool = True) -> None:
        """Make `item_id` the current item; `take` stamps its start and the last one's end."""
        previous = self.current_id
        if item_id == previous or item_id not in self.items:
            self.action_focus_notes()
            return
        if item_id < 0:  # added a moment ago: its notes need the id it is being given
            self.notify("That item is still being saved: a moment.", timeout=3)
            return
        self.writer.save_now()
        switcher = self.query_one("#editors", ContentSwitcher)
        if item_id not in self.editors:
            editor = self._make_editor(item_id)
            await switcher.mount(editor)
            editor.move_cursor(editor.document.end)
        self.current_id = item_id
        switcher.current = f"notes-{item_id}"
        self.query_one(AgendaList).set_current(item_id)
        self.show_item()
        self.action_focus_notes()
        if take and not self.read_only:
            self.stamp_items(start=item_id, end=previous)

    def _step(self, offset: int) -> int | None:
        if self.current_id is None or not self.order:
            return None
        if self.current_id not in self.order:  # deleted elsewhere while it was under way
            return self.order[0]
        index = self.order.index(self.current_id) + offset
        return self.order[index] if 0 <= index < len(self.order) else None

    async def action_next_item(self) -> None:
        target = self._step(1)
        if target is None:
            self.end_meeting(ask=True)  # after the last item, the meeting's end
            return
        await self.go_to(target)

    def action_end_meeting(self) -> None:
        self.end_meeting(ask=False)

    def end_meeting(self, *, ask: bool) -> None:
        """End the item under way and the meeting, whose end time is stamped if none was
        given. Asked first when items are still to be taken (or `ask`)."""
        from tui.screens.dialogs import ConfirmDialog

        if self.refuse_if_read_only():
            return
        untaken = [
            i.heading
            for i in self.meeting.items
            if i.status is ItemStatus.PENDING and i.id != self.current_id
        ]
        if not untaken and not ask:
            self._end_meeting()
            return
        question = "End the meeting?"
        if untaken:
            listed = "; ".join(untaken[:3]) + ("…" if len(untaken) > 3 else "")
            question += f" {len(untaken)} item{'s' * (len(untaken) != 1)} not taken: {listed}"

        def answered(yes: bool | None) -> None:
            if yes:
                self._end_meeting()
            else:
                self.action_focus_notes()

        self.app.push_screen(ConfirmDialog(question), answered)

    def _end_meeting(self) -> None:
        self.writer.save_now()
        self.stamp_items(start=None, end=self.current_id)
        ended = self.writer.clock().astimezone().strftime("%H:%M")
        if not self.meeting.end_time:
            self.meeting = replace(self.meeting, end_time=ended)
            meeting_id = self.meeting_id
            self.save_change(
                "the end of the meeting",
                lambda: self.repository.update_meeting(meeting_id, end_time=ended),
            )
        self.notify(f"The meeting ended at {self.meeting.end_time.replace(':', '.')}.")
        self.action_focus_notes()

    async def action_previous_item(self) -> None:
        target = self._step(-1)
        if target is None:
            self.notify("This is the first item.", timeout=2)
            return
        await self.go_to(target)

    def item_by_reference(self, text: str) -> Item | None:
        """An item from its number ('3' or '3.') or the start of its title."""
        wanted = text.strip().rstrip(".").lower()
        if not wanted:
            return None
        for item in self.meeting.items:
            if item.number.rstrip(".") == wanted:
                return item
        for item in self.meeting.items:
            if item.heading.lower() == wanted or item.title.lower().startswith(wanted):
                return item
        return None

    def action_go_to_item(self) -> None:
        from tui.screens.dialogs import PromptDialog

        def check(text: str) -> str | None:
            return None if self.item_by_reference(text) else f"No item {text!r} on this agenda."

        async def chosen(text: str | None) -> None:
            item = self.item_by_reference(text or "")
            if item is not None:
                await self.go_to(item.id)
            else:
                self.action_focus_notes()

        self.app.push_screen(
            PromptDialog(
                "Go to item (number or title)",
                check=check,
            ),
            chosen,
        )

    def action_focus_agenda(self) -> None:
        agenda = self.query_one(AgendaList)
        if self.focused is not agenda and self.current_id is not None:
            agenda.show_agenda(self.meeting.sections, self.agenda_changes.items(), self.current_id)
        self.set_focus(agenda)  # now, not a moment later: the next key is for the agenda

    def action_change_agenda(self, verb: str) -> None:
        """A key of the agenda: change it at its highlighted item."""
        self.agenda_changes.change(verb, self.query_one(AgendaList).highlighted_item)

    @on(AgendaList.ItemChosen)
    async def agenda_chosen(self, event: AgendaList.ItemChosen) -> None:
        event.stop()
        await self.go_to(event.item_id)

    # -- notes kept in recovery files --------------------------------------------------

    WRITES: ClassVar[frozenset[str]] = frozenset(
        {
            "new_action",
            "new_decision",
            "declare_interest",
            "defer_item",
            "toggle_confidential",
            "exempt_business",
            "redact",
            "end_meeting",
        }
    )
    """Keys that change the meeting: dimmed in the footer, and not run, while read-only."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "in_turn" and parameters:
            action = str(parameters[0])
        if action == "take_back":  # shown in the footer only while there are notes to take
            return bool(self.recovered) and not self.read_only
        if action in self.WRITES and self.read_only:
            return None
        return True

    def offer_recovery(self, files: list[RecoveryFile]) -> None:
        """Notes of this meeting that once could not be saved: say so until taken back."""
        self.recovered = files
        items = {i for kept in files for i in kept.notes if i in self.items}
        where = (
            files[-1].path if len(files) == 1 else f"{len(files)} files in {files[-1].path.parent}"
        )
        notice = self.query_one_optional("#recovery-notice", Static)
        if notice is None:
            notice = Static(id="recovery-notice")
            self.mount(notice, before="#capture-body")
        notice.display = True
        notice.update(
            f"Notes of {len(items)} item{'s' if len(items) != 1 else ''} that could not be "
            f"saved are kept in {where}. Ctrl+G takes them back in."
        )
        self.refresh_bindings()

    def action_take_back(self) -> None:
        from tui.screens.dialogs import ChoiceDialog

        if not self.recovered or self.refuse_if_read_only():
            return
        titles = sorted(
            {i for kept in self.recovered for i in kept.notes if i in self.items},
            key=self.order.index,
        )
        listed = ", ".join(self.items[i].heading for i in titles[:4])
        more = f" and {len(titles) - 4} more" if len(titles) > 4 else ""

        async def chosen(choice: str | None) -> None:
            if choice == "take":
                await self._take_back()
            elif choice == "aside":
                self._settle_recovered(taken_in=False)

        self.app.push_screen(
            ChoiceDialog(
                f"Notes kept when they could not be saved: {listed}{more}.",
                [
                    (
                        "r",
                        "Take them back in: what is missing goes at the end of each item",
                        "take",
                    ),
                    ("s", "Set the file aside: keep it, but do not offer it again", "aside"),
                ],
            ),
            chosen,
        )

    async def _take_back(self) -> None:
        """Add to each item's notes, through its editor (so it is saved, and Ctrl+Z takes
        it back), whatever of the kept notes it lacks; the clerk's item is shown again."""
        from tui.recovery import missing_words

        here = self.current_id
        changed = 0
        for kept in self.recovered:
            for item_id, text in kept.notes.items():
                if item_id not in self.items:
                    continue
                await self.go_to(item_id, take=False)
                editor = self.editors[item_id]
                addition = missing_words(editor.text, text)
                if addition:
                    editor.insert(addition, editor.document.end)
                    changed += 1
        if here is not None:
            await self.go_to(here, take=False)
        self._settle_recovered(taken_in=True)
        self.notify(
            f"Notes taken back in: {changed} item{'s' if changed != 1 else ''} had words added."
            if changed
            else "Those notes were already all here: nothing was added.",
            timeout=8,
        )

    def _settle_recovered(self, *, taken_in: bool) -> None:
        from tui.recovery import settle

        for kept in self.recovered:
            try:
                settle(kept, set(self.items), taken_in=taken_in)
            except OSError as error:
                self.notify(f"{kept.path} could not be marked: {error}", severity="warning")
        self.recovered = []
        if (notice := self.query_one_optional("#recovery-notice", Static)) is not None:
            notice.display = False
        self.refresh_bindings()

    # -- actions and decisions ---------------------------------------------------------

    def make_read_only(self) -> None:
        """Another minutebook has this meeting open: look, but do not touch."""
        if self.approved:
            return  # read-only already, and for a reason that outlasts the other copy
        self.read_only = True
        for editor in self.editors.values():
            editor.read_only = True
        self.query_one(TopBar).show_read_only()
        self.refresh_bindings()
        self.notify(
            "This meeting is already open elsewhere: it is shown read-only.",
            severity="warning",
            timeout=10,
        )

    def make_editable(self, meeting: Meeting) -> None:
        """The copy that held this meeting has closed: its notes as it left them, to edit."""
        if self.approved:
            return
        self.meeting = meeting
        self.items.update({item.id: item for item in meeting.items})
        self.read_only = False
        for item_id, editor in self.editors.items():
            editor.read_only = False
            if editor.text != self.items[item_id].notes:
                editor.load_text(self.items[item_id].notes)
                editor.move_cursor(editor.document.end)
        self.query_one(TopBar).read_only = False
        self.refresh_bindings()
        agenda = self.query_one(AgendaList)
        for item in meeting.items:
            agenda.show_item(item)
        self.show_item()
        self.notify("The meeting is no longer open elsewhere: it is yours to edit.", timeout=8)

    def read_only_line(self) -> str:
        if not self.approved:
            return "Read-only: this meeting is open elsewhere."
        on = self.meeting.approved_on
        return f"Read-only: these minutes were approved{f' on {on:%d %B %Y}' if on else ''}."

    def refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.notify(self.read_only_line(), severity="warning")
        return self.read_only

    def owner_candidates(self) -> list[str]:
        seen: dict[str, None] = {}
        for attendee in self.meeting.attendees:
            person = attendee.person
            for candidate in (person.organisation, person.name or "", person.role):
                if candidate:
                    seen.setdefault(candidate, None)
        for action in self.meeting.actions:
            if action.owner:
                seen.setdefault(action.owner, None)
        return list(seen)

    def _back_to_notes(self, _: object = None) -> None:
        self.action_focus_notes()

    def action_new_action(self) -> None:
        from tui.screens.dialogs import ActionEntry

        item = self.current
        if item is None or self.refuse_if_read_only():
            return

        def entered(fields: ActionFields | None) -> None:
            if fields is not None:
                text = f"{fields.owner or '(no owner)'}: {fields.text}"
                self.save_change(
                    f"action {text}",
                    lambda: self.repository.add_action(
                        item.id, fields.owner, fields.text, fields.due
                    ),
                    waiting=Waiting(item.id, RecordKind.ACTION, text),
                )
            self.action_focus_notes()

        self.app.push_screen(ActionEntry(self.owner_candidates()), entered)

    def action_new_decision(self) -> None:
        """A decision, or a resolution with its motion, under the current item."""
        from tui.screens.resolution import enter_decision

        if self.current is not None and not self.refuse_if_read_only():
            enter_decision(self)

    def action_declare_interest(self) -> None:
        from tui.screens.declarations import declare_interest

        declare_interest(self)

    def action_focus_records(self) -> None:
        records = self.query_one_optional(RecordList)
        if records is None or not records.is_mounted:  # a moment after the rest of the screen
            self.call_after_refresh(self.action_focus_records)
            return
        records.focus()
        if records.highlighted is None and records.records:
            first = next(iter(records.records))
            records.highlighted = records.get_option_index(first)

    def action_focus_notes(self) -> None:
        editor = self.editor()
        if editor is not None:
            editor.focus()

    @on(RecordList.Ready)
    def _records_ready(self) -> None:
        self.show_records()

    @on(RecordList.Back)
    def _records_left(self) -> None:
        self.action_focus_notes()

    @on(RecordList.Chosen)
    def _record_chosen(self, chosen: RecordList.Chosen) -> None:
        self.record_command(chosen.verb, chosen.record)

    def record_command(self, verb: str, record: Record) -> None:
        """Edit, update, delete or move the record chosen in the list, or make a decision
        of an exempt item publishable."""
        if self.refuse_if_read_only():
            return
        if verb == "publishable":
            if record.kind is RecordKind.DECISION:
                from tui.screens.exempt import toggle_publishable

                toggle_publishable(self, record.id)
            return
        if record.kind is RecordKind.REVIEW or verb == "update":
            if record.kind is RecordKind.DECISION:
                self.record_command("edit", record)
            else:
                self.update_action(record.id)
            return
        if verb == "edit":
            self.edit_record(record)
        elif verb == "delete":
            self.delete_record(record)
        elif verb == "move":
            self.move_record(record)

    def _back_to_records(self, _: object = None) -> None:
        self.query_one(RecordList).focus()

    def edit_record(self, record: Record) -> None:
        from tui.screens.dialogs import ActionEntry, ActionFields

        if record.kind is RecordKind.ACTION:
            action = next(a for a in self.meeting.actions if a.id == record.id)

            def edited(fields: ActionFields | None) -> None:
                if fields is not None:
                    self.save_change(
                        f"action {fields.owner or '(no owner)'}: {fields.text}",
                        lambda: self.repository.update_action(
                            action.id, owner=fields.owner, text=fields.text, due_text=fields.due
                        ),
                    )
                self._back_to_records()

            initial = ActionFields(action.owner, action.text, action.due_text)
            self.app.push_screen(
                ActionEntry(self.owner_candidates(), initial=initial, title="Edit action"), edited
            )
        else:
            from tui.screens.resolution import enter_decision

            enter_decision(self, next(d for d in self.meeting.decisions if d.id == record.id))

    def delete_record(self, record: Record) -> None:
        from tui.screens.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.meeting = self.meeting.without_record(record.kind, record.id)
                self.show_records()
                self.save_change(
                    f"deleting the {record.kind}",
                    lambda: (
                        self.repository.delete_action(record.id)
                        if record.kind is RecordKind.ACTION
                        else self.repository.delete_decision(record.id)
                    ),
                )
            self._back_to_records()

        self.app.push_screen(ConfirmDialog(f"Delete this {record.kind}?"), answered)

    def move_record(self, record: Record) -> None:
        from tui.screens.dialogs import PromptDialog

        def check(text: str) -> str | None:
            item = self.item_by_reference(text)
            if item is None:
                return f"No item {text!r} on this agenda."
            if item.id == self.current_id:
                return f"It is under {item.heading} already: name another item."
            return None

        def chosen(text: str | None) -> None:
            item = self.item_by_reference(text or "")
            if item is not None:
                self.meeting = self.meeting.with_record_moved(record.kind, record.id, item.id)
                self.show_records()
                self.save_change(
                    f"moving the {record.kind} to {item.heading}",
                    lambda: (
                        self.repository.move_action(record.id, item.id)
                        if record.kind is RecordKind.ACTION
                        else self.repository.move_decision(record.id, item.id)
                    ),
                )
                self.notify(f"Moved to {item.heading}.", timeout=3)
            self._back_to_records()

        self.app.push_screen(
            PromptDialog(
                f"Move this {record.kind} to item (number or title)",
                check=check,
            ),
            chosen,
        )

    def update_action(self, action_id: int) -> None:
        """Open the action update dialog on a carried-forward (or this meeting's) action."""
        action = next(
            (r.action for r in self.meeting.reviewed if r.action.id == action_id),
            None,
        ) or next((a for a in self.meeting.actions if a.id == action_id), None)
        if action is None:
            return
        from tui.screens.lookup import ActionUpdateDialog

        def done(_: object) -> None:
            self.reload()
            self.query_one(RecordList).focus()

        self.app.push_screen(ActionUpdateDialog(self.store, action, self.meeting_id), done)

    # -- the item itself ---------------------------------------------------------------

    def action_redact(self) -> None:
        editor = self.editor()
        if editor is None or self.refuse_if_read_only():
            return
        editor.wrap_redaction()
        editor.focus()

    async def show_line(self, item_id: int, line: int) -> None:
        """Take the cursor to a line of an item's notes (where a public export stopped)."""
        await self.go_to(item_id, take=False)
        editor = self.editors.get(item_id)
        if editor is not None and line > 0:
            editor.move_cursor((min(line, editor.document.line_count) - 1, 0))
            editor.focus()

    async def redact_in_notes(self, item_id: int | None, words: str) -> bool:
        """Mark every appearance of `words` in an item's notes `||redacted||`, through its
        editor so that Ctrl+Z takes it back (the item is shown); False if they are not in
        its notes."""
        if item_id is None or item_id not in self.items:
            return False
        await self.go_to(item_id, take=False)
        editor = self.editors.get(item_id)
        if editor is None or editor.read_only:
            return False
        text = editor.text

        def location(index: int) -> tuple[int, int]:
            return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)

        found = redaction_spans(text, words)
        for start, end in reversed(found):
            editor.replace(f"||{text[start:end]}||", location(start), location(end))
        return bool(found)

    def action_exempt_business(self) -> None:
        """Mark the current item exempt, or no longer."""
        from tui.screens.exempt import mark_exempt

        if self.current_id is not None and not self.refuse_if_read_only():
            mark_exempt(self, self.current_id, back=self.action_focus_notes)

    def action_toggle_confidential(self) -> None:
        item = self.current
        if item is None or self.refuse_if_read_only():
            return
        confidential = not item.confidential
        self.show_changed_item(replace(item, confidential=confidential))
        self.save_change(
            f"{item.heading} {'confidential' if confidential else 'not confidential'}",
            lambda: self.repository.update_item(item.id, confidential=confidential),
        )
        self.notify(
            "Marked confidential." if confidential else "No longer confidential.", timeout=2
        )

    def action_approve_earlier(self) -> None:
        """Approve at this meeting the committee's last minutes not yet approved: the form
        opens at once, and takes corrections once those minutes are read."""
        from tui.screens.dialogs import ApprovalDialog

        if self.refuse_if_read_only():
            return
        dialog = ApprovalDialog()

        def chosen(corrections: list[Requested] | None) -> None:
            self.action_focus_notes()
            earlier = dialog.earlier
            if corrections is None or earlier is None:
                return
            when = f"{earlier.date:%d %B %Y}"
            counted = f", with {len(corrections)} correction(s)" if corrections else ""
            self.save_change(
                f"approving the minutes of {when}",
                lambda: self.repository.approve_meeting(earlier.id, self.meeting_id, corrections),
                done=lambda _: self.notify(
                    f"The minutes of {when} are approved as a true record{counted}.", timeout=5
                ),
            )

        self.app.push_screen(dialog, chosen)
        self._find_minutes_to_approve(dialog)

    @work(
        thread=True,
        exit_on_error=False,
        group="approval",
        exclusive=True,
        description="Reading the minutes to approve",
    )
    def _find_minutes_to_approve(self, dialog: ApprovalDialog) -> None:
        here = self.meeting
        waiting = [
            m
            for m in self.repository.meetings(here.committee.id)  # newest first
            if (m.date, m.id) < (here.date, here.id) and m.status is not MeetingStatus.APPROVED
        ]
        earlier = self.repository.meeting(waiting[0].id) if waiting else None
        self.app.call_from_thread(self._minutes_to_approve, dialog, earlier)

    def _minutes_to_approve(self, dialog: ApprovalDialog, earlier: Meeting | None) -> None:
        if dialog not in self.app.screen_stack:  # closed before they were read
            return
        if earlier is not None:
            dialog.minutes_found(earlier)
            return
        dialog.dismiss(None)
        name = self.meeting.committee.name
        self.notify(f"No earlier minutes of {name} wait for approval.", timeout=4)

    def action_protective_marking(self) -> None:
        """The marking in the header of these minutes and the committee's later ones."""
        from tui.screens.dialogs import PromptDialog

        if self.refuse_if_read_only():
            return
        committee = self.meeting.committee
        current = self.meeting.protective_marking or committee.protective_marking

        def chosen(text: str | None) -> None:
            self.action_focus_notes()
            if text is None:
                return
            marking = " ".join(text.split())
            self.meeting = replace(
                self.meeting,
                protective_marking=marking,
                committee=replace(committee, protective_marking=marking),
            )

            def write() -> None:
                with self.repository.together():
                    self.repository.update_meeting(self.meeting_id, protective_marking=marking)
                    self.repository.update_committee(committee.id, protective_marking=marking)

            self.save_change("the protective marking", write)
            self.notify(f"Marked {marking or 'with no protective marking'}.", timeout=3)

        self.app.push_screen(
            PromptDialog(
                "Protective marking of these minutes and the committee's next ones "
                "(e.g. OFFICIAL-SENSITIVE; empty for none)",
                value=current,
                check=lambda text: "Keep it to one short line." if len(text) > 100 else None,
            ),
            chosen,
        )

    def action_house_style(self) -> None:
        self.post_message(StyleWanted(self.meeting.committee))

    def action_numbered_paragraphs(self) -> None:
        """The committee's minutes number each paragraph after its item (5.1, 5.2), or not."""
        committee = self.meeting.committee
        numbered = not committee.style.numbered_paragraphs
        self.meeting = replace(
            self.meeting, committee=committee.restyled(numbered_paragraphs=numbered)
        )
        self.save_change(
            "whether the minutes number their paragraphs",
            lambda: self.repository.restyle(committee.id, numbered_paragraphs=numbered),
        )
        state = "now number" if numbered else "no longer number"
        self.notify(f"{committee.name} minutes {state} their paragraphs (5.1, 5.2).", timeout=4)

    def action_defer_item(self) -> None:
        from tui.screens.dialogs import PromptDialog

        item = self.current
        if item is None or self.refuse_if_read_only():
            return

        meeting_date = self.meeting.date

        def check(text: str) -> str | None:
            try:
                parse_deferral(text, meeting_date)
            except MinutebookError as error:
                return str(error)
            return None

        def carried(saved: Item) -> None:
            if saved.deferred_to_meeting_date is not None:
                when = f"{saved.deferred_to_meeting_date:%d %B %Y}"
                self.notify(f"{item.heading} is on the agenda of the meeting of {when}.")

        def chosen(text: str | None) -> None:
            if text is None:
                self.action_focus_notes()
                return
            when, name = parse_deferral(text, meeting_date)
            deferred = replace(
                item, status=ItemStatus.DEFERRED, deferred_to_date=when, deferred_to_name=name
            )
            self.show_changed_item(deferred)
            self.save_change(
                f"deferring {item.heading}",
                lambda: self.repository.defer_item(item.id, when, name),
                done=carried,
            )
            self.notify(f"{item.heading} deferred to {deferred_to(deferred)}.", timeout=4)
            self.action_focus_notes()

        self.app.push_screen(
            PromptDialog(
                f"Defer {item.heading}: {DEFERRAL_FORMS}", placeholder="next meeting", check=check
            ),
            chosen,
        )

    # -- other screens -----------------------------------------------------------------

    def action_roster(self) -> None:
        from tui.screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.store, self.meeting.committee, self.writer))

    def attendance_changed(self, meeting: Meeting) -> None:
        """A mark made on the attendance list: the quorum follows it at once."""
        self.meeting = meeting

    def action_attendance(self) -> None:
        from tui.screens.attendance import AttendanceScreen

        self.writer.save_now()

        def closed(meeting: Meeting | None) -> None:
            if meeting is not None:  # its marks, shown there and saved behind the screen
                self.meeting = meeting
            self.action_focus_notes()

        self.app.push_screen(
            AttendanceScreen(
                self.store,
                self.meeting,
                self.writer,
                self.current_id,
                read_only=self.read_only,
                read_only_line=self.read_only_line(),
                on_change=self.attendance_changed,
            ),
            closed,
        )
