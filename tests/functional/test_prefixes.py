"""The typed prefixes that turn a notes line into an action or a decision."""

from __future__ import annotations

import pytest

from storage import Repository
from tests.functional.conftest import settled
from tui.app import MinutebookApp
from tui.widgets.notes import TypedAction, TypedDecision, parse_prefixed_line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "ACTION: Probation - bring findings - at the June Board",
            TypedAction("Probation", "bring findings", "at the June Board"),
        ),
        ("action: CF - circulate the plan", TypedAction("CF", "circulate the plan")),
        ("Action: send the slides", TypedAction("", "send the slides")),
        (
            "ACTION: SCC - Early Help - new ways - by 1 June 2024",
            TypedAction("SCC", "Early Help - new ways", "by 1 June 2024"),
        ),
        ("ACTION: Police – review – June", TypedAction("Police", "review", "June")),
        ("DECISION: Minutes agreed", TypedDecision("Minutes agreed")),
        ("  decision:approved", TypedDecision("approved")),
        ("ACTION:", None),
        ("The action: none", None),
        ("Actions were reviewed", None),
    ],
)
def test_prefixed_lines(line: str, expected: object) -> None:
    assert parse_prefixed_line(line) == expected


async def test_a_typed_action_keeps_the_line_it_was_typed_after(
    capture_app: MinutebookApp, repo: Repository, meeting_id: int
) -> None:
    async with capture_app.run_test(size=(160, 45)) as pilot:
        await pilot.press(*"Opening words.", "enter", *"The **HMIP** inspection.", "enter")
        await pilot.press("enter", *"ACTION: Probation - bring the findings - June", "enter")
        await pilot.press(*"ACTION: CF - circulate them", "enter", *"Closing words.")
        await settled(capture_app, pilot)
    first, second = repo.meeting(meeting_id).actions
    assert (first.owner, first.after_text) == ("Probation", "The **HMIP** inspection.")
    assert (second.owner, second.after_text) == ("CF", "The **HMIP** inspection.")
