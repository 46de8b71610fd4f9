"""Recovery files: notes that could not reach the database, kept so they can be taken back.

A recovery file is plain text a clerk can read and copy from by hand, and it says which
database and which items its notes belong to, so the next time one of those meetings
opens minutebook offers to take them back in. Each item's notes start after a marker line
holding a random token that the notes themselves do not contain, so any text, lines that
look like markers included, reads back exactly.

Standard library only: files are written on the app's way out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.files import write_new_private

STEM = "unsaved-notes"
TAKEN_IN = "-taken-in"
SET_ASIDE = "-set-aside"
_HEADER = "minutebook: notes that could not be saved to the database."
_HOW = (
    "Open the meeting again in minutebook and press Ctrl+G to take them back in, "
    "or copy them from here by hand."
)
_LARGEST = 64 * 1024 * 1024
"""A larger file is not one minutebook wrote."""


@dataclass(frozen=True)
class RecoveryFile:
    path: Path
    database: str
    notes: dict[int, str]
    """Each item's notes as they were when they could not be saved, by item id."""
    headings: dict[int, str]


UNSAVED_CHANGES = 0
"""The section of changes (marks, records) that did not reach the database: no item's, so
never taken back in, only read; they are to be entered again."""


def write_recovery_file(
    folder: Path,
    database: str,
    notes: dict[int, str],
    headings: dict[int, str],
    changes: Sequence[str] = (),
) -> Path:
    """Write notes and changes that could not reach `database` to a new private file; its
    path."""
    import secrets  # here, not at the top: it costs the first screen a few milliseconds

    if changes:
        notes = {**notes, UNSAVED_CHANGES: "\n".join(changes)}
        headings = {**headings, UNSAVED_CHANGES: "Changes not saved: enter them again"}
    token = secrets.token_hex(6)
    while any(token in text for text in notes.values()):
        token = secrets.token_hex(6)
    lines = [_HEADER, _HOW, f"database: {database}", f"marker: ~~~~ {token}", ""]
    for item_id, text in notes.items():
        heading = " ".join(headings.get(item_id, "").split()) or f"item {item_id}"
        lines.append(f"~~~~ {token} item {item_id}: {heading}")
        lines.append(text)
    data = ("\n".join(lines) + "\n").encode("utf-8", errors="surrogatepass")
    return write_new_private(folder, STEM, ".txt", data)


def read_recovery_file(path: Path) -> RecoveryFile | None:
    """The notes in a recovery file; None for a file that is not one (or cannot be read)."""
    try:
        if path.stat().st_size > _LARGEST:
            return None
        text = path.read_bytes().decode("utf-8", errors="surrogatepass")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, body = text.partition("\n\n")
    fields = dict(line.partition(": ")[::2] for line in header.splitlines()[2:])
    token = re.fullmatch(r"~~~~ ([0-9a-f]{12})", fields.get("marker", ""))
    if not header.startswith(_HEADER) or "database" not in fields or token is None:
        return None
    marker = re.compile(rf"^~~~~ {token.group(1)} item (\d+): (.*)\n", re.MULTILINE)
    found = list(marker.finditer(body))
    if not found or found[0].start() != 0 or not body.endswith("\n"):
        return None
    notes: dict[int, str] = {}
    headings: dict[int, str] = {}
    for here, after in zip(found, [*found[1:], None], strict=True):
        end = after.start() if after is not None else len(body)
        item_id = int(here.group(1))
        notes[item_id] = body[here.end() : end - 1]  # each item's notes end with one "\n"
        headings[item_id] = here.group(2)
    return RecoveryFile(path, fields["database"], notes, headings)


def recovery_files(folder: Path, database: str, item_ids: set[int]) -> list[RecoveryFile]:
    """The recovery files, oldest first, that hold notes of these items of `database` and
    have been neither taken back in nor set aside."""
    try:
        paths = sorted(folder.glob(f"{STEM}-*.txt"), key=_written)
    except OSError:
        return []
    found = []
    for path in paths:
        if path.stem.endswith((TAKEN_IN, SET_ASIDE)):
            continue
        kept = read_recovery_file(path)
        if kept is not None and kept.database == database and item_ids & kept.notes.keys():
            found.append(kept)
    return found


def _written(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def missing_words(current: str, kept: str) -> str:
    """What to add at the end of an item's `current` notes so that none of the `kept` words
    is lost: the rest of them when the notes are where the kept ones began; nothing when
    they are already there; else every kept line from the first that differs, after a
    blank line (the notes were changed elsewhere meanwhile)."""
    if kept.startswith(current):
        return kept[len(current) :]
    if kept in current:
        return ""
    shared = next(
        (i for i, (ours, theirs) in enumerate(zip(current, kept, strict=False)) if ours != theirs),
        min(len(current), len(kept)),
    )
    rest = kept[kept.rfind("\n", 0, shared) + 1 :]
    if not rest.strip() or rest in current:
        return ""
    return ("\n" if current.endswith("\n") else "\n\n") + rest


def settle(kept: RecoveryFile, taken: set[int], *, taken_in: bool = True) -> None:
    """Mark a recovery file taken back in (or set aside) so it is not offered again. It is
    renamed, never deleted; notes of other items in it stay on offer in a new file."""
    left = {i: text for i, text in kept.notes.items() if i not in taken}
    if left:
        write_recovery_file(kept.path.parent, kept.database, left, kept.headings)
    suffix = TAKEN_IN if taken_in else SET_ASIDE
    os.rename(kept.path, kept.path.with_name(f"{kept.path.stem}{suffix}{kept.path.suffix}"))
