"""Time from launch to first screen drawn: `minutebook open` against a bare Textual app.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7]

Both run in tmux at 160x50; the clock stops when `tmux capture-pane` first shows the
expected text. Prints medians and the ratio (the bar: within 1.3x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_typing import make_meeting
from benchmarks.terminal import PYTHON, ROOT, Session


def first_screen(command: list[str], ready: str, env: dict[str, str]) -> float:
    session = Session(command, env)
    try:
        return session.seconds_until(ready)
    finally:
        session.close()


def compile_project() -> None:
    """Bytecode for minutebook's own modules, as a regular install writes it. Textual's comes
    compiled in site-packages; without this, where PYTHONDONTWRITEBYTECODE is set (as on the
    test machines) every run of an editable install would compile minutebook again."""
    import compileall

    for package in ("tui", "storage", "exports"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(runs: int = 7) -> dict[str, list[float]]:
    """Seconds to first screen, per run: {"bare": [...], "minutebook": [...]}, interleaved."""
    compile_project()
    minutebook = str(Path(PYTHON).with_name("minutebook"))
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MINUTEBOOK_CONFIG_DIR": str(folder / "config")}
        database = make_meeting(folder, 1)
        for run in range(runs):
            bare.append(
                first_screen(
                    [PYTHON, str(ROOT / "benchmarks" / "baseline_apps.py"), "hello"], "READY", env
                )
            )
            copy = folder / f"run-{run}.db"
            copy.write_bytes(database.read_bytes())
            ours.append(
                first_screen([minutebook, "--db", str(copy), "open", "1"], "Agenda item 1", env)
            )
    return {"bare": bare, "minutebook": ours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times = measure(args.runs)
    bare, ours = times["bare"], times["minutebook"]
    b, o = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    print(f"bare Textual app      {b:7.0f} ms (median of {args.runs})")
    print(f"minutebook open       {o:7.0f} ms")
    print(f"ratio                 {o / b:7.2f}x")


if __name__ == "__main__":
    main()
