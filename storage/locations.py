"""Where minutebook keeps its files by default."""

from __future__ import annotations

from pathlib import Path


def default_database_path() -> Path:
    """minutebook.db in the user data folder (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("minutebook", appauthor=False) / "minutebook.db"
