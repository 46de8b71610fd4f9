"""How the minutes word a resolution (its motion, the votes, the result) and an item
taken without a quorum. People come in by id and are named by the writer, which knows
whether names may be printed."""

from __future__ import annotations

from collections.abc import Callable

from exports.markup import Span
from storage.domain import Decision, Motion, MotionResult, VoteCast
from storage.motions import QuorumCount

Name = Callable[[int], str]
"""How the minutes name someone, by their person id."""

_AFTER = {
    MotionResult.CASTING: " Carried on the chair's casting vote.",
    MotionResult.LOST: " The motion was lost.",
    MotionResult.WITHDRAWN: " The motion was withdrawn.",
}
_VOTES = ((VoteCast.FOR, "For"), (VoteCast.AGAINST, "Against"), (VoteCast.ABSTAINED, "Abstained"))


def resolution(
    decision: Decision, opening: str, text: list[Span], name: Name
) -> tuple[list[Span], list[Span]]:
    """The resolution's line: "RESOLVED – that the budget be approved (proposed Cllr Hale,
    seconded Cllr Brook; for 7, against 2, abstentions 1)", and the result when it was not
    simply carried; then the recorded vote ("For: ...; Against: ..."), or no spans.
    A motion that was lost or withdrawn resolved nothing: it opens "Motion:"."""
    motion = decision.motion
    assert motion is not None
    resolved = motion.result in (MotionResult.CARRIED, MotionResult.CASTING)
    spans = [Span(f"{opening} " if resolved else "Motion: ", bold=True), *text]
    said = _moved_and_counted(motion, name)
    if said:
        spans.append(Span(f" ({said})"))
    if motion.result in _AFTER:
        spans.append(Span(f".{_AFTER[motion.result]}"))
    return spans, _recorded_vote(motion, name)


def _moved_and_counted(motion: Motion, name: Name) -> str:
    moved = [
        f"{verb} {name(person)}"
        for verb, person in (("proposed", motion.mover_id), ("seconded", motion.seconder_id))
        if person is not None
    ]
    counted = [
        f"{said} {count}"
        for said, count in (
            ("for", motion.votes_for),
            ("against", motion.votes_against),
            ("abstentions", motion.abstained),
        )
        if count is not None
    ]
    return "; ".join(part for part in (", ".join(moved), ", ".join(counted)) if part)


def _recorded_vote(motion: Motion, name: Name) -> list[Span]:
    spans: list[Span] = []
    for cast, heading in _VOTES:
        voters = [name(v.person_id) for v in motion.votes if v.vote is cast]
        if voters:
            spans += [Span("; " if spans else ""), Span(f"{heading}: ", bold=True)]
            spans.append(Span(", ".join(voters)))
    return [s for s in spans if s.text]


def inquorate(count: QuorumCount) -> str:
    members = f"{count.present} voting member{'s' * (count.present != 1)} present"
    return f"The meeting was inquorate for this item ({members}; the quorum is {count.needed})."
