"""Property: a public export is either refused (and nothing is written) or holds no name,
no redacted or withheld word and no confidential text, in any part of the package.

Meetings are built directly from domain values. People have made-up names that no ordinary
text holds, typed into every field in the forms minutes write them (in full, title and
surname, initial and surname, "Surname, First"), spaced with doubled spaces, no-break
spaces or line breaks, bold on one part, upper case or NFD-decomposed. Redactions, withheld
words and confidential items use their own made-up words too, so any one of them found in
the package is a leak. The same check is run on the private version, where everything
typed must be found: the check itself is seen to work.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import exports
from exports.public import Unpublishable
from storage.domain import (
    Action,
    ActionUpdate,
    AttendanceStatus,
    Attendee,
    Committee,
    Decision,
    Item,
    ItemStatus,
    Meeting,
    NamesPolicy,
    Person,
    PublicationRules,
    ReviewedAction,
    Section,
)

FIRST_NAMES = (
    *("Zoë", "Thaddeus", "Orsolya", "Peregrine", "Ysolde"),
    *("Lucasta", "Wendeline", "Barnabus", "Evander"),
)
SURNAMES = (
    *("Zebrafield", "Quillonby", "Marrowgate", "Thistlewick"),
    *("Brackenholt", "Quérillon", "Fennimorrow", "Gallowcombe"),
)
TITLES = ("Mr", "Mrs", "Ms", "Mx", "Dr", "Dr.", "Prof", "Cllr", "Sir", "Dame")
# Titles the leak check looks for before a surname (case-insensitive, with or without a dot).
CHECKED_TITLES = (
    *("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "cllr", "councillor"),
    *("sir", "dame", "lord", "lady", "rev", "revd"),
)
ROLES = (
    *("Non-Executive Director", "Head of Service", "Independent Chair", "Lay Member"),
    *("Director of Nursing", "Chief Finance Officer", ""),
)
ORGANISATIONS = ("Probation Service", "County Council", "Health Trust", "")
ITEM_TITLES = ("Finance report", "Risk register", "Matters arising", "Any other business")
# Ordinary words: no title, no name, no initial, no secret or confidential word.
FILLER = (
    *("the", "board", "noted", "agreed", "report", "budget", "update", "said", "that"),
    *("with", "and", "for", "next", "quarter", "plan", "review", "risk", "was", "asked"),
    *("presented", "thanked", ",", ".", "-"),
)
NOTES_MARKUP = ("\n", "\n\n", "\n- ", "\n  - ", "\n1. ")
SECRETS = (
    *("Child Yarrowmere", "Flat 9 Pendlecrest", "Ossington Mews", "Vexhollow"),
    *("Brindlewort referral", "Kestrelmoor"),
)
WITHHELD = ("Xylocarpine", "Operation Fernhallow", "Glimmerstag")
CONFIDENTIAL_WORDS = (
    *("quarantine", "lattice", "tangerine", "omnibus", "pelican", "zirconium", "marzipan"),
    *("obelisk", "juniper", "kaleidoscope", "saffron", "turbine", "walrus", "periscope"),
    *("gondola", "tamarind"),
)
BROKEN = (
    "||unterminated",
    "||outer ||inner|| outer||",
    "|||triple|||",
    "word||glued||",
    "|| spaced||",
    "||closing spaced ||",
)
GAPS = (" ", "  ", "\u00a0", "\n", " \u00a0 ")
FORMS = {
    "full": "First Last",
    "title": "Title Last",
    "title_full": "First Last",
    "initial_dot": "F. Last",
    "initial": "F. Last",
    "tight": "F. Last",
    "reversed": "Last, First",
}
# Published fields of every generated meeting, where a broken marker may be put.
SLOTS = (
    *("committee", "marking", "venue", "section", "item1.title", "item1.presenter"),
    *("item1.notes", "item1.number", "note1", "role1", "organisation1", "action1.owner"),
    *("action1.text", "action1.due", "action1.update", "decision1"),
)
SHOWN = {AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE, AttendanceStatus.APOLOGIES}
MEETING_DAY = dt.date(2024, 3, 11)
MADE_AT = dt.datetime(2024, 3, 11, 15, 0, tzinfo=dt.UTC)
EARLIER_CONFIDENTIAL_ITEM = 900
EARLIER_PUBLIC_ITEM = 901


@dataclass
class Case:
    """A meeting, its rules, and what was typed into it (`*_shown`: in fields the private
    version prints, so the check must find them there)."""

    meeting: Meeting
    rules: PublicationRules
    broken: str | None
    people: list[Person]
    redacted: set[str] = field(default_factory=set)
    names_shown: set[tuple[int, str]] = field(default_factory=set)
    secrets_shown: set[str] = field(default_factory=set)
    withheld_shown: set[str] = field(default_factory=set)
    confidential_shown: set[str] = field(default_factory=set)


class Typist:
    """Draws the text of one meeting's fields, noting what it typed where."""

    def __init__(self, draw: st.DrawFn, case: Case, secrets: list[str], broken: str | None):
        self.draw = draw
        self.case = case
        self.secrets = secrets
        self.broken_slot = broken
        self.shown = True

    def name(self, person: Person | None = None) -> str:
        draw = self.draw
        if person is None:
            person = draw(st.sampled_from(self.case.people))
        first, last = (person.name or "").split()
        form = draw(st.sampled_from(sorted(FORMS)))
        gap = draw(st.sampled_from(GAPS))
        title = draw(st.sampled_from(TITLES))
        words, seps = {
            "full": ([first, last], [gap]),
            "title": ([title, last], [gap]),
            "title_full": ([title, first, last], [" ", gap]),
            "initial_dot": ([first[0] + ".", last], [gap]),
            "initial": ([first[0], last], [gap]),
            "tight": ([first[0] + ".", last], [""]),
            "reversed": ([last, first], ["," + gap]),
        }[form]
        bold = draw(st.integers(-1, len(words) - 1))
        if bold >= 0:
            words[bold] = f"**{words[bold]}**"
        text = words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True))
        if draw(st.integers(0, 3)) == 0:
            text = text.upper()
        if draw(st.booleans()):
            text = unicodedata.normalize("NFD", text)
        if self.shown:
            self.case.names_shown.add((person.id, FORMS[form]))
        return text

    def _cased(self, words: str) -> str:
        return self.draw(st.sampled_from([words, words.lower(), words.upper()]))

    def _gapped(self, words: str, *, notes: bool) -> str:
        gaps = GAPS if notes else (" ", "  ", "\u00a0")
        return self.draw(st.sampled_from(gaps)).join(words.split())

    def redaction(self, *, notes: bool, secret: str | None = None) -> str:
        if secret is None and self.draw(st.integers(0, 4)) == 0:
            hidden = self.name()
        else:
            secret = secret or self.draw(st.sampled_from(self.secrets))
            hidden = self._gapped(secret, notes=notes)
            if self.shown:
                self.case.secrets_shown.add(secret)
        self.case.redacted.add(hidden)
        return f"||{hidden}||"

    def text(
        self, slot: str | None = None, *, base: str = "", notes: bool = False, most: int = 6
    ) -> str:
        """Ordinary words, names, redactions, redacted words typed again, withheld words."""
        draw = self.draw
        kinds = ["filler"] * 4 + ["name"] * 3 + ["redaction", "secret", "withheld"]
        if notes:
            kinds += ["markup"] * 2
        segments = [base] if base else []
        for _ in range(draw(st.integers(0, most))):
            kind = draw(st.sampled_from(kinds))
            if kind == "filler":
                segments.append(draw(st.sampled_from(FILLER)))
            elif kind == "markup":
                segments.append(draw(st.sampled_from(NOTES_MARKUP)))
            elif kind == "name":
                segments.append(self.name())
            elif kind == "redaction":
                segments.append(self.redaction(notes=notes))
            elif kind == "secret":
                # Every secret is redacted in the first item's notes, so typed plainly
                # anywhere else it must be hidden too.
                secret = draw(st.sampled_from(self.secrets))
                segments.append(self._cased(self._gapped(secret, notes=notes)))
                if self.shown:
                    self.case.secrets_shown.add(secret)
            else:
                word = draw(st.sampled_from(self.case.rules.withheld))
                segments.append(self._cased(word))
                if self.shown:
                    self.case.withheld_shown.add(word)
        if slot is not None and slot == self.broken_slot:
            segments.append(draw(st.sampled_from(BROKEN)))
        return " ".join(segments)

    def confidential(self, *, most: int = 6, least: int = 4) -> str:
        words = self.draw(
            st.lists(st.sampled_from(CONFIDENTIAL_WORDS), min_size=least, max_size=most)
        )
        self.case.confidential_shown.update(words)
        return " ".join(words).capitalize()

    def confidential_notes(self) -> str:
        draw = self.draw
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            line = self.confidential()
            extra = draw(st.sampled_from(["", "name", "redaction"]))
            if extra == "name":
                line = f"{line} {self.name()}"
            elif extra == "redaction":
                line = f"{line} {self.redaction(notes=True)}"
            lines.append(line + ".")
        return draw(st.sampled_from(["\n", "\n- ", " "])).join(lines)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    count = draw(st.integers(2, 6))
    firsts = draw(st.permutations(FIRST_NAMES))[: count + 1]
    lasts = draw(st.permutations(SURNAMES))[: count + 1]
    named = [Person(id=n + 1, name=f"{firsts[n]} {lasts[n]}") for n in range(count)]
    outsider = Person(id=100, name=f"{firsts[count]} {lasts[count]}", role="Chief Constable")
    secrets = draw(st.lists(st.sampled_from(SECRETS), min_size=1, max_size=3, unique=True))
    withheld = draw(st.lists(st.sampled_from(WITHHELD), min_size=1, max_size=2, unique=True))
    fine = (firsts[0],) if draw(st.booleans()) else ()
    rules = PublicationRules(
        names=NamesPolicy.ROLES,
        people=(*named, outsider),  # replaced below by the people with their roles
        withheld=tuple(withheld),
        fine=fine,
        confidential_items=frozenset({EARLIER_CONFIDENTIAL_ITEM}),
    )
    broken = draw(st.sampled_from(SLOTS)) if draw(st.integers(0, 4)) == 0 else None
    case = Case(Meeting(id=0, committee=Committee(id=1, name=""), date=MEETING_DAY), rules,
                broken, [*named, outsider])  # fmt: skip
    typist = Typist(draw, case, secrets, broken)
    text = typist.text

    # -- people and attendance --------------------------------------------------------
    statuses = [draw(st.sampled_from(list(AttendanceStatus))) for _ in named]
    deputy = draw(st.booleans())  # the second attendee deputises for the first
    people = []
    for n, person in enumerate(named, start=1):
        typist.shown = statuses[n - 1] in SHOWN or (n == 1 and deputy and statuses[1] in SHOWN)
        role = text(f"role{n}", base=draw(st.sampled_from(ROLES)), most=2)
        organisation = text(f"organisation{n}", base=draw(st.sampled_from(ORGANISATIONS)), most=1)
        people.append(Person(id=person.id, name=person.name, role=role, organisation=organisation))
    attendees = []
    for n, person in enumerate(people, start=1):
        typist.shown = statuses[n - 1] in SHOWN
        arrived = draw(st.booleans())
        attendees.append(
            Attendee(
                id=n,
                person=person,
                status=statuses[n - 1],
                position=n,
                deputising_for=people[0] if n == 2 and deputy else None,
                note=text(f"note{n}", most=4),
                arrived_at=dt.datetime(2024, 3, 11, 14, 5, tzinfo=dt.UTC) if arrived else None,
                arrived_item_id=draw(st.integers(1, 3)) if arrived else None,
            )
        )
    typist.shown = True

    # -- items, actions, decisions ----------------------------------------------------
    item_count = draw(st.integers(2, 5))
    confidential = {n for n in range(2, item_count + 1) if draw(st.booleans())}
    public_items = [n for n in range(1, item_count + 1) if n not in confidential]
    items: list[Item] = []
    actions: list[Action] = []
    decisions: list[Decision] = []

    def action(item_id: int, number: int, *, secret: bool) -> Action:
        first = number == 1
        slot = "action1." if first else "-"
        if secret:
            owner = typist.name() if draw(st.booleans()) else draw(st.sampled_from(ROLES))
            words, due = typist.confidential(), typist.confidential(most=2, least=1)
            update = typist.confidential() if draw(st.booleans()) else ""
        else:
            owner = text(slot + "owner", most=3)
            words, due = text(slot + "text"), text(slot + "due", most=3)
            update = text(slot + "update", most=4) if first or draw(st.booleans()) else ""
        updates = (ActionUpdate(1000 + number, number, MADE_AT, update, 1),) if update else ()
        return Action(
            id=number,
            committee_id=1,
            owner=owner,
            text=words,
            meeting_id=1,
            item_id=item_id,
            raised_on=MEETING_DAY,
            position=number,
            due_text=due,
            updates=updates,
        )

    for n in range(1, item_count + 1):
        section_id = 10 if n > 1 and draw(st.booleans()) else None
        number = f"{n}." if n == 1 or draw(st.integers(0, 3)) else ""
        if n in confidential:
            presenter = (
                typist.name() if draw(st.booleans()) else typist.confidential(most=2, least=1)
            )
            item = Item(
                id=n,
                meeting_id=1,
                title=typist.confidential(),
                section_id=section_id,
                position=n,
                number=number,
                presenter=presenter,
                status=draw(st.sampled_from(list(ItemStatus))),
                notes=typist.confidential_notes(),
                confidential=True,
            )
        else:
            slot = "item1." if n == 1 else "-"
            notes = text(slot + "notes", notes=True, most=10)
            if n == 1:
                seeded = " ".join(typist.redaction(notes=True, secret=s) for s in secrets)
                case.names_shown.add((outsider.id, "First Last"))
                notes = f"{seeded} {outsider.name} attended . {notes}"
            item = Item(
                id=n,
                meeting_id=1,
                title=text(slot + "title", base=draw(st.sampled_from(ITEM_TITLES)), most=3),
                section_id=section_id,
                position=n,
                number=text(slot + "number", base=number, most=0),
                presenter=text(slot + "presenter", most=3),
                status=draw(st.sampled_from(list(ItemStatus))),
                notes=notes,
            )
        items.append(item)
        for _ in range(draw(st.integers(1 if n == 1 else 0, 2))):
            actions.append(action(n, len(actions) + 1, secret=n in confidential))
        if n == 1 or draw(st.booleans()):
            words = (
                typist.confidential()
                if n in confidential
                else text("decision1" if n == 1 else None)
            )
            decisions.append(Decision(len(decisions) + 1, 1, words, n, len(decisions) + 1))

    # -- earlier actions reviewed: one from a public item, one from a confidential one --
    reviewed = []
    if draw(st.booleans()):
        earlier = Action(
            id=500,
            committee_id=1,
            owner=text(most=3),
            text=text(),
            meeting_id=7,
            item_id=EARLIER_PUBLIC_ITEM,
            raised_on=dt.date(2024, 1, 8),
            due_text=text(most=2),
            updates=(ActionUpdate(600, 500, MADE_AT, text(most=4), 1),),
        )
        reviewed.append(ReviewedAction(earlier, draw(st.sampled_from(public_items)), 1))
    if draw(st.integers(0, 3)):
        carried = Action(
            id=501,
            committee_id=1,
            owner=typist.name(),
            text=typist.confidential(),
            meeting_id=7,
            item_id=EARLIER_CONFIDENTIAL_ITEM,
            raised_on=dt.date(2024, 1, 8),
            due_text=typist.confidential(most=2, least=1),
            updates=(ActionUpdate(601, 501, MADE_AT, typist.confidential(), 1),),
        )
        reviewed.append(ReviewedAction(carried, draw(st.sampled_from(public_items)), 2))

    typist.shown = False  # the committee's marking is printed only when the meeting has none
    committee_marking = text(base="OFFICIAL", most=1)
    typist.shown = True
    meeting = Meeting(
        id=1,
        committee=Committee(
            id=1,
            name=text("committee", base="Quality and Safety Board", most=3),
            protective_marking=committee_marking,
        ),
        date=MEETING_DAY,
        start_time="14:00",
        venue=text("venue", base="Room 4, County Hall", most=3),
        protective_marking=text("marking", base="OFFICIAL", most=2),
        attendees=tuple(attendees),
        sections=(Section(id=10, title=text("section", base="Standing Items", most=2)),),
        items=tuple(items),
        actions=tuple(actions),
        decisions=tuple(decisions),
        reviewed=tuple(reviewed),
    )
    case.meeting = meeting
    case.rules = PublicationRules(
        names=rules.names,
        people=(*people, outsider),
        withheld=rules.withheld,
        fine=rules.fine,
        confidential_items=rules.confidential_items,
    )
    return case


