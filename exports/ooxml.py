"""The few pieces of WordprocessingML python-docx has no API for, built directly with lxml.

Paragraphs, runs and tables are made here rather than through python-docx's object
model: its `Table.cell()` walks the whole table on every call, which makes a long action
log quadratic. Child elements are written in the order the OOXML schema requires, which
Word (unlike LibreOffice) insists on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape as xml_escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.oxml.ns import qn as _qn
from lxml import etree

from exports.markup import Span

# Clark names are looked up tens of thousands of times in a long meeting.
qn = lru_cache(maxsize=None)(_qn)

W_P, W_R, W_T, W_PPR, W_RPR = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr")
W_VAL = qn("w:val")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

HEADER_SHADE = "D9D9D9"
SECTION_SHADE = "EDEDED"
PRIVATE_HIGHLIGHT = "lightGray"
BULLETS = ("•", "–", "▪")
PARAGRAPH_INDENT = 680  # twips: room for "12.10" before a numbered paragraph's text


def sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    """A child element `w:tag` with `w:` attributes."""
    return etree.SubElement(parent, qn(tag), {_attribute(name): v for name, v in attrs.items()})


@cache
def _attribute(name: str) -> str:
    return qn(f"w:{name}")


@dataclass(frozen=True, slots=True)
class Para:
    """How one paragraph is laid out (the text comes separately, as spans)."""

    style: str | None = None
    bold: bool = False
    italic: bool = False
    size: int | None = None  # half-points
    align: str | None = None  # "center", "right"
    keep_next: bool = False
    numbering: tuple[int, int] | None = None  # (numId, ilvl)
    indent: int | None = None  # left indent in twips
    space_after: int | None = None  # twips
    space_before: int | None = None
    outline: int | None = None  # 0 for a level 1 heading (in navigation and contents)


def paragraph(
    parent: etree._Element, spans: Iterable[Span], layout: Para = Para()
) -> etree._Element:
    """Append a paragraph holding `spans` to `parent` (a body, cell, header or footer)."""
    p = etree.SubElement(parent, W_P)
    _paragraph_properties(p, layout)
    for span in spans:
        run(p, span, layout)
    return p


def _paragraph_properties(p: etree._Element, layout: Para) -> None:
    if not any(
        (
            layout.style,
            layout.keep_next,
            layout.numbering,
            layout.indent is not None,
            layout.space_after is not None,
            layout.space_before is not None,
            layout.align,
            layout.outline is not None,
        )
    ):
        return
    ppr = etree.SubElement(p, W_PPR)
    if layout.style:
        sub(ppr, "w:pStyle", val=layout.style)
    if layout.keep_next:
        sub(ppr, "w:keepNext")
    if layout.numbering:
        num_id, level = layout.numbering
        numpr = sub(ppr, "w:numPr")
        sub(numpr, "w:ilvl", val=str(level))
        sub(numpr, "w:numId", val=str(num_id))
    if layout.space_after is not None or layout.space_before is not None:
        spacing = sub(ppr, "w:spacing")
        if layout.space_before is not None:
            spacing.set(qn("w:before"), str(layout.space_before))
        if layout.space_after is not None:
            spacing.set(qn("w:after"), str(layout.space_after))
    if layout.indent is not None:
        sub(ppr, "w:ind", left=str(layout.indent))
    if layout.align:
        sub(ppr, "w:jc", val=layout.align)
    if layout.outline is not None:
        sub(ppr, "w:outlineLvl", val=str(layout.outline))


def add_space_after(p: etree._Element, twips: int, *, otherwise: int) -> None:
    """Add `twips` to the space after paragraph `p` (`otherwise` where it has none of its
    own, as its style gives)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = etree.Element(W_PPR)
        p.insert(0, ppr)
    spacing = ppr.find(qn("w:spacing"))
    if spacing is None:
        # Schema order: after the properties that come before w:spacing.
        earlier = [e for e in ppr if etree.QName(e).localname in _BEFORE_SPACING]
        spacing = etree.Element(qn("w:spacing"))
        if earlier:
            earlier[-1].addnext(spacing)
        else:
            ppr.insert(0, spacing)
    after = spacing.get(qn("w:after"))
    spacing.set(qn("w:after"), str((int(after) if after else otherwise) + twips))


_BEFORE_SPACING = {
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
    "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
    "adjustRightInd", "snapToGrid",
}  # fmt: skip


