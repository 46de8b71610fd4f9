"""Every minutebook benchmark in one run, printed as one table.

    .venv/bin/python benchmarks/run_all.py            # the full run (about 8 minutes)
    .venv/bin/python benchmarks/run_all.py --quick    # fewer samples, no 100,000-action build

Each figure is a median with its 95th percentile and the number of samples; where a
baseline exists (a bare Textual app, a bare TextArea) it is measured in the same run, on
the same machine, in the same tmux size, and the figure is also given as a ratio to it.
Absolute times vary from machine to machine and with the load; the ratios are what to
compare. The date, the machine and its load average are printed with the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import bench_lookup, bench_startup, bench_typing  # noqa: E402
from benchmarks.terminal import PYTHON, Session  # noqa: E402


@dataclass(frozen=True)
class Row:
    """One figure of the table: samples in milliseconds, and the baseline's if there is one."""

    group: str
    name: str
    samples: list[float]
    baseline: str = ""
    baseline_samples: list[float] | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)

    @property
    def ratio(self) -> float | None:
        if not self.baseline_samples:
            return None
        return self.median / statistics.median(self.baseline_samples)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def milliseconds(seconds: Sequence[float]) -> list[float]:
    return [s * 1000 for s in seconds]


# -- first screen and typing (tmux) --------------------------------------------------------


def startup_rows(runs: int) -> list[Row]:
    times = bench_startup.measure(runs)
    bare = milliseconds(times["bare"])
    return [
        Row("First screen (tmux)", "bare Textual app", bare),
        Row(
            "First screen (tmux)",
            "minutebook open (meeting of 100 items)",
            milliseconds(times["minutebook"]),
            "bare Textual app",
            bare,
            "bar: 1.3x",
        ),
    ]


def typing_rows(keys: int, rounds: int) -> list[Row]:
    results = bench_typing.cases(keys, rounds, bare_lines=(1, 2000), note_lines=(10, 2000))
    bare = milliseconds(results["bare TextArea, 1 line(s)"])
    group = "Per-key latency, typing notes (tmux)"
    rows = [Row(group, "bare TextArea, 1 line", bare)]
    rows.append(
        Row(
            group,
            "bare TextArea, 2,000 lines",
            milliseconds(results["bare TextArea, 2000 line(s)"]),
            "bare TextArea, 1 line",
            bare,
        )
    )
    for lines, label in ((10, "10 lines"), (2000, "2,000 lines")):
        rows.append(
            Row(
                group,
                f"minutebook, item of {label}, meeting of 100 items",
                milliseconds(results[f"minutebook notes, {lines} line(s), 100 items"]),
                "bare TextArea, 1 line",
                bare,
                "bar: 1.5x",
            )
        )
    return rows


# -- keystroke to durable --------------------------------------------------------------------


def durable_rows(samples: int, seed: int = 11) -> list[Row]:
    """From send-keys of a unique marker until a read-only connection finds it in SQLite."""
    minutebook = str(Path(PYTHON).with_name("minutebook"))
    rng = random.Random(seed)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MINUTEBOOK_CONFIG_DIR": str(folder / "config")}
        database = bench_typing.make_meeting(folder, 10)
        reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True, isolation_level=None)
        item_id = reader.execute(
            "SELECT id FROM agenda_item WHERE meeting_id = 1 ORDER BY position LIMIT 1"
        ).fetchone()[0]
        session = Session([minutebook, "--db", str(database), "open", "1"], env)
        try:
            session.seconds_until("Agenda item 1")
            for sample in range(samples):
                marker = f" K{sample:03d}q"
                started = time.perf_counter()
                session.type(marker)
                while True:
                    row = reader.execute(
                        "SELECT notes FROM agenda_item WHERE id = ?", (item_id,)
                    ).fetchone()
                    if marker in row[0]:
                        break
                    if time.perf_counter() - started > 30:
                        raise SystemExit(f"{marker!r} never reached the database")
                    time.sleep(0.002)
                times.append((time.perf_counter() - started) * 1000)
                # A pause of a typist between bursts, so each sample starts from quiet.
                time.sleep(0.2 + rng.random() * 0.4)
        finally:
            session.close()
            reader.close()
    return [
        Row(
            "Keystroke to durable in SQLite",
            "marker typed in tmux, found by a reader",
            times,
            note="bar: 1,000 ms",
        )
    ]


# -- export ------------------------------------------------------------------------------------

NOTES = (
    "The chair introduced the item and invited **{who}** to present.\n"
    "- The report covered *performance*, workforce and the {topic} review.\n"
    "- Members asked about the timescale; ||the named family|| was discussed.\n"
    "  - A follow-up briefing was requested.\n"
    "1. The Board noted the report.\n"
    "2. The Board asked for an update at the next meeting.\n"
    "{who} confirmed that the figures would be shared with members."
)


