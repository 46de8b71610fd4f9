"""minutebook's storage: SQLite (or any SQLAlchemy database) behind one repository.

Nothing here imports Textual; the app, the CLI and the exporter all go through
`open_repository`. SQLAlchemy is imported only when a repository is really opened, so
that importing this package (for the errors, say) stays cheap.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from storage.errors import BadInput, DatabaseUnusable, MinutebookError, NotFound

if TYPE_CHECKING:
    from storage.repository import Repository

__all__ = [
    "BadInput",
    "DatabaseUnusable",
    "MinutebookError",
    "NotFound",
    "Repository",
    "open_repository",
]


def open_repository(
    target: str | os.PathLike[str] | None = None,
    *,
    header_checked: bool = False,
    migrated: bool = False,
) -> Repository:
    """The repository on a database file or URL (default: the user data folder).
    `migrated`: the caller has just read that the schema is the newest (no second look)."""
    from storage.engine import open_database
    from storage.repository import Repository

    return Repository(open_database(target, header_checked=header_checked, migrated=migrated))


def __getattr__(name: str) -> Any:
    if name == "Repository":
        from storage.repository import Repository

        return Repository
    raise AttributeError(f"module 'storage' has no attribute {name!r}")
