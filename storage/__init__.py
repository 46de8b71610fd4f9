"""minutebook's storage: SQLite (or any SQLAlchemy database) behind one repository.

Nothing here imports Textual; the app, the CLI and the exporter all go through
`open_repository`.
"""

from __future__ import annotations

import os

from storage.errors import BadInput, DatabaseUnusable, MinutebookError, NotFound
from storage.repository import Repository

__all__ = [
    "BadInput",
    "DatabaseUnusable",
    "MinutebookError",
    "NotFound",
    "Repository",
    "open_repository",
]


def open_repository(target: str | os.PathLike[str] | None = None) -> Repository:
    """The repository on a database file or URL (default: the user data folder)."""
    from storage.engine import open_database

    return Repository(open_database(target))
