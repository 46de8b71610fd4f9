"""The lease rules apart from the screens: who may write a meeting, notes kept aside while
another copy holds it, a lease lost in an outage, and a meeting taken back once free."""

from __future__ import annotations

from storage import Repository
from tui.leases import Leases


def test_a_second_copy_keeps_its_notes_aside_until_the_first_lets_go(
    repo: Repository, meeting_id: int
) -> None:
    items = {item.id for item in repo.meeting(meeting_id).items}
    first, second = Leases(), Leases()
    assert first.claim(repo, meeting_id, items).taken
    assert meeting_id in first
    claim = second.claim(repo, meeting_id, items)
    assert not claim.taken and meeting_id not in second
    item = min(items)
    assert second.kept_aside(item, "typed in the second copy")
    assert not first.kept_aside(item, "typed in the first")
    assert second.take_kept(items) == {item: "typed in the second copy"}
    first.release(repo, meeting_id)
    assert second.reclaim(repo, meeting_id) is not None
    assert meeting_id in second
    assert not second.kept_aside(item, "now written")


def test_a_lease_lost_in_an_outage_turns_the_meeting_over(
    repo: Repository, meeting_id: int
) -> None:
    items = {item.id for item in repo.meeting(meeting_id).items}
    leases = Leases()
    assert leases.claim(repo, meeting_id, items).taken
    assert leases.renew(repo) == []
    # Lapsed while the server was away, and taken by another copy meanwhile.
    assert repo.acquire_lease(meeting_id, leases.holder, seconds=-1)
    assert repo.acquire_lease(meeting_id, "elsewhere:1:other", seconds=30)
    assert leases.renew(repo) == [meeting_id]
    assert meeting_id not in leases
    assert leases.kept_aside(min(items), "words after the takeover")
    assert leases.reclaim(repo, meeting_id) is None  # still held elsewhere