def run(p: etree._Element, span: Span, layout: Para = Para()) -> None:
    """Append runs for `span`: line breaks become <w:br/>, tabs <w:tab/>."""
    r = etree.SubElement(p, W_R)
    bold, italic = span.bold or layout.bold, span.italic or layout.italic
    if bold or italic or layout.size or span.redacted:
        rpr = etree.SubElement(r, W_RPR)
        if bold:
            sub(rpr, "w:b")
        if italic:
            sub(rpr, "w:i")
        if layout.size:
            sub(rpr, "w:sz", val=str(layout.size))
        if span.redacted:
            sub(rpr, "w:highlight", val=PRIVATE_HIGHLIGHT)
    for index, line in enumerate(span.text.split("\n")):
        if index:
            etree.SubElement(r, qn("w:br"))
        for tab_index, piece in enumerate(line.split("\t")):
            if tab_index:
                etree.SubElement(r, qn("w:tab"))
            if piece:
                t = etree.SubElement(r, W_T)
                t.text = piece
                if piece[0].isspace() or piece[-1].isspace():
                    t.set(XML_SPACE, "preserve")


def field_run(p: etree._Element, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) with `shown` as its last computed value."""
    for kind in ("begin", None, "separate", "text", "end"):
        r = etree.SubElement(p, W_R)
        if kind == "text":
            etree.SubElement(r, W_T).text = shown
        elif kind is None:
            instr = etree.SubElement(r, qn("w:instrText"))
            instr.text = f" {instruction} "
            instr.set(XML_SPACE, "preserve")
        else:
            sub(r, "w:fldChar", fldCharType=kind)


def bookmark(p: etree._Element, name: str, number: int) -> None:
    """Make paragraph `p` the bookmark `name` (`number` unique among the bookmarks)."""
    start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): str(number), qn("w:name"): name})
    properties = p.find(W_PPR)
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    sub(p, "w:bookmarkEnd", id=str(number))


def page_ref(p: etree._Element, name: str) -> None:
    """The number of the page the bookmark `name` is on, as a field Word and LibreOffice
    work out (in Word once fields are updated: see `update_fields_on_open`)."""
    field_run(p, f"PAGEREF {name} \\h", "?")


# Where w:updateFields stands among the settings: before any of these (schema order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)  # fmt: skip


def update_fields_on_open(settings: etree._Element) -> None:
    """Have Word work out every field when the document is opened: the page numbers of a
    PAGEREF are otherwise those the file was saved with."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = etree.Element(qn("w:updateFields"), {W_VAL: "true"})
    following = [settings.find(qn(f"w:{name}")) for name in _AFTER_UPDATE_FIELDS]
    present = [e for e in following if e is not None]
    if present:
        min(present, key=settings.index).addprevious(element)
    else:
        settings.append(element)


# -- tables -------------------------------------------------------------------------


def table(parent: etree._Element, widths: Sequence[int]) -> etree._Element:
    """An empty bordered table of fixed column widths (twips), appended to `parent`."""
    tbl = etree.SubElement(parent, qn("w:tbl"))
    tblpr = sub(tbl, "w:tblPr")
    sub(tblpr, "w:tblW", w=str(sum(widths)), type="dxa")
    borders = sub(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, f"w:{edge}", val="single", sz="4", space="0", color="808080")
    sub(tblpr, "w:tblLayout", type="fixed")
    margins = sub(tblpr, "w:tblCellMar")
    for edge in ("left", "right"):
        sub(margins, f"w:{edge}", w="100", type="dxa")
    sub(tblpr, "w:tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="0",
        lastColumn="0", noHBand="0", noVBand="1")  # fmt: skip
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", w=str(width))
    return tbl


def row(tbl: etree._Element, *, header: bool = False, whole: bool = False) -> etree._Element:
    """A new row; a header row repeats at the top of every page the table runs onto, and
    neither it nor a `whole` row is split across two pages."""
    tr = etree.SubElement(tbl, qn("w:tr"))
    if header or whole:
        trpr = sub(tr, "w:trPr")
        sub(trpr, "w:cantSplit")
        if header:
            sub(trpr, "w:tblHeader")
    return tr


def keep_whole(tr: etree._Element) -> None:
    """Never split row `tr` across two pages."""
    trpr = tr.find(qn("w:trPr"))
    if trpr is None:
        trpr = etree.Element(qn("w:trPr"))
        tr.insert(1 if len(tr) and tr[0].tag == qn("w:tblPrEx") else 0, trpr)
    if trpr.find(qn("w:cantSplit")) is None:
        # Schema order: after the grid and width settings, before the rest.
        first = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter")
        earlier = [e for e in trpr if etree.QName(e).localname in first]
        cant_split = etree.Element(qn("w:cantSplit"))
        if earlier:
            earlier[-1].addnext(cant_split)
        else:
            trpr.insert(0, cant_split)


def cell(
    tr: etree._Element, width: int, *, span: int = 1, shade: str | None = None
) -> etree._Element:
    """A new cell; the caller adds at least one paragraph (see `finish_cell`)."""
    tc = etree.SubElement(tr, qn("w:tc"))
    tcpr = sub(tc, "w:tcPr")
    sub(tcpr, "w:tcW", w=str(width), type="dxa")
    if span > 1:
        sub(tcpr, "w:gridSpan", val=str(span))
    if shade:
        sub(tcpr, "w:shd", val="clear", color="auto", fill=shade)
    return tc


