"""Shared helpers of the terminal benchmarks: a tmux session, a timed key, medians.

Each benchmark runs minutebook and a bare Textual baseline in the same run, in the same
tmux size, and prints ratios, so the figures compare like with like on any machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SIZE = (160, 50)

sys.path.insert(0, str(ROOT))

from tests.terminal.tmux import Tmux  # noqa: E402  (the tests' tmux driver)


class Session(Tmux):
    """A detached tmux session at the benchmarks' size, whose waits are timed."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        super().__init__(command, env or {}, size=SIZE)

    def seconds_until(self, text: str, timeout: float = 30) -> float:
        """Seconds until `text` is on screen, looking without pause."""
        start = time.perf_counter()
        self.wait_for(text, timeout, poll=0)
        return time.perf_counter() - start


def key_latencies(session: Session, keys: int, marker: str = "Qz") -> list[float]:
    """Per-key latency: send one character, poll the screen until it is drawn."""
    session.type(marker)
    session.seconds_until(marker)
    alphabet = "abcdefghijklmnopqrstuvwxy"
    typed = marker
    times: list[float] = []
    for index in range(keys):
        typed += alphabet[index % len(alphabet)]
        start = time.perf_counter()
        session.type(typed[-1])
        session.seconds_until(typed)
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000
