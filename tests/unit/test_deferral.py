"""Deferring an item to the next meeting, a date, or a meeting named by its month."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx2python import docx2python

import exports
from storage import BadInput, Repository
from storage.agenda import parse_agenda
from storage.dates import Deferral, parse_deferral
from storage.domain import ItemStatus
from storage.transfer import dumps_meeting, load_meeting
from tests.unit.test_export_public import rules_of

MARCH = dt.date(2027, 3, 15)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Deferral()),
        ("  next ", Deferral()),
        ("Next meeting", Deferral()),
        ("2027-06-03", Deferral(dt.date(2027, 6, 3))),
        ("June Board", Deferral(dt.date(2027, 6, 1), "June Board")),
        ("the  September meeting", Deferral(dt.date(2027, 9, 1), "the September meeting")),
        ("sept board", Deferral(dt.date(2027, 9, 1), "sept board")),
        # A month not after the meeting's is next year's.
        ("the February Board", Deferral(dt.date(2028, 2, 1), "the February Board")),
        ("March Board", Deferral(dt.date(2028, 3, 1), "March Board")),
        ("June 2028", Deferral(dt.date(2028, 6, 1), "June 2028")),
        ("the Board on 10 June 2027", Deferral(dt.date(2027, 6, 10), "the Board on 10 June 2027")),
    ],
)
def test_what_a_deferral_may_say(typed: str, expected: Deferral) -> None:
    assert parse_deferral(typed, MARCH) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("soon", "names no meeting"),
        ("the Board", "names no meeting"),
        ("2027-02-30", "not a date"),
        ("January 2027", "not after this meeting"),
        ("March 2027", "not after this meeting"),
    ],
)
def test_a_deferral_that_names_no_meeting_is_refused(typed: str, problem: str) -> None:
    with pytest.raises(BadInput, match=problem):
        parse_deferral(typed, MARCH)


def test_the_refusal_says_what_is_accepted() -> None:
    with pytest.raises(BadInput) as refused:
        parse_deferral("when we can", MARCH)
    assert "'next'" in str(refused.value) and "YYYY-MM-DD" in str(refused.value)
    assert "June Board" in str(refused.value) and "\n" not in str(refused.value)


def test_a_named_deferral_arrives_in_the_meeting_of_that_month(
    repo: Repository, meeting_id: int
) -> None:
    march = repo.meeting(meeting_id)  # 11 March 2024
    item = march.items[2]
    when, name = parse_deferral("June Board", march.date)
    deferred = repo.defer_item(item.id, when, name)
    assert (deferred.status, deferred.deferred_to_name) == (ItemStatus.DEFERRED, "June Board")
    assert deferred.deferred_to_meeting_id is None  # no June meeting yet

    committee = march.committee.id
    may = repo.meeting(repo.create_meeting(committee, dt.date(2024, 5, 20)))
    assert all(i.carried_from_item_id != item.id for i in may.items)
    june = repo.meeting(
        repo.create_meeting(committee, dt.date(2024, 6, 10), agenda=parse_agenda("Minutes\nAOB"))
    )
    assert [i.title for i in june.items] == ["Minutes", item.title, "AOB"]
    assert june.items[1].carried_from_item_id == item.id
    again = repo.meeting(meeting_id).item(item.id)
    assert again.deferred_to_meeting_id == june.id
    assert again.deferred_to_meeting_date == dt.date(2024, 6, 10)
    assert again.deferred_to_name == "June Board"


def test_a_meeting_already_planned_takes_the_item_at_once(
    repo: Repository, meeting_id: int
) -> None:
    march = repo.meeting(meeting_id)
    committee = march.committee.id
    other = repo.create_committee("Adults Board")
    repo.create_meeting(other.id, dt.date(2024, 6, 3))  # another committee's: not this one
    repo.create_meeting(committee, dt.date(2024, 4, 22))  # before June: not this one
    june_id = repo.create_meeting(
        committee, dt.date(2024, 6, 10), agenda=parse_agenda("Minutes\n# Discussion\nBudget")
    )
    item = march.items[3]
    when, name = parse_deferral("the June meeting", march.date)
    deferred = repo.defer_item(item.id, when, name)
    assert deferred.deferred_to_meeting_id == june_id
    assert deferred.deferred_to_meeting_date == dt.date(2024, 6, 10)
    june = repo.meeting(june_id)
    assert [i.heading for i in june.items] == [
        "1. Minutes",
        "2. Budget",
        f"3. {item.title}",
    ]  # where carried items always go: the end of the first section
    # Carried once only: a later meeting does not take it again.
    july = repo.meeting(repo.create_meeting(committee, dt.date(2024, 7, 8)))
    assert all(i.carried_from_item_id != item.id for i in july.items)


def test_deferral_to_the_next_meeting_already_planned(repo: Repository, meeting_id: int) -> None:
    march = repo.meeting(meeting_id)
    april_id = repo.create_meeting(march.committee.id, dt.date(2024, 4, 22))
    deferred = repo.defer_item(march.items[2].id)
    assert deferred.deferred_to_meeting_id == april_id
    assert [i.carried_from_item_id for i in repo.meeting(april_id).items] == [march.items[2].id]


def test_undeferring_forgets_the_name(repo: Repository, meeting_id: int) -> None:
    item = repo.meeting(meeting_id).items[2]
    repo.defer_item(item.id, dt.date(2024, 6, 1), "June Board")
    taken = repo.set_item_status(item.id, ItemStatus.TAKEN)
    assert (taken.deferred_to_date, taken.deferred_to_name) == (None, "")


def minutes_text(path: Path) -> str:
    with docx2python(path) as document:
        return document.text


def test_the_minutes_say_where_a_deferred_item_went(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    march = repo.meeting(meeting_id)
    named, dated, later = march.items[2], march.items[3], march.items[4]
    repo.defer_item(named.id, dt.date(2024, 6, 1), "June Board")
    repo.defer_item(dated.id, dt.date(2024, 9, 1))
    repo.defer_item(later.id, dt.date(2024, 9, 1), "the September meeting")
    meeting = repo.meeting(meeting_id)
    for public in (None, rules_of(meeting)):
        text = minutes_text(
            exports.write_minutes(meeting, tmp_path / "a.docx", public=public, force=True)
        )
        assert "This item was deferred to the June Board." in text
        assert "This item was deferred to the meeting on Sunday 1 September 2024." in text
        assert "This item was deferred to the September meeting." in text

    repo.create_meeting(march.committee.id, dt.date(2024, 6, 10))
    meeting = repo.meeting(meeting_id)
    for public in (None, rules_of(meeting)):
        text = minutes_text(
            exports.write_minutes(meeting, tmp_path / "b.docx", public=public, force=True)
        )
        assert "This item was deferred to the meeting on Monday 10 June 2024." in text
        assert "June Board" not in text


def test_a_deferral_named_with_a_name_is_published_without_it(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    item = repo.meeting(meeting_id).items[2]
    repo.defer_item(item.id, dt.date(2024, 6, 1), "Alice Chair's June meeting")
    meeting = repo.meeting(meeting_id)
    text = minutes_text(
        exports.write_minutes(meeting, tmp_path / "p.docx", public=rules_of(meeting))
    )
    assert "June meeting" in text and "Alice" not in text


def test_dump_and_load_keep_the_named_deferral(repo: Repository, meeting_id: int) -> None:
    item = repo.meeting(meeting_id).items[2]
    repo.defer_item(item.id, dt.date(2024, 6, 1), "June Board")
    text = dumps_meeting(repo.meeting(meeting_id))
    assert json.loads(text)["items"][2]["deferred_to_name"] == "June Board"
    loaded = repo.meeting(load_meeting(repo, text)).items[2]
    assert (loaded.deferred_to_date, loaded.deferred_to_name) == (dt.date(2024, 6, 1), "June Board")
