"""Benchmark of the action register at the scale of a busy secretariat.

    .venv/bin/python benchmarks/bench_lookup.py                  # 1,000 / 10,000 / 100,000
    .venv/bin/python benchmarks/bench_lookup.py --sizes 100000 --no-tmux

For each size it builds a database (20 committees; 100,000 actions sit in 2,500
meetings) with bulk inserts, then reports:

- the query time of every filter keystroke while realistic searches are typed letter by
  letter (median and 95th percentile; the goal is under 30 ms);
- the time to open the lookup screen with its first results (Pilot, headless), against
  a bare Textual app holding one Input, measured in the same run;
- at the largest size, per-key typing latency in the filter box in a real terminal
  (tmux send-keys, then polling capture-pane until the key shows), as a ratio against a
  bare Textual Input measured the same way in the same run.

Figures vary from machine to machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, insert  # noqa: E402

from storage import open_repository  # noqa: E402
from storage.search import search_actions  # noqa: E402
from storage.tables import (  # noqa: E402
    ActionRow,
    ActionUpdateRow,
    CommitteeRow,
    ItemRow,
    MeetingRow,
)

ORGANISATIONS = (
    "Probation",
    "Constabulary",
    "Children's Services",
    "Adult Social Care",
    "Integrated Care Board",
    "Education",
    "Youth Justice",
    "Housing",
    "Public Health",
    "Fire and Rescue",
    "District Councils",
    "Safeguarding Partnership",
    "Healthwatch",
    "DWP",
    "Voluntary Sector",
    "Early Help",
    "CAMHS",
    "Ambulance Service",
    "Mental Health Trust",
    "Acute Hospital Trust",
)
FIRST = ("Alice", "Bob", "Carol", "David", "Eve", "Farah", "George", "Hana", "Ian", "Jo", "Kim")
LAST = ("Smith", "Patel", "Jones", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Ahmed", "Green")
VERBS = ("Bring", "Circulate", "Share", "Review", "Present", "Update", "Agree", "Audit", "Write")
TOPICS = (
    "reoffending",
    "county lines",
    "neglect strategy",
    "domestic abuse",
    "SEND inspection",
    "missing children",
    "exploitation",
    "hospital discharge",
    "transitions",
    "self-neglect",
    "performance",
    "workforce",
    "mental health",
    "early help",
    "lived experience",
)
DOCUMENTS = ("report", "figures", "action plan", "briefing", "audit findings", "terms of reference")
MONTHS = ("January", "March", "June", "September", "November")
COMMITTEE_KINDS = ("Board", "Executive", "Panel", "Subgroup", "Group")

# What a clerk types: asked "what did Probation agree to bring to the June Board?".
TYPED_QUERIES = (
    'probation due:"June Board"',
    "reoffending report status:all",
    "owner:patel overdue",
    "county lines committee:executive",
)


def build(path: Path, actions: int, meetings: int, committees: int, seed: int = 5) -> Engine:
    """A database with `actions` actions spread over `meetings` meetings, built in bulk."""
    repository = open_repository(path)
    engine = repository.engine
    rng = random.Random(seed)
    committee_rows = [
        {"id": c + 1, "name": f"{ORGANISATIONS[c % 20]} {COMMITTEE_KINDS[c % 5]} {c + 1}"}
        for c in range(committees)
    ]
    meeting_rows, item_rows = [], []
    start = dt.date(2015, 1, 5)
    for m in range(meetings):
        committee_id = m % committees + 1
        date = start + dt.timedelta(days=(m // committees) * 30 + committee_id)
        meeting_rows.append(
            {"id": m + 1, "committee_id": committee_id, "date": date, "status": "approved"}
        )
        for position in range(4):
            item_rows.append(
                {
                    "id": m * 4 + position + 1,
                    "meeting_id": m + 1,
                    "position": position,
                    "number": f"{position + 1}.",
                    "title": f"Item {position + 1}",
                }
            )
    owners = [
        f"{rng.choice(FIRST)} {rng.choice(LAST)} ({organisation})"
        for organisation in ORGANISATIONS
        for _ in range(6)
    ]
    action_rows, update_rows = [], []
    for a in range(actions):
        meeting = meeting_rows[a % meetings]
        raised: dt.date = meeting["date"]  # type: ignore[assignment]
        due_kind = rng.random()
        due_date = raised + dt.timedelta(days=rng.randrange(14, 200)) if due_kind < 0.6 else None
        if due_date is not None:
            due_text = f"by {due_date.day} {due_date.strftime('%B %Y')}"
        elif due_kind < 0.9:
            due_text = f"{rng.choice(MONTHS)} {rng.choice(COMMITTEE_KINDS)}"
        else:
            due_text = ""
        roll = rng.random()
        status = "open" if roll < 0.2 else "done" if roll < 0.9 else "dropped"
        text = (
            f"{rng.choice(VERBS)} the {rng.choice(TOPICS)} {rng.choice(DOCUMENTS)} "
            f"to the {rng.choice(MONTHS)} {rng.choice(COMMITTEE_KINDS)}"
        )
        action_rows.append(
            {
                "id": a + 1,
                "committee_id": meeting["committee_id"],
                "meeting_id": meeting["id"],
                "item_id": (int(meeting["id"]) - 1) * 4 + rng.randrange(1, 4) + 1,  # type: ignore[call-overload]
                "raised_on": raised,
                "position": a // meetings,
                "owner": rng.choice(owners),
                "text": text,
                "due_text": due_text,
                "due_date": due_date,
                "status": status,
            }
        )
        for n in range(rng.choice((0, 0, 1, 2))):
            update_rows.append(
                {
                    "action_id": a + 1,
                    "meeting_id": None,
                    "made_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
                    + dt.timedelta(minutes=a * 3 + n),
                    "text": f"{rng.choice(TOPICS).capitalize()} work under way; "
                    f"{rng.choice(DOCUMENTS)} expected",
                }
            )
    with engine.begin() as connection:
        for table, rows in (
            (CommitteeRow, committee_rows),
            (MeetingRow, meeting_rows),
            (ItemRow, item_rows),
            (ActionRow, action_rows),
            (ActionUpdateRow, update_rows),
        ):
            statement = insert(table)
            defaults = _defaults(table)
            connection.execute(statement, [{**defaults, **row} for row in rows])
    return engine


def _defaults(table: type) -> dict[str, object]:
    columns = table.__table__.columns  # type: ignore[attr-defined]
    defaults: dict[str, object] = {}
    for column in columns:
        if column.nullable or column.primary_key:
            continue
        python_type = column.type.python_type
        defaults[column.name] = "" if python_type is str else 0 if python_type is int else False
    return defaults


def keystroke_times(engine: Engine, today: dt.date) -> list[float]:
    """Milliseconds per keystroke: each prefix of each typed query, searched as typed."""
    from tui.screens.lookup import ActionLookupScreen

    def search(line: str) -> None:
        # Exactly what the lookup screen runs for each keystroke.
        search_actions(
            engine,
            line,
            today=today,
            limit=ActionLookupScreen.RESULT_LIMIT,
            with_updates=False,
        )

    times: list[float] = []
    search("")  # warm the page cache, as an open app would be
    for query in TYPED_QUERIES:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            search(query[:end])
            times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- opening the screen (Pilot) ----------------------------------------------------------


def open_times(db: Path, repeats: int = 3) -> tuple[float, float]:
    """Median milliseconds to first results on the lookup screen, and for a bare Input app."""
    lookup = [asyncio.run(_open_lookup(db)) for _ in range(repeats)]
    bare = [asyncio.run(_open_bare()) for _ in range(repeats)]
    return statistics.median(lookup), statistics.median(bare)


async def _open_lookup(db: Path) -> float:
    from textual.app import App

    from tui.screens.lookup import ActionLookupScreen

    repository = open_repository(db)

    class LookupApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ActionLookupScreen(repository))

    started = time.perf_counter()
    app = LookupApp()
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, ActionLookupScreen) or app.screen.shown_line is None:
            await pilot.pause(0.001)
        elapsed = (time.perf_counter() - started) * 1000
    repository.engine.dispose()
    return elapsed


async def _open_bare() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    started = time.perf_counter()
    app = BareApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed


# -- typing in a real terminal (tmux) -----------------------------------------------------

TMUX_SESSION = "minutebook-bench-lookup"
TYPED_IN_TERMINAL = "reoffending report probation"
KEY_INTERVAL = 0.15  # a fast typist: about 80 words a minute


def serve(kind: str, db: str) -> None:
    """Run the app that tmux types into: the lookup screen, or a bare Input."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    if kind == "bare":

        class BareApp(App[None]):
            def compose(self) -> ComposeResult:
                yield Input(placeholder="READY")

        BareApp().run()
        return
    from tui.screens.lookup import ActionLookupScreen

    repository = open_repository(db)

    class LookupApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ActionLookupScreen(repository))

    LookupApp().run()


