"""A real PostgreSQL server lost in the middle of a meeting, and writes it refuses.

The app runs in-process (Textual's pilot) against a real server reached through a loopback
proxy; nothing in the repository is patched. For OUTAGE seconds the server is lost, in two
ways: it stops answering (the proxy freezes: connections stay open, nothing passes, no
TCP timeout fires), or it drops every connection to the database and refuses new ones.
Meanwhile the clerk marks attendance (some people twice: the last mark wins), adds an
action and a decision, moves a record to another item, types notes and moves on through
the agenda. Every key keeps working, the screen shows each change at once as pending,
the warning shows, no worker fails; once the server is back, a separate repository
straight on the server finds every change, in order, with the stamps the screen showed.

A write the server refuses (what it concerns deleted on the server by another copy
before the write reaches it) is named to the clerk, is not left shown as made, and every
change queued before and after it is saved; refused notes go to a recovery file.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from storage import Repository, open_repository
from storage.agenda import parse_agenda
from storage.domain import AttendanceStatus, Item, ItemStatus
from storage.locations import data_folder
from tests.conftest import SAMPLE_AGENDA, server_database
from tests.functional.conftest import FIXED_NOW, make_app
from tests.proxy import LoopbackProxy, proxy_to
from tests.unit.test_postgres import cut_off, restore
from tui.app import MinutebookApp
from tui.save_scheduler import SAVE_PATIENCE
from tui.saving import SaveState
from tui.screens.attendance import AttendanceScreen
from tui.screens.capture import CaptureScreen
from tui.widgets.records import RecordList
from tui.widgets.status import TopBar

pytestmark = pytest.mark.faults

OUTAGE = 30.0
"""Seconds the server is away: longer than the app waits before it warns (SAVE_PATIENCE),
than its retries (every 2 s) and than the meeting's lease (30 s)."""
SAVED_WITHIN = 60.0
"""Seconds the app may take, once the server is back, to have written everything."""
SIZE = (160, 45)

ROSTER = (
    ("Alice Chair", "Independent Chair", "Safeguarding Partnership"),
    ("Bob Probation", "Head of Service", "Probation"),
    (None, "Detective Superintendent", "Constabulary"),
    ("Dana Nurse", "Designated Nurse", "Integrated Care Board"),
)
EARLIER_ACTION = "Circulate the audit report"
"""An action of item 1 saved before the outage: the clerk moves it to item 3 during it."""


# -- the meeting, the server, the app ----------------------------------------------------


@dataclass(frozen=True)
class Board:
    """A meeting on its own database: the server URL of that database, and the meeting."""

    url: str
    meeting_id: int
    items: tuple[Item, ...]
    attendance_ids: tuple[int, ...]

    def read_back(self) -> Repository:
        """A new repository straight on the server, not through the proxy."""
        return open_repository(self.url)


@pytest.fixture(autouse=True)
def own_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Recovery files, crash reports and settings of this test alone."""
    monkeypatch.setenv("MINUTEBOOK_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def board(postgres_server: str) -> Iterator[Board]:
    """A board of four on the sample agenda, with one action already saved on item 1."""
    with server_database(postgres_server) as url:
        repo = open_repository(url)
        try:
            committee = repo.create_committee("Safeguarding Partnership Board")
            for name, role, organisation in ROSTER:
                person = repo.add_person(name, role, organisation)
                repo.add_to_roster(committee.id, person.id)
            meeting_id = repo.create_meeting(
                committee.id,
                dt.date(2024, 3, 11),
                start_time="13:00",
                venue="MS Teams Meeting",
                agenda=parse_agenda(SAMPLE_AGENDA),
            )
            meeting = repo.meeting(meeting_id)
            repo.add_action(meeting.items[0].id, "Probation", EARLIER_ACTION)
            yield Board(url, meeting_id, meeting.items, tuple(a.id for a in meeting.attendees))
        finally:
            repo.engine.dispose()


@pytest.fixture
def failed_workers(monkeypatch: pytest.MonkeyPatch) -> list[Worker[object]]:
    """Every worker that ends in an exception (the app's workers do not stop the app when
    one does, so a failure would otherwise pass unseen)."""
    failed: list[Worker[object]] = []
    state = vars(Worker)["state"]
    assert isinstance(state, property) and state.fset is not None
    setter = state.fset

    def noting(worker: Worker[object], new: WorkerState) -> None:
        if new is WorkerState.ERROR:
            failed.append(worker)
        setter(worker, new)

    monkeypatch.setattr(Worker, "state", property(state.fget, noting))
    return failed


def ticking_clock() -> Callable[[], dt.datetime]:
    """The app's clock from FIXED_NOW on, moving as real time does: each stamp differs."""
    started = time.monotonic()
    return lambda: FIXED_NOW + dt.timedelta(seconds=time.monotonic() - started)


