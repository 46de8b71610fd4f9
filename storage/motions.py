"""The rules of motions, votes and the quorum, in one place for the forms, the repository,
the loading of a file and the minutes.

Who may vote at an item: a member marked present (or in attendance) whom the roster makes
a voting member, there by then (arrived during the item or before it, not left during it
or before it), and not out of the room for an interest. Someone who declared an interest
and stayed without voting counts towards the quorum, but not among those able to vote.
Only domain objects come in and go out.
"""

from __future__ import annotations

import re
from collections import Counter

from storage.domain import (
    AttendanceStatus,
    Attendee,
    Committee,
    InterestAction,
    Item,
    ItemStatus,
    Meeting,
    Motion,
    MotionResult,
    Value,
    VoteCast,
)

_SHARE = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})")


class QuorumCount(Value):
    """The voting members present at an item, against the quorum then."""

    present: int
    needed: int

    @property
    def inquorate(self) -> bool:
        return self.present < self.needed


def _item_rank(meeting: Meeting) -> dict[int, int]:
    return {item.id: rank for rank, item in enumerate(meeting.items)}


def _in_the_room(meeting: Meeting, rank: dict[int, int], item: Item, attendee: Attendee) -> bool:
    """Whether `attendee` was there for `item` (`rank`: each item's place in the agenda):
    marked there, arrived by then, not left, and not gone out for an interest in it."""
    if attendee.status not in (AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE):
        return False
    here, ended = rank.get(item.id, 0), item.ended_at
    came, went = rank.get(attendee.arrived_item_id or 0), rank.get(attendee.left_item_id or 0)
    if came is not None:
        arrived = came <= here
    else:
        arrived = attendee.arrived_at is None or ended is None or attendee.arrived_at < ended
    if went is not None:
        stayed = went > here
    else:
        stayed = attendee.left_at is None or (ended is not None and attendee.left_at >= ended)
    return arrived and stayed and not _declared(meeting, item.id, attendee, InterestAction.LEFT)


def _declared(meeting: Meeting, item_id: int, attendee: Attendee, action: InterestAction) -> bool:
    return any(
        d.item_id == item_id and d.person_id == attendee.person.id and d.action is action
        for d in meeting.declarations
    )


def voting_members_present(meeting: Meeting, item_id: int) -> list[Attendee]:
    """The voting members there for the item: those the quorum counts."""
    item, rank = meeting.item(item_id), _item_rank(meeting)
    return [a for a in meeting.attendees if a.voting and _in_the_room(meeting, rank, item, a)]


def able_to_vote(meeting: Meeting, item_id: int) -> list[Attendee]:
    """The voting members present who may vote on the item (not those who declared an
    interest and stayed without voting)."""
    return [
        a
        for a in voting_members_present(meeting, item_id)
        if not _declared(meeting, item_id, a, InterestAction.DID_NOT_VOTE)
    ]


def _who(meeting: Meeting, person_id: int) -> str:
    found = next((a.person for a in meeting.attendees if a.person.id == person_id), None)
    return found.label() if found is not None else f"person {person_id}"


def motion_problem(meeting: Meeting, item_id: int, motion: Motion) -> str | None:
    """What makes `motion`, recorded under the item, impossible as it stands, or None."""
    voters = {a.person.id for a in able_to_vote(meeting, item_id)}
    counts = {
        "for": motion.votes_for,
        "against": motion.votes_against,
        "abstentions": motion.abstained,
    }
    if any(n is not None and n < 0 for n in counts.values()):
        return "a count of votes cannot be below nought"
    for role, person_id in (("mover", motion.mover_id), ("seconder", motion.seconder_id)):
        if person_id is not None and person_id not in voters:
            return f"the {role}, {_who(meeting, person_id)}, is not a voting member present"
    if motion.mover_id is not None and motion.mover_id == motion.seconder_id:
        return "the mover cannot second their own motion"
    cast = sum(n for n in counts.values() if n is not None)
    if cast > len(voters):
        return (
            f"{cast} votes counted, but {len(voters)} voting member"
            f"{'s' * (len(voters) != 1)} present could vote"
        )
    votes_for, against = motion.votes_for, motion.votes_against
    if motion.result is MotionResult.CASTING and (votes_for is None or votes_for != against):
        return f"a casting vote is given on a tie only (for {votes_for}, against {against})"
    if (
        motion.result is MotionResult.CARRIED
        and votes_for is not None
        and against is not None
        and votes_for <= against
    ):
        return f"carried with {votes_for} for and {against} against: that is not a majority"
    if motion.result is MotionResult.WITHDRAWN and (cast or motion.votes):
        return "a withdrawn motion is not voted on"
    return _recorded_vote_problem(meeting, motion, voters, counts)


def _recorded_vote_problem(
    meeting: Meeting, motion: Motion, voters: set[int], counts: dict[str, int | None]
) -> str | None:
    people = Counter(v.person_id for v in motion.votes)
    twice = [p for p, n in people.items() if n > 1]
    if twice:
        return f"{_who(meeting, twice[0])} is recorded as voting twice"
    outside = [v.person_id for v in motion.votes if v.person_id not in voters]
    if outside:
        return f"{_who(meeting, outside[0])} is not a voting member present, and cannot vote"
    if not motion.votes:
        return None
    tally = Counter(v.vote for v in motion.votes)
    for (said, count), cast in zip(
        counts.items(), (VoteCast.FOR, VoteCast.AGAINST, VoteCast.ABSTAINED), strict=True
    ):
        if count is not None and count != tally[cast]:
            return f"the recorded vote has {tally[cast]} {said}, the count says {count}"
    return None


def quorum_problem(text: str) -> str | None:
    """Why `text` is no quorum (a whole number, or a share like 1/3), or None."""
    text = text.strip()
    if not text or (text.isdigit() and len(text) <= 3 and int(text) > 0):
        return None
    share = _SHARE.fullmatch(text)
    if share and 0 < int(share[1]) <= int(share[2]):
        return None
    return f"a quorum is a whole number (5) or a share of the voting members (1/3), not {text!r}"


def quorum_needed(committee: Committee, voting_members: int) -> int | None:
    """How many voting members make the committee's quorum, of `voting_members` on its
    roster; None when it has none. A share rounds up: a third of 10 is 4."""
    text = committee.quorum.strip()
    if not text or quorum_problem(text):
        return None
    share = _SHARE.fullmatch(text)
    if share is None:
        return int(text)
    return -(-voting_members * int(share[1]) // int(share[2]))


def quorum_at(meeting: Meeting, item_id: int) -> QuorumCount | None:
    """The voting members present at the item against the quorum; None with no quorum."""
    needed = quorum_needed(meeting.committee, sum(a.voting for a in meeting.attendees))
    if needed is None:
        return None
    return QuorumCount(len(voting_members_present(meeting, item_id)), needed)


def inquorate_items(meeting: Meeting) -> dict[int, QuorumCount]:
    """The items (by id) taken with fewer voting members present than the quorum; a
    deferred item was not taken."""
    found: dict[int, QuorumCount] = {}
    for item in meeting.items:
        if item.status is ItemStatus.DEFERRED:
            continue
        count = quorum_at(meeting, item.id)
        if count is not None and count.inquorate:
            found[item.id] = count
    return found
