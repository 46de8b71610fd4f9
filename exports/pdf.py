"""Tagged PDF minutes, made by LibreOffice from a .docx minutebook has already written.

The PDF is converted from the finished (and, for the public version, scanned) .docx, so it
holds nothing that file does not. LibreOffice carries the document's title and language
across, tags headings, lists and table header cells, and with `archive` makes PDF/A-2b.
Standard library only: LibreOffice runs as a separate program.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from storage.errors import BadInput
from storage.files import check_target

__all__ = ["TIMEOUT", "find_soffice", "write_pdf"]

TIMEOUT = 120.0
"""Seconds LibreOffice is given to convert one document before it is stopped."""

NEEDED = "a PDF needs LibreOffice: apt-get install libreoffice-writer-nogui (Debian)"


def find_soffice() -> str:
    """LibreOffice's `soffice`: the one MINUTEBOOK_SOFFICE names, else the one on PATH."""
    named = os.environ.get("MINUTEBOOK_SOFFICE")
    if named:
        if not os.access(named, os.X_OK) or os.path.isdir(named):
            raise BadInput(f"{NEEDED}; MINUTEBOOK_SOFFICE names no program: {named}")
        return named
    found = shutil.which("soffice")
    if found is None:
        raise BadInput(f"{NEEDED}, or name its soffice in MINUTEBOOK_SOFFICE")
    return found


def filter_options(*, archive: bool) -> str:
    """LibreOffice's PDF export options (the JSON form LibreOffice 7.4 and later read)."""
    options = {
        "UseTaggedPDF": {"type": "boolean", "value": "true"},
        "ExportBookmarks": {"type": "boolean", "value": "true"},
        "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
    }
    if archive:
        options["SelectPdfVersion"] = {"type": "long", "value": "2"}  # PDF/A-2b
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def write_pdf(
    docx_path: Path, pdf_path: Path, *, archive: bool, timeout: float, force: bool = False
) -> Path:
    """Convert `docx_path` to a tagged PDF at `pdf_path` (PDF/A-2b with `archive`), readable
    by its owner alone. LibreOffice works in a folder of its own beside the target, with a
    profile of its own so a LibreOffice the clerk has open does not take the job; the PDF
    takes its final name only once complete. LibreOffice that fails, or is still working
    after `timeout` seconds (stopped, with everything it started), is a `BadInput`."""
    pdf_path = Path(pdf_path)
    check_target(pdf_path, force=force)
    soffice = find_soffice()
    with (
        tempfile.TemporaryDirectory(prefix="minutebook-soffice-") as profile,
        tempfile.TemporaryDirectory(dir=pdf_path.parent, prefix=".minutebook-pdf-") as work,
    ):
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            filter_options(archive=archive),
            "--outdir",
            work,
            str(docx_path),
        ]
        error = _run(command, timeout)
        made = Path(work) / f"{Path(docx_path).stem}.pdf"
        if not made.is_file() or made.stat().st_size == 0:
            raise BadInput(f"LibreOffice did not write the PDF of {docx_path}{error}")
        os.chmod(made, 0o600)
        try:
            if force:
                os.replace(made, pdf_path)
            else:
                _put_in_place(made, Path(pdf_path))
        except FileExistsError:
            raise BadInput(f"{pdf_path} already exists (use --force to replace it)") from None
        except OSError as problem:
            raise BadInput(f"cannot write {pdf_path}: {problem.strerror or problem}") from None
    return pdf_path


def _put_in_place(made: Path, target: Path) -> None:
    """Give the finished PDF its name, never over a file that appeared meanwhile: a hard
    link where the file system has them, else (a FAT stick) a rename once it is free."""
    try:
        os.link(made, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.rename(made, target)


def _run(command: list[str], timeout: float) -> str:
    """Run LibreOffice in a process group of its own; what it said on failure, as
    `: <its last line>` (empty when it said nothing)."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as problem:
        raise BadInput(f"cannot run LibreOffice ({command[0]}): {problem.strerror}") from None
    with process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice is a launcher: the converter is its child, so stop the whole group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            raise BadInput(
                f"LibreOffice did not finish the PDF within {timeout:g} seconds and was stopped"
            ) from None
    lines = [line for line in output.decode(errors="replace").splitlines() if line.strip()]
    failed = process.returncode != 0 or any(line.startswith("Error") for line in lines)
    return f": {lines[-1].strip()}" if failed and lines else ""
