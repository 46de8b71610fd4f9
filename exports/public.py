"""The public version of a meeting, built only from what may be published.

`public_meeting` makes a new `Meeting` that holds nothing but publishable text: every field
that can reach a public document passes `Publisher.text`, which knows every person
minutebook knows, the committee's withheld words and the meeting's redactions. Confidential
items, and everything raised in them (carried into later meetings or not), are left out.
What the Word writer then makes of it is checked again by `exports.scan` before it is
written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Any

from exports.text import REDACTION_BLOCKS, clean
from storage.domain import (
    Action,
    ActionUpdate,
    Approval,
    Attendee,
    Correction,
    Decision,
    Item,
    Meeting,
    NamesPolicy,
    Person,
    PublicationRules,
    ReviewedAction,
    redacted_strings,
    redaction_problem,
    split_redactions,
)
from storage.errors import BadInput

# Titles that stand before a surname in minutes ("Ms Beattie", "DCI Knapton").
TITLES = (
    *("mr", "mrs", "ms", "miss", "mx", "mme", "dr", "prof", "professor", "cllr", "councillor"),
    *("alderman", "sir", "dame", "lord", "lady", "baroness", "baron", "hon", "rev", "revd"),
    *("reverend", "canon", "father", "fr", "sister", "brother", "captain", "capt", "major"),
    *("dcs", "dci", "di", "ds", "dc", "pc", "sgt", "sergeant", "insp", "inspector", "supt"),
    *("superintendent", "constable", "chief"),
)

# Between the words of a name: any white space (a no-break space or a line break too) and
# notes markup (bold on part of a name), or nothing after a full stop ("R.Knapton").
_GAP = r"(?:[\s*_]+|(?<=\.)[\s*_]*)"
_TITLE = r"(?:" + "|".join(TITLES) + r")\.?"
# A given name or initial that the stored name does not have ("Rowan J. Knapton").
_MIDDLE = rf"(?:{_GAP}(?-i:[A-Z])(?:\.|[a-z]+))?"
# Characters that would split a name without showing: every Unicode format character
# (zero-width spaces and joiners, direction marks and embeddings, invisible operators, tag
# characters), the soft hyphen, the combining grapheme joiner and variation selectors.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u0600-\u0605\u06dd\u070f\u180b-\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)
# Letters that look alike, one for one (so a match found in the skeleton of a text stands
# at the same place in the text): Latin letters with their accents taken off, Cyrillic and
# Greek letters that look Latin, and every apostrophe and dash as the plain one.
_LOOKALIKES = dict(
    zip(
        "АВЕКМНОРСТХаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινρτ’‘ʼ`´′‐‑‒–—−",
        "ABEKMHOPCTXaeopcyxijsdqwABEZHIKMNOPTYXoivpt" + "'" * 6 + "-" * 6,
        strict=True,
    )
)


def _skeleton_table() -> dict[int, str]:
    table = {ord(a): b for a, b in _LOOKALIKES.items()}
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


_SKELETON = _skeleton_table()


def skeleton(text: str) -> str:
    """`text` with each lookalike letter as its plain Latin one, character for character."""
    return text.translate(_SKELETON)


# What a name becomes while a text is published: a placeholder naming its stand-in, so that
# repeated stand-ins can be folded and capitalised before the words are put in.
_PLACEHOLDER = re.compile("\x01(\\d+)-(-?\\d+)\x02")
_HIDDEN = "\x03"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHRASE_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
_REPEATED = re.compile(
    "\x01(\\d+)-(-?\\d+)\x02(?:(?:\\s*,\\s*|\\s*,?\\s+(?:and|&)\\s+)\x01\\1-(-?\\d+)\x02)+"
)
SENTENCE_BREAKS = re.compile(r"[\n.;!?]+")
"""Where the scan cuts a confidential text into the lines and sentences it looks for."""
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*(?:[-*]\s+|\d+[.)]\s+)?)$")
_COUNTS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

FALLBACK_STAND_IN = "a member"
# How far before or after its surname a form of a name can reach ("Professor Mary-Jane
# Beattie", or "Beattie, Jo" after it), with room for odd spacing and markup.
_NAME_REACH = 120
Whom = tuple[int, int]  # a name's stand-in (an index into the stand-ins), and whose name
PRIVATE_ITEM = "This item was taken in private."
EXEMPT_ITEM = "This item was considered in private."
"""What the public version prints for an exempt item that has no public summary."""
# A redacted or withheld string shorter than this is not looked for elsewhere (it would
# hide ordinary words: "a", "of"); its own redaction still hides it where it was marked.
SHORTEST_HIDDEN = 3


class Unpublishable(BadInput):
    """The public version cannot be made: a broken redaction, or a leak found by the scan.

    `item_id` and `line` say where the clerk must look, when the fault is in an item.
    """

    def __init__(self, message: str, *, item_id: int | None = None, line: int = 0) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.line = line


def normal(text: str) -> str:
    """Text as names are looked for in it: cleaned, NFC, with invisible characters gone."""
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", clean(text)))


def letters(text: str) -> str:
    """The letters and digits of `text`, plain and case-folded: the key of a name form."""
    folded = skeleton(unicodedata.normalize("NFKC", normal(text))).casefold()
    return "".join(c for c in folded if c.isalnum())


def _sub_seen(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]) -> str:
    """`pattern.sub(replace, text)`, the pattern tried on the `skeleton` of the text and the
    replacements put where the matches stand in the text itself."""
    out: list[str] = []
    end = 0
    for match in pattern.finditer(skeleton(text)):
        out += [text[end : match.start()], replace(match)]
        end = match.end()
    out.append(text[end:])
    return "".join(out)


def _words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", skeleton(unicodedata.normalize("NFKC", text)).casefold()))


def _trigger(surname: str) -> str:
    """The word of a surname whose presence in a text calls for a search of that name."""
    words = re.findall(r"[^\W_]+", skeleton(unicodedata.normalize("NFKC", surname)).casefold())
    return words[-1] if words else surname.casefold()


def _word(token: str) -> str:
    """A name part as a pattern (of a skeleton): "O'Neill" as "O'Neill", "ONeill" or "O Neill",
    "Smith-Jones" as "Smith Jones" too."""
    return "".join(
        r"[-\s]?" if c == "-" else r"['\s]?" if c == "'" else re.escape(c) for c in skeleton(token)
    )


def _initial(token: str) -> str:
    """An initial, in capitals only ("R" or "R."): a lower-case "a" is a word, not a name."""
    return f"(?-i:{re.escape(skeleton(token[0]).upper())})\\.?"


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split as minutes write it: first names, surname, any title."""

    first: tuple[str, ...]
    last: str

    @classmethod
    def of(cls, name: str) -> NameParts | None:
        return _name_parts(name)

    @classmethod
    def parse(cls, name: str) -> NameParts | None:
        from nameparser import HumanName

        words = normal(name).split()
        # Titles nameparser does not know ("DCI Jo Pike") would pass for first names.
        while len(words) > 1 and words[0].casefold().strip(".") in TITLES:
            words.pop(0)
        parsed = HumanName(" ".join(words))
        first = tuple(
            w.strip(".") for w in f"{parsed.first} {parsed.middle}".split() if w.strip(".")
        )
        last = parsed.last.strip()
        if not last and len(first) == 1:
            return cls((), first[0])
        if not last:
            return None
        return cls(first, last)

    def patterns(self) -> Iterator[str]:
        """Regular expressions of every multi-word form of the name (case-insensitive, to
        be tried on a `skeleton`)."""
        surnames = [_word(self.last)]
        if len(self.last.split()) > 1:  # "van der Berg" is also "Mr Berg"
            surnames.append(_word(self.last.split()[-1]))
        for last in surnames:
            if not self.first:
                yield rf"{_TITLE}{_GAP}{last}"
                continue
            given = rf"(?:{_word(self.first[0])}|{_initial(self.first[0])})"
            yield rf"{_TITLE}{_GAP}(?:{given}{_MIDDLE}{_GAP})?{last}"
            # A first name known only by its initial ("Mr R Knapton") may be written in full.
            full = [rf"(?-i:{re.escape(w)})\w*" if len(w) == 1 else _word(w) for w in self.first]
            initials = [_initial(w) for w in self.first]
            yield _GAP.join([*full, last])
            yield _GAP.join([full[0] + _MIDDLE, last])
            yield _GAP.join([*initials, last])
            yield _GAP.join([initials[0] + _MIDDLE, last])
            # Surname first: "Knapton, Rowan", "KNAPTON Rowan", "Knapton R".
            yield rf"{last}(?:[\s*_]*,[\s*_]*|{_GAP})(?:{full[0]}|{initials[0]})(?!\.\w)"

    def match_keys(self) -> Iterator[str]:
        """The `letters` of every form `patterns` can match, title left out."""
        first = list(self.first)
        lasts = [self.last, *([self.last.split()[-1]] if len(self.last.split()) > 1 else [])]
        for last in lasts:
            yield letters(last)
            if not first:
                continue
            initials = [w[0] for w in first]
            for given in ("".join(first), first[0], "".join(initials), initials[0]):
                yield letters(given + last)
                yield letters(last + given)


