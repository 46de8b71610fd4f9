"""The last check of a public document, and `minutebook check --public`.

Every part of a .docx package (document, headers, footers, properties, relationships, any
binary part) is read as text, its runs joined so a name split across runs is still whole,
and looked through for every known name in every multi-word form, every redacted or
withheld string and every confidential text, and for what a public file must never hold:
macros, comments, external links, custom XML. A public export with any finding is not
written at all.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exports.public import (
    SENTENCE_BREAKS,
    Publisher,
    confidential_texts,
    meeting_redactions,
    normal,
    phrases_pattern,
    skeleton,
)
from storage.domain import Committee, Meeting, NamesPolicy, PublicationRules
from storage.errors import BadInput

if TYPE_CHECKING:
    from storage.repository import Repository

# A part is read twice: with every tag taken out, so that a name split across runs (bold on
# part of it) is whole, and with every tag as a space, so that a name after a letter
# ("Letterhead" before a tab, a date before it in the properties) is a word of its own.
_TAGS = re.compile(r"<(?![!?])[^>]*>")
# Comments and processing instructions are read as text: their words are in the file.
_MARKUP_NOTES = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>|<\?|\?>")
# A run hidden from view (w:vanish) can split a name that shows whole.
_HIDDEN_RUN = re.compile(r"<w:r\b(?:(?!</w:r>).)*?<w:vanish\b(?:(?!</w:r>).)*?</w:r>", re.DOTALL)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ATTRIBUTES = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")

# What a public package may not contain at all, by part name.
_FORBIDDEN_PARTS = (
    (re.compile(r"vbaProject|vbaData|\.bin$", re.IGNORECASE), "a macro or embedded object"),
    (re.compile(r"comments", re.IGNORECASE), "comments"),
    (re.compile(r"^customXml/", re.IGNORECASE), "custom XML"),
    (re.compile(r"^word/glossary/", re.IGNORECASE), "a glossary document"),
    (re.compile(r"^docProps/custom\.xml$", re.IGNORECASE), "custom document properties"),
    (re.compile(r"^word/(?:foot|end)notes\.xml$", re.IGNORECASE), "footnotes or endnotes"),
)
_EXTERNAL = re.compile(r"""TargetMode\s*=\s*["']External["']""", re.IGNORECASE)
_DOC_VARIABLES = re.compile(r"<w:(?:docVars|attachedTemplate)\b")
# Confidential text is looked for in pieces at least this long, so that a common phrase
# ("the Board noted") shared with the public business does not stop every export.
_MIN_PHRASE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Finding:
    """Something that must not be in a public document, and the part where it is."""

    what: str
    part: str

    def __str__(self) -> str:
        return f"{self.what} in {self.part}"


def searchable(text: str) -> str:
    """Text as the scan compares it: NFKC, case-folded, invisible characters gone, one
    space for any run of white space."""
    return " ".join(unicodedata.normalize("NFKC", normal(text)).casefold().split())


def part_texts(data: bytes) -> Iterable[tuple[str, str, str]]:
    """(part name, its text read as above and its attribute values, its raw content) for
    every part."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            raw = _decoded(package.read(name))
            visible = _MARKUP_NOTES.sub(" ", _HIDDEN_RUN.sub("", raw))
            joined = html.unescape(_TAGS.sub("", visible))
            spaced = html.unescape(_TAGS.sub(" ", visible))
            attributes = " | ".join(a or b for a, b in _ATTRIBUTES.findall(raw))
            text = f"{joined} | {spaced} | {html.unescape(attributes)}"
            yield name, _CONTROLS.sub(" ", text), raw


def _decoded(data: bytes) -> str:
    """A part's bytes as text: UTF-16 where it says so, else UTF-8 (and whatever a binary
    part holds that reads as text, a picture's comments among it)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


class Secrets:
    """What one public document must not contain."""

    def __init__(
        self,
        publisher: Publisher,
        *,
        hidden: Iterable[str] = (),
        confidential: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.publisher = publisher
        self.hidden = phrases_pattern(hidden)
        self.confidential: dict[str, str] = {}
        for where, text in confidential:
            for phrase in _phrases(text):
                self.confidential.setdefault(phrase, where)
        self.confidential_pattern = _any_of(self.confidential)

    def findings(self, data: bytes, file_name: str = "") -> list[Finding]:
        found: list[Finding] = []
        if file_name:
            found += self._in_text(re.sub(r"[\W_]+", " ", file_name), "the file name")
            if self.publisher.names_replaced and self.publisher.names_a_file(file_name):
                found.append(Finding("a person's name", "the file name"))
        try:
            parts = list(part_texts(data))
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return [Finding("a file that is not a readable .docx package", file_name)]
        for name, text, raw in parts:
            found += self._in_text(re.sub(r"[\W_]+", " ", name), f"the name of the part {name}")
            for pattern, what in _FORBIDDEN_PARTS:
                if pattern.search(name):
                    found.append(Finding(what, name))
            if _EXTERNAL.search(raw) or "mailto:" in text.casefold():
                found.append(Finding("a link to an outside target", name))
            if _DOC_VARIABLES.search(raw):
                found.append(Finding("document variables or an attached template", name))
            found += self._in_text(text, name)
        return found

    def _in_text(self, text: str, part: str) -> list[Finding]:
        found: list[Finding] = []
        if self.publisher.names_replaced:
            for name in dict.fromkeys(self.publisher.names_in(text)):
                found.append(Finding(f"the name “{name}”", part))
            for address in dict.fromkeys(self.publisher.addresses_in(text)):
                found.append(Finding(f"the e-mail address “{address}”", part))
        folded = skeleton(searchable(text))
        if self.hidden is not None:
            for secret in dict.fromkeys(m.group() for m in self.hidden.finditer(folded)):
                found.append(Finding(f"the withheld or redacted words “{secret}”", part))
        if self.confidential_pattern is not None:
            for phrase in dict.fromkeys(
                m.group() for m in self.confidential_pattern.finditer(folded)
            ):
                where = self.confidential[phrase]
                found.append(Finding(f"text of {where} (“{phrase}”)", part))
        return found


def _any_of(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for whole-word appearances of any of the (searchable) phrases."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, ordered))})(?!\w)")


def _phrases(text: str) -> Iterable[str]:
    """The lines and sentences of a confidential text long enough to be its own, with
    notes markup and redactions taken out."""
    text = re.sub(r"\|\|.*?\|\|", " ", text or "", flags=re.DOTALL)
    for line in SENTENCE_BREAKS.split(text):
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        line = re.sub(r"[*_|]+", "", line)
        words = skeleton(searchable(line)).split()
        if len(words) >= _MIN_PHRASE_WORDS:
            yield " ".join(words)


def public_findings(
    repo: Repository, data: bytes, file_name: str, *, committee: str | None = None
) -> list[Finding]:
    """What of everything minutebook knows must not be published is in the package `data`:
    every known name (unless the one committee given publishes names), every withheld or
    redacted word and every confidential text of the committee's meetings (or of all)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            package.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        raise BadInput(f"{file_name}: not a Word .docx file") from None
    committees = [repo.committee_named(committee)] if committee else repo.committees()
    names = NamesPolicy.ROLES
    hidden: list[str] = []
    confidential: list[tuple[str, str]] = []
    for each in committees:
        rules = repo.publication_rules(each.id)
        if committee:
            names = rules.names
        hidden += rules.withheld
        for summary in repo.meetings(each.id):
            meeting = repo.meeting(summary.id)
            hidden += meeting_redactions(meeting)
            meeting_rules = repo.publication_rules(each.id, meeting.id)
            confidential += confidential_texts(meeting, meeting_rules)
    everyone = PublicationRules(names=names, people=tuple(repo.people()))
    nobody = Meeting(id=0, committee=Committee(id=0, name=""), date=dt.date.today())
    secrets = Secrets(Publisher(nobody, everyone), hidden=hidden, confidential=confidential)
    return secrets.findings(data, file_name)
