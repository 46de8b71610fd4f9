"""The action register on screen: find any action as you type, and act on it.

`ActionLookupScreen` lists the actions of every meeting of every committee, filtered by
one line of search text (see `storage.action_query`), and answers with the (meeting, item) to
open when the clerk asks for an action's source. `ActionUpdateDialog` records an update,
a new status, owner or due date; the live capture screen uses it too, to review the
actions carried into item 1.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Label, RadioButton, RadioSet, Static
from textual.worker import Worker, WorkerState, get_current_worker

from storage.action_query import ActionQuery, parse_query
from storage.domain import Action, ActionStatus
from storage.quick import OpenedRepository, Store
from storage.search import ActionHit, search_actions
from tui.output import due_label, status_label
from tui.problems import clerk_line
from tui.widgets.in_order import Field

PLACEHOLDER = "Find actions: words, owner:NAME, status:all, committee:NAME, due:<DATE, overdue"
STATUS_STYLES = {"overdue": "bold red", "done": "green", "dropped": "dim"}
STATUSES = (ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED)
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("Due", 10),
    ("Owner", 14),
    ("Action", None),
    ("Status", 7),
    ("Committee", 12),
    ("Meeting", 10),
)
# The fixed columns, two cells of padding per column, the margins and a scrollbar.
FIXED_WIDTH = sum(width or 0 for _, width in COLUMNS) + 2 * len(COLUMNS) + 4


class ActionLookupScreen(Screen[tuple[int, int] | None]):
    """Every action of every meeting, filtered as you type; answers (meeting_id, item_id)."""

    DEFAULT_CSS = """
    ActionLookupScreen { layout: vertical; }
    ActionLookupScreen #lookup-filter { margin: 0 1; }
    ActionLookupScreen #lookup-hint { height: 1; margin: 0 2; color: $text-muted; }
    ActionLookupScreen #lookup-hint.-problem { color: $warning; }
    ActionLookupScreen #lookup-results { height: 1fr; margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="lookup.close", tooltip="Close the action lookup."),
        Binding(
            "ctrl+o",
            "open_source",
            "Open item",
            id="lookup.open",
            priority=True,
            tooltip="Open the meeting at the item the action came from (also enter).",
        ),
        Binding(
            "ctrl+t",
            "mark('done')",
            "Done",
            id="lookup.done",
            priority=True,
            tooltip="Mark the action done.",
        ),
        Binding(
            "ctrl+r",
            "mark('dropped')",
            "Drop",
            id="lookup.drop",
            priority=True,
            tooltip="Mark the action dropped.",
        ),
        Binding(
            "ctrl+n",
            "edit('update')",
            "Update",
            id="lookup.update",
            priority=True,
            tooltip="Add a dated update to the action.",
        ),
        Binding(
            "ctrl+g",
            "edit('owner')",
            "Owner",
            id="lookup.owner",
            priority=True,
            tooltip="Give the action to another owner.",
        ),
        Binding(
            "ctrl+l",
            "edit('due')",
            "Due",
            id="lookup.due",
            priority=True,
            tooltip="Change when the action is due.",
        ),
        # The filter box keeps the focus; these move through the results meanwhile.
        Binding("down", "cursor(1)", "Next", show=False, id="lookup.next"),
        Binding("up", "cursor(-1)", "Previous", show=False, id="lookup.previous"),
        Binding("pagedown", "cursor(10)", "Page down", show=False, id="lookup.page_down"),
        Binding("pageup", "cursor(-10)", "Page up", show=False, id="lookup.page_up"),
    ]

    RESULT_LIMIT: ClassVar[int] = 200
    """Rows shown at most: many screens' worth; typing more narrows the rest."""

    DEBOUNCE_SECONDS: ClassVar[float] = 0.04
    """How long typing must pause before a search runs: short, so results feel live."""

    repository = OpenedRepository()

    def __init__(
        self,
        store: Store,
        *,
        query: str = "",
        meeting_id: int | None = None,
        today: dt.date | None = None,
    ) -> None:
        """`meeting_id`, if given, is the meeting in which changes are recorded as made."""
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id
        self.initial_query = query
        self.today = today
        self.hits: dict[int, ActionHit] = {}
        self.shown_line: str | None = None
        self._debounce: Timer | None = None
        self._search_running = False
        self._queued_line: str | None = None

    def compose(self) -> ComposeResult:
        yield Field(self.initial_query, placeholder=PLACEHOLDER, id="lookup-filter")
        yield Static("", id="lookup-hint")
        table: DataTable[Text] = DataTable(id="lookup-results", cursor_type="row")
        table.zebra_stripes = True
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#lookup-results", DataTable)
        for label, width in COLUMNS:
            table.add_column(label, key=label.lower(), width=width)
        self.query_one("#lookup-filter", Input).focus()
        self.run_search(self.initial_query)

    # -- searching ----------------------------------------------------------------

    @on(Input.Changed, "#lookup-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        if self.DEBOUNCE_SECONDS <= 0:
            self.run_search(event.value)
            return
        self._debounce = self.set_timer(
            self.DEBOUNCE_SECONDS, lambda: self.run_search(event.value), name="lookup debounce"
        )

    def run_search(self, line: str) -> None:
        """Search for `line`; while a search runs, only the newest line waits its turn.

        Threads cannot be stopped, so starting one per keystroke would pile searches up
        on a busy machine and slow the typing itself; one at a time keeps it smooth.
        """
        if self._search_running:
            self._queued_line = line
            return
        self._search_running = True
        self._search(line)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="lookup-search",
        description="search actions",
    )
    def _search(self, line: str) -> None:
        """Run the search off the UI thread; a newer keystroke makes this result stale."""
        query = parse_query(line)
        hits = search_actions(
            self.repository,
            query,
            today=self.today,
            limit=self.RESULT_LIMIT,
            with_updates=False,
        )
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, line, query, hits)

    def refresh_results(self) -> None:
        self.run_search(self.query_one("#lookup-filter", Input).value)

    def _show(self, line: str, query: ActionQuery, hits: list[ActionHit]) -> None:
        table = self.query_one("#lookup-results", DataTable)
        selected = self.selected_hit()
        today = self.today or dt.date.today()
        action_width = max(20, self.app.size.width - FIXED_WIDTH)
        self.hits = {hit.action.id: hit for hit in hits}
        table.clear()
        for hit in hits:
            table.add_row(*self._cells(hit, today, action_width), key=str(hit.action.id))
        if selected is not None and selected.action.id in self.hits:
            table.move_cursor(row=table.get_row_index(str(selected.action.id)), animate=False)
        self.shown_line = line
        self._set_hint(query, len(hits))

    @staticmethod
    def _cells(hit: ActionHit, today: dt.date, action_width: int) -> list[Text]:
        action = hit.action
        status = status_label(action, today)
        text = " ".join(action.text.split())
        if len(text) > action_width:
            text = text[: action_width - 1] + "…"
        return [
            Text(due_label(action), no_wrap=True, overflow="ellipsis"),
            Text(action.owner, no_wrap=True, overflow="ellipsis"),
            Text(text, no_wrap=True),
            Text(status, style=STATUS_STYLES.get(status, "")),
            Text(hit.committee_name, no_wrap=True, overflow="ellipsis"),
            Text(hit.meeting_date.isoformat() if hit.meeting_date else ""),
        ]

    def _set_hint(self, query: ActionQuery, count: int) -> None:
        hint = self.query_one("#lookup-hint", Static)
        if query.hints:
            hint.update(Text(" · ".join(query.hints)))
            hint.add_class("-problem")
            return
        hint.remove_class("-problem")
        if query.statuses is None:
            kind = ""
        else:
            kind = "/".join(sorted(s.value for s in query.statuses)) + " "
        noun = "action" if count == 1 else "actions"
        if count >= self.RESULT_LIMIT:
            hint.update(f"the first {count} {kind}{noun}: type more to narrow the search")
        elif count == 0:
            hint.update(f"no {kind}{noun} match" + ("" if kind == "" else " (status:all for all)"))
        else:
            hint.update(f"{count} {kind}{noun}")

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        finished = (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED)
        if event.worker.group == "lookup-search" and event.state in finished:
            self._search_running = False
            if self._queued_line is not None:
                line, self._queued_line = self._queued_line, None
                self.run_search(line)
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            hint = self.query_one("#lookup-hint", Static)
            hint.update(Text(clerk_line(event.worker.error)))
            hint.add_class("-problem")

    # -- acting on the selected action ----------------------------------------------

    def selected_hit(self) -> ActionHit | None:
        table = self.query_one("#lookup-results", DataTable)
        if not self.hits or table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
        return self.hits.get(int(row_key.value or 0))

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#lookup-results", DataTable)
        if table.row_count:
            row = max(0, min(table.row_count - 1, table.cursor_row + delta))
            table.move_cursor(row=row, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#lookup-filter")
    @on(DataTable.RowSelected, "#lookup-results")
    def action_open_source(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        if hit.meeting_id is None or hit.item_id is None:
            self.notify("The meeting this action came from no longer exists.", severity="warning")
            return
        self.dismiss((hit.meeting_id, hit.item_id))

    def action_mark(self, status: str) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self._mark(hit.action.id, ActionStatus(status))

    @work(thread=True, exit_on_error=False, group="lookup-write", description="mark action")
    def _mark(self, action_id: int, status: ActionStatus) -> None:
        action = self.repository.set_action_status(action_id, status, meeting_id=self.meeting_id)
        self.app.call_from_thread(self._changed, action)

    def action_edit(self, field: str) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        self._edit(hit.action.id, field)

    @work(thread=True, exclusive=True, exit_on_error=False, group="lookup-read")
    def _edit(self, action_id: int, field: str) -> None:
        """The list holds no history; the dialog shows it, so read the action whole."""
        action = self.repository.action(action_id)  # a failure shows in the hint line
        dialog = ActionUpdateDialog(self.store, action, self.meeting_id, focus=field)
        self.app.call_from_thread(self.app.push_screen, dialog, self._changed)

    def _changed(self, action: Action | None) -> None:
        if action is None:
            return
        self.notify(f"{action.status.value.capitalize()}: {action.text[:60]}", timeout=3)
        self.refresh_results()


class ActionUpdateDialog(ModalScreen[Action | None]):
    """One action and its history, with fields to record an update, status, owner or due."""

    DEFAULT_CSS = """
    ActionUpdateDialog { align: center middle; }
    ActionUpdateDialog > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ActionUpdateDialog #update-action { text-style: bold; margin-bottom: 1; }
    ActionUpdateDialog #update-history { height: auto; max-height: 8; margin-bottom: 1; }
    ActionUpdateDialog Horizontal { height: auto; }
    ActionUpdateDialog Label { width: 8; padding: 1 0 0 0; }
    ActionUpdateDialog Input { width: 1fr; }
    ActionUpdateDialog RadioSet { layout: horizontal; width: 1fr; }
    ActionUpdateDialog #update-error { color: $error; height: auto; }
    ActionUpdateDialog #update-keys { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="action_update.cancel",
            tooltip="Close without saving.",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="action_update.save",
            priority=True,
            tooltip="Save the update (enter in any text field does too).",
        ),
    ]

    repository = OpenedRepository()

    def __init__(
        self,
        store: Store,
        action: Action,
        meeting_id: int | None,
        *,
        focus: str = "update",
    ) -> None:
        """`focus` names the field to start in: update, status, owner or due."""
        super().__init__()
        self.store = store
        self.action = action
        self.meeting_id = meeting_id
        self.start_in = focus
        self.initial_due = due_label(action) if not action.due_text else action.due_text

    def compose(self) -> ComposeResult:
        action = self.action
        raised = f" (raised {action.raised_on.isoformat()})" if action.raised_on else ""
        with Vertical():
            yield Static(Text(f"{action.owner}: {action.text}{raised}"), id="update-action")
            with VerticalScroll(id="update-history"):
                yield Static(self._history(), id="update-history-text")
            with Horizontal():
                yield Label("Update")
                yield Field(placeholder="What has happened (dated today)", id="update-text")
            with Horizontal():
                yield Label("Status")
                with RadioSet(id="update-status"):
                    for status in STATUSES:
                        yield RadioButton(status.value, value=status == action.status)
            with Horizontal():
                yield Label("Owner")
                yield Field(action.owner, id="update-owner")
            with Horizontal():
                yield Label("Due")
                yield Field(self.initial_due, placeholder="a date or a meeting", id="update-due")
            yield Static("", id="update-error")
            yield Static("enter save · escape cancel · space picks a status", id="update-keys")

    def _history(self) -> Text:
        if not self.action.updates:
            return Text("No updates yet.", style="italic")
        lines = Text()
        for update in self.action.updates:
            where = " (this meeting)" if update.meeting_id == self.meeting_id else ""
            made = update.made_at.astimezone().date().isoformat()
            lines.append(f"{made}{where}: ", style="bold")
            lines.append(update.text + "\n")
        lines.rstrip()
        return lines

    def on_mount(self) -> None:
        target = {"owner": "#update-owner", "due": "#update-due", "status": "#update-status"}
        self.query_one(target.get(self.start_in, "#update-text")).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def action_save(self) -> None:
        pressed = self.query_one("#update-status", RadioSet).pressed_index
        status = STATUSES[pressed] if pressed >= 0 else self.action.status
        owner = self.query_one("#update-owner", Input).value.strip()
        if not owner:
            self._show_error("An action needs an owner.")
            return
        self._save(
            self.query_one("#update-text", Input).value.strip(),
            status,
            owner,
            self.query_one("#update-due", Input).value.strip(),
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="action-update")
    def _save(self, text: str, status: ActionStatus, owner: str, due: str) -> None:
        action = self.action
        saved = self.repository.add_action_update(
            action.id,
            text,
            meeting_id=self.meeting_id,
            status=status if status != action.status else None,
            owner=owner if owner != action.owner else None,
            due_text=due if due != self.initial_due else None,
        )
        self.app.call_from_thread(self.dismiss, saved)

    @on(Worker.StateChanged)
    def _save_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._show_error(f"Not saved: {clerk_line(event.worker.error)}")

    def _show_error(self, message: str) -> None:
        self.query_one("#update-error", Static).update(Text(message))
