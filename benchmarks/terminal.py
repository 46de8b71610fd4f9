"""Shared helpers of the terminal benchmarks: a tmux session, a timed key, medians.

Each benchmark runs minutebook and a bare Textual baseline in the same run, in the same
tmux size, and prints ratios, so the figures compare like with like on any machine.
"""

from __future__ import annotations

import shlex
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZE = (160, 50)


class Session:
    """A detached tmux session running one command."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        self.name = f"mbbench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        # A tmux server started from inside pytest inherits COLUMNS and LINES, which would
        # override the window's real size for the program in it.
        folder = shlex.quote(str(ROOT))
        script = f"unset COLUMNS LINES; cd {folder}; {exports} exec {shlex.join(command)}"
        self.started = time.perf_counter()
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(SIZE[0]),
                "-y",
                str(SIZE[1]),
                script,
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> float:
        """Seconds until `text` is on screen."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if text in self.screen():
                return time.perf_counter() - start
        raise SystemExit(f"{text!r} never appeared:\n{self.screen()}")

    def send(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def key_latencies(session: Session, keys: int, marker: str = "Qz") -> list[float]:
    """Per-key latency: send one character, poll the screen until it is drawn."""
    session.send(marker)
    session.wait_for(marker)
    alphabet = "abcdefghijklmnopqrstuvwxy"
    typed = marker
    times: list[float] = []
    for index in range(keys):
        typed += alphabet[index % len(alphabet)]
        start = time.perf_counter()
        session.send(typed[-1])
        session.wait_for(typed)
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000
