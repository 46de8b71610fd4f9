"""The plain-text agenda format."""

from __future__ import annotations

import pytest

from storage import BadInput
from storage.agenda import AgendaRow, parse_agenda


def test_rows_of_every_kind() -> None:
    rows = parse_agenda(
        "1. Minutes and actions\n\n# Agenda Items for Discussion\n"
        "4) Early Help | Early Help lead\n- Lived experience\n* Issues Log\nAny Other Business\n"
    )
    assert rows == [
        AgendaRow("Minutes and actions"),
        AgendaRow("Agenda Items for Discussion", is_section=True),
        AgendaRow("Early Help", presenter="Early Help lead"),
        AgendaRow("Lived experience", numbered=False),
        AgendaRow("Issues Log", numbered=False),
        AgendaRow("Any Other Business"),
    ]


def test_titles_that_start_with_a_number_keep_it_without_a_dot() -> None:
    assert parse_agenda("2024 budget")[0].title == "2024 budget"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Minutes\n#\n", "line 2: a '#' heading needs a title"),
        ("Minutes\n- \n", "line 2: an item needs a title"),
        ("| Chair\n", "line 1: an item needs a title"),
        ("Minutes | Chair | Clerk\n", "only one '|'"),
        ("# Only a heading\n", "no agenda items"),
        ("", "no agenda items"),
        ("Minutes\x07\n", "control characters"),
    ],
)
def test_malformed_agendas_are_named(text: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_agenda(text, source="agenda.txt")


def test_sub_items_typed_with_their_number_or_indented() -> None:
    rows = parse_agenda(
        "1. Minutes\n5. Finance\n5.1 Budget monitoring | Treasurer\n5.2. Audit plan\n"
        "Safeguarding\n    Annual report\n    - Case review (verbal)\n"
        "# Part B\n  Exempt item\n"
    )
    assert [(r.title, r.sub_item, r.numbered) for r in rows] == [
        ("Minutes", False, True),
        ("Finance", False, True),
        ("Budget monitoring", True, True),
        ("Audit plan", True, True),
        ("Safeguarding", False, True),
        ("Annual report", True, True),
        ("Case review (verbal)", True, False),
        ("Part B", False, True),
        ("Exempt item", False, True),  # indented under a heading, not under an item
    ]
    assert rows[2].presenter == "Treasurer"


def test_an_agenda_indented_throughout_has_no_sub_items() -> None:
    rows = parse_agenda("   Welcome\n   Minutes\n   Any other business\n")
    assert not any(row.sub_item for row in rows)
