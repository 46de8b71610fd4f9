"""Reading the dates and times a clerk types: due dates, meeting dates, HH:MM times."""

from __future__ import annotations

import datetime as dt
import re

from storage.errors import BadInput

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_date(text: str) -> dt.date:
    """A meeting date given as YYYY-MM-DD; anything else is a clear error."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def parse_time(text: str) -> str:
    """A time of day as HH:MM (13.00 is accepted, as minutes print it)."""
    match = _TIME.match(text.strip())
    if not match:
        raise BadInput(f"not a time: {text!r} (expected HH:MM)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_time_range(text: str) -> tuple[str, str]:
    start, sep, end = text.partition("-")
    if not sep:
        raise BadInput(f"not a time range: {text!r} (expected HH:MM-HH:MM)")
    first, last = parse_time(start), parse_time(end)
    if last <= first:
        raise BadInput(f"{text!r}: the meeting ends before it starts")
    return first, last


def due_date_from_text(text: str) -> dt.date | None:
    """The calendar date inside a due text, if it names one ('by 10 June 2024', '2024-06-10').

    Texts such as 'at the June Board' name no date and give None: the action keeps its text.
    """
    for pattern, order in ((_ISO, "ymd"), (_NUMERIC, "dmy"), (_DAY_MONTH_YEAR, "dMy")):
        match = pattern.search(text)
        if not match:
            continue
        a, b, c = match.groups()
        try:
            if order == "ymd":
                return dt.date(int(a), int(b), int(c))
            if order == "dmy":
                return dt.date(int(c), int(b), int(a))
            month = _MONTHS.get(b.lower())
            if month:
                return dt.date(int(c), month, int(a))
        except ValueError:
            return None
    return None
