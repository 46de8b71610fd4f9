"""Small modal dialogs: confirm, prompt, choose, and the one-line action and decision entry.

Entry dialogs close the moment Enter is pressed on what is complete, and give it to their
caller, which shows it at once and has it saved behind the screen (see `MinutebookApp.change`):
nothing the clerk types waits on the database, and no key typed after Enter lands in a form
that is about to close.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from storage.corrections import Requested, find_target
from storage.dates import parse_time
from storage.domain import (
    FIELD_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    AttendanceStatus,
    Meeting,
    Person,
    RosterGroup,
    person_problem,
    valid_initials,
)
from storage.errors import BadInput
from tui.screens.base import caught_up
from tui.widgets.choice import Choice
from tui.widgets.completion import FieldCompletion
from tui.widgets.in_order import Field

ResultT = TypeVar("ResultT")


class EntryDialog(ModalScreen[ResultT]):
    """A form of one-line fields whose Enter and Tab the screen takes in turn with every
    other key.

    Enter and Tab are priority bindings, so the app runs them before it hands on the next
    key: the keys typed before one are in its field when it is read (`caught_up`), and the
    keys typed after it go where it has moved the cursor (the next field; the notes once
    Enter has closed the form). Keys typed before the form has its cursor go to its first
    field.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", "Save", show=False, priority=True, id="entry.enter"),
        Binding("tab", "move(1)", "Next", show=False, priority=True, id="entry.next"),
        Binding(
            "shift+tab", "move(-1)", "Previous", show=False, priority=True, id="entry.previous"
        ),
    ]

    async def action_move(self, steps: int) -> None:
        field = self.focused
        if field is not None:
            await caught_up(field)
        for completion in self.query(FieldCompletion):
            completion.action_hide()
        if steps > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def on_key(self, event: events.Key) -> None:
        """A key typed between the form being asked for and its first field taking the
        cursor: it belongs in that field, not lost."""
        if self.focused is not None or not event.is_printable or event.character is None:
            return
        fields = self.query(Input)
        if fields:
            event.stop()
            fields.first().focus()
            fields.first().insert_text_at_cursor(event.character)

    async def action_enter(self) -> None:
        field = self.focused
        if not isinstance(field, Input | Choice):
            return
        await caught_up(field)
        for completion in self.query(FieldCompletion):
            if completion.target is field and completion.take_chosen():
                return
        self.entered(field)

    def entered(self, field: Widget) -> None:
        """Enter in `field`: each form closes with what is complete, or says what is
        missing; here, Enter goes on to the next field."""
        self.focus_next()

    def say(self, problem: str) -> None:
        """Show why the entry is refused (plain text: it may quote what was typed)."""
        self.query_one(".dialog-error", Static).update(Text(problem))


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
            yield Static(Text(self.title_text), classes="dialog-title")  # may hold a name
            for key, label, _ in self.choices:
                yield Static(Text.assemble((key, "bold"), f"  {label}"), classes="dialog-choice")
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
            yield Static(Text(self.title_text), classes="dialog-title")
            field = Field(self.value, placeholder=self.placeholder, id="prompt-input")
            yield field
            if self.candidates:
                yield FieldCompletion(field, candidates=self.candidates)
            yield Static("", classes="dialog-error")

    def entered(self, field: Widget) -> None:
        value = self.query_one("#prompt-input", Input).value
        problem = self.check(value) if self.check else None
        if problem:
            self.say(problem)
            return
        self.dismiss(value)


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
                owner = Field(self.initial.owner, placeholder="Owner", id="action-owner")
                yield owner
                yield Field(self.initial.text, placeholder="What is to be done", id="action-text")
                yield Field(
                    self.initial.due, placeholder="Due (e.g. at the June Board)", id="action-due"
                )
            yield Static("", classes="dialog-error")
        yield FieldCompletion(owner, candidates=self.owners)

    def entered(self, field: Widget) -> None:
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
            yield Field(self.initial, placeholder="What was decided", id="decision-text")
            yield Static("", classes="dialog-error")

    def entered(self, field: Widget) -> None:
        text = self.query_one("#decision-text", Input).value.strip()
        if not text:
            self.say("Say what was decided.")
            return
        self.dismiss(text)


@dataclass(frozen=True, slots=True)
class PersonFields:
    """A person to add to the meeting: a known one (`person_id`) or a new one, with their
    mark and note, and whether to put them on the committee's roster (`roster` None: only
    this meeting)."""

    person_id: int | None
    name: str
    role: str
    organisation: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    note: str = ""
    roster: RosterGroup | None = None


