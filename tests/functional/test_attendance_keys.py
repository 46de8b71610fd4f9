"""The attendance screen's keys: adding a person with their mark, note and roster place;
suggestions that take Enter only when chosen; a note; arrival and leaving set by hand."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input

from storage import Repository
from storage.domain import AttendanceStatus, RosterGroup
from tests.functional.conftest import make_app, settled
from tui.screens.attendance import AttendanceScreen
from tui.screens.dialogs import AddPersonDialog, MomentDialog
from tui.widgets.completion import FieldCompletion

SIZE = (160, 45)
LONG_ORGANISATION = "Children & Young Peoples Services, Suffolk County Council"


def organisation_known(repo: Repository) -> None:
    repo.add_person("Someone Else", "Director", LONG_ORGANISATION)


async def test_enter_adds_what_was_typed_though_a_longer_organisation_is_offered(
    repo: Repository, meeting_id: int
) -> None:
    organisation_known(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", *"Gill Hart", "tab", *"Head of Education", "tab")
        await pilot.press(*"suffolk county council")
        dialog = app.screen
        assert isinstance(dialog, AddPersonDialog)
        completion = dialog.query(FieldCompletion).last()
        assert completion.display  # the longer one is offered, in another case
        await pilot.press("enter")
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)  # the form closed on Enter
    added = repo.meeting(meeting_id).attendees[-1]
    assert (added.person.name, added.person.organisation) == ("Gill Hart", "suffolk county council")
    assert added.status is AttendanceStatus.PRESENT


async def test_a_suggestion_is_taken_when_chosen_with_the_arrows(
    repo: Repository, meeting_id: int
) -> None:
    organisation_known(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", *"Gill Hart", "tab", "tab", *"Suffolk", "down", "enter")
        dialog = app.screen
        assert isinstance(dialog, AddPersonDialog)  # Enter took the suggestion, not the form
        field = dialog.query_one("#person-organisation", Input)
        assert field.value == LONG_ORGANISATION
        await pilot.press("enter")
        await settled(app, pilot)
    assert repo.meeting(meeting_id).attendees[-1].person.organisation == LONG_ORGANISATION


async def test_escape_closes_only_the_list_when_it_shows(repo: Repository, meeting_id: int) -> None:
    organisation_known(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", "tab", *"Director", "tab", *"Suffolk")
        dialog = app.screen
        assert isinstance(dialog, AddPersonDialog)
        assert dialog.query(FieldCompletion).last().display
        await pilot.press("escape")
        assert app.screen is dialog  # the list closed, the form stays with what was typed
        assert dialog.query_one("#person-organisation", Input).value == "Suffolk"
        await pilot.press("escape")
        assert isinstance(app.screen, AttendanceScreen)
    assert len(repo.meeting(meeting_id).attendees) == 3  # nothing added


async def test_the_form_sets_mark_note_and_roster_in_one(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", *"Hana Ito", "tab", *"Designated Nurse", "tab", *"ICB", "tab")
        await pilot.press("i", "tab", *"observer", "tab", "o", "enter")  # in attendance; officer
        await settled(app, pilot)
    meeting = repo.meeting(meeting_id)
    added = meeting.attendees[-1]
    assert (added.person.name, added.status, added.note) == (
        "Hana Ito",
        AttendanceStatus.IN_ATTENDANCE,
        "observer",
    )
    roster = repo.roster(meeting.committee.id)
    assert roster[-1].person.id == added.person.id and roster[-1].group is RosterGroup.OFFICER
    next_meeting = repo.meeting(repo.create_meeting(meeting.committee.id, dt.date(2024, 6, 10)))
    assert next_meeting.attendees[-1].person.name == "Hana Ito"


async def test_added_only_to_this_meeting_by_default(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", "tab", *"Observer", "tab", *"Healthwatch", "enter")
        await settled(app, pilot)
    meeting = repo.meeting(meeting_id)
    assert meeting.attendees[-1].person.role == "Observer"
    assert len(repo.roster(meeting.committee.id)) == 3


async def test_a_paragraph_is_never_taken_for_a_name(repo: Repository, meeting_id: int) -> None:
    notes = "The chair asked partners to bring the data to the June meeting for review"
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("n", *notes, "enter", "enter", "enter", "enter", "enter", "enter")
        await settled(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, AddPersonDialog)
        assert "looks like notes" in str(dialog.query_one(".dialog-error").render())
        await pilot.press(*("x" * 300))
        assert len(dialog.query_one("#person-name", Input).value) <= 120
    assert len(repo.meeting(meeting_id).attendees) == 3


async def test_a_note_for_anyone(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("down", "m", *"representing the district councils", "enter")
        await settled(app, pilot)
    assert repo.meeting(meeting_id).attendees[1].note == "representing the district councils"


async def test_arrival_set_to_a_time_and_an_item_afterwards(
    repo: Repository, meeting_id: int
) -> None:
    items = repo.meeting(meeting_id).items
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("L")
        dialog = app.screen
        assert isinstance(dialog, MomentDialog)
        await pilot.press("ctrl+u", *"1.40pm", "tab", "ctrl+u", "3", "enter")
        await settled(app, pilot)
        await pilot.press("down", "O", "ctrl+u", "tab", "ctrl+u", *items[3].number, "enter")
        await settled(app, pilot)
    first, second = repo.meeting(meeting_id).attendees[:2]
    assert first.arrived_at is not None
    assert first.arrived_at.astimezone().strftime("%H:%M") == "13:40"
    assert first.arrived_at.astimezone().date() == dt.date(2024, 3, 11)
    assert first.arrived_item_id == items[2].id and first.status is AttendanceStatus.PRESENT
    assert (second.left_at, second.left_item_id) == (None, items[3].id)  # the item alone


async def test_a_bad_time_is_refused_in_the_form(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press("O", "ctrl+u", *"25:99", "enter", "enter")
        dialog = app.screen
        assert isinstance(dialog, MomentDialog)
        assert "not a time" in str(dialog.query_one(".dialog-error").render())
        await pilot.press("escape")
    assert repo.meeting(meeting_id).attendees[0].left_at is None


async def test_brackets_in_a_name_show_as_typed(repo: Repository, meeting_id: int) -> None:
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        await pilot.press(
            "n", *"Sam [b]Lee", "tab", *"Solicitor [/locum]", "tab", *"Legal", "enter"
        )
        await settled(app, pilot)
        screen = app.screen
        assert isinstance(screen, AttendanceScreen)
        table = screen.query_one(DataTable)
        added = repo.meeting(meeting_id).attendees[-1]
        assert str(table.get_cell(str(added.id), "Role")) == "Solicitor [/locum]"
        assert str(table.get_cell(str(added.id), "Name")) == "Sam [b]Lee"


async def test_keys_typed_at_once_land_in_their_fields(repo: Repository, meeting_id: int) -> None:
    """A fast typist's keys, all queued before the first is handled: the form's first
    field takes what comes before it has the cursor, and Tab moves on in turn."""
    from tests.functional.test_behind_the_screen import typed_at_once

    organisation_known(repo)
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settled(app, pilot)
        typed_at_once(app, ["n", *"Qin Li", "tab", *"Head of Service", "tab", *"Suffolk C"])
        await pilot.pause()
        await settled(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, AddPersonDialog)
        values = [dialog.query_one(f"#person-{f}", Input).value for f in ("name", "role")]
        assert values == ["Qin Li", "Head of Service"]
        assert dialog.query_one("#person-organisation", Input).value == "Suffolk C"
        typed_at_once(app, ["enter", "down", "p"])
        await settled(app, pilot)
        assert isinstance(app.screen, AttendanceScreen)
    added = repo.meeting(meeting_id).attendees[-1]
    assert (added.person.name, added.person.organisation) == ("Qin Li", "Suffolk C")
