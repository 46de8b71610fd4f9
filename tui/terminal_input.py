"""Keys from a terminal that does not speak UTF-8.

Textual reads the keyboard as strict UTF-8: a single byte that is not (é typed in a terminal
set to ISO-8859-1 arrives as 0xE9) ends its input thread with a traceback, and every key
after it goes to the shell. Here such a byte is read as Latin-1 instead, which is what
those terminals send, so the clerk's é is an é and nothing stops.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable
from typing import Any

ERRORS = "minutebook-latin-1"


def _as_latin_1(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


def _lenient(encoding: str) -> Callable[..., Any]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors=ERRORS)


def read_any_byte() -> None:
    """Make Textual's keyboard reader take bytes that are not UTF-8 (see above)."""
    codecs.register_error(ERRORS, _as_latin_1)
    from textual.drivers import linux_driver

    linux_driver.getincrementaldecoder = _lenient
