"""Fixtures for Pilot and snapshot tests: unstarted apps on their own database, no blinking."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy.exc
from textual.widgets import Input, TextArea

from storage import Repository
from tui.app import MinutebookApp

FIXED_NOW = dt.datetime(2024, 3, 11, 13, 25, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def quiet_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Own config folder, UTC clock, and cursors that do not blink (stable snapshots)."""
    monkeypatch.setenv("MINUTEBOOK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    yield
    os.environ.pop("TZ", None)
    time.tzset()


def read_only_database(*args: object, **kwargs: object) -> None:
    """Stands in for a repository write on a file that has turned read-only."""
    raise sqlalchemy.exc.OperationalError(
        "UPDATE", {}, Exception("attempt to write a readonly database")
    )


async def settled(app: MinutebookApp, pilot) -> None:
    """Write what is pending and wait for every worker, as the app would within a second."""
    app.save_now()
    await app.workers.wait_for_complete()
    await pilot.pause()


def make_app(repo: Repository, meeting_id: int | None = None) -> MinutebookApp:
    app = MinutebookApp(repo, meeting_id)
    app.clock = lambda: FIXED_NOW
    return app


@pytest.fixture
def capture_app(repo: Repository, meeting_id: int) -> MinutebookApp:
    """Live capture of the sample meeting, not yet started."""
    return make_app(repo, meeting_id)


@pytest.fixture
def home_app(repo: Repository, meeting_id: int) -> MinutebookApp:
    return make_app(repo)
