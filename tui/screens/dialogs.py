"""Small modal dialogs: confirm, prompt, choose, and the one-line action and decision entry.

Entry dialogs save through a callback before they close, so a failed write keeps the
dialog open with the clerk's words in it and a one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.widgets.completion import FieldCompletion


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


class PromptDialog(ModalScreen[str | None]):
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

    @on(Input.Submitted)
    def answer(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            self.query_one(".dialog-error", Static).update(problem)
            return
        self.dismiss(event.value)


@dataclass(frozen=True, slots=True)
class ActionFields:
    """What the clerk typed for an action."""

    owner: str
    text: str
    due: str


class ActionEntry(ModalScreen[ActionFields | None]):
    """A one-line action entry at the foot of the screen: owner, what, by when."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="action_entry.cancel", tooltip="Cancel"),
    ]

    def __init__(
        self,
        owners: Sequence[str],
        save: Callable[[ActionFields], str | None],
        *,
        initial: ActionFields | None = None,
        title: str = "New action",
    ) -> None:
        super().__init__(classes="entry")
        self.owners = list(owners)
        self.save = save
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

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        fields = ActionFields(
            owner=self.query_one("#action-owner", Input).value.strip(),
            text=self.query_one("#action-text", Input).value.strip(),
            due=self.query_one("#action-due", Input).value.strip(),
        )
        if not fields.text:
            if event.input.id == "action-owner":
                self.query_one("#action-text", Input).focus()
                return
            self.query_one(".dialog-error", Static).update("Say what is to be done.")
            self.query_one("#action-text", Input).focus()
            return
        problem = self.save(fields)
        if problem:
            self.query_one(".dialog-error", Static).update(problem)
            return
        self.dismiss(fields)


class DecisionEntry(ModalScreen[str | None]):
    """A one-line decision entry at the foot of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="decision_entry.cancel", tooltip="Cancel"),
    ]

    def __init__(
        self, save: Callable[[str], str | None], *, initial: str = "", title: str = "New decision"
    ) -> None:
        super().__init__(classes="entry")
        self.save = save
        self.initial = initial
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="entry-box"):
            yield Label(f"{self.title_text}  (Enter saves, Escape cancels)", classes="entry-title")
            yield Input(self.initial, placeholder="What was decided", id="decision-text")
            yield Static("", classes="dialog-error")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.query_one(".dialog-error", Static).update("Say what was decided.")
            return
        problem = self.save(text)
        if problem:
            self.query_one(".dialog-error", Static).update(problem)
            return
        self.dismiss(text)


@dataclass(frozen=True, slots=True)
class PersonFields:
    """A person to add to the meeting: a known one (`person_id`) or a new one."""

    person_id: int | None
    name: str
    role: str
    organisation: str


class AddPersonDialog(ModalScreen[PersonFields | None]):
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

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#person-name", Input).value.strip()
        if name in self.known:
            person_id, known_name, role, organisation = self.known[name]
            self.dismiss(PersonFields(person_id, known_name, role, organisation))
            return
        if event.input.id != "person-organisation" and event.input.id is not None:
            self.focus_next()
            return
        role = self.query_one("#person-role", Input).value.strip()
        organisation = self.query_one("#person-organisation", Input).value.strip()
        if not (name or role or organisation):
            self.query_one(".dialog-error", Static).update(
                "Give a name, a role or an organisation."
            )
            return
        self.dismiss(PersonFields(None, name, role, organisation))
