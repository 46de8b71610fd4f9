"""The records list beside the notes: the item's carried-forward actions, its actions, its
decisions and the interests declared in it, and those just entered, shown as saving until
they are written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from storage.domain import (
    Action,
    ActionStatus,
    Decision,
    Declaration,
    Meeting,
    Person,
    ReviewedAction,
    Value,
)


def action_line(action: Action) -> Text:
    text = Text()
    if action.status is not ActionStatus.OPEN:
        text.append(f"[{action.status}] ", style="bold")
    text.append(f"{action.owner or '(no owner)'}: ", style="bold")
    text.append(action.text)
    if action.due_text:
        text.append(f" — {action.due_text}", style="italic")
    return text


def declaration_line(declaration: Declaration, person: Person | None) -> Text:
    """A declaration in the side list: who, what interest, of what kind, what they did."""
    who = (person.name or person.label()) if person else "(no longer in the attendance)"
    return Text.assemble(
        (f"{who}: ", "bold"),
        declaration.interest,
        (f" — {declaration.kind}; {declaration.action.value}", "italic"),
    )


def declaration_lines(meeting: Meeting, item_id: int) -> list[Text]:
    """The side list's lines for the declarations of interest in an item."""
    people = {a.person.id: a.person for a in meeting.attendees}
    return [
        declaration_line(d, people.get(d.person_id))
        for d in meeting.declarations
        if d.item_id == item_id
    ]


def review_line(reviewed: ReviewedAction) -> Text:
    text = action_line(reviewed.action)
    latest = reviewed.action.updates[-1] if reviewed.action.updates else None
    text.append("\n   ")
    if latest is None:
        text.append("no update yet", style="dim")
    else:
        text.append(f"{latest.made_at.astimezone():%d %b %Y}: {latest.text}", style="dim")
    return text


class RecordKind(StrEnum):
    """What a row of the records list is."""

    ACTION = "action"
    DECISION = "decision"
    REVIEW = "review"
    """An action of an earlier meeting, carried forward to be reviewed."""
    DECLARATION = "declaration"
    """A declaration of interest in the item (listed here, not edited)."""


class Record(Value):
    """What a row of the records list stands for."""

    kind: RecordKind
    id: int


class Waiting(Value):
    """A record entered and shown, not yet in the database."""

    item_id: int
    kind: RecordKind  # an action, a decision or a declaration
    text: str

    def line(self) -> Text:
        return Text.assemble(("○ saving… ", "dim italic"), self.text)


class RecordList(OptionList):
    """The current item's carried-forward actions, its actions and its decisions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter,e",
            "edit",
            "Edit / update",
            id="records.edit",
            tooltip="Edit the action or decision, or record an update on a carried-forward action",
        ),
        Binding(
            "u",
            "update",
            "Update",
            id="records.update",
            tooltip="Record an update on the action (mark done, dropped, reassign, due)",
        ),
        Binding(
            "delete,d",
            "delete",
            "Delete",
            id="records.delete",
            tooltip="Delete the action or decision",
        ),
        Binding(
            "m",
            "move",
            "Move",
            id="records.move",
            tooltip="Move the action or decision to another item",
        ),
        Binding(
            "p",
            "publishable",
            "Publishable",
            id="records.publishable",
            tooltip="Under an exempt item: the public version prints the decision, or not",
        ),
        Binding(
            "escape", "back", "Back to notes", id="records.back", tooltip="Return to the notes"
        ),
    ]

    @dataclass
    class Ready(Message):
        """Mounted: the screen may fill it."""

    @dataclass
    class Chosen(Message):
        """A record and what to do with it: edit, update, delete, move or publishable."""

        verb: str
        record: Record

    @dataclass
    class Back(Message):
        """Back to the notes."""

    def __init__(self) -> None:
        super().__init__(id="records")
        self.records: dict[str, Record] = {}

    def on_mount(self) -> None:
        self.post_message(self.Ready())

    def show(
        self,
        reviewed: list[ReviewedAction],
        actions: list[Action],
        decisions: Sequence[Decision],
        waiting: Sequence[Waiting] = (),
        *,
        declarations: Sequence[Text] = (),
    ) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.records = {}
        options: list[Option] = []

        def heading(title: str) -> None:
            options.append(Option(Text(title, style="bold underline"), disabled=True))

        if reviewed:
            heading(f"Carried forward ({len(reviewed)}): Enter to update")
            for r in reviewed:
                key = f"review-{r.action.id}"
                self.records[key] = Record(RecordKind.REVIEW, r.action.id)
                options.append(Option(review_line(r), id=key))
        new = {kind: [w for w in waiting if w.kind is kind] for kind in RecordKind}
        heading(f"Actions ({len(actions) + len(new[RecordKind.ACTION])})  F3 adds")
        for a in actions:
            key = f"action-{a.id}"
            self.records[key] = Record(RecordKind.ACTION, a.id)
            options.append(Option(action_line(a), id=key))
        options += [Option(w.line(), disabled=True) for w in new[RecordKind.ACTION]]
        heading(f"Decisions ({len(decisions) + len(new[RecordKind.DECISION])})  F4 adds")
        for d in decisions:
            key = f"decision-{d.id}"
            self.records[key] = Record(RecordKind.DECISION, d.id)
            line = Text(d.text)
            if d.publishable:
                line.append(" [public]", style="bold")
            options.append(Option(line, id=key))
        options += [Option(w.line(), disabled=True) for w in new[RecordKind.DECISION]]
        declared = [*declarations, *(w.line() for w in new[RecordKind.DECLARATION])]
        if declared:
            heading(f"Interests declared ({len(declared)})  Ctrl+N adds")
            options += [Option(line, disabled=True) for line in declared]
        self.add_options(options)
        if highlighted is not None and self.records:
            # Stay near the same place, on a row that can be chosen (not a heading).
            indices = [self.get_option_index(key) for key in self.records]
            self.highlighted = min(indices, key=lambda i: (abs(i - highlighted), i))

    def selected(self) -> Record | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.records.get(option.id or "")

    def _ask(self, verb: str) -> None:
        record = self.selected()
        if record is not None:
            self.post_message(self.Chosen(verb, record))

    def action_edit(self) -> None:
        self._ask("edit")

    def action_update(self) -> None:
        self._ask("update")

    def action_delete(self) -> None:
        self._ask("delete")

    def action_move(self) -> None:
        self._ask("move")

    def action_publishable(self) -> None:
        self._ask("publishable")

    def action_back(self) -> None:
        self.post_message(self.Back())