def app_through(proxy: LoopbackProxy, board: Board) -> MinutebookApp:
    app = make_app(open_repository(proxy.url(board.url)), board.meeting_id)
    app.clock = ticking_clock()
    return app


class Outage:
    """The server lost: `frozen`, it stops answering (the proxy passes nothing on, and
    keeps every connection open); `refused`, it drops every connection to the database
    and refuses new ones."""

    def __init__(self, how: str, proxy: LoopbackProxy, server: str, url: str) -> None:
        self.how, self.proxy, self.server, self.url = how, proxy, server, url
        self.on = False

    def begin(self) -> None:
        self.on = True
        if self.how == "frozen":
            self.proxy.freeze()
        else:
            cut_off(self.server, self.url)

    def end(self) -> None:
        if not self.on:
            return
        self.on = False
        if self.how == "frozen":
            self.proxy.thaw()
        else:
            restore(self.server, self.url)


# -- reading the screen ------------------------------------------------------------------


async def settle(app: MinutebookApp, pilot: Pilot[None]) -> None:
    """Everything written and every worker done (only while the server answers)."""
    app.save_now()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.1)
    return True


def all_saved(app: MinutebookApp) -> bool:
    return app.save_state is SaveState.SAVED and app.saver.idle and not app.saver.busy


def capture_of(app: MinutebookApp) -> CaptureScreen:
    capture = app.capture_screen()
    assert isinstance(capture, CaptureScreen)
    return capture


def record_lines(app: MinutebookApp) -> list[str]:
    """The lines of the current item's actions and decisions, as shown."""
    records = capture_of(app).query_one(RecordList)
    return [str(records.get_option_at_index(i).prompt) for i in range(records.option_count)]


def status_cells(app: MinutebookApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, AttendanceScreen)
    table = screen.query_one(DataTable)
    return [str(table.get_cell(str(a.id), "Status")) for a in screen.meeting.attendees]


def status_of(app: MinutebookApp, attendance_id: int) -> str | None:
    """One person's status as the attendance list shows it; None if not listed."""
    screen = app.screen
    assert isinstance(screen, AttendanceScreen)
    table = screen.query_one(DataTable)
    if str(attendance_id) not in table.rows:
        return None
    return str(table.get_cell(str(attendance_id), "Status"))


def top_line(app: MinutebookApp) -> str:
    return capture_of(app).query_one(TopBar).render().plain


def warning_text(app: MinutebookApp) -> str:
    """The full-width save warning, or "" while it is hidden."""
    warning = capture_of(app).query_one("#save-warning", Static)
    return str(warning.render()) if warning.display else ""


def notes_of(app: MinutebookApp) -> dict[int, str]:
    return {item_id: editor.text for item_id, editor in capture_of(app).editors.items()}


def said(app: MinutebookApp) -> list[str]:
    return [notification.message for notification in app._notifications]


# -- 1. the server lost for OUTAGE seconds ----------------------------------------------


