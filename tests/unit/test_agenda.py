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
