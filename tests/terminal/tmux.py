"""Drive a program in a detached tmux session: send keys, read the screen."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Mapping, Sequence


class Tmux:
    """One detached tmux session running one command, with a fixed size."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str], size=(160, 45)) -> None:
        self.name = f"mbtest-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # A tmux server started from inside pytest inherits COLUMNS and LINES, which would
        # override the window's real size for the program in it.
        script = f"unset COLUMNS LINES; {exports} exec {shlex.join(command)}"
        command_line = [
            "tmux",
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            script,
        ]
        for _ in range(3):
            started = subprocess.run(command_line, capture_output=True, text=True)
            if started.returncode == 0:
                break
            # The server that the last session closed may still be exiting ("server exited
            # unexpectedly"): a moment later a new one starts.
            time.sleep(0.2)
        else:
            raise RuntimeError(f"tmux would not start a session: {started.stderr.strip()}")

    @staticmethod
    def available() -> bool:
        return shutil.which("tmux") is not None

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return result.stdout

    def wait_for(self, text: str, timeout: float = 20, poll: float = 0.02) -> str:
        """The screen once `text` shows on it (looked at every `poll` seconds);
        AssertionError if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(poll)
        raise AssertionError(f"{text!r} never appeared on screen:\n{self.screen()}")

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def send_bytes(self, data: bytes) -> None:
        """Bytes as a terminal sends them, whatever their encoding."""
        subprocess.run(
            ["tmux", "send-keys", "-t", self.name, "-H", *(f"{b:02x}" for b in data)], check=True
        )

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def pid(self) -> int:
        out = subprocess.run(
            ["tmux", "list-panes", "-t", self.name, "-F", "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.split()[0])

    def running(self) -> bool:
        """True until the program in the session has ended."""
        checked = subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True)
        return checked.returncode == 0

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
