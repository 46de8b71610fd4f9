"""The repository facade, on a temporary database file: every operation the app relies on."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest

from storage import BadInput, NotFound, Repository
from storage.agenda import parse_agenda
from storage.domain import ActionStatus, AttendanceStatus, ItemStatus, Meeting, RosterGroup


def headings(meeting: Meeting) -> list[str]:
    return [item.heading for item in meeting.items]


def test_committee_names_are_unique_and_found(repo: Repository) -> None:
    board = repo.create_committee("Board", "OFFICIAL")
    assert repo.committee_named("Board") == board
    assert repo.committee_named("Board", create=True) == board
    with pytest.raises(BadInput):
        repo.create_committee("Board")
    with pytest.raises(NotFound):
        repo.committee_named("Nobody")
    assert repo.update_committee(
        board.id, protective_marking="OFFICIAL-SENSITIVE"
    ).protective_marking == ("OFFICIAL-SENSITIVE")


def test_roster_is_copied_as_expected_attendance(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    assert [a.person.role for a in meeting.attendees] == [
        "Independent Chair",
        "Head of Service",
        "Detective Superintendent",
    ]
    assert {a.status for a in meeting.attendees} == {AttendanceStatus.EXPECTED}
    assert meeting.attendees[2].person.name is None
    assert meeting.protective_marking == "OFFICIAL-SENSITIVE"


def test_roster_changes(repo: Repository) -> None:
    board = repo.create_committee("Board")
    person = repo.add_person("", "Clerk", "Council")
    assert person.name is None
    repo.add_to_roster(board.id, person.id, group=RosterGroup.SECRETARIAT)
    (entry,) = repo.roster(board.id)
    assert entry.group is RosterGroup.SECRETARIAT and not entry.voting
    repo.remove_from_roster(board.id, person.id)
    assert repo.roster(board.id) == []


def test_agenda_sections_numbering_and_presenters(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    assert [s.title for s in meeting.sections] == [
        "Agenda Items for Discussion",
        "Standing and Information Items",
    ]
    assert headings(meeting) == [
        "1. Minutes and actions from the last meeting",
        "2. Live Updates",
        "3. Early Help - changes to ways of working",
        "4. CYPS SEND Inspection",
        "Lived experience / Sharing good practice",
        "Suffolk's multi-agency Issues Log",
        "5. Any Other Business",
    ]
    assert meeting.items[1].presenter == "Independent Chair"
    assert meeting.items[0].section_id is None
    assert meeting.items[2].section_id == meeting.sections[0].id


def test_add_move_renumber_and_delete_items(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    first, second = meeting.items[0], meeting.items[1]
    added = repo.add_item(meeting_id, "Urgent item", after_item_id=first.id)
    assert headings(repo.meeting(meeting_id))[:3] == [
        "1. Minutes and actions from the last meeting",
        "2. Urgent item",
        "3. Live Updates",
    ]
    repo.move_item(added.id, 0)
    assert headings(repo.meeting(meeting_id))[0] == "1. Urgent item"
    repo.update_item(added.id, numbered=False, title="Urgent business")
    assert headings(repo.meeting(meeting_id))[:2] == [
        "Urgent business",
        "1. Minutes and actions from the last meeting",
    ]
    standing = meeting.sections[1]
    last = repo.add_item(meeting_id, "Date of next meeting", section_id=standing.id)
    assert repo.meeting(meeting_id).items[-1].id == last.id
    repo.delete_item(second.id)
    assert "Live Updates" not in [i.title for i in repo.meeting(meeting_id).items]
    assert headings(repo.meeting(meeting_id))[-1] == "5. Date of next meeting"


def test_sections_rename_and_delete_keep_items(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    discussion, standing = meeting.sections
    repo.rename_section(discussion.id, "For discussion")
    repo.delete_section(standing.id)
    after = repo.meeting(meeting_id)
    assert [s.title for s in after.sections] == ["For discussion"]
    assert len(after.items) == len(meeting.items)
    assert after.items[-1].section_id == discussion.id
    extra = repo.add_section(meeting_id, "Late papers")
    assert repo.meeting(meeting_id).sections[-1] == extra


def test_notes_and_taking_items(repo: Repository, meeting_id: int) -> None:
    item = repo.meeting(meeting_id).items[0]
    repo.save_notes(item.id, "The minutes were **agreed**.\n\n- one\n- two")
    started = repo.start_item(item.id, dt.datetime(2024, 3, 11, 13, 2, tzinfo=dt.UTC))
    assert started.status == ItemStatus.TAKEN
    ended = repo.end_item(item.id, dt.datetime(2024, 3, 11, 13, 10, tzinfo=dt.UTC))
    assert ended.started_at == dt.datetime(2024, 3, 11, 13, 2, tzinfo=dt.UTC)
    assert ended.ended_at == dt.datetime(2024, 3, 11, 13, 10, tzinfo=dt.UTC)
    assert repo.item(item.id).notes.startswith("The minutes")
    # Coming back to an item keeps its first start.
    again = repo.start_item(item.id)
    assert again.started_at == started.started_at and again.ended_at is None
    repo.update_item(item.id, confidential=True)
    assert repo.item(item.id).confidential


def test_attendance_marks_late_arrival_and_deputy(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    chair, probation, police = meeting.attendees
    item = meeting.items[3]
    repo.update_attendance(chair.id, status=AttendanceStatus.PRESENT)
    repo.update_attendance(probation.id, status="apologies", note="on leave")
    moment = dt.datetime(2024, 3, 11, 13, 40, tzinfo=dt.UTC)
    arrived = repo.mark_arrived(police.id, moment, item.id)
    assert arrived.status == AttendanceStatus.PRESENT
    assert (arrived.arrived_at, arrived.arrived_item_id) == (moment, item.id)
    left = repo.mark_left(chair.id, moment, item.id)
    assert left.left_item_id == item.id
    deputy = repo.add_person("Dee Puty", "Deputy Head", "Probation")
    added = repo.add_attendee(meeting_id, deputy.id, AttendanceStatus.PRESENT)
    repo.update_attendance(added.id, deputising_for_id=probation.person.id)
    after = repo.meeting(meeting_id)
    assert after.attendees[-1].deputising_for == probation.person
    assert [a.person.role for a in after.attendees_with(AttendanceStatus.APOLOGIES)] == [
        "Head of Service"
    ]
    cleared = repo.clear_arrival_and_leaving(police.id)
    assert cleared.arrived_at is None
    repo.remove_attendee(added.id)
    assert len(repo.meeting(meeting_id).attendees) == 3
    assert "Probation" in repo.organisations()


def test_actions_decisions_and_updates(repo: Repository, meeting_id: int) -> None:
    items = repo.meeting(meeting_id).items
    action = repo.add_action(items[1].id, "Probation", "Bring inspection findings", "10 June 2024")
    assert action.due_date == dt.date(2024, 6, 10)
    assert action.raised_on == dt.date(2024, 3, 11)
    vague = repo.add_action(items[1].id, "CF", "Attend 6 monthly", "at the June Board")
    assert vague.due_date is None and vague.due_text == "at the June Board"
    changed = repo.update_action(vague.id, due_text="2024-09-01", owner="Customer First")
    assert changed.due_date == dt.date(2024, 9, 1) and changed.owner == "Customer First"
    moved = repo.move_action(vague.id, items[3].id)
    assert moved.item_id == items[3].id
    updated = repo.add_action_update(action.id, "Findings due in May.", meeting_id=meeting_id)
    assert [u.text for u in updated.updates] == ["Findings due in May."]
    # Written up after the meeting, the update is dated at the meeting's end, not today.
    made = updated.updates[0].made_at.astimezone()
    assert (made.date(), made.strftime("%H:%M")) == (dt.date(2024, 3, 11), "15:00")
    done = repo.set_action_status(action.id, ActionStatus.DONE, meeting_id=meeting_id)
    assert done.status == ActionStatus.DONE
    assert done.updates[-1].text == "Marked done."
    between = repo.add_action_update(action.id, "Chased by e-mail.")  # in no meeting
    assert between.updates[-1].made_at.date() == dt.datetime.now(dt.UTC).date()
    decision = repo.add_decision(items[4].id, "Board signed off the definition.")
    repo.update_decision(decision.id, "Board signed off version 6.")
    repo.move_decision(decision.id, items[3].id)
    meeting = repo.meeting(meeting_id)
    assert [d.text for d in meeting.decisions_for(items[3].id)] == ["Board signed off version 6."]
    assert [a.owner for a in meeting.actions_for(items[3].id)] == ["Customer First"]
    assert [a.id for a in repo.actions(status=ActionStatus.OPEN)] == [vague.id]
    assert [a.id for a in repo.actions(owner="probation")] == [action.id]
    repo.delete_decision(decision.id)
    repo.delete_action(vague.id)
    assert repo.meeting(meeting_id).decisions == ()
    assert [a.id for a in repo.actions()] == [action.id]


def test_new_meeting_carries_open_actions_and_deferred_items(
    repo: Repository, meeting_id: int
) -> None:
    march = repo.meeting(meeting_id)
    open_action = repo.add_action(march.items[1].id, "Probation", "Bring findings", "June Board")
    closed = repo.add_action(march.items[1].id, "SSP", "Circulate paper")
    repo.set_action_status(closed.id, ActionStatus.DONE)
    early_help = march.items[2]
    repo.defer_item(early_help.id)
    later = repo.defer_item(march.items[3].id, dt.date(2024, 9, 1))
    assert later.status == ItemStatus.DEFERRED

    june_id = repo.create_meeting(
        march.committee.id,
        dt.date(2024, 6, 10),
        agenda=parse_agenda("Minutes\n# Discussion\nBudget"),
    )
    june = repo.meeting(june_id)
    assert headings(june) == [
        "1. Minutes",
        "2. Budget",
        "3. Early Help - changes to ways of working",
    ]
    assert june.items[2].carried_from_item_id == early_help.id
    assert repo.item(early_help.id).deferred_to_meeting_id == june_id
    assert [r.action.id for r in june.reviewed] == [open_action.id]
    assert june.reviewed[0].item_id == june.items[0].id
    assert june.reviewed_for(june.items[0].id)[0].action.text == "Bring findings"

    # The item deferred to September arrives then, not before; the June one only once.
    september = repo.meeting(
        repo.create_meeting(march.committee.id, dt.date(2024, 9, 9), agenda=parse_agenda("Minutes"))
    )
    assert [i.title for i in september.items] == ["Minutes", "CYPS SEND Inspection"]
    assert [r.action.id for r in september.reviewed] == [open_action.id]


def test_meetings_listing_and_resolving(repo: Repository, meeting_id: int) -> None:
    board = repo.meeting(meeting_id).committee
    other = repo.create_committee("Adults Board")
    second = repo.create_meeting(other.id, dt.date(2024, 4, 1))
    same_day = repo.create_meeting(board.id, dt.date(2024, 4, 1))
    assert [m.id for m in repo.meetings()] == [same_day, second, meeting_id]
    assert [m.id for m in repo.meetings(board.id)] == [same_day, meeting_id]
    assert repo.resolve_meeting(str(meeting_id)) == meeting_id
    assert repo.resolve_meeting("latest") == same_day
    assert repo.resolve_meeting("2024-03-11") == meeting_id
    with pytest.raises(BadInput, match="2 meetings on 2024-04-01"):
        repo.resolve_meeting("2024-04-01")
    with pytest.raises(NotFound):
        repo.resolve_meeting("2030-01-01")
    with pytest.raises(NotFound):
        repo.resolve_meeting("999")
    with pytest.raises(BadInput):
        repo.resolve_meeting("yesterday")
    repo.update_meeting(second, status="circulated", venue="Endeavour House")
    assert repo.meetings(other.id)[0].status == "circulated"
    repo.delete_meeting(second)
    assert [m.id for m in repo.meetings(other.id)] == []


def test_resolving_latest_with_no_meetings(repo: Repository) -> None:
    with pytest.raises(NotFound, match="no meetings yet"):
        repo.resolve_meeting("latest")


def test_lease_keeps_a_meeting_to_one_editor(repo: Repository, meeting_id: int) -> None:
    assert repo.acquire_lease(meeting_id, "laptop-1", seconds=30)
    assert repo.acquire_lease(meeting_id, "laptop-1", seconds=30)
    assert not repo.acquire_lease(meeting_id, "laptop-2", seconds=30)
    repo.release_lease(meeting_id, "laptop-1")
    assert repo.acquire_lease(meeting_id, "laptop-2", seconds=-1)
    # An expired lease is free for anyone.
    assert repo.acquire_lease(meeting_id, "laptop-1", seconds=30)


def test_a_lease_whose_holder_is_gone_can_be_taken(repo: Repository, meeting_id: int) -> None:
    assert repo.acquire_lease(meeting_id, "laptop:123:a", seconds=30)
    assert not repo.acquire_lease(meeting_id, "laptop:456:b", is_gone=lambda h: False)
    assert repo.acquire_lease(meeting_id, "laptop:456:b", is_gone=lambda h: h == "laptop:123:a")
    assert not repo.acquire_lease(meeting_id, "laptop:123:a")


def test_calls_from_worker_threads(repo: Repository, meeting_id: int) -> None:
    item = repo.meeting(meeting_id).items[0]
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            for i in range(20):
                repo.save_notes(item.id, f"thread {n} line {i}")
                repo.add_decision(item.id, f"decision {n}-{i}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(repo.meeting(meeting_id).decisions) == 80


def test_missing_rows_are_not_found(repo: Repository) -> None:
    for call in (
        lambda: repo.meeting(5),
        lambda: repo.item(5),
        lambda: repo.save_notes(5, "x"),
        lambda: repo.add_action(5, "x", "y"),
        lambda: repo.update_attendance(5, status="present"),
    ):
        with pytest.raises(NotFound):
            call()


def test_leaving_early_marks_someone_not_yet_marked_present(
    repo: Repository, meeting_id: int
) -> None:
    attendee = repo.meeting(meeting_id).attendees[0]
    left = repo.mark_left(attendee.id, None, repo.meeting(meeting_id).items[2].id)
    assert left.status is AttendanceStatus.PRESENT


def test_an_update_in_a_meeting_with_an_odd_end_time_is_still_dated(
    repo: Repository, meeting_id: int
) -> None:
    repo.update_meeting(meeting_id, end_time="15:00:00", start_time="2pm-ish")
    action = repo.add_action(repo.meeting(meeting_id).items[0].id, "Chair", "Write")
    updated = repo.add_action_update(action.id, "Done", meeting_id=meeting_id)
    assert updated.updates[0].made_at.astimezone().date() == dt.date(2024, 3, 11)


def test_sub_items_are_numbered_under_their_item(repo: Repository) -> None:
    import json

    from storage.agenda import parse_agenda
    from storage.transfer import dump_meeting, load_meeting

    board = repo.create_committee("Trust Board")
    agenda = parse_agenda("Welcome\nFinance\n5.1 Budget\n5.2 Audit\n- Standing item\nAOB\n")
    meeting_id = repo.create_meeting(board.id, dt.date(2024, 6, 10), agenda=agenda)
    numbers = [i.number for i in repo.meeting(meeting_id).items]
    assert numbers == ["1.", "2.", "2.1", "2.2", "", "3."]
    copy = load_meeting(repo, json.dumps(dump_meeting(repo.meeting(meeting_id))))
    assert [i.number for i in repo.meeting(copy).items] == numbers
    later = repo.create_meeting(board.id, dt.date(2024, 9, 9), agenda=agenda)
    repo.delete_item(repo.meeting(later).items[0].id)  # the agenda renumbers
    assert [i.number for i in repo.meeting(later).items] == ["1.", "1.1", "1.2", "", "2."]


def test_the_agenda_is_stored_as_arranged_and_numbered(repo: Repository) -> None:
    from storage import agenda_changes as rules

    board = repo.create_committee("Trust Board")
    agenda = parse_agenda("Welcome\n# Business\nFinance\n5.1 Budget\nAudit\nAny other business\n")
    meeting_id = repo.create_meeting(board.id, dt.date(2024, 6, 10), agenda=agenda)
    items = repo.meeting(meeting_id).items
    _, finance, budget, audit, _ = (i.id for i in items)
    shown = rules.moved(items, audit, -1)  # past Finance with its sub-item
    shown = rules.made_sub_item(shown, finance)  # under Audit now
    shown = rules.moved(shown, budget, 1)  # a sub-item moves one place
    assert [i.heading for i in shown] == [
        "1. Welcome",
        "2. Audit",
        "2.1 Finance",
        "3. Any other business",
        "3.1 Budget",
    ]
    repo.arrange_agenda(meeting_id, shown)
    stored = repo.meeting(meeting_id)
    assert headings(stored) == [i.heading for i in shown]
    assert [i.section_id for i in stored.items] == [i.section_id for i in shown]
    added = repo.add_item(meeting_id, "Urgent", after_item_id=budget, sub_item=True)
    assert headings(repo.meeting(meeting_id))[-1] == "3.2 Urgent"
    assert added.section_id == stored.sections[0].id
    # An order naming an item no longer there, and leaving out one added meanwhile.
    repo.arrange_agenda(meeting_id, (*rules.lifted(shown, finance), replace(shown[0], id=-5)))
    assert headings(repo.meeting(meeting_id)) == [
        "1. Welcome",
        "2. Audit",
        "3. Finance",
        "4. Any other business",
        "4.1 Budget",
        "4.2 Urgent",
    ]
    with pytest.raises(NotFound):
        repo.add_item(meeting_id, "Nowhere", after_item_id=-5)


def test_an_item_with_anything_minuted_is_not_deleted(repo: Repository, meeting_id: int) -> None:
    first, second = repo.meeting(meeting_id).items[:2]
    repo.save_notes(second.id, "Said something.")
    with pytest.raises(BadInput, match="has notes"):
        repo.delete_item(second.id)
    repo.add_decision(first.id, "Agreed.")
    with pytest.raises(BadInput, match="actions or decisions"):
        repo.delete_item(first.id)
    assert [i.id for i in repo.meeting(meeting_id).items][:2] == [first.id, second.id]
