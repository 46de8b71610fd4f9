"""The typed prefixes that turn a notes line into an action or a decision."""

from __future__ import annotations

import pytest

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
