"""Text at the boundary of the Word writer: sanitising, and where redactions are.

Everything a person typed passes through `clean` before it reaches the document, so any
pasted text (control characters, lone surrogates, a stray form feed) still makes valid XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


def fragments(text: str | None) -> Iterator[Fragment]:
    """Cleaned text split at its `||redactions||`."""
    for piece, redacted in split_redactions(clean(text)):
        if piece:
            yield Fragment(piece, redacted)
