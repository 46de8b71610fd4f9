"""Where minutebook keeps its settings, and the few settings it has.

The folder is the platform's user config folder (platformdirs), or `MINUTEBOOK_CONFIG_DIR`
when set. `config.toml` holds `theme = "name"`; `keymap.toml` remaps keys (see keymap.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.locations import config_folder


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents; a missing file is empty, a broken one a ValueError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ValueError(f"{path}: {error}") from None
    import tomllib  # only for a file that exists: settings are read before the first screen

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: {error}") from None


def saved_theme() -> str | None:
    try:
        theme = read_toml(config_folder() / "config.toml").get("theme")
    except ValueError:
        return None
    return theme if isinstance(theme, str) else None


def save_theme(theme: str) -> None:
    """Remember the chosen theme, keeping any other settings in the file."""
    path = config_folder() / "config.toml"
    try:
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.strip().startswith("theme")
        ]
    except OSError:
        lines = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join([f'theme = "{theme}"', *lines]) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only config folder only loses the theme choice
