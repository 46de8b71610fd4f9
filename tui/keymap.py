"""User key remapping: `keymap.toml` in the config folder maps binding ids to keys.

    # keymap.toml
    "capture.next_item" = "f8,ctrl+down"
    [capture]
    attendance = "f2"

Keys are Textual key names, several separated by commas (or given as a list). Nested
tables join with dots, so both forms above name the binding `capture.next_item`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.locations import config_folder
from tui.config import read_toml


def keymap_path() -> Path:
    return config_folder() / "keymap.toml"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The binding id -> keys map, and one-line problems found in the file."""
    path = path or keymap_path()
    try:
        raw = read_toml(path)
    except ValueError as error:
        return {}, [f"keymap ignored: {error}"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(raw).items():
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            keys = ",".join(keys)
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f'keymap: {binding_id} needs keys as text, e.g. "f8"')
            continue
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems
