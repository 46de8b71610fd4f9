"""`minutebook check`: the WCAG 2.1 AA basics of a Word document, one function per rule.

Each rule reads the package (python-docx and lxml, nothing of the UI) and says where it
found a problem: the document, or a paragraph or table by its number and first words.
Every export minutebook writes passes every rule (tests/unit/test_accessibility.py).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from storage.errors import BadInput
from storage.style import is_language_tag

CONTRAST = 4.5
"""The least contrast of text against its background (WCAG 2.1 AA, 1.4.3)."""
SHORT_PARAGRAPH = 80
"""The most characters of a paragraph in a short row (attendance, action log)."""

_TYPED_LIST = re.compile(r"\s*(?:\d{1,3}[.)]|[•·▪◦‣●○■□*–-])\s+\S")
_FILE_NAME = re.compile(r"\S+\.(?:docx?|dotx|docm|odt|rtf|pdf|txt)", re.IGNORECASE)
_HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    """What makes a document hard to read with assistive technology, and where it is."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def short_row(tr: etree._Element) -> bool:
    """A row of a table of two or more columns whose cells each hold one or two short
    paragraphs (and nothing else): an attendance or action log row, never split."""
    tbl = tr.getparent()
    columns = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}") if tbl is not None else []
    cells = tr.findall(qn("w:tc"))
    if len(columns) < 2 or not cells:
        return False
    for tc in cells:
        blocks = [child for child in tc if child.tag != qn("w:tcPr")]
        if not 1 <= len(blocks) <= 2 or any(b.tag != qn("w:p") for b in blocks):
            return False
        if any(len(_text(p)) > SHORT_PARAGRAPH for p in blocks):
            return False
    return True


def problems(data: bytes, file_name: str = "") -> list[Problem]:
    """Every problem every rule finds in the .docx `data` (`BadInput` if it is not one)."""
    document = _Document(data, file_name)
    return [problem for rule in RULES for problem in rule(document)]


def check_file(path: Path) -> list[Problem]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except OSError as error:
        raise BadInput(f"{path}: {error.strerror or error}") from None
    return problems(data, path.name)


class _Document:
    """A package read once for every rule: its body, styles and properties."""

    def __init__(self, data: bytes, file_name: str) -> None:
        try:
            self.doc: Any = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError):
            raise BadInput(f"{file_name or 'the file'}: not a Word .docx file") from None
        self.file_name = file_name
        self.body = self.doc.element.body
        self.styles = {
            s.get(qn("w:styleId")): s for s in self.doc.styles.element.iter(qn("w:style"))
        }
        self.defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        self.places = _places(self.body)

    def where(self, element: etree._Element) -> str:
        """Paragraph 7 (“Apologies were …”), or table 2, row 3 (“…”)."""
        p = element if element.tag == qn("w:p") else next(element.iter(qn("w:p")), element)
        return f"{self.places.get(p, 'the document')} (“{_first_words(p)}”)"

    def paragraphs(self) -> Iterator[etree._Element]:
        return self.body.iter(qn("w:p"))

    def style_chain(self, style_id: str | None) -> Iterator[etree._Element]:
        """A style and those it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def paragraph_style(self, p: etree._Element) -> str | None:
        found = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if found is not None:
            return found.get(qn("w:val"))
        default = next(
            (s for s in self.styles.values() if s.get(qn("w:type")) == "paragraph"
             and s.get(qn("w:default")) in ("1", "true", "on")),
            None,
        )  # fmt: skip
        return default.get(qn("w:styleId")) if default is not None else None

    def paragraph_property(self, p: etree._Element, tag: str) -> etree._Element | None:
        """`w:tag` of the paragraph's own properties, else of its style's."""
        found = p.find(f"{qn('w:pPr')}/{qn(tag)}")
        if found is not None:
            return found
        for style in self.style_chain(self.paragraph_style(p)):
            found = style.find(f"{qn('w:pPr')}/{qn(tag)}")
            if found is not None:
                return found
        return None

    def run_property(self, r: etree._Element, tag: str) -> etree._Element | None:
        """`w:tag` of a run: its own, its character style's, its paragraph style's, the
        document defaults'."""
        own = r.find(f"{qn('w:rPr')}/{qn(tag)}")
        if own is not None:
            return own
        rstyle = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        p = next(r.iterancestors(qn("w:p")), None)
        chains = [self.style_chain(rstyle.get(qn("w:val")) if rstyle is not None else None)]
        if p is not None:
            chains.append(self.style_chain(self.paragraph_style(p)))
        for chain in chains:
            for style in chain:
                found = style.find(f"{qn('w:rPr')}/{qn(tag)}")
                if found is not None:
                    return found
        if self.defaults is not None:
            return self.defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn(tag)}")
        return None

    def heading_level(self, p: etree._Element) -> int | None:
        """0 for the Title style, 1-9 for a heading (its style or its outline level)."""
        own = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if own is not None:
            return _outline(own)
        for style in self.style_chain(self.paragraph_style(p)):
            name = style.find(qn("w:name"))
            label = (name.get(qn("w:val")) if name is not None else "").casefold()
            if label == "title":
                return 0
            if match := re.fullmatch(r"heading ([1-9])", label):
                return int(match.group(1))
            outline = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if outline is not None:
                return _outline(outline)
        return None


