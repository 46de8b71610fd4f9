"""Alembic migrations of the minutebook schema, run by `storage.engine.migrate`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.config import Config


def alembic_config(connection: Any = None) -> Config:
    """A configuration that needs no alembic.ini: the scripts sit beside this file."""
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    return config
