"""Exempt business during the meeting: marking an item exempt (x in the agenda list, or
"Exempt business" in the palette), and a decision under one publishable (p in the records
list). Each change shows at once and is saved behind the screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from storage.domain import NOTE_LENGTH, Item, Value
from storage.errors import BadInput
from storage.exempt import REASON_LENGTH, check_exempt
from tui.screens.dialogs import EntryDialog
from tui.widgets.choice import Choice
from tui.widgets.in_order import Field

if TYPE_CHECKING:
    from tui.screens.capture import CaptureScreen

EXEMPT, IN_PUBLIC = "exempt", "public"


class ExemptFields(Value):
    """An item's exempt state as the clerk gave it."""

    exempt: bool
    reason: str = ""
    public_summary: str = ""


class ExemptDialog(EntryDialog[ExemptFields | None]):
    """Mark an item exempt, with its reason and public summary, or no longer exempt."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="exempt_dialog.cancel", tooltip="Cancel")
    ]
    AUTO_FOCUS = "#exempt-reason"

    def __init__(self, item: Item) -> None:
        super().__init__(classes="dialog")
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog-box wide"):
            yield Static(
                f"Exempt business: {item.heading or item.title}"
                " (Enter saves, Tab moves, ←/→ change the first line, Escape cancels)",
                classes="dialog-title",
            )
            yield Choice(
                "Taken",
                [(EXEMPT, "exempt: press and public excluded"), (IN_PUBLIC, "in public")],
                id="exempt-taken",
            )
            yield Field(
                item.exempt_reason,
                placeholder="Reason: a paragraph of Schedule 12A (3), or words",
                id="exempt-reason",
                max_length=REASON_LENGTH,
            )
            yield Field(
                item.public_summary,
                placeholder="Public summary (optional): what the public version prints",
                id="exempt-summary",
                max_length=NOTE_LENGTH,
            )
            yield Static("", classes="dialog-error")

    def entered(self, field: Widget) -> None:
        if self.query_one("#exempt-taken", Choice).value == IN_PUBLIC:
            self.dismiss(ExemptFields(False, self.item.exempt_reason, self.item.public_summary))
            return
        reason = " ".join(self.query_one("#exempt-reason", Input).value.split())
        summary = self.query_one("#exempt-summary", Input).value.strip()
        try:
            check_exempt(True, reason)
        except BadInput as refused:
            self.say(f"{str(refused)[0].upper()}{str(refused)[1:]}.")
            self.query_one("#exempt-reason", Input).focus()
            return
        self.dismiss(ExemptFields(True, reason, summary))


def mark_exempt(screen: CaptureScreen, item_id: int, *, back: Callable[[], None]) -> None:
    """Open the form on an item; show what it answers at once and save it behind the
    screen; `back` puts the cursor where it was."""
    item = screen.items[item_id]

    def entered(fields: ExemptFields | None) -> None:
        back()
        now = screen.items.get(item_id)
        if fields is None or now is None:
            return
        given = (fields.exempt, fields.reason, fields.public_summary)
        if given == (now.exempt, now.exempt_reason, now.public_summary):
            return
        screen.show_changed_item(
            replace(
                now,
                exempt=fields.exempt,
                exempt_reason=fields.reason,
                public_summary=fields.public_summary,
            )
        )
        heading = item.heading or item.title
        screen.save_change(
            f"{heading} {'exempt' if fields.exempt else 'no longer exempt'}",
            lambda: screen.repository.update_item(
                screen.agenda_changes.saved_id(item_id),
                exempt=fields.exempt,
                exempt_reason=fields.reason,
                public_summary=fields.public_summary,
            ),
        )
        screen.notify("Marked exempt." if fields.exempt else "No longer exempt.", timeout=2)

    screen.app.push_screen(ExemptDialog(item), entered)


def toggle_publishable(screen: CaptureScreen, decision_id: int) -> None:
    """A decision under an exempt item: printed in the public version, or no longer."""
    decision = next((d for d in screen.meeting.decisions if d.id == decision_id), None)
    if decision is None:
        return
    item = screen.items.get(decision.item_id) if decision.item_id is not None else None
    if item is None or not item.exempt:
        screen.notify(
            "Only a decision of an exempt item is marked publishable: the public version"
            " prints every other decision.",
            timeout=5,
        )
        return
    publishable = not decision.publishable
    screen.meeting = replace(
        screen.meeting,
        decisions=tuple(
            replace(d, publishable=publishable) if d.id == decision_id else d
            for d in screen.meeting.decisions
        ),
    )
    screen.show_records()
    screen.save_change(
        f"the decision {'publishable' if publishable else 'not publishable'}",
        lambda: screen.repository.update_decision(decision_id, publishable=publishable),
    )
    screen.notify(
        "The public version prints this decision."
        if publishable
        else "The public version leaves this decision out.",
        timeout=3,
    )
