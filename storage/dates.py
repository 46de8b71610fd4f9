"""Reading the dates and times a clerk types: due dates, meeting dates, HH:MM times."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

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
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def parse_date(text: str) -> dt.date:
    """A meeting date given as YYYY-MM-DD; anything else is a clear error."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def parse_time(text: str) -> str:
    """A time of day as HH:MM; 13.00, 1.00pm and 1pm are accepted, as minutes print them."""
    match = _TIME.match(text.strip())
    hour, minute = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 99)
    if match and match.group(3):
        afternoon = match.group(3).lower().startswith("p")
        hour = hour % 12 + (12 if afternoon else 0) if 1 <= hour <= 12 else 99
    elif match and match.group(2) is None:
        hour = 99  # a bare number is not a time without am or pm
    if hour > 23 or minute > 59:
        raise BadInput(f"not a time: {text!r} (expected HH:MM)")
    return f"{hour:02d}:{minute:02d}"


def local_moment(date: dt.date, time: str) -> dt.datetime:
    """`time` ("HH:MM") on `date` on this machine's clock, as the UTC moment stored."""
    hour, minute = map(int, parse_time(time).split(":"))
    return dt.datetime.combine(date, dt.time(hour, minute)).astimezone().astimezone(dt.UTC)


def parse_time_range(text: str) -> tuple[str, str]:
    """A meeting's start and end, "14:00-16:00", or its start alone, "14:00" (end "")."""
    start, sep, end = text.partition("-")
    if not sep:
        return parse_time(start), ""
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


class Deferral(NamedTuple):
    """Where a deferred item goes: the first meeting on or after `date` (None: the next
    meeting), and the meeting's name as the clerk typed it ("June Board"), if any."""

    date: dt.date | None = None
    name: str = ""


DEFERRAL_FORMS = (
    "Enter or 'next' for the next meeting, a date YYYY-MM-DD, or a month ('June Board')"
)
"""What the deferral prompt accepts, as the prompt and its refusal say it."""
_NEXT = {"", "next", "next meeting", "the next meeting"}
_YEAR = re.compile(r"\b(\d{4})\b")


def parse_deferral(text: str, meeting_date: dt.date) -> Deferral:
    """Where an item of the meeting on `meeting_date` is deferred to, from what was typed.

    A text naming a month ("the September meeting", "June 2027") means the first meeting on
    or after the 1st of that month: of the year given, or else the next such month after
    the meeting's. The text itself is kept as the name the minutes print.
    """
    typed = " ".join(text.split())
    if typed.lower() in _NEXT:
        return Deferral()
    if _ISO.fullmatch(typed):
        return Deferral(parse_date(typed))
    if (day := due_date_from_text(typed)) is not None:  # "the Board on 10 June 2027"
        return Deferral(day, typed)
    month = next((_MONTHS[w] for w in re.findall(r"[a-z]+", typed.lower()) if w in _MONTHS), None)
    if month is None:
        raise BadInput(f"{typed!r} names no meeting: give {DEFERRAL_FORMS}")
    found = _YEAR.search(typed)
    year = int(found.group(1)) if found else meeting_date.year + (month <= meeting_date.month)
    if (year, month) <= (meeting_date.year, meeting_date.month):
        raise BadInput(f"{typed!r} is not after this meeting ({meeting_date:%B %Y})")
    return Deferral(dt.date(year, month, 1), typed)
