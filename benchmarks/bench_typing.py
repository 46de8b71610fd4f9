"""Per-key typing latency in the notes, in a real terminal, against a bare TextArea.

    .venv/bin/python benchmarks/bench_typing.py [--keys 50] [--rounds 2]

Runs, in tmux at 160x50: a bare Textual TextArea holding 1 line and 2,000 lines, and
`minutebook open` on a meeting of 100 items whose current item holds 1 line and 2,000
lines of notes. Each key is sent with `tmux send-keys` and timed until `tmux
capture-pane` shows it. Prints median and 95th percentile per key, and each as a ratio
to the bare one-line TextArea (the bar: minutebook with 2,000 lines within 1.5x).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.terminal import PYTHON, ROOT, Session, key_latencies, summary

LINE = "Line {n}: the Board discussed the item and agreed the next steps."


def make_meeting(folder: Path, note_lines: int) -> Path:
    """A database with one meeting of 100 items; the first item holds `note_lines` lines."""
    from storage import open_repository
    from storage.agenda import AgendaRow

    path = folder / f"bench-{note_lines}.db"
    repo = open_repository(path)
    board = repo.create_committee("Benchmark Board")
    agenda = []
    for section in range(5):
        agenda.append(AgendaRow(title=f"Section {section + 1}", is_section=True))
        agenda += [AgendaRow(title=f"Agenda item {section * 20 + n + 1}") for n in range(20)]
    meeting_id = repo.create_meeting(board.id, dt.date(2024, 3, 11), agenda=agenda)
    first = repo.meeting(meeting_id).items[0]
    notes = "\n".join(LINE.format(n=n) for n in range(note_lines - 1))
    repo.save_notes(first.id, notes + ("\n" if note_lines > 1 else ""))
    repo.engine.dispose()
    return path


def measure(command: list[str], ready: str, keys: int, env: dict[str, str]) -> list[float]:
    session = Session(command, env)
    try:
        session.seconds_until(ready)
        return key_latencies(session, keys)
    finally:
        session.close()


def cases(
    keys: int = 50,
    rounds: int = 2,
    bare_lines: tuple[int, ...] = (1, 2000),
    note_lines: tuple[int, ...] = (1, 2000),
) -> dict[str, list[float]]:
    """Seconds per key for each case, bare and minutebook interleaved round by round.

    Keys: "bare TextArea, N line(s)" for each of `bare_lines`, and "minutebook notes,
    N line(s), 100 items" for each of `note_lines`.
    """
    minutebook = str(Path(PYTHON).with_name("minutebook"))
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MINUTEBOOK_CONFIG_DIR": str(folder / "config")}
        databases = {lines: make_meeting(folder, lines) for lines in note_lines}
        for round_ in range(rounds):
            for lines in bare_lines:
                bare = [
                    PYTHON,
                    str(ROOT / "benchmarks" / "baseline_apps.py"),
                    "textarea",
                    str(lines),
                ]
                results.setdefault(f"bare TextArea, {lines} line(s)", []).extend(
                    measure(bare, "Line" if lines > 1 else "▎", keys, env)
                )
            for lines in note_lines:
                # A fresh copy each time: the last run's lease would open it read-only.
                copy = folder / f"run-{lines}-{round_}.db"
                copy.write_bytes(databases[lines].read_bytes())
                command = [minutebook, "--db", str(copy), "open", "1"]
                results.setdefault(f"minutebook notes, {lines} line(s), 100 items", []).extend(
                    measure(command, "Agenda item 1", keys, env)
                )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    results = cases(args.keys, args.rounds)
    base_median, base_p95 = summary(results["bare TextArea, 1 line(s)"])
    print(f"{'case':<44} {'median ms':>10} {'p95 ms':>8} {'x median':>9} {'x p95':>7}")
    for name, times in results.items():
        median, p95 = summary(times)
        print(
            f"{name:<44} {median:>10.1f} {p95:>8.1f} "
            f"{median / base_median:>9.2f} {p95 / base_p95:>7.2f}"
        )


if __name__ == "__main__":
    main()
