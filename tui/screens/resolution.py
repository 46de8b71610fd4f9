"""The decision form, which also records a resolution: its motion, the votes, the result.

A plain decision is one line and Enter, as ever. Tab goes on to the motion: mover and
seconder (completed from the voting members present), the counts, the result, and, when
a recorded vote is asked for, each member's vote. The form refuses a motion the meeting
could not have had (`storage.motions`), saying why, before it closes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from storage.domain import Decision, Motion, MotionResult, Person, Vote, VoteCast, labelled
from storage.motions import able_to_vote, motion_problem
from tui.screens.dialogs import EntryDialog
from tui.widgets.choice import Choice
from tui.widgets.completion import FieldCompletion
from tui.widgets.in_order import Field
from tui.widgets.records import RecordKind, RecordList, Waiting

if TYPE_CHECKING:
    from tui.screens.capture import CaptureScreen

RESULT_CHOICES = [(result.value, result.value) for result in MotionResult]
VOTE_CHOICES = [("", "—"), *((cast.value, cast.value) for cast in VoteCast)]
_COUNTS = (("votes_for", "For"), ("votes_against", "Against"), ("abstained", "Abstentions"))


@dataclass(frozen=True, slots=True)
class ResolutionFields:
    """What was decided and, for a resolution, its motion (None: a plain decision)."""

    text: str
    motion: Motion | None = None


class ResolutionEntry(EntryDialog[ResolutionFields | None]):
    """A decision at the foot of the screen, with its motion if it had one."""

    DEFAULT_CSS = """
    ResolutionEntry #recorded-vote { height: auto; max-height: 8; }
    ResolutionEntry .count { width: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="resolution.cancel", tooltip="Cancel"),
    ]

    def __init__(
        self,
        voters: dict[str, Person],
        check: Callable[[Motion], str | None],
        *,
        initial: Decision | None = None,
        title: str = "New decision",
    ) -> None:
        """`voters` are the voting members who may vote on the item, by label; `check`
        says what is wrong with a motion, or None."""
        super().__init__(classes="entry")
        self.voters = voters
        self.check = check
        self.initial = initial
        self.title_text = title

    def compose(self) -> ComposeResult:
        motion = self.initial.motion if self.initial else None
        label = {p.id: name for name, p in self.voters.items()}

        def named(person_id: int | None) -> str:
            return label.get(person_id, "") if person_id is not None else ""

        with Vertical(classes="entry-box"):
            yield Label(
                f"{self.title_text}  (Enter saves; Tab goes on to a motion; Escape cancels)",
                classes="entry-title",
            )
            yield Field(
                self.initial.text if self.initial else "",
                placeholder="What was decided (that …)",
                id="decision-text",
            )
            with Horizontal(classes="entry-row"):
                mover = Field(
                    named(motion.mover_id if motion else None), placeholder="Moved by", id="mover"
                )
                yield mover
                seconder = Field(
                    named(motion.seconder_id if motion else None),
                    placeholder="Seconded by",
                    id="seconder",
                )
                yield seconder
                for name, shown in _COUNTS:
                    count = getattr(motion, name) if motion else None
                    yield Field(
                        "" if count is None else str(count),
                        placeholder=shown,
                        id=name,
                        max_length=3,
                        classes="count",
                    )
            yield Choice(
                "Result", RESULT_CHOICES, value=motion.result.value if motion else None, id="result"
            )
            if self.voters:
                cast = {v.person_id: v.vote.value for v in motion.votes} if motion else {}
                with VerticalScroll(id="recorded-vote", can_focus=False):
                    for number, (name, person) in enumerate(self.voters.items()):
                        yield Choice(
                            name, VOTE_CHOICES, value=cast.get(person.id, ""), id=f"vote-{number}"
                        )
            yield Static("", classes="dialog-error")
        yield FieldCompletion(mover, candidates=list(self.voters))
        yield FieldCompletion(seconder, candidates=list(self.voters))

    def _text(self, field_id: str) -> str:
        return " ".join(self.query_one(f"#{field_id}", Input).value.split())

    def entered(self, field: Widget) -> None:
        text = self._text("decision-text")
        if not text:
            self.say("Say what was decided.")
            self.query_one("#decision-text", Input).focus()
            return
        motion = self.motion()
        if isinstance(motion, str):
            self.say(motion)
            return
        problem = self.check(motion) if motion is not None else None
        if problem:
            self.say(f"{problem[0].upper()}{problem[1:]}.")
            return
        self.dismiss(ResolutionFields(text, motion))

    def motion(self) -> Motion | str | None:
        """The motion as the form gives it; None if none is given; what is wrong, as text."""
        people: dict[str, int | None] = {}
        for role in ("mover", "seconder"):
            name = self._text(role)
            person = self.voters.get(name)
            if name and person is None:
                return f"No voting member present is {name!r}: choose one with ↓."
            people[role] = person.id if person else None
        counts: dict[str, int | None] = {}
        for name, shown in _COUNTS:
            count = self._text(name)
            if count and not count.isdigit():
                return f"{shown}: give a number of votes, not {count!r}."
            counts[name] = int(count) if count else None
        votes = self._recorded()
        if votes and not any(n is not None for n in counts.values()):
            tally = Counter(v.vote for v in votes)
            counts = {name: tally[cast] for (name, _), cast in zip(_COUNTS, VoteCast, strict=True)}
        result = MotionResult(self.query_one("#result", Choice).value)
        given = any(people.values()) or any(n is not None for n in counts.values()) or votes
        if not given and result is MotionResult.CARRIED:
            return None
        return Motion(
            mover_id=people["mover"],
            seconder_id=people["seconder"],
            result=result,
            votes=votes,
            **counts,
        )

    def _recorded(self) -> tuple[Vote, ...]:
        """Each member's vote, where a recorded vote was taken."""
        votes = []
        for number, person in enumerate(self.voters.values()):
            value = self.query_one(f"#vote-{number}", Choice).value
            if value:
                votes.append(Vote(person.id, VoteCast(value)))
        return tuple(votes)


def enter_decision(screen: CaptureScreen, decision: Decision | None = None) -> None:
    """The decision form for the current item (a new decision), or for `decision`; what
    is entered is shown at once and saved behind the screen."""
    item_id = decision.item_id if decision is not None else screen.current_id
    if item_id is None:
        return
    meeting = screen.meeting
    voters = labelled(a.person for a in able_to_vote(meeting, item_id))

    def check(motion: Motion) -> str | None:
        return motion_problem(meeting, item_id, motion)

    def entered(fields: ResolutionFields | None) -> None:
        if fields is not None and decision is None:
            screen.save_change(
                f"decision {fields.text}",
                lambda: screen.repository.add_decision(item_id, fields.text, fields.motion),
                waiting=Waiting(item_id, RecordKind.DECISION, fields.text),
            )
        elif fields is not None and decision is not None:
            screen.save_change(
                f"decision {fields.text}",
                lambda: screen.repository.update_decision(
                    decision.id, fields.text, motion=fields.motion
                ),
            )
        if decision is None:
            screen.action_focus_notes()
        else:
            screen.query_one(RecordList).focus()

    title = "New decision" if decision is None else "Edit decision"
    screen.app.push_screen(ResolutionEntry(voters, check, initial=decision, title=title), entered)
