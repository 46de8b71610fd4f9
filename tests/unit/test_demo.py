"""The demo meeting has every feature the reference minutes show, and exports in full."""

from __future__ import annotations

from pathlib import Path

from docx2python import docx2python

import exports
from storage import Repository
from storage.demo import COMMITTEE, load_demo
from storage.domain import ActionStatus, AttendanceStatus, ItemStatus, redacted_strings


def test_demo_meeting_is_modelled_on_the_reference(repo: Repository) -> None:
    meeting = repo.meeting(load_demo(repo))
    assert meeting.committee.name == COMMITTEE
    assert meeting.protective_marking == "OFFICIAL-SENSITIVE"
    assert (meeting.start_time, meeting.end_time, meeting.venue) == (
        "13:00",
        "15:00",
        "MS Teams Meeting",
    )
    statuses = {a.status for a in meeting.attendees}
    assert {
        AttendanceStatus.PRESENT,
        AttendanceStatus.IN_ATTENDANCE,
        AttendanceStatus.APOLOGIES,
        AttendanceStatus.ABSENT,
    } <= statuses
    assert len(meeting.attendees_with(AttendanceStatus.PRESENT)) >= 20
    deputy = next(a.deputising_for for a in meeting.attendees if a.deputising_for is not None)
    assert deputy.role == "Detective Chief Superintendent, Head of Crime"
    late = next(a for a in meeting.attendees if a.arrived_at is not None)
    assert late.arrived_item_id is not None
    assert meeting.item(late.arrived_item_id).number == "4."
    left = next(a for a in meeting.attendees if a.left_at is not None)
    assert left.left_item_id is not None
    assert meeting.item(left.left_item_id).number == "7."

    assert [s.title for s in meeting.sections] == [
        "Agenda Items for Discussion",
        "Standing and Information Items",
    ]
    numbers = [i.number for i in meeting.items]
    assert numbers[:2] == ["1.", "2."] and numbers.count("") == 2
    deferred = [i for i in meeting.items if i.status == ItemStatus.DEFERRED]
    assert [i.number for i in deferred] == ["3."]
    assert deferred[0].deferred_to_date is not None
    assert any(i.confidential for i in meeting.items)
    notes = "\n".join(i.notes for i in meeting.items)
    assert "\n1. " in notes and "\n   - " in notes and "- **" in notes
    assert redacted_strings(notes)
    assert len(meeting.actions) >= 10 and meeting.decisions


def test_earlier_actions_are_reviewed_in_item_one_with_updates(repo: Repository) -> None:
    meeting = repo.meeting(load_demo(repo))
    first = meeting.items[0]
    reviewed = meeting.reviewed_for(first.id)
    assert len(reviewed) == 4
    for entry in reviewed:
        assert [u.meeting_id for u in entry.action.updates] == [meeting.id]
    assert [r.action.status for r in reviewed].count(ActionStatus.DONE) == 3
    earlier = [m for m in repo.meetings(meeting.committee.id) if m.id != meeting.id]
    assert [m.date.isoformat() for m in earlier] == ["2023-12-13"]


def test_demo_can_be_loaded_twice(repo: Repository) -> None:
    first, second = load_demo(repo), load_demo(repo)
    assert first != second
    names = [repo.meeting(m).committee.name for m in (first, second)]
    assert names[0] == COMMITTEE and names[1] != COMMITTEE
    assert len(repo.meeting(second).reviewed) == 4


def test_demo_exports_in_full(repo: Repository, tmp_path: Path) -> None:
    meeting = repo.meeting(load_demo(repo))
    private = docx2python(str(exports.write_minutes(meeting, tmp_path / "demo.docx"))).text
    for expected in (
        "Eastshire Safeguarding Partnership Board (Children's)",
        "Monday 11 March 2024 13.00-15.00",
        "Joined 13:40 during item 4",
        "Left 14:30 during item 7",
        "Deputy for Detective Chief Superintendent, Head of Crime, Eastshire Constabulary",
        "Agenda Items for Discussion",
        "This item was deferred to the meeting on Monday 10 June 2024.",
        "Actions from earlier meetings",
        "Child T",
        "Action Log",
    ):
        assert expected in private, expected
    rules = repo.publication_rules(meeting.committee.id, meeting.id)
    public_path = exports.write_minutes(meeting, tmp_path / "public.docx", public=rules)
    public = docx2python(str(public_path)).text
    assert "Child T" not in public and "Margaret Ellison" not in public
    assert "This item was taken in private." in public
