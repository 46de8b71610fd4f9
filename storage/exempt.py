"""Exempt business: items taken with the press and public excluded, and why.

A council cites the paragraph of Schedule 12A that makes an item exempt ("3"); other
bodies give their reason in words. The exclusion resolution names the paragraphs of every
exempt item of a meeting, and the minutes name each item's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storage.domain import Item
from storage.errors import BadInput

REASON_LENGTH = 200
_PARAGRAPH = re.compile(r"(?:para(?:graph)?s?\.?\s*)?(\d{1,2})", re.IGNORECASE)


def check_exempt(exempt: bool, reason: str) -> None:
    """Refuse an exempt item without its reason (or with pages of one)."""
    if not exempt:
        return
    if not reason.strip():
        raise BadInput("an exempt item needs its reason: a paragraph (3) or words")
    if len(reason) > REASON_LENGTH or "\n" in reason.strip():
        raise BadInput(f"the reason an item is exempt is one line of {REASON_LENGTH} at most")


def paragraph_of(reason: str) -> str | None:
    """The paragraph number a reason cites ("3", "paragraph 3", "para. 3"), or None."""
    found = _PARAGRAPH.fullmatch(reason.strip())
    return found.group(1) if found else None


def reason_label(reason: str) -> str:
    """A reason as the minutes print it: "paragraph 3", or the words as given."""
    paragraph = paragraph_of(reason)
    return f"paragraph {paragraph}" if paragraph else " ".join(reason.split())


def exclusion_paragraphs(items: Iterable[Item]) -> str:
    """What the exclusion resolution's {paragraphs} says for these items: their paragraph
    numbers in order ("3 and 5"), then any reasons given in words, as given."""
    numbers: set[int] = set()
    words: list[str] = []
    for item in items:
        if not item.exempt or not item.exempt_reason.strip():
            continue
        paragraph = paragraph_of(item.exempt_reason)
        if paragraph:
            numbers.add(int(paragraph))
        elif (said := " ".join(item.exempt_reason.split())) not in words:
            words.append(said)
    parts = [str(n) for n in sorted(numbers)] + words
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