def _tmux(*arguments: str) -> str:
    return subprocess.run(["tmux", *arguments], check=True, capture_output=True, text=True).stdout


def terminal_key_latencies(kind: str, db: Path) -> list[float]:
    """Milliseconds from send-keys until each typed character shows in the pane."""
    command = f"{shlex.quote(sys.executable)} {shlex.quote(__file__)} --serve {kind} {db}"
    _tmux("new-session", "-d", "-s", TMUX_SESSION, "-x", "100", "-y", "30", command)
    try:
        ready = "Find actions" if kind == "lookup" else "READY"
        deadline = time.monotonic() + 30
        while ready not in _tmux("capture-pane", "-p", "-t", TMUX_SESSION):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {kind} app did not start in tmux")
            time.sleep(0.02)
        time.sleep(1.0)  # let the first search finish and the screen settle
        latencies = []
        for end, character in enumerate(TYPED_IN_TERMINAL, start=1):
            expected = TYPED_IN_TERMINAL[:end]
            started = time.perf_counter()
            _tmux("send-keys", "-t", TMUX_SESSION, "-l", character)
            while expected not in _tmux("capture-pane", "-p", "-t", TMUX_SESSION):
                time.sleep(0.0005)
            latencies.append((time.perf_counter() - started) * 1000)
            time.sleep(max(0.0, KEY_INTERVAL - latencies[-1] / 1000))
        return latencies
    finally:
        subprocess.run(["tmux", "kill-session", "-t", TMUX_SESSION], check=False)


