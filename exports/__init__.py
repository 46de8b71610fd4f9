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
    from exports.extracts import Extract
    from storage.domain import Action, Meeting, PublicationRules

__all__ = [
    "default_export_path",
    "write_action_log",
    "write_meeting_actions",
    "write_minutes",
]


def write_minutes(
    meeting: Meeting,
    path: Path,
    *,
    public: PublicationRules | None = None,
    template: Path | None = None,
    action_log: bool = True,
    force: bool = False,
    extract: Extract | None = None,
) -> Path:
    """Write the minutes of `meeting` as a .docx readable by its owner alone (mode 0600).

    With `public` (the rules of `Repository.publication_rules`), the public version: made
    from what may be published, and scanned before it is written (`Unpublishable` if
    anything is found, or a redaction is broken). `template` is a .docx whose styles, fonts
    and letterhead are used; an existing file is replaced only with `force` (otherwise
    `storage.BadInput`). With `extract` (`exports.extracts`), only part of the minutes.
    """
    from exports.word import write_minutes as write

    return write(
        meeting,
        path,
        rules=public,
        template=template,
        action_log=action_log,
        force=force,
        extract=extract,
    )


def write_meeting_actions(
    meeting: Meeting,
    path: Path,
    *,
    public: PublicationRules | None = None,
    template: Path | None = None,
    force: bool = False,
) -> Path:
    """Write the action log of one meeting alone: the actions it reviewed and raised."""
    from exports.word import write_meeting_actions as write

    return write(meeting, path, rules=public, template=template, force=force)


def write_action_log(
    actions: list[Action],
    path: Path,
    *,
    title: str,
    force: bool = False,
    committee_names: dict[int, str] | None = None,
) -> Path:
    """Write a members' action log on its own (with a Committee column if `committee_names`)."""
    from exports.word import write_action_log as write

    return write(actions, path, title=title, force=force, committee_names=committee_names)


def default_export_path(
    meeting: Meeting,
    public: PublicationRules | None = None,
    *,
    actions_only: bool = False,
    extract: Extract | None = None,
) -> Path:
    """`<committee>-minutes-YYYY-MM-DD[-item-5|-exempt][-public].docx` in the current
    folder; the public version's name is made from its published committee name."""
    name = meeting.committee.name
    if public is not None:
        from exports.public import Publisher

        name = Publisher(meeting, public).line(name, where="the committee's name", prose=False)
    kind = "actions" if actions_only else "minutes"
    suffix = (f"-{extract.name}" if extract else "") + ("-public" if public is not None else "")
    return Path.cwd() / f"{slug(name)}-{kind}-{meeting.date.isoformat()}{suffix}.docx"


def slug(text: str, *, limit: int = 60) -> str:
    """A file-name-safe form of a name: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "meeting"
