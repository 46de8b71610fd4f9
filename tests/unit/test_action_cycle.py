"""An action's whole life: raised in one meeting, reviewed and closed in the next."""

from __future__ import annotations

import datetime as dt

from storage import Repository
from storage.agenda import parse_agenda
from storage.domain import ActionStatus
from storage.search import search_actions

AGENDA = parse_agenda("Minutes and actions from the last meeting\nPerformance report\nAOB\n")


def test_action_made_in_a_is_reviewed_and_done_in_b_and_gone_from_c(repo: Repository):
    board = repo.create_committee("Safeguarding Partnership Board")
    meeting_a = repo.create_meeting(board.id, dt.date(2024, 1, 8), agenda=AGENDA)
    report_item = repo.meeting(meeting_a).items[1]
    action = repo.add_action(
        report_item.id, "Bob Probation", "Bring the reoffending figures", "March Board"
    )
    kept_open = repo.add_action(report_item.id, "Alice Chair", "Write to the Home Office")

    meeting_b = repo.create_meeting(board.id, dt.date(2024, 3, 11), agenda=AGENDA)
    b = repo.meeting(meeting_b)
    review_item = b.items[0]
    assert review_item.title == "Minutes and actions from the last meeting"
    assert [(r.action.id, r.item_id) for r in b.reviewed] == [
        (action.id, review_item.id),
        (kept_open.id, review_item.id),
    ]

    done = repo.add_action_update(
        action.id, "Figures presented.", meeting_id=meeting_b, status=ActionStatus.DONE
    )
    assert done.status == ActionStatus.DONE
    [update] = done.updates
    assert update.meeting_id == meeting_b
    assert update.text == "Figures presented. Marked done."

    # Meeting B's minutes still show the action reviewed there, with its update.
    [reviewed, _] = repo.meeting(meeting_b).reviewed_for(review_item.id)
    assert reviewed.action.status == ActionStatus.DONE
    assert [u.text for u in reviewed.action.updates] == ["Figures presented. Marked done."]

    meeting_c = repo.create_meeting(board.id, dt.date(2024, 6, 10), agenda=AGENDA)
    assert [r.action.id for r in repo.meeting(meeting_c).reviewed] == [kept_open.id]
    open_ids = [hit.action.id for hit in search_actions(repo, "status:open")]
    assert action.id not in open_ids and kept_open.id in open_ids
    [hit] = search_actions(repo, "reoffending status:done")
    assert hit.action.updates[0].meeting_id == meeting_b


def test_a_reassignment_and_its_note_are_one_write(repo: Repository, meeting_id: int) -> None:
    from sqlalchemy import event

    item = repo.meeting(meeting_id).items[0]
    action = repo.add_action(item.id, "Bob Probation", "Report back on the audit")
    commits: list[object] = []
    counted = commits.append
    event.listen(repo.engine, "commit", counted)
    updated = repo.add_action_update(
        action.id,
        "Chased.",
        meeting_id=meeting_id,
        status=ActionStatus.DONE,
        owner="Carol Clerk",
        due_text="by 1 September 2024",
    )
    event.remove(repo.engine, "commit", counted)
    assert len(commits) == 1
    assert (updated.owner, updated.due_date) == ("Carol Clerk", dt.date(2024, 9, 1))
    assert updated.status is ActionStatus.DONE
    assert [u.text for u in updated.updates] == [
        "Chased. Reassigned from Bob Probation to Carol Clerk. "
        "Now due by 1 September 2024. Marked done."
    ]
    # Nothing said when nothing changed.
    same = repo.add_action_update(action.id, "", owner="Carol Clerk")
    assert len(same.updates) == 1
