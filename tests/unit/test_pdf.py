"""`minutebook export --pdf`: tagged PDF minutes made by LibreOffice, read back with pikepdf.

The two real conversions (the members' PDF at the default name, the public PDF/A at a
chosen name) run once for the module, through the console script; the failures use a
LibreOffice that is missing or hangs, and run no LibreOffice at all.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import stat
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
import pytest

from storage import open_repository
from tui import cli, launch

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]


@dataclass(frozen=True)
class Exported:
    members: list[Path]
    public: list[Path]
    folder: Path
    names: list[str]


def run_cli(database: Path, *arguments: str) -> tuple[int, str, str]:
    """The console script in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setattr(sys, "argv", ["minutebook", "--db", str(database), *arguments])
        patch.setattr(cli.state, "repository", None)
        try:
            launch.main()
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        finally:
            if cli.state.repository is not None:
                cli.state.repository.engine.dispose()
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    folder = tmp_path_factory.mktemp("pdf")
    database = folder / "minutes.db"
    assert run_cli(database, "demo", "--no-open")[0] == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        status, out, err = run_cli(database, "export", "latest", "--pdf")
    assert (status, err) == (0, ""), err
    members = [Path(line) for line in out.splitlines()]
    status, out, err = run_cli(
        database, "export", "latest", "--public", "--pdf-a", "-o", str(folder / "public.pdf")
    )
    assert (status, err) == (0, ""), err
    repo = open_repository(str(database))
    meeting = repo.meeting(repo.resolve_meeting("latest"))
    repo.engine.dispose()
    names = [a.person.name for a in meeting.attendees if a.person.name]
    yield Exported(members, [Path(line) for line in out.splitlines()], folder, names)


def structure_types(pdf: pikepdf.Pdf) -> Counter[str]:
    """How often each structure type (/H1, /Table, /TH...) is in the structure tree."""
    found: Counter[str] = Counter()
    pending: list[object] = [pdf.Root.StructTreeRoot]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found[str(node.S)] += 1
            if "/K" in node:
                pending.append(node.K)
    return found


def test_the_pdf_is_written_beside_the_docx_and_both_are_said(exported: Exported) -> None:
    docx, pdf = exported.members
    assert docx.parent == pdf.parent == exported.folder
    assert docx.suffix == ".docx" and pdf == docx.with_suffix(".pdf")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert exported.public == [exported.folder / "public.docx", exported.folder / "public.pdf"]
    assert not [p for p in exported.folder.iterdir() if p.name.startswith(".")]


def test_the_pdf_is_tagged_titled_and_in_the_documents_language(exported: Exported) -> None:
    for docx_path, pdf_path in (exported.members, exported.public):
        document = docx.Document(str(docx_path))
        [language] = document.styles.element.xpath("w:docDefaults//w:lang/@w:val")
        with pikepdf.open(pdf_path) as pdf:
            assert "/StructTreeRoot" in pdf.Root
            assert pdf.Root.MarkInfo.Marked is True
            types = structure_types(pdf)
            assert types["/Table"] and types["/TH"], types
            assert str(pdf.docinfo["/Title"]) == document.core_properties.title != ""
            assert str(pdf.Root.Lang) == language
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert "/Outlines" in pdf.Root


def test_only_the_archive_pdf_is_pdf_a(exported: Exported) -> None:
    with pikepdf.open(exported.public[1]) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") == "2"
    with pikepdf.open(exported.members[1]) as pdf:
        assert pdf.open_metadata().get("pdfaid:part") is None


def test_the_public_pdf_holds_no_personal_name(exported: Exported) -> None:
    def text(pdf: Path) -> str:
        return subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout

    assert exported.names
    members, public = " ".join(text(exported.members[1]).split()), text(exported.public[1])
    public = " ".join(public.split())
    assert any(name in members for name in exported.names)
    for name in exported.names:
        assert name not in public
        assert not re.search(rf"\b{re.escape(name.split()[-1])}\b", public), name


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("MINUTEBOOK_SOFFICE", raising=False)


@pytest.mark.usefixtures("no_libreoffice")
def test_without_libreoffice_one_line_and_nothing_written(
    minutebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    minutebook("demo", "--no-open")
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    for soffice in (None, str(tmp_path / "no-such-soffice")):
        if soffice:
            monkeypatch.setenv("MINUTEBOOK_SOFFICE", soffice)
        status, out, err = minutebook("export", "latest", "-o", str(target))
        assert (status, out) == (2, "")
        assert len(err.splitlines()) == 1 and "apt-get install libreoffice-writer-nogui" in err
        assert list(target.parent.iterdir()) == []


def test_a_hanging_libreoffice_is_stopped(
    minutebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exports import pdf

    hang = tmp_path / "soffice"
    started = tmp_path / "started"
    hang.write_text(f"#!/bin/sh\necho $$ > {started}\nsleep 1000 &\nwait\n")
    hang.chmod(0o700)
    monkeypatch.setenv("MINUTEBOOK_SOFFICE", str(hang))
    monkeypatch.setattr(pdf, "TIMEOUT", 0.5)
    minutebook("demo", "--no-open")
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    status, out, err = minutebook("export", "latest", "--public", "-o", str(target))
    assert status == 2
    assert len(err.splitlines()) == 1 and "0.5 seconds" in err, err
    assert out.splitlines() == [str(target.with_suffix(".docx"))]  # the checked .docx is kept
    assert [p.name for p in target.parent.iterdir()] == ["minutes.docx"]
    assert living_in_group(int(started.read_text())) == []  # it, and what it started


def living_in_group(group: int) -> list[int]:
    """The processes of a process group that still run (not those dead and not yet reaped)."""
    living = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat_file.read_text().rpartition(")")[2].split()
            if fields[0] != "Z" and int(fields[2]) == group:
                living.append(int(stat_file.parent.name))
    return living
