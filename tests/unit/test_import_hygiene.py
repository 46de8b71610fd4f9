"""storage/ and exports/ are the headless core: they must never pull in Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_MODULES = [
    "storage",
    "storage.repository",
    "storage.transfer",
    "storage.engine",
    "storage.agenda",
    "storage.migrations",
    "exports",
]


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_module_imports_without_textual(module: str) -> None:
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_storage_and_exports_packages_do_not_mention_textual() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for package in ("storage", "exports"):
        for source in (root / package).rglob("*.py"):
            text = source.read_text()
            assert "import textual" not in text and "from textual" not in text, source


def loaded_after_import(module: str) -> set[str]:
    """The modules a fresh interpreter holds once it has imported `module`."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_launch_starts_with_the_standard_library_only() -> None:
    # The console script imports Textual, Typer and SQLAlchemy only once it knows which of
    # them the command needs (tui.cli and tui.startup import them inside functions).
    loaded = loaded_after_import("tui.launch")
    heavy = ("textual", "typer", "click", "rich", "sqlalchemy", "sqlmodel", "tui.cli", "tui.app")
    assert not {m for m in loaded if m in heavy or m.startswith(tuple(h + "." for h in heavy))}


def test_the_command_line_does_not_import_the_launcher() -> None:
    # One way only: tui.launch imports tui.cli when a command needs it, never the reverse.
    assert "tui.launch" not in loaded_after_import("tui.cli")