def _outline(element: etree._Element) -> int | None:
    value = int(element.get(qn("w:val"), "9") or 9)
    return value + 1 if 0 <= value < 9 else None


def _places(body: etree._Element) -> dict[etree._Element, str]:
    """Where each paragraph stands: "paragraph 4" of the body, "table 2, row 3"."""
    places: dict[etree._Element, str] = {}
    paragraphs = tables = 0
    for block in body:
        if block.tag == qn("w:p"):
            paragraphs += 1
            places[block] = f"paragraph {paragraphs}"
        elif block.tag == qn("w:tbl"):
            tables += 1
            for number, tr in enumerate(block.iter(qn("w:tr")), start=1):
                for p in tr.iter(qn("w:p")):
                    places.setdefault(p, f"table {tables}, row {number}")
    return places


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _first_words(p: etree._Element, count: int = 6) -> str:
    words = _text(p).split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _on(element: etree._Element | None) -> bool:
    """Whether an on/off property is on (present, and not val="false")."""
    return element is not None and element.get(qn("w:val"), "true") not in ("false", "0", "off")


def _empty(p: etree._Element) -> bool:
    """A paragraph holding nothing at all: no text, picture, object or field."""
    if _text(p).strip() or p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        return False
    filled = ("w:drawing", "w:pict", "w:object", "w:fldSimple", "w:instrText", "w:sym")
    return not any(p.find(f".//{qn(tag)}") is not None for tag in filled)


# -- the rules --------------------------------------------------------------------------


def title_property(document: _Document) -> Iterable[Problem]:
    """The document title property is set and says what the document is."""
    title = " ".join((document.doc.core_properties.title or "").split())
    stem = Path(document.file_name).stem.casefold()
    if not title:
        yield Problem("the document", "no title property (File > Info > Title)")
    elif title.casefold() in ("minutes", "document", stem) or _FILE_NAME.fullmatch(title):
        yield Problem("the document", f"the title property “{title}” does not say what it is")


def language(document: _Document) -> Iterable[Problem]:
    """The language is set, as a BCP 47 tag (en-GB, cy-GB)."""
    tags = [document.doc.core_properties.language or ""]
    normal = document.paragraph_style(etree.Element(qn("w:p")))
    for style in document.style_chain(normal):
        found = style.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        tags.append(found.get(qn("w:val"), "") if found is not None else "")
    if document.defaults is not None:
        found = document.defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        tags.append(found.get(qn("w:val"), "") if found is not None else "")
    given = [tag for tag in tags if tag.strip()]
    if not given:
        yield Problem("the document", "no language set (the default style's or the properties')")
    for tag in given:
        if not is_language_tag(tag):
            yield Problem("the document", f"the language “{tag}” is not a tag like en-GB")


def headings_in_order(document: _Document) -> Iterable[Problem]:
    """Headings are in heading styles, in order, none skipped (the Title is level 0)."""
    previous = 0
    for p in document.paragraphs():
        level = document.heading_level(p)
        if level is None:
            continue
        if level > previous + 1:
            yield Problem(
                document.where(p), f"a level {level} heading after level {previous}: one skipped"
            )
        previous = level


def headings_kept_with_next(document: _Document) -> Iterable[Problem]:
    """A heading stays on the page of what follows it (keep with next)."""
    for p in document.paragraphs():
        if document.heading_level(p) is None or p.getnext() is None:
            continue
        if p.getnext().tag == qn("w:sectPr"):
            continue
        if not _on(document.paragraph_property(p, "w:keepNext")):
            yield Problem(document.where(p), "a heading not kept with the next paragraph")