@pytest.mark.parametrize("how", ["frozen", "refused"])
async def test_a_server_lost_mid_meeting_loses_nothing_and_keeps_order(
    board: Board, postgres_server: str, how: str, failed_workers: list[Worker[object]]
) -> None:
    first, second, third = board.items[:3]
    alice, bob, detective, dana = board.attendance_ids
    with proxy_to(board.url) as proxy:
        app = app_through(proxy, board)
        outage = Outage(how, proxy, postgres_server, board.url)
        try:
            async with app.run_test(size=SIZE) as pilot:
                assert await wait_until(pilot, lambda: board.meeting_id in app.leases, 10)
                await settle(app, pilot)
                assert all_saved(app)
                assert f"Probation: {EARLIER_ACTION}" in record_lines(app)

                outage.begin()
                lost_at = time.monotonic()
                await pilot.press(*"Minutes agreed.")
                assert notes_of(app)[first.id] == "Minutes agreed."
                assert capture_of(app).items[first.id].started_at is not None

                # Attendance: each mark shows at once, pending; a second mark wins.
                await pilot.press("f2", "p", "a", "p", "i")
                assert status_cells(app) == [
                    "○ present",
                    "○ apologies",
                    "○ present",
                    "○ in attendance",
                ]
                await pilot.press("up", "x", "up", "up", "up", "a", "down", "down", "l")
                assert status_cells(app) == [
                    "○ apologies",
                    "○ apologies",
                    "○ absent",
                    "○ in attendance",
                ]
                attendance_screen = app.screen
                assert isinstance(attendance_screen, AttendanceScreen)
                arrival = attendance_screen.meeting.attendees[3].arrived_at
                assert arrival is not None
                await pilot.press("escape")
                assert isinstance(app.screen, CaptureScreen)

                # An action and a decision: shown at once, as saving.
                await pilot.press("f3", *"Probation", "enter", *"Bring the findings")
                await pilot.press("tab", *"June Board", "enter")
                await pilot.press("f4", *"The Board noted the report.", "enter")
                await pilot.press(*" Chair thanked members.")
                lines = record_lines(app)
                assert "○ saving… Probation: Bring the findings" in lines, lines
                assert "○ saving… The Board noted the report." in lines, lines

                # The action saved before the outage, moved to item 3 (Ctrl+O, m).
                await pilot.press("ctrl+o", "m", *third.number.rstrip("."), "enter", "escape")
                assert not any(EARLIER_ACTION in line for line in record_lines(app))
                assert f"Moved to {third.heading}." in said(app)

                # On through the agenda, typing all the while.
                await pilot.press("f8", *"Live updates given.")
                await pilot.press("f8", *"Early help discussed.")
                assert capture_of(app).current_id == third.id
                assert f"Probation: {EARLIER_ACTION}" in record_lines(app)

                # The warning shows, and the keys go on working under it.
                assert await wait_until(
                    pilot, lambda: app.save_state is SaveState.FAILED, SAVE_PATIENCE + 5
                ), app.save_state
                assert "NOT SAVED" in top_line(app)
                warning = warning_text(app)
                assert "NOT being saved" in warning, warning
                reasons = ("not answering",) if how == "frozen" else ("cannot reach", "lost")
                assert any(reason in warning for reason in reasons), warning
                await pilot.press(*" Still typing.")
                assert time.monotonic() - lost_at < OUTAGE, "the keys took the whole outage"
                while time.monotonic() - lost_at < OUTAGE:
                    await pilot.pause(0.5)
                    assert app.is_running
                    assert app.save_state is SaveState.FAILED
                    assert "NOT being saved" in warning_text(app)
                assert app.saver.changes, "changes were written while the server was away"
                shown = dict(capture_of(app).items)
                typed = notes_of(app)

                outage.end()
                assert await wait_until(pilot, lambda: all_saved(app), SAVED_WITHIN), (
                    app.save_state,
                    app.save_problem,
                    [change.what for change in app.saver.changes],
                )
                assert warning_text(app) == ""
                assert "● saved" in top_line(app)
                assert not any(line.startswith("○") for line in record_lines(app))
                assert not [m for m in said(app) if m.startswith("Not saved")], said(app)
        finally:
            outage.end()
            app.repository.engine.dispose()
    assert failed_workers == [], [repr(worker.error) for worker in failed_workers]

    repo = board.read_back()
    try:
        meeting = repo.meeting(board.meeting_id)
    finally:
        repo.engine.dispose()
    attendance = {a.id: a for a in meeting.attendees}
    assert [attendance[i].status for i in (alice, bob, detective, dana)] == [
        AttendanceStatus.APOLOGIES,  # p, then a
        AttendanceStatus.APOLOGIES,
        AttendanceStatus.ABSENT,  # p, then x
        AttendanceStatus.IN_ATTENDANCE,  # i, then arrived late: still in attendance
    ]
    assert (attendance[dana].arrived_at, attendance[dana].arrived_item_id) == (arrival, first.id)
    assert [(a.owner, a.text, a.due_text, a.item_id) for a in meeting.actions] == [
        ("Probation", EARLIER_ACTION, "", third.id),
        ("Probation", "Bring the findings", "June Board", first.id),
    ]
    assert [(d.text, d.item_id) for d in meeting.decisions] == [
        ("The Board noted the report.", first.id)
    ]
    assert typed == {
        first.id: "Minutes agreed. Chair thanked members.",
        second.id: "Live updates given.",
        third.id: "Early help discussed. Still typing.",
    }
    saved = {item.id: item for item in meeting.items}
    assert {item_id: saved[item_id].notes for item_id in typed} == typed
    for item_id in typed:
        assert (saved[item_id].started_at, saved[item_id].ended_at) == (
            shown[item_id].started_at,
            shown[item_id].ended_at,
        )
        assert saved[item_id].status is ItemStatus.TAKEN
    one, two, three = (saved[item_id] for item_id in typed)
    assert one.started_at and one.ended_at and two.started_at and two.ended_at
    assert one.started_at < one.ended_at == two.started_at < two.ended_at == three.started_at
    assert three.ended_at is None