STATUS_CHOICES = [
    (AttendanceStatus.PRESENT.value, "present"),
    (AttendanceStatus.IN_ATTENDANCE.value, "in attendance"),
    (AttendanceStatus.APOLOGIES.value, "apologies"),
    (AttendanceStatus.ABSENT.value, "absent"),
    (AttendanceStatus.EXPECTED.value, "not yet marked"),
]
ROSTER_CHOICES = [
    ("", "only this meeting"),
    (RosterGroup.MEMBER.value, "member"),
    (RosterGroup.OFFICER.value, "officer or adviser in attendance"),
    (RosterGroup.SECRETARIAT.value, "secretariat"),
]


class AddPersonDialog(EntryDialog[PersonFields | None]):
    """Add someone to the attendance: a known person, or a new one by name, role and
    organisation; with their mark, a note, and whether they join the roster."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="add_person.cancel", tooltip="Cancel")
    ]

    def __init__(
        self,
        known: dict[str, Person],
        organisations: Sequence[str],
        *,
        on_roster: Collection[int] = (),
    ) -> None:
        """`known` maps a person's label to them; `on_roster` are the ids already there."""
        super().__init__(classes="dialog")
        self.known = known
        self.organisations = list(organisations)
        self.on_roster = set(on_roster)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(
                "Add a person (Enter adds, Tab moves, ←/→ change a choice, Escape cancels)",
                classes="dialog-title",
            )
            name = Field(
                placeholder="Name (optional) or a known person",
                id="person-name",
                max_length=NAME_LENGTH,
            )
            yield name
            yield Field(placeholder="Role", id="person-role", max_length=FIELD_LENGTH)
            organisation = Field(
                placeholder="Organisation", id="person-organisation", max_length=FIELD_LENGTH
            )
            yield organisation
            yield Choice("Marked", STATUS_CHOICES, id="person-status")
            yield Field(
                placeholder="Note (e.g. observer; for item 5 only)",
                id="person-note",
                max_length=NOTE_LENGTH,
            )
            yield Choice("Roster", ROSTER_CHOICES, id="person-roster")
            yield Static("", classes="dialog-error")
        yield FieldCompletion(name, candidates=list(self.known))
        yield FieldCompletion(organisation, candidates=self.organisations)

    def entered(self, field: Widget) -> None:
        name = " ".join(self.query_one("#person-name", Input).value.split())
        status = AttendanceStatus(self.query_one("#person-status", Choice).value)
        note = " ".join(self.query_one("#person-note", Input).value.split())
        roster_value = self.query_one("#person-roster", Choice).value
        roster = RosterGroup(roster_value) if roster_value else None
        person = self.known.get(name)
        if person is not None:
            if person.id in self.on_roster:
                roster = None
            self.dismiss(
                PersonFields(
                    person.id,
                    person.name or "",
                    person.role,
                    person.organisation,
                    status,
                    note,
                    roster,
                )
            )
            return
        if field.id in ("person-name", "person-role"):
            self.focus_next()
            return
        role = " ".join(self.query_one("#person-role", Input).value.split())
        organisation = " ".join(self.query_one("#person-organisation", Input).value.split())
        problem = person_problem(name, role, organisation)
        if problem:
            self.say(f"{problem[0].upper()}{problem[1:]}.")
            return
        self.dismiss(PersonFields(None, name, role, organisation, status, note, roster))


@dataclass(frozen=True, slots=True)
class MomentFields:
    """When someone arrived or left: a time ("HH:MM"), an item, or both."""

    time: str
    item_id: int | None


