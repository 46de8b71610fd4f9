"""Property: any text a person can type or paste exports to a document python-docx opens."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exports
from exports.public import Unpublishable
from storage.domain import (
    Action,
    AttendanceStatus,
    Attendee,
    Committee,
    Decision,
    Item,
    Meeting,
    Person,
    PublicationRules,
    Section,
)

# Every code point, surrogates and control characters included.
ANY_CHARACTER = st.characters(codec=None, categories=None)
any_text = st.text(ANY_CHARACTER, max_size=60)
# Notes: arbitrary characters mixed with the pieces of markup, so lists, emphasis and
# redactions (closed or not) are exercised too.
MARKUP = st.sampled_from(["\n", "\n\n", "- ", "  - ", "* ", "1. ", "2) ", "**", "*", "||", "\t"])
notes_text = st.lists(st.one_of(any_text, MARKUP), max_size=25).map("".join)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    people = [
        Person(id=n, name=draw(st.one_of(st.none(), any_text)), role=draw(any_text),
               organisation=draw(any_text))
        for n in range(1, 4)
    ]  # fmt: skip
    attendees = tuple(
        Attendee(
            id=n,
            person=person,
            status=draw(st.sampled_from(list(AttendanceStatus))),
            deputising_for=people[0] if n == 2 else None,
            note=draw(any_text),
            arrived_at=dt.datetime(2024, 3, 11, 13, 40, tzinfo=dt.UTC) if n == 3 else None,
            arrived_item_id=2,
        )
        for n, person in enumerate(people, start=1)
    )
    items = tuple(
        Item(
            id=n,
            meeting_id=1,
            title=draw(any_text),
            section_id=10 if n == 3 else None,
            position=n,
            number=f"{n}." if n != 2 else "",
            presenter=draw(any_text),
            notes=draw(notes_text),
            confidential=n == 3 and draw(st.booleans()),
        )
        for n in range(1, 4)
    )
    actions = tuple(
        Action(
            id=n,
            committee_id=1,
            owner=draw(any_text),
            text=draw(any_text),
            meeting_id=1,
            item_id=n,
            due_text=draw(any_text),
        )
        for n in range(1, 3)
    )
    return Meeting(
        id=1,
        committee=Committee(id=1, name=draw(any_text), protective_marking=draw(any_text)),
        date=dt.date(2024, 3, 11),
        venue=draw(any_text),
        attendees=attendees,
        sections=(Section(id=10, title=draw(any_text)),),
        items=items,
        actions=actions,
        decisions=(Decision(id=1, meeting_id=1, text=draw(any_text), item_id=1),),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(meeting=meetings(), public=st.booleans())
def test_any_text_exports_to_a_document_python_docx_opens(meeting: Meeting, public: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        rules = PublicationRules() if public else None
        try:
            path = exports.write_minutes(meeting, Path(folder) / "m.docx", public=rules)
        except Unpublishable:
            # Typed text with a broken redaction, or words that the scan refuses: the
            # public version is not written (tests/unit/test_public_property.py).
            assert public
            return
        document = docx.Document(str(path))
        items = next(t for t in document.tables if t.rows[0].cells[0].text == "Item No.")
        # Header row, the two unsectioned items, the section row and its item.
        assert len(items.rows) == 5
        assert document.core_properties.author == "minutebook"
