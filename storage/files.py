"""The files minutebook writes besides its database: exports, dumps, recovery files and
crash reports. These are safeguarding records, so every one is readable by its owner alone
(0600) in a folder minutebook makes for its owner alone (0700), whatever the umask; none is
written through a symbolic link or over an existing file unless the clerk asked for that.
Standard library only: the app uses these on its way out, when anything else may be gone.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

from storage.errors import BadInput


def write_crash_report() -> Path:
    """Keep the traceback being handled for whoever fixes the bug, out of the clerk's way."""
    from storage.locations import data_folder

    report = traceback.format_exc().encode("utf-8", errors="backslashreplace")
    return write_new_private(data_folder(), "crash", ".log", report)


def private_folder(folder: Path) -> Path:
    """`folder`, made if need be; one minutebook makes is for its owner alone."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask, 0o700 never widened
    return folder


def new_private_file(path: Path) -> None:
    """An empty file at `path` readable by its owner alone, for SQLite to fill: never an
    existing file or a symbolic link (FileExistsError)."""
    os.close(os.open(path, _NEW_FILE, 0o600))


def write_new_private(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """A new file `stem-YYYYmmdd-HHMMSS[-N]suffix` in `folder`, never one already there
    (two in one second are both kept), written to disk before its path is returned."""
    private_folder(folder)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        path = folder / f"{stem}-{stamp}{'' if attempt == 1 else f'-{attempt}'}{suffix}"
        try:
            descriptor = os.open(path, _NEW_FILE, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        return path
    raise FileExistsError(f"{folder}: no free name for {stem}-{stamp}{suffix}")


def write_private(path: Path, data: bytes, *, force: bool) -> Path:
    """Write `data` to `path` readable by its owner alone; replace an existing file (or
    link: the link itself, never what it points to) only if `force`. A replacement is
    written beside the target and renamed over it, so a failure never leaves half a file
    where the old one was. Errors are `BadInput` with a clerk's sentence."""
    try:
        if force:
            descriptor, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".part"
            )
            try:
                with os.fdopen(descriptor, "wb") as file:
                    file.write(data)
                os.chmod(temporary, 0o600)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        else:
            descriptor = os.open(path, _NEW_FILE, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
    except FileExistsError:
        raise BadInput(f"{path} already exists (use --force to replace it)") from None
    except OSError as error:
        raise BadInput(f"cannot write {path}: {error.strerror or error}") from None
    return path


def check_target(path: Path, *, force: bool) -> None:
    """Refuse, before any work is done, a target that cannot or must not be written."""
    try:
        if path.is_dir():
            raise BadInput(f"{path} is a folder: give a file name")
        if (path.exists() or path.is_symlink()) and not force:
            raise BadInput(f"{path} already exists (use --force to replace it)")
        if not path.parent.is_dir():
            raise BadInput(f"cannot write {path}: the folder {path.parent} does not exist")
    except OSError as error:  # a name too long, a folder that cannot be read
        raise BadInput(f"cannot write {path}: {error.strerror or error}") from None


# O_EXCL with O_CREAT refuses an existing file and a symbolic link alike.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
