"""Motions, votes and the quorum: the rules, what the repository refuses, the minutes'
words, the public version and the meeting's JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from docx2python import docx2python

import exports
from storage import BadInput, Repository, open_repository
from storage.agenda import parse_agenda
from storage.domain import (
    AttendanceStatus,
    Committee,
    InterestAction,
    Meeting,
    Motion,
    MotionResult,
    RosterGroup,
    Vote,
    VoteCast,
)
from storage.motions import (
    QuorumCount,
    inquorate_items,
    motion_problem,
    quorum_at,
    quorum_needed,
    voting_members_present,
)
from storage.transfer import dumps_meeting, load_meeting
from tests.unit.test_cli import assert_one_line_error, minutebook

MEMBERS = ("Cllr Hale", "Cllr Brook", "Cllr Cole", "Cllr Dunn", "Cllr Ellis")


@pytest.fixture
def council(repo: Repository) -> Meeting:
    """Five voting members and a clerk who does not vote, all present; three items."""
    committee = repo.create_committee("Planning Committee")
    for name in MEMBERS:
        person = repo.add_person(name, f"Councillor for {name[5:]} Ward", "County Council")
        repo.add_to_roster(committee.id, person.id)
    clerk = repo.add_person("Pat Clerk", "Democratic Services Officer", "County Council")
    repo.add_to_roster(committee.id, clerk.id, group=RosterGroup.SECRETARIAT)
    meeting_id = repo.create_meeting(
        committee.id, dt.date(2024, 5, 2), agenda=parse_agenda("Budget\nParking\nAny Other\n")
    )
    for attendee in repo.meeting(meeting_id).attendees:
        repo.update_attendance(attendee.id, status=AttendanceStatus.PRESENT)
    repo.set_quorum(committee.id, "4")
    return repo.meeting(meeting_id)


def ids(meeting: Meeting) -> dict[str, int]:
    return {a.person.name or "": a.person.id for a in meeting.attendees}


def attendance(meeting: Meeting) -> dict[str, int]:
    return {a.person.name or "": a.id for a in meeting.attendees}


def budget_motion(meeting: Meeting) -> Motion:
    people = ids(meeting)
    return Motion(people["Cllr Hale"], people["Cllr Brook"], 3, 1, 1)


# -- the quorum ---------------------------------------------------------------------------


def test_quorum_arithmetic() -> None:
    assert quorum_needed(Committee(1, "A", quorum="5"), 12) == 5
    assert quorum_needed(Committee(1, "A", quorum="1/3"), 10) == 4
    assert quorum_needed(Committee(1, "A", quorum="2/3"), 9) == 6
    assert quorum_needed(Committee(1, "A"), 9) is None


def test_the_quorum_as_people_come_go_and_declare(repo: Repository, council: Meeting) -> None:
    budget, parking, other = (i.id for i in council.items)
    assert [a.person.name for a in voting_members_present(council, budget)] == list(MEMBERS)
    assert quorum_at(council, budget) == QuorumCount(5, 4)
    seat = attendance(council)
    repo.mark_arrived(seat["Cllr Ellis"], None, parking)  # late: there from item 2
    repo.mark_left(seat["Cllr Dunn"], None, other)  # gone during item 3
    repo.add_declaration(
        council.id,
        ids(council)["Cllr Cole"],
        parking,
        "owns land",
        "other registrable",
        InterestAction.LEFT,
    )
    meeting = repo.meeting(council.id)
    assert quorum_at(meeting, budget) == QuorumCount(4, 4)
    assert quorum_at(meeting, parking) == QuorumCount(4, 4)
    assert quorum_at(meeting, other) == QuorumCount(4, 4)
    repo.update_attendance(seat["Cllr Brook"], status=AttendanceStatus.APOLOGIES)
    meeting = repo.meeting(council.id)
    assert inquorate_items(meeting) == {
        budget: QuorumCount(3, 4),
        parking: QuorumCount(3, 4),
        other: QuorumCount(3, 4),
    }
    repo.set_quorum(meeting.committee.id, "1/2")  # half of five voting members: 3
    assert inquorate_items(repo.meeting(council.id)) == {}


def test_a_quorum_is_a_number_or_a_share(repo: Repository, council: Meeting) -> None:
    committee = council.committee.id
    for wrong in ("five", "0", "3/2", "1/0", "-2", "50%"):
        with pytest.raises(BadInput, match="a quorum is"):
            repo.set_quorum(committee, wrong)
    assert repo.committee(committee).quorum == "4"
    assert repo.set_quorum(committee, " 1 / 3 ").quorum == "1/3"
    assert repo.set_quorum(committee, "").quorum == ""


# -- motions --------------------------------------------------------------------------------


def test_a_resolution_is_kept_with_its_votes(repo: Repository, council: Meeting) -> None:
    people = ids(council)
    votes = (
        Vote(people["Cllr Hale"], VoteCast.FOR),
        Vote(people["Cllr Brook"], VoteCast.FOR),
        Vote(people["Cllr Cole"], VoteCast.FOR),
        Vote(people["Cllr Dunn"], VoteCast.AGAINST),
        Vote(people["Cllr Ellis"], VoteCast.ABSTAINED),
    )
    motion = replace(budget_motion(council), votes=votes)
    decision = repo.add_decision(council.items[0].id, "the budget be approved", motion)
    assert decision.motion == motion
    assert repo.meeting(council.id).decisions[0].motion == motion
    plain = repo.update_decision(decision.id, motion=None)
    assert plain.motion is None
    assert repo.meeting(council.id).decisions[0].motion is None


Who = dict[str, int]
REFUSED: list[tuple[Callable[[Who], Motion], str]] = [
    (lambda p: Motion(p["Cllr Hale"], None, 5, 1, 1), "7 votes counted, but 4 voting members"),
    (lambda p: Motion(None, None, 3, 1, 0, MotionResult.CASTING), "casting vote .* on a tie"),
    (lambda p: Motion(None, None, 1, 3, 0), "not a majority"),
    (lambda p: Motion(p["Cllr Hale"], p["Pat Clerk"]), "seconder, Pat Clerk.* not a voting"),
    (lambda p: Motion(p["Cllr Dunn"]), "the mover, Cllr Dunn.* not a voting member present"),
    (lambda p: Motion(p["Cllr Hale"], p["Cllr Hale"]), "cannot second their own motion"),
    (lambda p: Motion(votes=(Vote(p["Pat Clerk"], VoteCast.FOR),)), "Pat Clerk.* cannot vote"),
    (
        lambda p: Motion(votes_for=2, votes=(Vote(p["Cllr Hale"], VoteCast.FOR),)),
        "the recorded vote has 1 for, the count says 2",
    ),
    (lambda p: Motion(None, None, 2, 1, result=MotionResult.WITHDRAWN), "withdrawn .* not voted"),
]


@pytest.mark.parametrize(("motion_of", "reason"), REFUSED)
def test_an_impossible_motion_is_refused_and_nothing_saved(
    repo: Repository, council: Meeting, motion_of: Callable[[Who], Motion], reason: str
) -> None:
    budget = council.items[0].id
    repo.mark_left(attendance(council)["Cllr Dunn"], None, budget)  # four may vote
    kept = repo.add_decision(budget, "the budget be approved")
    motion = motion_of(ids(council))
    with pytest.raises(BadInput, match=reason):
        repo.add_decision(budget, "the budget be approved", motion)
    with pytest.raises(BadInput, match=reason):
        repo.update_decision(kept.id, "changed", motion=motion)
    after = repo.meeting(council.id)
    assert [(d.text, d.motion) for d in after.decisions] == [("the budget be approved", None)]


def test_one_who_stayed_without_voting_is_counted_but_cannot_vote(
    repo: Repository, council: Meeting
) -> None:
    people, budget = ids(council), council.items[0].id
    repo.add_declaration(
        council.id,
        people["Cllr Ellis"],
        budget,
        "a lease",
        "other registrable",
        InterestAction.DID_NOT_VOTE,
    )
    meeting = repo.meeting(council.id)
    assert quorum_at(meeting, budget) == QuorumCount(5, 4)
    ellis = (Vote(people["Cllr Ellis"], VoteCast.FOR),)
    assert "cannot vote" in (motion_problem(meeting, budget, Motion(votes=ellis)) or "")
    assert "4 voting members" in (motion_problem(meeting, budget, Motion(votes_for=5)) or "")


# -- the minutes --------------------------------------------------------------------------


def resolved_council(repo: Repository, council: Meeting) -> Meeting:
    people = ids(council)
    votes = (
        Vote(people["Cllr Hale"], VoteCast.FOR),
        Vote(people["Cllr Brook"], VoteCast.FOR),
        Vote(people["Cllr Cole"], VoteCast.AGAINST),
        Vote(people["Cllr Dunn"], VoteCast.AGAINST),
    )
    repo.add_decision(council.items[0].id, "the budget be approved", budget_motion(council))
    repo.add_decision(
        council.items[1].id,
        "the parking scheme go ahead",
        Motion(people["Cllr Cole"], people["Cllr Dunn"], 2, 2, 0, MotionResult.CASTING, votes),
    )
    repo.add_decision(council.items[1].id, "a report come back", Motion(result=MotionResult.LOST))
    for name in ("Cllr Brook", "Cllr Cole"):
        repo.mark_left(attendance(council)[name], None, council.items[2].id)
    return repo.meeting(council.id)


def minutes_text(path: Path) -> str:
    with docx2python(path) as document:
        return document.text


def test_the_minutes_word_resolutions_and_an_inquorate_item(
    repo: Repository, council: Meeting, tmp_path: Path
) -> None:
    meeting = resolved_council(repo, council)
    text = minutes_text(exports.write_minutes(meeting, tmp_path / "m.docx"))
    assert (
        "RESOLVED – that the budget be approved (proposed Cllr Hale, seconded Cllr Brook;"
        " for 3, against 1, abstentions 1)"
    ) in text
    assert (
        "RESOLVED – that the parking scheme go ahead (proposed Cllr Cole, seconded Cllr Dunn;"
        " for 2, against 2, abstentions 0). Carried on the chair's casting vote."
    ) in text
    assert "For: Cllr Hale, Cllr Brook; Against: Cllr Cole, Cllr Dunn" in text
    assert "Motion: a report come back. The motion was lost." in text
    assert text.count("The meeting was inquorate") == 1
    assert (
        "The meeting was inquorate for this item (3 voting members present; the quorum is 4)."
    ) in text


def test_the_public_version_names_roles(repo: Repository, council: Meeting, tmp_path: Path) -> None:
    meeting = resolved_council(repo, council)
    rules = repo.publication_rules(meeting.id)
    text = minutes_text(exports.write_minutes(meeting, tmp_path / "p.docx", public=rules))
    assert "proposed Councillor for Hale Ward, seconded Councillor for Brook Ward" in text
    assert "For: Councillor for Hale Ward, Councillor for Brook Ward; Against:" in text
    assert "Cllr" not in text


# -- the meeting's JSON ---------------------------------------------------------------------


def test_a_dump_carries_motions_and_the_quorum(
    repo: Repository, council: Meeting, tmp_path: Path
) -> None:
    meeting = resolved_council(repo, council)
    text = dumps_meeting(meeting)
    document = json.loads(text)
    assert document["committee"]["quorum"] == "4"
    motion = document["decisions"][1]["motion"]
    assert motion["mover"].startswith("p") and motion["result"] == MotionResult.CASTING.value
    assert (motion["for"], motion["against"], motion["abstained"]) == (2, 2, 0)
    assert [v["vote"] for v in motion["votes"]] == ["for", "for", "against", "against"]
    other = open_repository(tmp_path / "other.db")
    try:
        loaded = other.meeting(load_meeting(other, text))
        assert dumps_meeting(loaded) == text
        assert inquorate_items(loaded).keys() == {loaded.items[2].id}
        document["decisions"][0]["motion"]["for"] = 9
        with pytest.raises(BadInput, match="votes counted"):
            load_meeting(other, json.dumps(document))
        document["decisions"][0]["motion"]["for"] = 3
        document["committee"]["quorum"] = "most"
        with pytest.raises(BadInput, match=r"committee\.quorum"):
            load_meeting(other, json.dumps(document))
        assert len(other.meetings()) == 1
    finally:
        other.engine.dispose()


def test_the_quorum_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert minutebook("new", "Board", "--date", "2024-03-11", db=db).returncode == 0
    assert_one_line_error(minutebook("roster", "Board", "--quorum", "most", db=db), "--quorum")
    repository = open_repository(db)
    try:
        board = repository.committee_named("Board")
        for name in MEMBERS:
            repository.add_to_roster(board.id, repository.add_person(name, "Councillor").id)
        assert repository.committee(board.id).quorum == ""
    finally:
        repository.engine.dispose()
    table = minutebook("roster", "Board", "--quorum", "1/3", db=db)
    assert table.returncode == 0, table.stderr
    assert "5 on the roster, 5 voting; the quorum is 2 (1/3 of them)" in table.stdout
