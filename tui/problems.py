"""What the clerk is told when the database fails: one line, never a traceback."""

from __future__ import annotations

from storage.errors import MinutebookError


def clerk_line(error: BaseException) -> str:
    """Any error of a storage call, as the one line a clerk sees."""
    if isinstance(error, MinutebookError):
        return str(error)
    return describe_failure(error)


def describe_failure(error: BaseException) -> str:
    """One line a clerk can act on, whatever the storage layer raised."""
    text = " ".join(str(getattr(error, "orig", None) or error).split())
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return "the database file is read-only"
    if "locked" in lowered or "busy" in lowered:
        return "the database is locked by another program"
    if "disk" in lowered and "full" in lowered:
        return "the disk is full"
    if isinstance(error, TimeoutError):
        return "the database server is not answering"
    if "malformed" in lowered or "not a database" in lowered:
        return "the database file is damaged: restore the latest backup (minutebook backup)"
    return text[:120] or type(error).__name__
