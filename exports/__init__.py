"""minutebook's exports: the formal Word minutes and action logs.

Importing this package is cheap: python-docx and markdown-it-py are loaded only when a
document is written. Nothing here imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.domain import Action, Meeting

__all__ = ["default_export_path", "write_action_log", "write_minutes"]


def write_minutes(
    meeting: Meeting,
    path: Path,
    *,
    public: bool = False,
    template: Path | None = None,
    action_log: bool = True,
    force: bool = False,
) -> Path:
    """Write the minutes of `meeting` as a .docx readable by its owner alone (mode 0600).

    `public` leaves out personal names and confidential items and blacks out redactions;
    `template` is a .docx whose styles, fonts and letterhead are used; an existing file is
    replaced only with `force` (otherwise `storage.BadInput`).
    """
    from exports.word import write_minutes as write

    return write(
        meeting, path, public=public, template=template, action_log=action_log, force=force
    )


def write_action_log(
    actions: list[Action],
    path: Path,
    *,
    title: str,
    public: bool = False,
    force: bool = False,
    committee_names: dict[int, str] | None = None,
) -> Path:
    """Write an action log on its own (with a Committee column if `committee_names`)."""
    from exports.word import write_action_log as write

    return write(
        actions,
        path,
        title=title,
        public=public,
        force=force,
        committee_names=committee_names,
    )


def default_export_path(meeting: Meeting, public: bool) -> Path:
    """`<committee>-minutes-YYYY-MM-DD[-public].docx` in the current folder."""
    suffix = "-public" if public else ""
    return (
        Path.cwd()
        / f"{slug(meeting.committee.name)}-minutes-{meeting.date.isoformat()}{suffix}.docx"
    )


def slug(text: str, *, limit: int = 60) -> str:
    """A file-name-safe form of a name: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "meeting"