# -- the report ----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-tmux", action="store_true", help="skip the terminal typing test")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "DB"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve:
        serve(*options.serve)
        return
    sizes = [int(size) for size in options.sizes.split(",")]
    today = dt.date(2025, 6, 1)
    folder = Path(tempfile.mkdtemp(prefix="minutebook-bench-"))
    try:
        for size in sizes:
            meetings = max(20, size // 40)
            db = folder / f"actions-{size}.db"
            started = time.perf_counter()
            engine = build(db, size, meetings, 20)
            built = time.perf_counter() - started
            times = keystroke_times(engine, today)
            engine.dispose()
            lookup_open, bare_open = open_times(db)
            print(
                f"{size:>7} actions, {meetings} meetings, 20 committees (built in {built:.1f} s)\n"
                f"  filter keystroke query: median {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 0.95):.1f} ms, max {max(times):.1f} ms "
                f"over {len(times)} keystrokes (goal: under 30 ms)\n"
                f"  open lookup screen to first results: {lookup_open:.0f} ms "
                f"(bare Input app: {bare_open:.0f} ms, ratio {lookup_open / bare_open:.2f})"
            )
            if size == max(sizes) and not options.no_tmux and shutil.which("tmux"):
                lookup = terminal_key_latencies("lookup", db)
                bare = terminal_key_latencies("bare", db)
                ratio = statistics.median(lookup) / statistics.median(bare)
                print(
                    f"  per-key typing latency in tmux: lookup median "
                    f"{statistics.median(lookup):.1f} ms, p95 {percentile(lookup, 0.95):.1f} ms; "
                    f"bare Input median {statistics.median(bare):.1f} ms, "
                    f"p95 {percentile(bare, 0.95):.1f} ms; ratio {ratio:.2f}"
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
