"""F10's PDF choices: the .docx and its PDF written by a worker, each outcome told."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from storage import Repository
from tests.functional.test_capture_flows import SIZE, settle
from tui.app import MinutebookApp

pytestmark = pytest.mark.libreoffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_the_public_pdf_is_written_beside_its_docx(
    repo: Repository, meeting_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "P")
        await settle(app, pilot)
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
    [docx] = tmp_path.glob("*-public.docx")
    pdf = docx.with_suffix(".pdf")
    assert any(f"{docx} and {pdf}" in m for m in said), said
    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root


async def test_without_libreoffice_nothing_is_written_and_it_is_said(
    repo: Repository, meeting_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "exports"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("MINUTEBOOK_SOFFICE", str(tmp_path / "no-such-soffice"))
    app = MinutebookApp(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "M")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
    assert any("libreoffice-writer-nogui" in m for m in said), said
    assert list(here.iterdir()) == []