# -- 2. a write the server refuses -------------------------------------------------------


@pytest.fixture
def on_the_server(board: Board) -> Iterator[Repository]:
    """Another copy's connection straight to the server, not through the proxy: what it
    deletes is gone before the app's queued writes reach the server."""
    repo = board.read_back()
    yield repo
    repo.engine.dispose()


async def opened(app: MinutebookApp, pilot: Pilot[None], board: Board) -> None:
    """The meeting on screen, its lease held, nothing waiting."""
    assert await wait_until(pilot, lambda: board.meeting_id in app.leases, 10)
    await settle(app, pilot)
    assert all_saved(app)


def refusals(app: MinutebookApp) -> list[str]:
    return [message for message in said(app) if message.startswith("Not saved")]


async def test_a_mark_of_an_attendance_deleted_on_the_server_is_named_and_the_rest_saved(
    board: Board, on_the_server: Repository, failed_workers: list[Worker[object]]
) -> None:
    first = board.items[0]
    alice, bob, detective, dana = board.attendance_ids
    with proxy_to(board.url) as proxy:
        app = app_through(proxy, board)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await opened(app, pilot, board)
                proxy.freeze()  # everything below waits in the queue, in order
                await pilot.press(*"Before.", "f2", "p", "p", "a", "escape")
                await pilot.press("f4", *"Decided after the refused mark.", "enter")
                await pilot.press(*" After.")
                started = capture_of(app).items[first.id].started_at
                on_the_server.remove_attendee(bob)
                proxy.thaw()
                assert await wait_until(pilot, lambda: all_saved(app), 20), app.save_problem
                label = "Bob Probation, Head of Service (Probation)"
                assert refusals(app) == [f"Not saved: {label}: no attendance with id {bob}"]
        finally:
            proxy.thaw()
            app.repository.engine.dispose()
    assert failed_workers == []
    meeting = on_the_server.meeting(board.meeting_id)
    assert [(a.id, a.status) for a in meeting.attendees] == [
        (alice, AttendanceStatus.PRESENT),  # marked before the refused mark
        (detective, AttendanceStatus.APOLOGIES),  # and after it
        (dana, AttendanceStatus.EXPECTED),
    ]
    assert [(d.text, d.item_id) for d in meeting.decisions] == [
        ("Decided after the refused mark.", first.id)
    ]
    assert meeting.items[0].notes == "Before. After."
    assert meeting.items[0].started_at == started