def finish_cell(tc: etree._Element) -> None:
    """Every cell must end with a paragraph."""
    if tc[-1].tag != W_P:
        etree.SubElement(tc, W_P)


def text_row(
    tbl: etree._Element,
    widths: Sequence[int],
    texts: Sequence[str],
    *,
    header: bool = False,
    layout: Para = Para(),
) -> etree._Element:
    """A row of plain-text cells (a header row is bold and shaded)."""
    tr = row(tbl, header=header)
    for width, text in zip(widths, texts, strict=True):
        tc = cell(tr, width, shade=HEADER_SHADE if header else None)
        paragraph(tc, [Span(text, bold=header)], layout)
    return tr


# -- styles -------------------------------------------------------------------------


def set_language(styles: etree._Element, tag: str) -> None:
    """Make `tag` (en-GB) the language of all text: in the document defaults, and in the
    default paragraph style where a template gave it one of its own."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = etree.Element(qn("w:docDefaults"))
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = etree.Element(qn("w:rPrDefault"))
        defaults.insert(0, rpr_default)
    places = [rpr_default]
    for style in styles.iterchildren(qn("w:style")):
        default = style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in (
            "1",
            "true",
        )
        if default and style.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None:
            places.append(style)
    for place in places:
        rpr = place.find(W_RPR)
        if rpr is None:
            rpr = sub(place, "w:rPr")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            # Schema order: w:lang follows every run property but these.
            later = [e for e in rpr if etree.QName(e).localname in _AFTER_LANG]
            lang = etree.Element(qn("w:lang"))
            if later:
                later[0].addprevious(lang)
            else:
                rpr.append(lang)
        lang.set(W_VAL, tag)


_AFTER_LANG = {"eastAsianLayout", "specVanish", "oMath", "rPrChange"}


# -- numbering ----------------------------------------------------------------------


class Numbering:
    """List definitions of our own in numbering.xml, so lists work whatever the template.

    Bullets share one definition. Each numbered list gets its own definition and
    instance, so it restarts at its own start (Word and LibreOffice both honour this,
    where a shared definition with a start override is read differently by each).
    """

    def __init__(self, numbering_element: etree._Element) -> None:
        self.root = numbering_element
        abstract_ids = [
            int(e.get(qn("w:abstractNumId"))) for e in self.root.iterchildren(qn("w:abstractNum"))
        ]
        num_ids = [int(e.get(qn("w:numId"))) for e in self.root.iterchildren(qn("w:num"))]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._bullet: int | None = None

    def bullet(self) -> int:
        if self._bullet is None:
            self._bullet = self._add(ordered=False, start=1)
        return self._bullet

    def ordered(self, start: int = 1) -> int:
        return self._add(ordered=True, start=max(0, start))

    def paragraphs(self, prefix: str) -> int:
        """Paragraphs numbered after their item, from 1: 5.1, 5.2 ... for the prefix "5"."""
        text = xml_escape(f"{prefix.replace('%', '')}.%1", {'"': "&quot;"})
        level = _level(0, "decimal", text, 1, indent=PARAGRAPH_INDENT, hanging=PARAGRAPH_INDENT)
        return self._define([level], multi="singleLevel", start=1)

    def _add(self, *, ordered: bool, start: int) -> int:
        levels = []
        for level in range(9):
            if ordered:
                fmt, text = "decimal", f"%{level + 1}."
                first = start if level == 0 else 1
            else:
                fmt, text, first = "bullet", BULLETS[level % len(BULLETS)], 1
            levels.append(_level(level, fmt, text, first, indent=360 * (level + 1), hanging=360))
        return self._define(levels, multi="hybridMultilevel", start=start if ordered else None)

    def _define(self, levels: list[str], *, multi: str, start: int | None) -> int:
        """A definition of its own and one instance of it, restarted at `start`."""
        abstract_id, num_id = self._next_abstract, self._next_num
        self._next_abstract += 1
        self._next_num += 1
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{0x4D420000 + abstract_id:08X}"/>'
            f'<w:multiLevelType w:val="{multi}"/>{"".join(levels)}</w:abstractNum>'
        )
        overrides = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if start is not None
            else ""
        )
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
        )
        # The schema wants every abstractNum before the first num.
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self._append(abstract)
        self._append(num)
        return num_id

    def _append(self, element: etree._Element) -> None:
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        if cleanup is not None:
            cleanup.addprevious(element)
        else:
            self.root.append(element)


def _level(level: int, fmt: str, text: str, start: int, *, indent: int, hanging: int) -> str:
    """One level of a list definition (`text` already escaped for XML)."""
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
    )