class MomentDialog(EntryDialog[MomentFields | None]):
    """The time and / or the item during which someone arrived or left, for a clerk
    writing up afterwards as much as during the meeting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="moment.cancel", tooltip="Cancel")
    ]

    def __init__(
        self, title: str, items: dict[str, int], *, time: str = "", item: str = ""
    ) -> None:
        """`items` maps an item's label ("4 Early Help") to its id."""
        super().__init__(classes="dialog")
        self.title_text = title
        self.items = items
        self.time = time
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(f"{self.title_text} (Enter saves, Escape cancels)", classes="dialog-title")
            yield Field(
                self.time,
                placeholder="Time, e.g. 13:40 or 1.40pm (empty: not known)",
                id="moment-time",
                max_length=12,
            )
            item = Field(
                self.item,
                placeholder="During item (number or title; empty: not known)",
                id="moment-item",
                max_length=FIELD_LENGTH,
            )
            yield item
            yield Static("", classes="dialog-error")
        yield FieldCompletion(item, candidates=list(self.items))

    def entered(self, field: Widget) -> None:
        if field.id == "moment-time":
            self.focus_next()
            return
        time_text = self.query_one("#moment-time", Input).value.strip()
        item_text = " ".join(self.query_one("#moment-item", Input).value.split())
        try:
            time = parse_time(time_text) if time_text else ""
        except BadInput as problem:
            self.say(f"{problem}.")
            self.query_one("#moment-time", Input).focus()
            return
        item_id = self._item(item_text)
        if item_text and item_id is None:
            self.say(f"No item {item_text!r}: give its number, or choose it with ↓.")
            return
        if not time and item_id is None:
            self.say("Give a time, an item or both (c on the list clears both).")
            return
        self.dismiss(MomentFields(time, item_id))

    def _item(self, text: str) -> int | None:
        """The item a clerk means: its whole label, or its number ("4", "4.")."""
        if text in self.items:
            return self.items[text]
        number = text.rstrip(".").casefold()
        found = [i for label, i in self.items.items() if label.split(" ")[0].rstrip(".") == number]
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class RosterFields:
    """Someone on the roster as the roster form gives them."""

    name: str
    role: str
    organisation: str
    group: RosterGroup
    voting: bool
    initials: str


GROUP_CHOICES = [
    (RosterGroup.MEMBER.value, "member"),
    (RosterGroup.OFFICER.value, "officer or adviser in attendance"),
    (RosterGroup.SECRETARIAT.value, "secretariat"),
]
VOTING_CHOICES = [("yes", "voting"), ("no", "not voting")]


