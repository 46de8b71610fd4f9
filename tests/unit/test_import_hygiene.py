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
