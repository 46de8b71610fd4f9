"""Where minutebook keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path


def data_folder() -> Path:
    """Where recovery files and crash reports go: the user data folder, or
    `MINUTEBOOK_CONFIG_DIR` when set (which then holds the settings too)."""
    override = os.environ.get("MINUTEBOOK_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("minutebook", appauthor=False)


def default_database_path() -> Path:
    """minutebook.db in the user data folder (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("minutebook", appauthor=False) / "minutebook.db"
