"""Recovery files: they read back exactly, belong to one database, and are never lost."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.recovery import (
    missing_words,
    read_recovery_file,
    recovery_files,
    settle,
    write_recovery_file,
)

DB = "/home/clerk/minutebook.db"

notes_text = st.lists(
    st.text(st.characters(codec="utf-8"), max_size=8)
    | st.sampled_from(["\n", "~~~~ ", "item 3: ", "\n\n", "=="]),
    max_size=10,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(1, 10**9), notes_text, min_size=1, max_size=5))
def test_any_notes_read_back_exactly(tmp_path_factory, notes: dict[int, str]) -> None:
    folder = tmp_path_factory.mktemp("kept")
    headings = {item_id: f"{item_id}. Item\nwith a break" for item_id in notes}
    path = write_recovery_file(folder, DB, notes, headings)
    kept = read_recovery_file(path)
    assert kept is not None
    assert kept.notes == notes
    assert kept.database == DB
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_text_that_holds_the_marker_line_reads_back(tmp_path: Path) -> None:
    first = write_recovery_file(tmp_path, DB, {1: "x"}, {})
    marker = first.read_text().splitlines()[4]  # the first item's marker line
    tricky = {1: f"before\n{marker}\nafter", 2: marker}
    kept = read_recovery_file(write_recovery_file(tmp_path, DB, tricky, {}))
    assert kept is not None and kept.notes == tricky


def test_the_file_reads_as_the_notes_for_a_person(tmp_path: Path) -> None:
    path = write_recovery_file(tmp_path, DB, {7: "Budget agreed."}, {7: "4. Budget"})
    text = path.read_text()
    assert "Ctrl+G" in text
    assert "item 7: 4. Budget\nBudget agreed.\n" in text


def test_files_that_are_not_recovery_files_are_not_offered(tmp_path: Path) -> None:
    good = write_recovery_file(tmp_path, DB, {1: "kept"}, {})
    broken = {
        "unsaved-notes-old.txt": "== 1. Minutes ==\nan older file without ids\n",
        "unsaved-notes-cut.txt": good.read_text()[:-40],
        "unsaved-notes-empty.txt": "",
        "unsaved-notes-binary.txt": "\udcff",
    }
    for name, text in broken.items():
        (tmp_path / name).write_bytes(text.encode("utf-8", errors="surrogateescape"))
    assert [kept.path for kept in recovery_files(tmp_path, DB, {1})] == [good]
    for name in broken:
        assert read_recovery_file(tmp_path / name) is None


def test_only_this_databases_files_for_these_items_are_offered(tmp_path: Path) -> None:
    ours = write_recovery_file(tmp_path, DB, {1: "a", 2: "b"}, {})
    write_recovery_file(tmp_path, "/elsewhere/other.db", {1: "a"}, {})
    write_recovery_file(tmp_path, DB, {9: "another meeting"}, {})
    assert [kept.path for kept in recovery_files(tmp_path, DB, {2, 3})] == [ours]
    assert recovery_files(tmp_path / "missing", DB, {1}) == []


def test_taking_back_renames_and_keeps_other_meetings_notes_on_offer(tmp_path: Path) -> None:
    path = write_recovery_file(tmp_path, DB, {1: "this meeting", 9: "another meeting"}, {})
    (kept,) = recovery_files(tmp_path, DB, {1})
    settle(kept, {1, 2})
    assert not path.exists()
    assert path.with_name(path.stem + "-taken-in.txt").exists()  # renamed, never deleted
    assert recovery_files(tmp_path, DB, {1}) == []
    (left,) = recovery_files(tmp_path, DB, {9})
    assert left.notes == {9: "another meeting"}
    settle(left, {9}, taken_in=False)
    assert recovery_files(tmp_path, DB, {9}) == []
    assert len(list(tmp_path.glob("*-set-aside.txt"))) == 1


def test_missing_words() -> None:
    # The notes stopped where the kept ones went on: the rest is added.
    assert missing_words("Budget agreed", "Budget agreed. Actions to follow.") == (
        ". Actions to follow."
    )
    assert missing_words("", "All of it") == "All of it"
    # Already there (saved after all, or taken back before): nothing.
    assert missing_words("Budget agreed. More.", "Budget agreed.") == ""
    assert missing_words("same", "same") == ""
    # Changed elsewhere meanwhile: the kept lines from the first that differs, apart.
    assert missing_words("Line one\nLine two theirs", "Line one\nLine two ours") == (
        "\n\nLine two ours"
    )
    assert missing_words("Theirs\n", "Ours") == "\nOurs"


@given(notes_text, notes_text)
def test_no_kept_word_is_lost(current: str, kept: str) -> None:
    merged = current + missing_words(current, kept)
    assert merged.startswith(current)
    assert all(line in merged for line in kept.split("\n") if line.strip())