class RosterEntryDialog(EntryDialog[RosterFields | None]):
    """Add or change someone on the committee's roster."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="roster_entry.cancel", tooltip="Cancel")
    ]

    def __init__(
        self, title: str, organisations: Sequence[str], *, initial: RosterFields | None = None
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.organisations = list(organisations)
        self.initial = initial or RosterFields("", "", "", RosterGroup.MEMBER, True, "")

    def compose(self) -> ComposeResult:
        start = self.initial
        with Vertical(classes="dialog-box wide"):
            yield Static(
                f"{self.title_text} (Enter saves, Tab moves, ←/→ change a choice, Escape cancels)",
                classes="dialog-title",
            )
            yield Field(
                start.name, placeholder="Name (optional)", id="roster-name", max_length=NAME_LENGTH
            )
            yield Field(start.role, placeholder="Role", id="roster-role", max_length=FIELD_LENGTH)
            organisation = Field(
                start.organisation,
                placeholder="Organisation",
                id="roster-organisation",
                max_length=FIELD_LENGTH,
            )
            yield organisation
            yield Choice("Group", GROUP_CHOICES, value=start.group.value, id="roster-group")
            yield Choice(
                "Vote", VOTING_CHOICES, value="yes" if start.voting else "no", id="roster-voting"
            )
            yield Field(
                start.initials,
                placeholder="Initials in the minutes (optional), e.g. JT",
                id="roster-initials",
                max_length=20,
            )
            yield Static("", classes="dialog-error")
        yield FieldCompletion(organisation, candidates=self.organisations)

    def entered(self, field: Widget) -> None:
        value = {i.id: " ".join(i.value.split()) for i in self.query(Input)}
        if field.id in ("roster-name", "roster-role") and not value["roster-organisation"]:
            self.focus_next()
            return
        name, role = value["roster-name"], value["roster-role"]
        organisation, initials = value["roster-organisation"], value["roster-initials"]
        problem = person_problem(name, role, organisation)
        if problem:
            self.say(f"{problem[0].upper()}{problem[1:]}.")
            return
        if not valid_initials(initials):
            self.say("Initials are letters only, e.g. JT.")
            return
        self.dismiss(
            RosterFields(
                name,
                role,
                organisation,
                RosterGroup(self.query_one("#roster-group", Choice).value),
                self.query_one("#roster-voting", Choice).value == "yes",
                initials,
            )
        )


@dataclass(frozen=True, slots=True)
class ItemFields:
    """An agenda item as the clerk typed it, and where it goes (`place`, one of the
    dialog's `places`; empty when an item is changed, not added)."""

    title: str
    presenter: str
    place: str = ""


class ItemDialog(EntryDialog[ItemFields | None]):
    """Add an agenda item (with where it goes), or change one's title and presenter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="item_dialog.cancel", tooltip="Cancel")
    ]

    def __init__(
        self,
        title: str,
        presenters: Sequence[str],
        *,
        initial: ItemFields | None = None,
        places: Sequence[tuple[str, str]] = (),
    ) -> None:
        """`places` are (value, as shown) pairs, the first chosen; none when changing."""
        super().__init__(classes="dialog")
        self.title_text = title
        self.presenters = list(presenters)
        self.initial = initial or ItemFields("", "")
        self.places = list(places)

    def compose(self) -> ComposeResult:
        start = self.initial
        with Vertical(classes="dialog-box wide"):
            hint = "Enter saves, Tab moves, ←/→ change the place" if self.places else "Enter saves"
            yield Static(f"{self.title_text} ({hint}, Escape cancels)", classes="dialog-title")
            yield Field(start.title, placeholder="Title", id="item-title", max_length=FIELD_LENGTH)
            presenter = Field(
                start.presenter,
                placeholder="Presenter (optional)",
                id="item-presenter",
                max_length=FIELD_LENGTH,
            )
            yield presenter
            if self.places:
                yield Choice("Place", self.places, id="item-place")
            yield Static("", classes="dialog-error")
        yield FieldCompletion(presenter, candidates=self.presenters)

    def entered(self, field: Widget) -> None:
        title = " ".join(self.query_one("#item-title", Input).value.split())
        presenter = " ".join(self.query_one("#item-presenter", Input).value.split())
        if not title:
            if field.id == "item-title":
                self.say("An item needs a title.")
            self.query_one("#item-title", Input).focus()
            return
        place = self.query_one("#item-place", Choice).value if self.places else ""
        self.dismiss(ItemFields(title, presenter, place))


class ApprovalDialog(EntryDialog[list[Requested] | None]):
    """Approve earlier minutes: as a true record, or with corrections, each checked
    against those minutes as it is added."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="approval.cancel", tooltip="Cancel"),
        Binding(
            "ctrl+s",
            "approve",
            "Approve",
            priority=True,
            id="approval.approve",
            tooltip="Approve the minutes with the corrections listed",
        ),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self.earlier: Meeting | None = None
        """The minutes to approve, once read (`minutes_found`)."""
        self.corrections: list[Requested] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(Text("Reading the minutes awaiting approval…"), classes="dialog-title")
            yield Field(placeholder="Item corrected (its number: 5, 5.1)", id="correct-item")
            yield Field(placeholder="What the minutes said (words found once)", id="correct-said")
            yield Field(placeholder="What they now say", id="correct-now")
            yield Static(Text("No corrections: agreed as a true record."), id="corrections")
            yield Static("", classes="dialog-error")

    def minutes_found(self, earlier: Meeting) -> None:
        self.earlier = earlier
        if self.is_mounted:
            self.show_title()

    def on_mount(self) -> None:
        if self.earlier is not None:  # read before the form was drawn
            self.show_title()

    def show_title(self) -> None:
        assert self.earlier is not None
        earlier = self.earlier
        self.query_one(".dialog-title", Static).update(
            Text(
                f"Approve the minutes of {earlier.date:%d %B %Y}: Ctrl+S approves them as a "
                "true record with the corrections listed; Enter on the last field adds a "
                "correction; Escape cancels"
            )
        )

    def entered(self, field: Widget) -> None:
        if field.id != "correct-now":
            self.focus_next()
            return
        if self.earlier is None:
            self.say("A moment: the minutes are still being read.")
            return
        fields = [self.query_one(f"#correct-{n}", Input) for n in ("item", "said", "now")]
        wanted = Requested(*(f.value for f in fields))
        try:
            find_target(self.earlier, wanted)
        except BadInput as refused:
            self.say(f"{str(refused)[0].upper()}{str(refused)[1:]}.")
            return
        self.corrections.append(wanted)
        listed = Text("Corrections:")
        for c in self.corrections:
            listed.append(f"\n  item {c.item}: for “{c.said}” read “{c.now_says}”")
        self.query_one("#corrections", Static).update(listed)
        for f in fields:
            f.value = ""
        self.say("")
        fields[0].focus()

    def action_approve(self) -> None:
        if self.earlier is None:
            self.say("A moment: the minutes are still being read.")
            return
        self.dismiss(self.corrections)
