"""A finished PDF takes its name without ever replacing a file, also where the file system
has no hard links (a FAT memory stick)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exports.pdf import _put_in_place


def test_without_hard_links_the_pdf_is_renamed_into_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    made = tmp_path / "work.pdf"
    made.write_bytes(b"%PDF-1.7 made")
    _put_in_place(made, tmp_path / "minutes.pdf")
    assert (tmp_path / "minutes.pdf").read_bytes() == b"%PDF-1.7 made"
    assert not made.exists()
    again = tmp_path / "again.pdf"
    again.write_bytes(b"%PDF-1.7 again")
    with pytest.raises(FileExistsError):
        _put_in_place(again, tmp_path / "minutes.pdf")
    assert (tmp_path / "minutes.pdf").read_bytes() == b"%PDF-1.7 made"
