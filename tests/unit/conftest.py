"""Fixtures of the headless tests."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from tui import cli, launch


@pytest.fixture
def minutebook(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database: str
) -> Callable[..., tuple[int, str, str]]:
    """Run the console script in-process on the test database: (exit status, stdout, stderr)."""

    def run(*arguments: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["minutebook", "--db", database, *arguments])
        status = 0
        try:
            launch.main()
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        finally:
            if cli.state.repository is not None:
                cli.state.repository.engine.dispose()
        out = capsys.readouterr()
        return status, out.out, out.err

    return run