async def test_a_refused_mark_does_not_stay_shown_as_made(
    board: Board, on_the_server: Repository
) -> None:
    bob = board.attendance_ids[1]
    with proxy_to(board.url) as proxy:
        app = app_through(proxy, board)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await opened(app, pilot, board)
                proxy.freeze()
                await pilot.press("f2", "down", "p")
                assert status_of(app, bob) == "○ present"
                on_the_server.remove_attendee(bob)
                proxy.thaw()
                assert await wait_until(pilot, lambda: all_saved(app), 20), app.save_problem
                assert len(refusals(app)) == 1
                await app.workers.wait_for_complete()  # the list read back, behind it
                await pilot.pause()
                shown_now = status_of(app, bob)
                await pilot.press("escape", "f2")
                shown_again = status_of(app, bob)
        finally:
            proxy.thaw()
            app.repository.engine.dispose()
    # The mark was not made: Bob is shown neither as being marked present nor as present,
    # on the list still open, nor when it is opened again.
    assert shown_now is None or "present" not in shown_now, shown_now
    assert shown_again is None or "present" not in shown_again, shown_again


async def test_notes_of_an_item_deleted_on_the_server_hold_up_nothing_else(
    board: Board, on_the_server: Repository
) -> None:
    first, second, third = board.items[:3]
    with proxy_to(board.url) as proxy:
        app = app_through(proxy, board)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await opened(app, pilot, board)
                proxy.freeze()
                await pilot.press(*"One.", "f8", *"Gone.")
                await pilot.press("f8", *"Kept.", "f4", *"Kept.", "enter")
                on_the_server.delete_item(second.id)
                proxy.thaw()

                def the_rest_is_saved() -> bool:
                    meeting = on_the_server.meeting(board.meeting_id)
                    notes = {item.id: item.notes for item in meeting.items}
                    decisions = [(d.text, d.item_id) for d in meeting.decisions]
                    return notes.get(first.id) == "One." and (
                        notes.get(third.id) == "Kept." and decisions == [("Kept.", third.id)]
                    )

                saved = await wait_until(pilot, the_rest_is_saved, 6)
                told = [message for message in said(app) if second.heading in message]
        finally:
            proxy.thaw()
            app.repository.engine.dispose()
    kept = [path.read_text() for path in data_folder().glob("unsaved-notes-*.txt")]
    assert any("Gone." in text for text in kept)
    assert saved, "the notes and decision of the other items never reached the server"
    assert told, "the clerk was not told which item's notes could not be saved"


async def test_an_item_deleted_on_the_server_costs_the_next_item_nothing(
    board: Board, on_the_server: Repository
) -> None:
    second, third = board.items[1:3]
    with proxy_to(board.url) as proxy:
        app = app_through(proxy, board)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await opened(app, pilot, board)
                proxy.freeze()
                await pilot.press("f8", "f8", *"Kept words.")
                on_the_server.delete_item(second.id)
                proxy.thaw()
                assert await wait_until(pilot, lambda: all_saved(app), 20), app.save_problem
                shown = capture_of(app).items[third.id]
                told = [message for message in refusals(app) if second.heading in message]
        finally:
            proxy.thaw()
            app.repository.engine.dispose()
    saved = on_the_server.item(third.id)
    assert saved.notes == "Kept words."
    assert shown.started_at is not None
    assert (saved.started_at, saved.status) == (shown.started_at, ItemStatus.TAKEN)
    assert told, "the clerk was not told which item the refused stamp concerned"
