"""Text at the boundary of the Word writer: sanitising, redactions and public-version names.

Everything a person typed passes through `clean` before it reaches the document, so any
pasted text (control characters, lone surrogates, a stray form feed) still makes valid XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from storage.domain import split_redactions

# Characters XML 1.0 cannot hold (C0 controls other than tab and newline, lone
# surrogates, U+FFFE/U+FFFF), plus DEL and the C1 controls, which no reader shows.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# What a redaction becomes in the public version: a fixed length, so the length of the
# hidden words is not given away.
REDACTION_BLOCKS = "█" * 10


def clean(text: str | None) -> str:
    """Text safe for a .docx: line endings made '\\n', characters XML refuses removed."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text)


def one_line(text: str | None) -> str:
    """Clean text with its line breaks and runs of spaces folded, for table cells and titles."""
    return " ".join(clean(text).split())


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of text, and whether it is redacted."""

    text: str
    redacted: bool = False


class NameScrubber:
    """Replaces the full names of known people with their role, for the public version.

    The clerk marks what must be hidden with `||...||`; this is the safety net for a
    name typed in plain text (an action owner, a note that says who spoke).
    """

    def __init__(self, people: Iterable[tuple[str, str]] = ()) -> None:
        replacements: dict[str, str] = {}
        for name, stand_in in people:
            name = one_line(name)
            if len(name) >= 2:
                replacements.setdefault(name.casefold(), one_line(stand_in) or "a member")
        self._replacements = replacements
        names = sorted(replacements, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)",
                re.IGNORECASE,
            )
            if names
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._replacements[m.group(1).casefold()], text)


def fragments(text: str | None, *, scrub: NameScrubber | None = None) -> Iterator[Fragment]:
    """Cleaned text split at its `||redactions||`; plain parts scrubbed of names if asked."""
    for piece, redacted in split_redactions(clean(text)):
        if not redacted and scrub is not None:
            piece = scrub(piece)
        if piece:
            yield Fragment(piece, redacted)