# -- the leak check ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """NFC then NFKC, case-folded, white space collapsed to single spaces."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFC", text))
    return " ".join(text.casefold().split())


def package_views(path: Path) -> dict[str, list[str]]:
    """Every part of the package, folded: its raw XML, its text with tags removed (runs
    joined) and its text with each tag read as a space (paragraphs and breaks apart)."""
    views = {}
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            raw = package.read(name).decode("utf-8", errors="replace")
            texts = (raw, re.sub(r"<[^>]*>", "", raw), re.sub(r"<[^>]*>", " ", raw))
            views[name] = [fold(html.unescape(t)) for t in texts]
    return views


def _bounded(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


def name_patterns(person: Person) -> dict[str, re.Pattern[str]]:
    first, last = (re.escape(fold(w)) for w in (person.name or "").split())
    initial = first[0]
    gap = r"[\s*_]+"  # white space, and bold markup left as typed
    after_initial = r"(?:[\s*_]*\.[\s*_]*|[\s*_]+)"
    titles = "|".join(CHECKED_TITLES)
    return {
        "First Last": _bounded(rf"{first}{gap}{last}"),
        "Title Last": _bounded(rf"(?:{titles}){after_initial}{last}"),
        "F. Last": _bounded(rf"{initial}{after_initial}{last}"),
        "Last, First": _bounded(rf"{last}[\s*_]*,[\s*_]*{first}"),
    }


@dataclass(frozen=True)
class Leak:
    what: tuple[str | int, ...]
    part: str
    context: str

    def __str__(self) -> str:
        return f"{self.what} in {self.part}: …{self.context}…"


def leaks_in(path: Path, case: Case) -> list[Leak]:
    # (what, a word every match holds, so that the regular expression runs only where it
    # can match, and the pattern)
    looked_for: list[tuple[tuple[str | int, ...], str, re.Pattern[str]]] = []
    for person in case.rules.people:
        last = fold((person.name or "").split()[-1])
        for form, pattern in name_patterns(person).items():
            looked_for.append((("name", person.id, form), last, pattern))
    for hidden in sorted(case.redacted):
        if len(fold(hidden)) >= 3:
            looked_for.append(
                (("redacted", fold(hidden)), fold(hidden), _bounded(re.escape(fold(hidden))))
            )
    for word in case.rules.withheld:
        looked_for.append((("withheld", word), fold(word), _bounded(re.escape(fold(word)))))
    for word in CONFIDENTIAL_WORDS:
        looked_for.append((("confidential", word), word, _bounded(re.escape(word))))
    found: dict[tuple[str | int, ...], Leak] = {}
    for part, views in package_views(path).items():
        for what, key, pattern in looked_for:
            for view in views:
                match = pattern.search(view) if key in view else None
                if match and what not in found:
                    start, end = max(0, match.start() - 40), match.end() + 40
                    found[what] = Leak(what, part, view[start:end])
    return list(found.values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_a_public_export_is_refused_or_holds_nothing_that_may_not_be_published(
    case: Case,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        private = exports.write_minutes(case.meeting, Path(folder) / "private.docx")
        # The check works: in the private version it finds all that was typed.
        seen = {leak.what for leak in leaks_in(private, case)}
        for person_id, form in case.names_shown:
            assert ("name", person_id, form) in seen, (person_id, form)
        for secret in case.secrets_shown:
            assert ("redacted", fold(secret)) in seen, secret
        for word in case.withheld_shown:
            assert ("withheld", word) in seen, word
        for word in case.confidential_shown:
            assert ("confidential", word) in seen, word

        public_folder = Path(folder) / "public"
        public_folder.mkdir()
        path = public_folder / "minutes.docx"
        try:
            exports.write_minutes(case.meeting, path, public=case.rules)
        except Unpublishable as refused:
            assert not path.exists()
            assert not any(public_folder.iterdir())
            kind = "broken marker" if case.broken else f"scan: {str(refused)[:70]}"
            event(f"refused ({kind})")
            return
        event("written")
        assert case.broken is None, f"written despite a broken marker in {case.broken}"
        leaks = leaks_in(path, case)
        assert not leaks, "\n".join(map(str, leaks))