def make_export_meeting(folder: Path, items: int) -> tuple[Path, int]:
    """A meeting of `items` items with notes, one action each, a decision every other item,
    and 30 people in attendance."""
    from storage import open_repository
    from storage.agenda import AgendaRow

    path = folder / f"export-{items}.db"
    repo = open_repository(path)
    board = repo.create_committee("Benchmark Safeguarding Board", "OFFICIAL-SENSITIVE")
    organisations = bench_lookup.ORGANISATIONS
    for n in range(30):
        person = repo.add_person(
            f"{bench_lookup.FIRST[n % 11]} {bench_lookup.LAST[n % 10]}",
            "Head of Service",
            organisations[n % len(organisations)],
        )
        repo.add_to_roster(board.id, person.id)
    agenda: list[AgendaRow] = []
    for n in range(items):
        if n % 10 == 0:
            agenda.append(AgendaRow(title=f"Section {n // 10 + 1}", is_section=True))
        agenda.append(AgendaRow(title=f"Agenda item {n + 1}", presenter="Head of Service"))
    meeting_id = repo.create_meeting(
        board.id, dt.date(2024, 3, 11), start_time="13:00", end_time="15:00", agenda=agenda
    )
    for n, item in enumerate(repo.meeting(meeting_id).items):
        who = organisations[n % len(organisations)]
        topic = bench_lookup.TOPICS[n % len(bench_lookup.TOPICS)]
        repo.save_notes(item.id, NOTES.format(who=who, topic=topic))
        repo.add_action(item.id, who, f"Bring the {topic} report to the Board", "June Board")
        if n % 2 == 0:
            repo.add_decision(item.id, f"The Board approved the {topic} plan.")
    repo.engine.dispose()
    return path, meeting_id


def export_rows(sizes: Sequence[int], repeats: Callable[[int], int]) -> list[Row]:
    """Load the meeting and write its .docx, as `minutebook export` does after starting."""
    import exports
    from storage import open_repository
    from storage.domain import PublicationRules

    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sizes:
            path, meeting_id = make_export_meeting(folder, size)
            repo = open_repository(path)
            for public in (False, True):
                times: list[float] = []
                for run in range(repeats(size) + 1):
                    started = time.perf_counter()
                    meeting = repo.meeting(meeting_id)
                    exports.write_minutes(
                        meeting,
                        folder / f"out-{size}-{public}.docx",
                        public=PublicationRules() if public else None,
                        force=True,
                    )
                    if run:  # the first run warms imports and caches
                        times.append((time.perf_counter() - started) * 1000)
                version = "public version" if public else "members' version"
                rows.append(Row("Export to .docx", f"{size} items, {version}", times))
            repo.engine.dispose()
    return rows


# -- action lookup -----------------------------------------------------------------------------


def lookup_rows(sizes: Sequence[int]) -> list[Row]:
    """Query time of every filter keystroke of realistic searches, typed letter by letter."""
    rows: list[Row] = []
    today = dt.date(2025, 6, 1)
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            engine = bench_lookup.build(
                Path(tmp) / f"actions-{size}.db", size, max(20, size // 40), 20
            )
            times = bench_lookup.keystroke_times(engine, today)
            engine.dispose()
            rows.append(
                Row(
                    "Action lookup, query per keystroke",
                    f"{size:,} actions",
                    times,
                    note="goal: under 30 ms",
                )
            )
    return rows


# -- the report ----------------------------------------------------------------------------------


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {model}"


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def table(rows: Sequence[Row]) -> str:
    header = (
        f"{'figure':<56} {'median ms':>10} {'p95 ms':>9} {'n':>4}  "
        f"{'ratio':>6}  {'baseline / bar':<30}"
    )
    lines = [header, "-" * len(header)]
    group = ""
    for row in rows:
        if row.group != group:
            group = row.group
            lines.append(group)
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        against = ", ".join(part for part in (row.baseline, row.note) if part)
        lines.append(
            f"  {row.name:<54} {row.median:>10.1f} {row.p95:>9.1f} {len(row.samples):>4}  "
            f"{ratio:>6}  {against:<30}".rstrip()
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer samples; skip the 100,000-action build"
    )
    args = parser.parse_args()
    quick = args.quick
    started = time.perf_counter()
    load_before = load()
    print(f"minutebook benchmarks, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", flush=True)
    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("first screen", lambda: startup_rows(3 if quick else 9)),
        ("typing", lambda: typing_rows(30 if quick else 50, 1 if quick else 2)),
        ("keystroke to durable", lambda: durable_rows(20 if quick else 30)),
        (
            "export",
            lambda: export_rows(
                (10, 100, 300), (lambda size: 2) if quick else (lambda size: 7 if size < 300 else 4)
            ),
        ),
        ("action lookup", lambda: lookup_rows((1000, 10000) if quick else (1000, 10000, 100000))),
    ]
    for name, step in steps:
        print(f"  measuring {name}…", file=sys.stderr, flush=True)
        rows += step()
    print(f"machine: {machine()}")
    print(f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"load average (1, 5, 15 min): {load_before} before, {load()} after")
    print(f"run took {time.perf_counter() - started:.0f} s{' (--quick)' if quick else ''}")
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
