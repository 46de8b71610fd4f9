"""Where minutebook keeps its files: the database, recovery files and crash reports, and
the settings. `MINUTEBOOK_CONFIG_DIR`, when set, stands for the data and config folders."""

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


def config_folder() -> Path:
    """Where the settings are (config.toml, keymap.toml): the user config folder, or
    `MINUTEBOOK_CONFIG_DIR` when set."""
    override = os.environ.get("MINUTEBOOK_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("minutebook", appauthor=False)


def default_database_path() -> Path:
    """minutebook.db in the user data folder (XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("minutebook", appauthor=False) / "minutebook.db"
