"""Small modal dialogs: confirm, prompt, choose, and the one-line action and decision entry.

Entry dialogs close the moment Enter is pressed on what is complete, and give it to their
caller, which shows it at once and has it saved behind the screen (see `MinutebookApp.change`):
nothing the clerk types waits on the database, and no key typed after Enter lands in a form
that is about to close.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.widgets.completion import FieldCompletion

ResultT = TypeVar("ResultT")


async def caught_up(widget: Widget) -> None:
    """Return once `widget` has handled every message already sent to it."""
    handled = asyncio.Event()
    widget.call_later(handled.set)
    await handled.wait()


class EntryDialog(ModalScreen[ResultT]):
    """A form of one-line fields whose Enter the screen takes in turn with every other key.

    Enter is a priority binding, so the app runs it before it hands on the next key: the
    keys typed before it are in the fields when they are read (`caught_up`), and once it
    has closed the form the keys typed after it go where the cursor is now, the notes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Save", show=False, priority=True, id="entry.enter")
    ]

    async def action_enter(self) -> None:
        field = self.focused
        if not isinstance(field, Input):
            return
        await caught_up(field)
        for completion in self.query(FieldCompletion):
            if completion.target is field and completion.take_chosen():
                return
        self.entered(field)

    def entered(self, field: Input) -> None:
        """Enter in `field`: each form closes with what is complete, or says what is
        missing; here, Enter goes on to the next field."""
        self.focus_next()

    def say(self, problem: str) -> None:
        self.query_one(".dialog-error", Static).update(problem)


class ConfirmDialog(ModalScreen[bool]):
    """A yes / no question: y or Enter says yes, n or Escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Leave it as it is"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-title")
            yield Static("[b]y[/b] yes   [b]n[/b] no", classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few choices with one key each; Escape picks none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice.cancel", tooltip="Cancel")
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str, str]]) -> None:
        """`choices` are (key, label, value) triples."""
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            for key, label, _ in self.choices:
                yield Static(f"[b]{key}[/b]  {label}", classes="dialog-choice")
            yield Static("Escape: cancel", classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        for choice_key, _, value in self.choices:
            if event.key == choice_key:
                event.stop()
                self.dismiss(value)
                return


class PromptDialog(EntryDialog[str | None]):
    """One line of input; Enter answers, Escape cancels; `check` may refuse with a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel", tooltip="Cancel")
    ]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        candidates: Sequence[str] = (),
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.candidates = list(candidates)
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            field = Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield field
            if self.candidates:
                yield FieldCompletion(field, candidates=self.candidates)
            yield Static("", classes="dialog-error")

    def entered(self, field: Input) -> None:
        problem = self.check(field.value) if self.check else None
        if problem:
            self.say(problem)
            return
        self.dismiss(field.value)


@dataclass(frozen=True, slots=True)
class ActionFields:
    """What the clerk typed for an action."""

    owner: str
    text: str
    due: str


class ActionEntry(EntryDialog[ActionFields | None]):
    """A one-line action entry at the foot of the screen: owner, what, by when."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="action_entry.cancel", tooltip="Cancel"),
    ]

    def __init__(
        self,
        owners: Sequence[str],
        *,
        initial: ActionFields | None = None,
        title: str = "New action",
    ) -> None:
        super().__init__(classes="entry")
        self.owners = list(owners)
        self.initial = initial or ActionFields("", "", "")
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-box"):
            yield Label(
                f"{self.title_text}  (Tab moves, Enter saves, Escape cancels)",
                classes="entry-title",
            )
            with Horizontal(classes="entry-row"):
                owner = Input(self.initial.owner, placeholder="Owner", id="action-owner")
                yield owner
                yield Input(self.initial.text, placeholder="What is to be done", id="action-text")
                yield Input(
                    self.initial.due, placeholder="Due (e.g. at the June Board)", id="action-due"
                )
            yield Static("", classes="dialog-error")
        yield FieldCompletion(owner, candidates=self.owners)

    def entered(self, field: Input) -> None:
        fields = ActionFields(
            owner=self.query_one("#action-owner", Input).value.strip(),
            text=self.query_one("#action-text", Input).value.strip(),
            due=self.query_one("#action-due", Input).value.strip(),
        )
        if not fields.text:
            if field.id != "action-owner":
                self.say("Say what is to be done.")
            self.query_one("#action-text", Input).focus()
            return
        self.dismiss(fields)


class DecisionEntry(EntryDialog[str | None]):
    """A one-line decision entry at the foot of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="decision_entry.cancel", tooltip="Cancel"),
    ]

    def __init__(self, *, initial: str = "", title: str = "New decision") -> None:
        super().__init__(classes="entry")
        self.initial = initial
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-box"):
            yield Label(f"{self.title_text}  (Enter saves, Escape cancels)", classes="entry-title")
            yield Input(self.initial, placeholder="What was decided", id="decision-text")
            yield Static("", classes="dialog-error")

    def entered(self, field: Input) -> None:
        text = field.value.strip()
        if not text:
            self.say("Say what was decided.")
            return
        self.dismiss(text)


@dataclass(frozen=True, slots=True)
class PersonFields:
    """A person to add to the meeting: a known one (`person_id`) or a new one."""

    person_id: int | None
    name: str
    role: str
    organisation: str


class AddPersonDialog(EntryDialog[PersonFields | None]):
    """Add someone to the attendance: pick a known person, or type a role and organisation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="add_person.cancel", tooltip="Cancel")
    ]

    def __init__(self, known: dict[str, tuple[int, str, str, str]], organisations: Sequence[str]):
        """`known` maps a person's label to (id, name, role, organisation)."""
        super().__init__(classes="dialog")
        self.known = known
        self.organisations = list(organisations)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static("Add a person (Enter adds, Escape cancels)", classes="dialog-title")
            name = Input(placeholder="Name (optional) or a known person", id="person-name")
            yield name
            yield Input(placeholder="Role", id="person-role")
            organisation = Input(placeholder="Organisation", id="person-organisation")
            yield organisation
            yield Static("", classes="dialog-error")
        yield FieldCompletion(name, candidates=list(self.known))
        yield FieldCompletion(organisation, candidates=self.organisations)

    def entered(self, field: Input) -> None:
        name = self.query_one("#person-name", Input).value.strip()
        if name in self.known:
            person_id, known_name, role, organisation = self.known[name]
            self.dismiss(PersonFields(person_id, known_name, role, organisation))
            return
        if field.id != "person-organisation":
            self.focus_next()
            return
        role = self.query_one("#person-role", Input).value.strip()
        organisation = self.query_one("#person-organisation", Input).value.strip()
        if not (name or role or organisation):
            self.say("Give a name, a role or an organisation.")
            return
        self.dismiss(PersonFields(None, name, role, organisation))
