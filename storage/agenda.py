"""The plain-text agenda a clerk pastes in, one row a line.

    # Agenda Items for Discussion      a section heading (a full-width row)
    Early Help - new ways of working   a numbered item (numbers are given in order)
    4. CYPS SEND Inspection            a number typed first is dropped and given again
    4.1 Matters arising                a sub-item of the item above (numbered 4.1, 4.2 ...)
        Written report                 so is a line indented under an item
    - Lived experience                 an unnumbered (standing) item
    Update on Case Reviews | SSP       the presenter follows a '|'

Blank lines are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.errors import BadInput

_TYPED_NUMBER = re.compile(r"^\d+[.)]\s+")
_TYPED_SUB_NUMBER = re.compile(r"^\d+\.\d+[.)]?\s+")
_UNNUMBERED = re.compile(r"^[-*•]\s*")
# Control characters (escape sequences, a form feed, C1 controls) and the Unicode line and
# paragraph separators, which would make one typed line two rows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class AgendaRow:
    title: str
    is_section: bool = False
    numbered: bool = True
    presenter: str = ""
    sub_item: bool = False  # under the item above it: numbered 5.1, 5.2 ...


def is_sub_number(number: str) -> bool:
    """A sub-item's number ("5.1"), not an item's ("5.")."""
    return "." in number.rstrip(".")


def parse_agenda(text: str, *, source: str = "agenda") -> list[AgendaRow]:
    """Rows of an agenda; a line that cannot be an agenda row is a BadInput naming it."""
    rows: list[AgendaRow] = []
    item_indent = 0  # of the last item that is not a sub-item
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        where = f"{source} line {number}"
        if _CONTROL.search(raw):
            raise BadInput(f"{where}: contains control characters")
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                raise BadInput(f"{where}: a '#' heading needs a title")
            rows.append(AgendaRow(title=title, is_section=True))
            item_indent = len(raw) - len(raw.lstrip())
            continue
        indent = len(raw) - len(raw.lstrip())
        under_an_item = bool(rows) and not rows[-1].is_section
        typed_sub = bool(_TYPED_SUB_NUMBER.match(line))
        sub_item = under_an_item and (typed_sub or indent > item_indent)
        if not sub_item:
            item_indent = indent
        numbered = not _UNNUMBERED.match(line)
        if not numbered:
            line = _UNNUMBERED.sub("", line, count=1)
        else:
            line = _TYPED_SUB_NUMBER.sub("", line) if typed_sub else _TYPED_NUMBER.sub("", line)
        title, _, presenter = line.partition("|")
        title, presenter = title.strip(), presenter.strip()
        if not title:
            raise BadInput(f"{where}: an item needs a title")
        if "|" in presenter:
            raise BadInput(f"{where}: only one '|' (before the presenter) is allowed")
        rows.append(
            AgendaRow(title=title, numbered=numbered, presenter=presenter, sub_item=sub_item)
        )
    if not any(not row.is_section for row in rows):
        raise BadInput(f"{source}: no agenda items found")
    return rows
