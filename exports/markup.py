"""Item notes, parsed with markdown-it-py into the blocks the Word writer lays out.

The notes markup is a small part of Markdown: paragraphs, `- ` / `* ` bullets (nested by
indentation), `1.` numbered lists, `**bold**` and `*italic*`, plus `||redacted||`.
Redactions are cut out before parsing, so a redaction that spans lines or list items
is still hidden whole, and markup inside it can never leak it into the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from exports.text import fragments

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Deep enough for any real notes; past it markdown-it would stop parsing the rest of the
# text, so deeper input falls back to one paragraph a line.
MAX_NESTING = 60

# Placeholders for redactions while the text is parsed: control characters that `clean`
# has already removed from anything typed, so they cannot clash with real text.
_OPEN, _CLOSE = "\x01", "\x02"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with its emphasis; a redacted span holds the hidden words."""

    text: str
    bold: bool = False
    italic: bool = False
    redacted: bool = False


@dataclass(slots=True)
class Block:
    """One paragraph of notes; in a list when `list_key` is set.

    `list_key` names the list the paragraph belongs to (each list restarts its numbering);
    `numbered` is False for a second paragraph inside one list entry.
    """

    spans: list[Span] = field(default_factory=list)
    level: int = 0
    list_key: int | None = None
    ordered: bool = False
    start: int = 1
    numbered: bool = True

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero", {"maxNesting": MAX_NESTING})
    parser.enable(["list", "emphasis", "newline"])
    return parser


def parse_notes(text: str | None) -> list[Block]:
    """The blocks of an item's notes, every word of the input kept."""
    hidden: list[str] = []
    pieces: list[str] = []
    for fragment in fragments(text):
        if fragment.redacted:
            pieces.append(f"{_OPEN}{len(hidden)}{_CLOSE}")
            hidden.append(" ".join(fragment.text.split()))
        else:
            pieces.append(fragment.text)
    source = "".join(pieces)
    if not source.strip():
        return []
    tokens = _parser().parse(source)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        return _line_blocks(source, hidden)
    return _blocks(tokens, hidden)


def _blocks(tokens: list[Token], hidden: list[str]) -> list[Block]:
    blocks: list[Block] = []
    # One entry per open list: (key, ordered, start, whether its current entry has a
    # numbered paragraph yet).
    lists: list[list] = []
    next_key = 0
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrs.get("start", 1) if kind == "ordered_list_open" else 1
            lists.append([next_key, kind == "ordered_list_open", int(start), False])
            next_key += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1][3] = False
        elif kind == "inline":
            block = Block(spans=_spans(token, hidden))
            if lists:
                key, ordered, start, seen = lists[-1]
                block.level = len(lists) - 1
                block.list_key, block.ordered, block.start = key, ordered, start
                block.numbered = not seen
                lists[-1][3] = True
            blocks.append(block)
    return blocks


def _spans(token: Token, hidden: list[str]) -> list[Span]:
    spans: list[Span] = []
    bold = italic = 0
    for child in token.children or ():
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(0, bold - 1)
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic = max(0, italic - 1)
        elif kind in ("softbreak", "hardbreak"):
            spans.append(Span("\n", bool(bold), bool(italic)))
        elif child.content:
            spans.extend(_split_placeholders(child.content, hidden, bool(bold), bool(italic)))
    return spans


def _split_placeholders(text: str, hidden: list[str], bold: bool, italic: bool) -> list[Span]:
    spans: list[Span] = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > end:
            spans.append(Span(text[end : match.start()], bold, italic))
        spans.append(Span(hidden[int(match.group(1))], bold, italic, redacted=True))
        end = match.end()
    if end < len(text):
        spans.append(Span(text[end:], bold, italic))
    return spans


def _line_blocks(source: str, hidden: list[str]) -> list[Block]:
    """Plain paragraphs, one a line, for input nested too deeply to parse as lists."""
    return [
        Block(spans=_split_placeholders(line.strip(), hidden, False, False))
        for line in source.split("\n")
        if line.strip()
    ]
