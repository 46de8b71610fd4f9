"""Keys against a PostgreSQL server far away: time from key to screen, and round trips.

    MINUTEBOOK_TEST_POSTGRES=postgresql+psycopg://user@host/db \\
        .venv/bin/python benchmarks/bench_remote.py [--delays 0 0.15]

For each delay (seconds added each way by a loopback TCP proxy between minutebook and the
server), `minutebook open` runs in tmux on a meeting of 40 people and 10 items, and the
script times, from the key sent to the screen showing its effect: the first screen (and
the round trips before it), a typed key in the notes (the baseline), F2 to the attendance
list, a mark (p), F3 and an action entered then words typed at once, an action of the
item moved to another (Ctrl+O, m), F8 to the next item.
Then how long until the top line says every change is saved, and, after quitting,
that every change reached the database. Figures are printed in
milliseconds and as ratios to the typed key and to one round trip.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.terminal import PYTHON, Session
from tests.conftest import server_database
from tests.proxy import proxy_to

MINUTEBOOK = str(Path(PYTHON).with_name("minutebook"))
PEOPLE = 40
ITEMS = 10
MOVED = "An action of item 1, moved to item 3"


def make_meeting(url: str) -> int:
    from storage import open_repository
    from storage.agenda import AgendaRow

    repo = open_repository(url)
    board = repo.create_committee("Remote Board")
    for n in range(PEOPLE):
        person = repo.add_person(f"Person {n + 1:02d}", "Member", f"Organisation {n % 7}")
        repo.add_to_roster(board.id, person.id)
    agenda = [AgendaRow(title=f"Agenda item {n + 1}") for n in range(ITEMS)]
    meeting_id = repo.create_meeting(board.id, dt.date(2024, 3, 11), agenda=agenda)
    first_item = repo.meeting(meeting_id).items[0]
    repo.add_action(first_item.id, "Board", MOVED)
    repo.engine.dispose()
    return meeting_id


def timed(
    session: Session, keys: list[str], shown: str | Callable[[list[str]], bool], *, literal=False
) -> float:
    """Seconds from sending `keys` until the screen shows `shown` (text, or a test of its
    lines)."""
    test = shown if callable(shown) else lambda lines: any(shown in line for line in lines)
    start = time.perf_counter()
    if literal:
        session.type("".join(keys))
    elif keys:
        session.press(*keys)
    deadline = start + 60
    while not test(session.screen().splitlines()):
        if time.perf_counter() > deadline:
            raise AssertionError(f"never shown: {shown}\n{session.screen()}")
    return time.perf_counter() - start


def marked(lines: list[str]) -> bool:
    # The status column is as wide as its heading, so "present" shows as "presen".
    return any("Person 01" in line and "presen" in line.lower() for line in lines)


def on_item_two(lines: list[str]) -> bool:
    """The heading over the notes (right of the agenda) names item 2."""
    return any("Agenda item 2" in line[36:] for line in lines[1:3])


def run(url: str, delay: float) -> tuple[dict[str, float], str]:
    meeting_id = make_meeting(url)
    figures: dict[str, float] = {}
    with proxy_to(url, delay=delay) as proxy, tempfile.TemporaryDirectory() as config:
        env = {"MINUTEBOOK_CONFIG_DIR": config, "TERM": "xterm-256color"}
        command = [MINUTEBOOK, "--db", proxy.url(url), "open", str(meeting_id)]
        start = time.perf_counter()
        session = Session(command, env)
        try:
            session.wait_for("Agenda item 1", timeout=120, poll=0)
            figures["first screen"] = time.perf_counter() - start
            figures["round trips before it"] = proxy.round_trips
            time.sleep(1 + 4 * delay)  # the lease and what follows the first screen
            figures["typed key"] = timed(session, ["Qz"], "Qz", literal=True)
            figures["F2 attendance"] = timed(session, ["F2"], "Person 40")
            figures["mark p"] = timed(session, ["p"], marked)
            session.press("Escape")
            session.wait_for("F3", timeout=60)
            figures["F3 form"] = timed(session, ["F3"], "New action")
            for keys in (["Board"], ["Enter"], ["Send the report"]):  # Enter: on to "what"
                time.sleep(0.3)  # at a clerk's pace: the owner's suggestions come and go
                session.press(*keys)
            figures["Enter, then words typed"] = timed(
                session, ["Enter", "after the form"], "after the form"
            )
            session.press("C-o")  # the item's records, then m: move the first one
            session.wait_for("Move", timeout=60)
            session.press("m")
            session.wait_for("to item (number or title)", timeout=60)
            session.type("3")
            figures["record moved"] = timed(session, ["Enter"], "Moved to")
            session.press("Escape")
            figures["F8 next item"] = timed(session, ["F8"], on_item_two)
            figures["then all saved"] = timed(session, [], "● saved")
            session.press("C-q")
            deadline = time.monotonic() + 60
            while session.running() and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            session.close()
    return figures, saved(url, meeting_id)


def saved(url: str, meeting_id: int) -> str:
    """What did not reach the database (empty when everything did)."""
    from storage import open_repository

    repo = open_repository(url)
    try:
        meeting = repo.meeting(meeting_id)
        first = meeting.items[0]
        missing = {
            "the typed key": "Qz" not in first.notes,
            "the words after the form": "after the form" not in first.notes,
            "the action": [a.text for a in meeting.actions] != [MOVED, "Send the report"],
            "the move": next(a.item_id for a in meeting.actions if a.text == MOVED)
            != meeting.items[2].id,
            "the mark": str(meeting.attendees[0].status).lower() != "present",
            "the start of item 2": meeting.items[1].started_at is None,
        }
        return ", ".join(name for name, lost in missing.items() if lost)
    finally:
        repo.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delays", type=float, nargs="+", default=[0.0, 0.15])
    options = parser.parse_args()
    server = os.environ.get("MINUTEBOOK_TEST_POSTGRES")
    if not server:
        sys.exit("set MINUTEBOOK_TEST_POSTGRES to a PostgreSQL server to run this")
    for delay in options.delays:
        with server_database(server) as url:
            figures, missing = run(url, delay)
        round_trip = 2 * delay
        print(f"\n{delay * 1000:.0f} ms each way (round trip {round_trip * 1000:.0f} ms)")
        key = figures["typed key"]
        for name, value in figures.items():
            if name == "round trips before it":
                print(f"  {name:<28} {value:>8.0f}")
            else:
                trips = f"{value / round_trip:6.2f}x a round trip" if round_trip else ""
                print(f"  {name:<28} {value * 1000:>8.0f} ms {value / key:6.1f}x a key  {trips}")
        print(f"  {'not saved':<28} {missing or 'nothing: every change is in the database'}")


if __name__ == "__main__":
    main()