@lru_cache(maxsize=16384)
def _name_parts(name: str) -> NameParts | None:
    """Parsing a name is slow (nameparser), and every export reads everyone's: once each."""
    return NameParts.parse(name)


class Publisher:
    """Turns what was typed into what may be published, for one meeting.

    Redactions become a fixed run of blocks (so their length is not given away), and so
    does any other appearance of a redacted or withheld word. Under the `roles` policy every
    known person's name, in every form minutes write one, becomes their role.
    """

    def __init__(self, meeting: Meeting, rules: PublicationRules) -> None:
        self.names_replaced = rules.names == NamesPolicy.ROLES
        self._stand_ins: list[str] = []
        self._joined_keys: set[str] = set()  # the letters of first and surname together
        self._given_names: set[str] = set()
        self._hidden = phrases_pattern(hidden_words(meeting, rules))
        present = [p for p in meeting_people(meeting) if p.name]
        everyone = [p for p in (*rules.people, *present) if p.name]
        self._full, self._full_keys = self._forms(everyone)
        self._fine = {letters(w) for w in rules.fine}
        self._single, self._single_keys = self._single_forms(present)

    # -- building the patterns ----------------------------------------------------------

    def _slot(self, stand_in: str) -> int:
        if stand_in not in self._stand_ins:
            self._stand_ins.append(stand_in)
        return self._stand_ins.index(stand_in)

    def _stand_in(self, person: Person) -> str:
        return person.role or person.organisation or FALLBACK_STAND_IN

    def _forms(
        self, people: Iterable[Person]
    ) -> tuple[dict[str, re.Pattern[str]], dict[str, Whom]]:
        """A pattern of every form of name per surname (by the surname's last word, so that
        a text is searched only for the names whose surname is in it), and who each is."""
        by_surname: dict[str, set[str]] = {}
        keys: dict[str, Whom] = {}
        for person in people:
            parts = NameParts.of(person.name or "")
            if parts is None:
                continue
            # Looked for by the surname's last word, and by all of it run together
            # ("O'Neill" typed "ONeill").
            for trigger in {_trigger(parts.last), letters(parts.last)}:
                by_surname.setdefault(trigger, set()).update(parts.patterns())
            if parts.first:
                self._joined_keys.update(k for k in parts.match_keys() if k != letters(parts.last))
                if len(parts.first[0]) >= 3:
                    self._given_names.add(letters(parts.first[0]))
            whom = (self._slot(self._stand_in(person)), person.id)
            for key in parts.match_keys():
                # Two people with one form of name: which role is meant cannot be told.
                known = keys.setdefault(key, whom)
                if known[1] != person.id:
                    keys[key] = (self._slot(FALLBACK_STAND_IN), -1)
        patterns = {
            trigger: re.compile(
                rf"(?<!\w)(?:{'|'.join(sorted(forms, key=len, reverse=True))})(?!\w)",
                re.IGNORECASE,
            )
            for trigger, forms in by_surname.items()
        }
        return patterns, keys

    def _full_patterns(self, text: str) -> list[re.Pattern[str]]:
        """The name patterns whose surname is a word of `text`."""
        return [self._full[w] for w in sorted(_words_of(text) & self._full.keys())]

    def _names_an_address(self, address: str) -> bool:
        """An e-mail address made of a known person's names ("rowan.knapton@...")."""
        local = _words_of(address.partition("@")[0])
        return bool(local & (self._full.keys() | self._given_names))

    def addresses_in(self, text: str) -> list[str]:
        """E-mail addresses in `text` that are made of a known person's names."""
        return [
            m.group() for m in _EMAIL.finditer(normal(text)) if self._names_an_address(m.group())
        ]

    def names_a_file(self, file_name: str) -> bool:
        """A file name that holds a known person's first name (or initial) and surname,
        written any way at all ("RowanKnapton", "r-knapton", "Knapton,Rowan")."""
        joined = letters(file_name)
        return any(key in joined for key in self._joined_keys if len(key) >= 5)

    def names_in(self, text: str) -> list[str]:
        """Every known name in `text`, in any multi-word form (for the final scan).

        A whole document is long, and a name's pattern slow to try at every place in it:
        each is tried only in a short window around each appearance of its surname."""
        text = skeleton(" ".join(unicodedata.normalize("NFKC", normal(text)).split()))
        found: dict[int, str] = {}
        for trigger in sorted(_words_of(text) & self._full.keys()):
            pattern = self._full[trigger]
            for seen in re.finditer(rf"(?<![^\W_]){re.escape(trigger)}(?![^\W_])", text, re.I):
                start = max(0, seen.start() - _NAME_REACH)
                window = text[start : seen.end() + _NAME_REACH]
                for match in pattern.finditer(window):
                    found.setdefault(start + match.start(), match.group())
        return list(found.values())

    def _single_forms(
        self, people: Iterable[Person]
    ) -> tuple[re.Pattern[str] | None, dict[str, Whom]]:
        """A first name or surname alone, and initials ("JT": those the person is given, and
        those of their name), for the people of this meeting: only where one person of the
        meeting has it."""
        seen: dict[str, set[Whom]] = {}
        words: dict[str, str] = {}
        for person in people:
            parts = NameParts.of(person.name or "")
            if parts is None:
                continue
            whom = (self._slot(self._stand_in(person)), person.id)
            forms = [parts.last, *parts.first[:1], *person.initials.split()]
            if parts.first:
                forms.append("".join(w[0] for w in (*parts.first, parts.last)).upper())
                forms.append((parts.first[0][0] + parts.last[0]).upper())
            for form in forms:
                if len(form) >= 2 and form[0].isupper() and letters(form) not in self._fine:
                    seen.setdefault(letters(form), set()).add(whom)
                    words[letters(form)] = form
        keys = {key: next(iter(s)) for key, s in seen.items() if len(s) == 1}
        if not keys:
            return None, keys
        alternatives = "|".join(sorted((_word(words[k]) for k in keys), key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), keys

    # -- publishing ----------------------------------------------------------------------

    def text(
        self, text: str | None, *, where: str, item_id: int | None = None, prose: bool = True
    ) -> str:
        """`text` as it may be published; a broken redaction raises `Unpublishable`.

        `prose` is typed writing (notes, actions, titles), where a first name, a surname or
        initials alone name someone; a venue or an organisation ("MS Teams") is not read so.
        """
        if not text:
            return ""
        text = normal(text)
        problem = redaction_problem(text)
        if problem is not None:
            line, what = problem
            raise Unpublishable(
                f"{where}, line {line}: {what}; mend it before a public export",
                item_id=item_id,
                line=line,
            )
        pieces = []
        for piece, redacted in split_redactions(text):
            pieces.append(_HIDDEN if redacted else self._plain(piece, prose=prose))
        return self._finish("".join(pieces))

    def line(
        self, text: str | None, *, where: str, item_id: int | None = None, prose: bool = True
    ) -> str:
        """One line of published text, white space folded (a title, a role, a cell)."""
        return " ".join(self.text(text, where=where, item_id=item_id, prose=prose).split())

    def _plain(self, text: str, *, prose: bool) -> str:
        if self._hidden is not None:
            text = _sub_seen(self._hidden, text, lambda _: _HIDDEN)
        if not self.names_replaced:
            return text
        text = _EMAIL.sub(
            lambda m: _HIDDEN if self._names_an_address(m.group()) else m.group(), text
        )
        patterns = [(p, self._full_keys) for p in self._full_patterns(text)]
        if prose and self._single is not None:
            patterns.append((self._single, self._single_keys))
        for pattern, keys in patterns:
            text = _sub_seen(pattern, text, partial(self._placeholder, keys=keys))
        return text

    def _placeholder(self, match: re.Match[str], keys: dict[str, Whom]) -> str:
        found = match.group()
        key = letters(re.sub(rf"^{_TITLE}(?=[\s*_.])", "", found, flags=re.IGNORECASE))
        whom = keys.get(key, keys.get(letters(found)))
        # A form that adds to a known one ("Rowan Knapton" for "R Knapton"): the person
        # whose surname ends it, or begins it ("Knapton, Rowan").
        for cut in range(1, len(key) - 2):
            if whom is not None:
                break
            whom = keys.get(key[cut:], keys.get(key[:-cut]))
        if whom is None:
            whom = (self._slot(FALLBACK_STAND_IN), -1)  # still the shape of a name: replaced
        return f"\x01{whom[0]}-{whom[1]}\x02"

    def _finish(self, text: str) -> str:
        text = _REPEATED.sub(self._folded, text)
        out: list[str] = []
        end = 0
        opening = len(text) - len(text.lstrip())
        for match in _PLACEHOLDER.finditer(text):
            out.append(text[end : match.start()])
            words = self._stand_in_text(int(match.group(1)))
            before = text[max(0, match.start() - 40) : match.start()]
            if match.start() <= opening or _SENTENCE_START.search(before):
                words = words[:1].upper() + words[1:]
            out.append(words)
            end = match.end()
        out.append(text[end:])
        return "".join(out).replace(_HIDDEN, REDACTION_BLOCKS)

    def _folded(self, match: re.Match[str]) -> str:
        """Repeated stand-ins in a list: "two Non-Executive Directors"."""
        people = {int(m.group(2)) for m in _PLACEHOLDER.finditer(match.group())}
        count = len(people) if -1 not in people else match.group().count("\x01")
        if count == 1:
            return match.group()[: match.group().index("\x02") + 1]
        words = self._stand_in_text(int(match.group(1)))
        number = _COUNTS[count] if count < len(_COUNTS) else str(count)
        plural = plural_role(re.sub(r"^(?:a|an|the)\s+", "", words, flags=re.IGNORECASE))
        return f"\x01{self._slot(f'{number} {plural}')}--1\x02"

    def _stand_in_text(self, slot: int) -> str:
        """A stand-in is published text too: a role may itself hold a name or a redaction."""
        words = normal(self._stand_ins[slot])
        if not words.strip() or "\x01" in words or redaction_problem(words) is not None:
            return FALLBACK_STAND_IN
        pieces = []
        for piece, redacted in split_redactions(words):
            if not redacted:
                if self._hidden is not None:
                    piece = _sub_seen(self._hidden, piece, lambda _: _HIDDEN)
                for pattern in self._full_patterns(piece):
                    piece = _sub_seen(pattern, piece, lambda _: FALLBACK_STAND_IN)
            pieces.append(_HIDDEN if redacted else piece)
        return " ".join("".join(pieces).replace(_HIDDEN, REDACTION_BLOCKS).split())


def plural_role(role: str) -> str:
    """'Non-Executive Director' → 'Non-Executive Directors'; 'Head of Service' → 'Heads of
    Service'; 'Lay Member (Finance)' → 'Lay Members (Finance)'."""
    cut = re.search(r" of | for | \(|, | - | – ", role)
    head, sep, tail = (
        (role[: cut.start()], cut.group(), role[cut.end() :]) if cut else (role, "", "")
    )
    words = head.split()
    if not words:
        return role
    last = words[-1]
    if re.search(r"(?:s|x|z|ch|sh)$", last, re.IGNORECASE):
        last += "es"
    elif re.search(r"[^aeiou]y$", last, re.IGNORECASE):
        last = last[:-1] + "ies"
    elif last[-1:].isalpha():
        last += "s"
    return " ".join([*words[:-1], last]) + sep + tail


def phrases_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Whole-word, any-case, any-spacing pattern of the phrases (`SHORTEST_HIDDEN` or
    longer)."""
    forms = {tuple(_PHRASE_WORD.findall(skeleton(normal(p)))) for p in phrases}
    forms = {f for f in forms if len(" ".join(f)) >= SHORTEST_HIDDEN}
    if not forms:
        return None
    # Any spacing, punctuation or markup between the words: "Falcon plan" also stands in
    # "**Falcon** plan" and "Falcon, plan"; to be tried on a `skeleton`.
    alternatives = "|".join(
        r"[\W_]+".join(map(_word, f)) for f in sorted(forms, key=lambda f: -len(" ".join(f)))
    )
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


# -- what a meeting holds --------------------------------------------------------------------


def meeting_people(meeting: Meeting) -> list[Person]:
    """Everyone at the meeting, and everyone a deputy stood in for."""
    people = []
    for attendee in meeting.attendees:
        people.append(attendee.person)
        if attendee.deputising_for is not None:
            people.append(attendee.deputising_for)
    return people


def _texts(meeting: Meeting) -> Iterator[str]:
    """Every piece of typed text of a meeting."""
    yield from (meeting.committee.name, meeting.venue, meeting.protective_marking)
    yield meeting.committee.protective_marking
    for section in meeting.sections:
        yield section.title
    for item in meeting.items:
        yield from (item.number, item.title, item.presenter, item.notes, item.deferred_to_name)
    for attendee in meeting.attendees:
        yield attendee.note
        for person in filter(None, (attendee.person, attendee.deputising_for)):
            yield from (person.name or "", person.role, person.organisation)
    for action in (*meeting.actions, *(r.action for r in meeting.reviewed)):
        yield from (action.owner, action.text, action.due_text, action.after_text)
        yield from (u.text for u in action.updates)
    yield from (d.text for d in meeting.decisions)


def hidden_words(meeting: Meeting, rules: PublicationRules) -> list[str]:
    """What is blocked wherever it is typed: the committee's withheld words and every string
    redacted in its minutes or in this meeting."""
    return [*rules.withheld, *rules.redacted, *meeting_redactions(meeting)]


def meeting_redactions(meeting: Meeting) -> list[str]:
    """Every redacted string typed anywhere in the meeting."""
    return [s for text in _texts(meeting) if text for s in redacted_strings(normal(text))]


def hidden_items(meeting: Meeting, rules: PublicationRules) -> set[int]:
    """The confidential items of the meeting, and those that its reviewed actions came from."""
    return {i.id for i in meeting.items if i.confidential} | set(rules.confidential_items)


def exempt_items(meeting: Meeting, rules: PublicationRules) -> set[int]:
    """The exempt items of the meeting that are not hidden whole: the public version
    prints their title, public summary and publishable decisions, and nothing else."""
    return {i.id for i in meeting.items if i.exempt} - hidden_items(meeting, rules)


def _hidden_action(action: Action, hidden: set[int], rules: PublicationRules) -> bool:
    return action.item_id in hidden or action.id in rules.confidential_actions


def confidential_texts(meeting: Meeting, rules: PublicationRules) -> list[tuple[str, str]]:
    """(where, text) for everything the public version must not hold: the confidential
    items and what was raised in them, and reviewed actions carried from one."""
    hidden = hidden_items(meeting, rules)
    found: list[tuple[str, str]] = []
    for item in meeting.items:
        if item.id in hidden:
            where = f"confidential item {item.number.rstrip('.') or item.title}".strip()
            found += [(where, item.title), (where, item.notes), (where, item.presenter)]
    for action in (*meeting.actions, *(r.action for r in meeting.reviewed)):
        if _hidden_action(action, hidden, rules):
            found.append(("an action of a confidential item", action.text))
            found += [("an action of a confidential item", u.text) for u in action.updates]
    for decision in meeting.decisions:
        if decision.item_id in hidden:
            found.append(("a decision of a confidential item", decision.text))
    return found + _exempt_texts(meeting, rules)


def _exempt_texts(meeting: Meeting, rules: PublicationRules) -> list[tuple[str, str]]:
    """(where, text) for what of the exempt items the public version must not hold: their
    notes, actions, reviewed actions and the decisions not marked publishable. A sentence
    of the notes that the clerk put in the public summary or a publishable decision is
    published on purpose, and not looked for."""
    exempt = exempt_items(meeting, rules)
    found: list[tuple[str, str]] = []
    for item in meeting.items:
        if item.id not in exempt:
            continue
        where = f"exempt item {item.number.rstrip('.') or item.title}".strip()
        decisions = meeting.decisions_for(item.id)
        published = [item.public_summary, *(d.text for d in decisions if d.publishable)]
        said = {letters(s) for text in published for s in SENTENCE_BREAKS.split(text)}
        notes = [s for s in SENTENCE_BREAKS.split(item.notes) if letters(s) not in said]
        found.append((where, "\n".join(notes)))
        found += [(where, d.text) for d in decisions if not d.publishable]
        raised = meeting.actions_for(item.id) + [r.action for r in meeting.reviewed_for(item.id)]
        for action in raised:
            found.append((where, action.text))
            found += [(where, u.text) for u in action.updates]
    return found


# -- the projection --------------------------------------------------------------------------


def public_meeting(meeting: Meeting, rules: PublicationRules) -> tuple[Meeting, Publisher]:
    """The meeting as it may be published, and the publisher that made it."""
    publisher = Publisher(meeting, rules)
    hidden = hidden_items(meeting, rules)
    private = hidden | exempt_items(meeting, rules)  # no action or notes of theirs published
    at = f"the meeting of {meeting.date.isoformat()}"

    def line(text: str | None, where: str) -> str:
        return publisher.line(text, where=where, prose=False)

    committee = replace(
        meeting.committee,
        name=line(meeting.committee.name, "the committee's name"),
        protective_marking=line(meeting.committee.protective_marking, "the protective marking"),
    )
    items = tuple(_public_item(publisher, item, item.id in hidden) for item in meeting.items)
    actions = tuple(
        public_action(publisher, a) for a in meeting.actions if a.item_id not in private
    )
    reviewed = tuple(
        ReviewedAction(public_action(publisher, r.action), r.item_id, r.position)
        for r in meeting.reviewed
        if not _hidden_action(r.action, hidden, rules) and r.item_id not in private
    )
    decisions = tuple(
        Decision(
            d.id,
            d.meeting_id,
            publisher.text(d.text, where="a decision"),
            d.item_id,
            d.position,
            motion=d.motion,  # no text: people by id, named as the attendance names them
        )
        for d in meeting.decisions
        if d.item_id not in hidden and (d.item_id not in private or d.publishable)
    )
    approvals = tuple(
        Approval(
            approved.date,
            tuple(
                Correction(
                    place=publisher.line(c.place, where="a corrected item's heading"),
                    said=publisher.text(c.said, where="a correction"),
                    now_says=publisher.text(c.now_says, where="a correction"),
                )
                for c in approved.corrections
                if not c.confidential
            ),
        )
        for approved in meeting.approvals
    )
    projected: dict[str, Any] = dict(
        committee=committee,
        venue=line(meeting.venue, f"the venue of {at}"),
        start_time=line(meeting.start_time, "the time the meeting started"),
        end_time=line(meeting.end_time, "the time the meeting ended"),
        protective_marking=line(meeting.protective_marking, "the protective marking"),
        attendees=tuple(_public_attendee(publisher, a) for a in meeting.attendees),
        sections=tuple(
            replace(s, title=publisher.line(s.title, where="an agenda heading"))
            for s in meeting.sections
        ),
        items=items,
        actions=actions,
        decisions=decisions,
        reviewed=reviewed,
        approvals=approvals,
        corrections=(),  # its own corrections are in its text already
        declarations=tuple(
            replace(d, interest=publisher.text(d.interest, where="a declaration of interest"))
            for d in meeting.declarations
            if d.item_id not in hidden
        ),
        _by_item={},
    )
    unprojected = set(Meeting._names) - projected.keys() - _PUBLISHED_AS_THEY_ARE
    if unprojected:  # a new field no one has said how to publish: publish none of it
        raise Unpublishable(f"the public version does not know how to publish {unprojected}")
    return replace(meeting, **projected), publisher


_PUBLISHED_AS_THEY_ARE = frozenset(
    {"id", "date", "status", "approved_on", "approved_at_meeting_id", "number"}
)
"""The fields of a meeting that hold no text anyone typed."""


def _public_item(publisher: Publisher, item: Item, hidden: bool) -> Item:
    where = f"item {item.number.rstrip('.') or item.title[:40]}".strip()
    number = publisher.line(item.number, where=f"{where}: its number", prose=False)
    if hidden:
        # A number only: a confidential item's number text may say what it was about.
        number = number if re.fullmatch(r"[\dA-Za-z]{1,4}(?:\.\d{1,3})*\.?", number) else ""
        texts: dict[str, Any] = dict.fromkeys(_ITEM_TEXTS, "")
        return replace(item, **texts, number=number, confidential=True, exempt=False)
    published = replace(
        item,
        number=number,
        title=publisher.line(item.title, where=f"{where}: its title", item_id=item.id),
        presenter=publisher.line(item.presenter, where=f"{where}: its presenter", item_id=item.id),
        notes=publisher.text(item.notes, where=f"{where}: its notes", item_id=item.id),
        deferred_to_name=publisher.line(
            item.deferred_to_name, where=f"{where}: the meeting it was deferred to"
        ),
        exempt_reason=publisher.line(item.exempt_reason, where=f"{where}: why it is exempt"),
        public_summary=publisher.text(
            item.public_summary, where=f"{where}: its public summary", item_id=item.id
        ),
    )
    if item.exempt:  # its title and public summary, the reason it is exempt, nothing else
        return replace(
            published,
            presenter="",
            notes="",
            public_summary=published.public_summary.strip() or EXEMPT_ITEM,
        )
    return published


_ITEM_TEXTS = ("title", "presenter", "notes", "deferred_to_name", "exempt_reason", "public_summary")
"""The fields of an item that hold typed text: each passes the publisher (above)."""
_ITEM_AS_THEY_ARE = frozenset(
    {
        "id",
        "meeting_id",
        "section_id",
        "position",
        "number",
        "status",
        "deferred_to_date",
        "deferred_to_meeting_id",
        "deferred_to_meeting_date",
        "carried_from_item_id",
        "started_at",
        "ended_at",
        "confidential",
        "exempt",
    }
)
"""The fields of an item that hold no typed text (its number is published above)."""
if unknown := set(Item._names) - _ITEM_AS_THEY_ARE - set(_ITEM_TEXTS):
    raise RuntimeError(f"the public version does not know how to publish an item's {unknown}")


def public_action(publisher: Publisher, action: Action) -> Action:
    where = "an action"
    return replace(
        action,
        owner=publisher.line(action.owner, where=f"{where}'s owner", item_id=action.item_id),
        text=publisher.text(action.text, where=where, item_id=action.item_id),
        due_text=publisher.line(action.due_text, where=f"{where}'s due date"),
        # Published as the notes are, so that it still finds its line in them. A line that
        # holds part of a redaction running over lines finds none: the action then prints
        # after its item.
        after_text=""
        if redaction_problem(normal(action.after_text))
        else publisher.text(action.after_text, where=where, item_id=action.item_id),
        updates=tuple(
            ActionUpdate(
                u.id,
                u.action_id,
                u.made_at,
                publisher.text(u.text, where="an action's update"),
                u.meeting_id,
            )
            for u in action.updates
        ),
    )


def _public_person(publisher: Publisher, person: Person) -> Person:
    return replace(
        person,
        name=None
        if publisher.names_replaced
        else publisher.line(person.name, where="a name in the attendance", prose=False),
        role=publisher.line(person.role, where="a role in the attendance", prose=False),
        organisation=publisher.line(person.organisation, where="an organisation", prose=False),
        email="",  # never printed; and not to be published should a layout ever print it
    )


def _public_attendee(publisher: Publisher, attendee: Attendee) -> Attendee:
    deputy_for = attendee.deputising_for
    return replace(
        attendee,
        person=_public_person(publisher, attendee.person),
        deputising_for=_public_person(publisher, deputy_for) if deputy_for else None,
        note=publisher.line(attendee.note, where="an attendance note"),
    )


# -- what still looks like a name ------------------------------------------------------------

_TITLED = re.compile(rf"(?<!\w)(?i:{'|'.join(TITLES)})\.?[ \t]+[A-Z][\w'’-]+")
_INITIALLED = re.compile(r"(?<![\w.])[A-Z]\.[ \t]?[A-Z][a-z][\w'’-]+")
_CAPITALISED_PAIR = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w'’-]*)[ \t]+([A-Z][a-z][\w'’-]*)")


@dataclass(frozen=True, slots=True)
class Suspect:
    """Published text that still looks like a person's name, and where it is."""

    text: str
    where: str
    item_id: int | None = None
    line: int = 0
    # Where it is stored, for `Repository.redact`: ("notes" | "title" | "presenter" |
    # "owner" | "action" | "decision" | "attendance" | "update", that record's id).
    kind: str = ""
    record_id: int = 0

    def __str__(self) -> str:
        at = f", line {self.line}" if self.line else ""
        return f"“{self.text}” in {self.where}{at}"


def suspects(meeting: Meeting, rules: PublicationRules) -> list[Suspect]:
    """What in the public version of `meeting` still looks like a name: a title before a
    capitalised word, an initial before one, or two capitalised words that are neither the
    name of a role, organisation, committee or agenda entry nor ordinary words of the
    meeting. Words the committee has judged fine are left out."""
    projected, _ = public_meeting(meeting, rules)
    known = _vocabulary(projected)
    fine = {letters(w) for w in (*rules.fine, *rules.withheld)}
    found: dict[str, Suspect] = {}

    def look(text: str, where: str, item_id: int | None, kind: str, record_id: int) -> None:
        for number, line in enumerate(text.split("\n"), start=1):
            candidates = [m.group() for m in _TITLED.finditer(line)]
            candidates += [m.group() for m in _INITIALLED.finditer(line)]
            for match in _CAPITALISED_PAIR.finditer(line):
                first, second = match.group(1), match.group(2)
                if first.casefold() not in known and second.casefold() not in known:
                    candidates.append(match.group())
            for candidate in candidates:
                key = letters(candidate)
                if key not in fine and key not in found:
                    found[key] = Suspect(candidate, where, item_id, number, kind, record_id)

    for item in projected.items:
        where = f"item {item.number.rstrip('.') or item.title[:40]}".strip()
        look(item.title, f"{where}: its title", item.id, "title", item.id)
        look(item.presenter, f"{where}: its presenter", item.id, "presenter", item.id)
        look(item.notes, f"{where}: its notes", item.id, "notes", item.id)
    for action in (*projected.actions, *(r.action for r in projected.reviewed)):
        look(action.owner, "an action's owner", action.item_id, "owner", action.id)
        look(action.text, "an action", action.item_id, "action", action.id)
        for update in action.updates:
            look(update.text, "an action's update", action.item_id, "update", update.id)
    for decision in projected.decisions:
        look(decision.text, "a decision", decision.item_id, "decision", decision.id)
    for attendee in projected.attendees:
        look(attendee.note, "an attendance note", None, "attendance", attendee.id)
    return list(found.values())


def _vocabulary(meeting: Meeting) -> set[str]:
    """Words that are not names here: those of roles, organisations, the committee and the
    agenda, and every word the meeting also writes in lower case."""
    words: set[str] = set()
    named = [meeting.committee.name, meeting.venue, *(s.title for s in meeting.sections)]
    named += [i.title for i in meeting.items]
    for attendee in meeting.attendees:
        for person in filter(None, (attendee.person, attendee.deputising_for)):
            named += [person.role, person.organisation]
    for text in named:
        words.update(w.casefold() for w in re.findall(r"[\w'’-]+", text))
    for text in _texts(meeting):
        words.update(w for w in re.findall(r"[\w'’-]+", text or "") if w.islower())
    return words
