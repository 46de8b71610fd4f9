"""Instructions executed up to the first screen: `minutebook open` against a bare Textual app.

    .venv/bin/python benchmarks/bench_startup_instructions.py

Each runs in tmux at 160x50 under valgrind's callgrind and stops as its first frame is
written (benchmarks/first_frame.py). Unlike times, instruction counts hardly move with the
machine's load, so the ratio is the start-up bar's figure without the noise; it leaves out
what the terminal does with the frame. Needs valgrind (Debian's package). About a minute.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_startup import compile_project
from benchmarks.bench_typing import make_meeting
from benchmarks.terminal import PYTHON, ROOT, Session

FIRST_FRAME = str(ROOT / "benchmarks" / "first_frame.py")


def instructions(arguments: list[str], env: dict[str, str], folder: Path) -> int:
    """Instructions callgrind counted for `first_frame.py ARGUMENTS`."""
    out = folder / "callgrind.out"
    out.unlink(missing_ok=True)
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
    session = Session([*command, PYTHON, FIRST_FRAME, *arguments], env)
    try:
        deadline = time.monotonic() + 300
        while session.running() and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        session.close()
    match = re.search(r"^summary:\s*(\d+)", out.read_text(), re.MULTILINE)
    if match is None:
        raise SystemExit(f"callgrind wrote no summary for {arguments}")
    return int(match.group(1))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install valgrind")
    compile_project()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MINUTEBOOK_CONFIG_DIR": str(folder / "config")}
        database = make_meeting(folder, 1)
        bare = instructions(["bare"], env, folder)
        ours = instructions(["minutebook", "--db", str(database), "open", "1"], env, folder)
    print(f"bare Textual app      {bare / 1e6:8.0f} million instructions")
    print(f"minutebook open       {ours / 1e6:8.0f} million instructions")
    print(f"ratio                 {ours / bare:8.3f}x  (the bar: within 1.3x)")


if __name__ == "__main__":
    main()