def table_headers(document: _Document) -> Iterable[Problem]:
    """Every table's first row is a header row, repeated on each page."""
    for tbl in document.body.iter(qn("w:tbl")):
        first = tbl.find(qn("w:tr"))
        if first is not None and not _on(first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")):
            yield Problem(document.where(first), "a table whose first row is not a header row")


def short_rows_whole(document: _Document) -> Iterable[Problem]:
    """A short row (attendance, action log) is not split across pages."""
    for tr in document.body.iter(qn("w:tr")):
        if short_row(tr) and not _on(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}")):
            yield Problem(document.where(tr), "a short row that may split across pages")


def no_spacing_paragraphs(document: _Document) -> Iterable[Problem]:
    """No empty paragraphs for spacing: two or more in a row anywhere, or one between two
    blocks of the body (bar the one Word needs between two tables, and a cell's last)."""
    parents = [document.body, *document.body.iter(qn("w:tc"))]
    for parent in parents:
        blocks = [child for child in parent if child.tag in (qn("w:p"), qn("w:tbl"))]
        for at, block in enumerate(blocks):
            if block.tag != qn("w:p") or not _empty(block):
                continue
            before = blocks[at - 1] if at else None
            after = blocks[at + 1] if at + 1 < len(blocks) else None
            if before is not None and before.tag == qn("w:p") and _empty(before):
                continue  # said at the first of the run
            if after is not None and after.tag == qn("w:p") and _empty(after):
                yield Problem(document.where(block), "empty paragraphs used for spacing")
            elif (
                parent is document.body
                and before is not None
                and after is not None
                and not before.tag == after.tag == qn("w:tbl")
            ):
                where = document.places.get(block, "the document")
                yield Problem(where, "an empty paragraph used for spacing")


def real_lists(document: _Document) -> Iterable[Problem]:
    """Lists are numbered by Word, not typed "1." or "•" at the start of a paragraph."""
    for p in document.paragraphs():
        if _TYPED_LIST.match(_text(p)) and document.paragraph_property(p, "w:numPr") is None:
            yield Problem(document.where(p), "a list number or bullet typed, not a real list")


def image_text(document: _Document) -> Iterable[Problem]:
    """Every picture has alternative text, or is marked decorative."""
    for drawing in document.body.iter(qn("w:drawing")):
        properties = next((e for e in drawing.iter() if etree.QName(e).localname == "docPr"), None)
        described = properties is not None and (properties.get("descr") or "").strip()
        decorative = any(
            etree.QName(e).localname == "decorative" and e.get("val") in ("1", "true")
            for e in drawing.iter()
        )
        if not (described or decorative):
            p = next(drawing.iterancestors(qn("w:p")))
            yield Problem(document.where(p), "a picture without alternative text")


def contrast(document: _Document) -> Iterable[Problem]:
    """Text contrasts at least 4.5:1 with its background (shading and highlight too)."""
    for p in document.paragraphs():
        reported = False
        for r in p.iter(qn("w:r")):
            if reported or not "".join(t.text or "" for t in r.iter(qn("w:t"))).strip():
                continue
            fore = _colour(document.run_property(r, "w:color"), "val", "000000")
            back = _background(document, r, p)
            ratio = contrast_ratio(fore, back)
            if ratio < CONTRAST:
                reported = True
                yield Problem(
                    document.where(p),
                    f"text {fore} on {back}: contrast {ratio:.2f}:1, below {CONTRAST}:1",
                )


def _background(document: _Document, r: etree._Element, p: etree._Element) -> str:
    highlight = document.run_property(r, "w:highlight")
    if highlight is not None and highlight.get(qn("w:val"), "none") in _HIGHLIGHTS:
        return _HIGHLIGHTS[highlight.get(qn("w:val"))]
    shadings = [document.run_property(r, "w:shd"), document.paragraph_property(p, "w:shd")]
    tc = next(p.iterancestors(qn("w:tc")), None)
    if tc is not None:
        shadings.append(tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}"))
    for shading in shadings:
        fill = _colour(shading, "fill", "")
        if fill:
            return fill
    return "FFFFFF"


def _colour(element: etree._Element | None, attribute: str, default: str) -> str:
    value = (element.get(qn(f"w:{attribute}")) or "") if element is not None else ""
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else default


def contrast_ratio(fore: str, back: str) -> float:
    """The WCAG contrast ratio of two colours given as RRGGBB."""
    lighter, darker = sorted((_luminance(fore), _luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG relative luminance of an RRGGBB colour."""
    channels = [int(colour[at : at + 2], 16) / 255 for at in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


RULES: tuple[Callable[[_Document], Iterable[Problem]], ...] = (
    title_property,
    language,
    headings_in_order,
    table_headers,
    short_rows_whole,
    headings_kept_with_next,
    no_spacing_paragraphs,
    real_lists,
    image_text,
    contrast,
)
"""Every rule, in the order `minutebook check` reports them."""
