"""`minutebook export` and `minutebook demo`, run through the console script."""

from __future__ import annotations

import stat
from pathlib import Path

import docx
import pytest

from tui import cli


def test_demo_no_open_prints_the_id_and_export_writes_it(minutebook, tmp_path: Path) -> None:
    status, out, err = minutebook("demo", "--no-open")
    assert (status, err) == (0, "")
    meeting_id = out.strip()
    assert meeting_id.isdigit()
    target = tmp_path / "minutes.docx"
    status, out, err = minutebook("export", meeting_id, "-o", str(target))
    assert (status, err, out.strip()) == (0, "", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = docx.Document(str(target))
    assert any(t.rows[0].cells[0].text == "No." for t in document.tables)


def test_demo_opens_the_app_on_the_demo_meeting(minutebook, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(cli, "run_app", lambda repo, meeting_id=None: opened.append(meeting_id))
    status, out, _ = minutebook("demo")
    assert (status, out) == (0, "")
    assert len(opened) == 1 and isinstance(opened[0], int)


def test_export_options(minutebook, tmp_path: Path, monkeypatch) -> None:
    minutebook("demo", "--no-open")
    monkeypatch.chdir(tmp_path)
    status, out, _ = minutebook("export", "latest", "--public", "--no-action-log")
    written = Path(out.strip())
    assert status == 0 and written.parent == tmp_path
    assert written.name.endswith("-minutes-2024-03-11-public.docx")
    document = docx.Document(str(written))
    assert all(t.rows[0].cells[0].text != "No." for t in document.tables)
    assert [
        c.text
        for c in next(t for t in document.tables if t.rows[0].cells[0].text == "Role").rows[0].cells
    ] == ["Role", "Organisation"]

    template = tmp_path / "letterhead.docx"
    letterhead = docx.Document()
    letterhead.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    letterhead.save(str(template))
    target = tmp_path / "with-template.docx"
    status, _, err = minutebook(
        "export", "2024-03-11", "-o", str(target), "--template", str(template)
    )
    assert (status, err) == (0, "")
    header = [p.text for p in docx.Document(str(target)).sections[0].header.paragraphs]
    assert "LETTERHEAD" in header


def test_existing_file_needs_force(minutebook, tmp_path: Path) -> None:
    minutebook("demo", "--no-open")
    target = tmp_path / "m.docx"
    target.write_text("keep me")
    status, out, err = minutebook("export", "latest", "-o", str(target))
    assert (status, out) == (2, "")
    assert err == f"minutebook: {target} already exists (use --force to replace it)\n"
    assert target.read_text() == "keep me"
    status, out, _ = minutebook("export", "latest", "-o", str(target), "--force")
    assert status == 0 and docx.Document(str(target)).tables


MISSING_FOLDER = "/no/such/folder/m.docx"
BAD_ARGUMENTS = [
    (("export", "99"), "no meeting with id 99"),
    (("export", "latest", "--template", "missing.docx"), "missing.docx: no such template file"),
    (
        ("export", "latest", "-o", MISSING_FOLDER),
        f"cannot write {MISSING_FOLDER}: the folder /no/such/folder does not exist",
    ),
]


@pytest.mark.parametrize(("arguments", "message"), BAD_ARGUMENTS)
def test_bad_arguments_are_one_line(
    minutebook, tmp_path: Path, monkeypatch, arguments, message
) -> None:
    minutebook("demo", "--no-open")
    monkeypatch.chdir(tmp_path)
    status, out, err = minutebook(*arguments)
    assert (status, out, err) == (2, "", f"minutebook: {message}\n")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".docx"] == []


def test_actions_only_writes_the_action_log_alone(minutebook, tmp_path: Path, monkeypatch) -> None:
    minutebook("demo", "--no-open")
    monkeypatch.chdir(tmp_path)
    status, out, err = minutebook("export", "latest", "--actions-only")
    assert (status, err) == (0, "")
    written = Path(out.strip())
    assert written.name.endswith("-actions-2024-03-11.docx")
    document = docx.Document(str(written))
    tables = document.tables
    assert len(tables) == 1 and tables[0].rows[0].cells[0].text == "No."
    texts = [row.cells[1].text for row in tables[0].rows[1:]]
    # Raised at the meeting and carried in for review under item 1, both listed.
    assert any("findings of the HMIP inspection" in t for t in texts)
    assert any("Filming on Wards" in t for t in texts)
    assert "Item Description" not in "\n".join(p.text for p in document.paragraphs)
