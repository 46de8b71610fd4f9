"""Declarations of interest in live capture: the form (Ctrl+N), and how the side list and
the save behind the screen show one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Static

from storage.domain import (
    FIELD_LENGTH,
    NOTE_LENGTH,
    AttendanceStatus,
    Declaration,
    InterestAction,
    Item,
    Meeting,
    Person,
)
from tui.screens.dialogs import EntryDialog
from tui.widgets.choice import Choice
from tui.widgets.completion import FieldCompletion
from tui.widgets.in_order import Field
from tui.widgets.records import RecordKind, Waiting, declaration_line

if TYPE_CHECKING:
    from tui.screens.capture import CaptureScreen

ACTION_CHOICES = [(action.value, action.value) for action in InterestAction]


@dataclass(frozen=True, slots=True)
class DeclarationFields:
    """What the clerk typed for a declaration of interest."""

    person: Person
    item: Item
    interest: str
    kind: str
    action: InterestAction


def attending(meeting: Meeting) -> dict[str, Person]:
    """Who may declare an interest (those present or in attendance), by their label."""
    return {
        a.person.label(): a.person
        for a in meeting.attendees
        if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE)
    }


def person_called(people: dict[str, Person], text: str) -> Person | None:
    """The one person a clerk means: their whole label, or words of their name or role."""
    if text in people:
        return people[text]
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return None
    found = [
        p
        for p in people.values()
        if wanted in (p.name or "").casefold() or wanted in p.role.casefold()
    ]
    return found[0] if len(found) == 1 else None


class DeclarationDialog(EntryDialog[DeclarationFields | None]):
    """Someone declares an interest: who (from the attendance), in which item (the current
    one unless another number is typed), what interest, of which of the committee's kinds,
    and what they did about it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="declaration.cancel", tooltip="Cancel")
    ]

    def __init__(
        self,
        people: dict[str, Person],
        item: Item,
        item_called: Callable[[str], Item | None],
        kinds: Sequence[str],
    ) -> None:
        """`people` map a label to whom it names; `item_called` finds an item by number."""
        super().__init__(classes="dialog")
        self.people = people
        self.item = item
        self.item_called = item_called
        self.kinds = list(kinds)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(
                "Declaration of interest (Tab moves, ←/→ change a choice, Enter saves,"
                " Escape cancels)",
                classes="dialog-title",
            )
            person = Field(
                placeholder="Who (name or role, from the attendance)",
                id="declaration-person",
                max_length=FIELD_LENGTH,
            )
            yield person
            yield Field(
                self.item.number.rstrip("."),
                placeholder="Item number",
                id="declaration-item",
                max_length=FIELD_LENGTH,
            )
            yield Field(
                placeholder="The interest (e.g. his wife is employed by the provider)",
                id="declaration-interest",
                max_length=NOTE_LENGTH,
            )
            yield Choice("Kind", [(k, k) for k in self.kinds], id="declaration-kind")
            yield Choice(
                "They",
                ACTION_CHOICES,
                value=InterestAction.TOOK_PART.value,
                id="declaration-action",
            )
            yield Static("", classes="dialog-error")
        yield FieldCompletion(person, candidates=list(self.people))

    def entered(self, field: Widget) -> None:
        person_text = self.query_one("#declaration-person", Input).value.strip()
        item_text = self.query_one("#declaration-item", Input).value.strip()
        interest = " ".join(self.query_one("#declaration-interest", Input).value.split())
        person = person_called(self.people, person_text)
        if person is None:
            self.say(
                f"No one in the attendance called {person_text!r}: choose them with ↓."
                if person_text
                else "Say who declared the interest."
            )
            self.query_one("#declaration-person", Input).focus()
            return
        item = self.item_called(item_text) if item_text else self.item
        if item is None:
            self.say(f"No item {item_text!r} on this agenda: give its number.")
            self.query_one("#declaration-item", Input).focus()
            return
        if not interest:
            if field.id == "declaration-interest":
                self.say("Say what the interest is.")
            self.query_one("#declaration-interest", Input).focus()
            return
        kind = self.query_one("#declaration-kind", Choice).value
        action = InterestAction(self.query_one("#declaration-action", Choice).value)
        self.dismiss(DeclarationFields(person, item, interest, kind, action))


def declare_interest(screen: CaptureScreen) -> None:
    """Open the form on the current item; what is entered shows at once, saved behind."""
    item = screen.current
    if item is None or screen.refuse_if_read_only():
        return
    meeting = screen.meeting

    def entered(fields: DeclarationFields | None) -> None:
        if fields is not None:
            declared = Declaration(
                id=0,
                meeting_id=meeting.id,
                person_id=fields.person.id,
                item_id=fields.item.id,
                interest=fields.interest,
                kind=fields.kind,
                action=fields.action,
            )
            line = declaration_line(declared, fields.person)
            if fields.item.id != screen.current_id:  # not in the side list: say it
                screen.notify(f"Declared in {fields.item.heading}: {line.plain}", timeout=4)
            screen.save_change(
                f"the declaration of interest {line.plain}",
                lambda: screen.repository.add_declaration(
                    meeting.id,
                    fields.person.id,
                    fields.item.id,
                    fields.interest,
                    fields.kind,
                    fields.action,
                ),
                waiting=Waiting(fields.item.id, RecordKind.DECLARATION, line.plain),
            )
        screen.action_focus_notes()

    screen.app.push_screen(
        DeclarationDialog(
            attending(meeting),
            item,
            screen.item_by_reference,
            meeting.committee.style.interest_kinds,
        ),
        entered,
    )
