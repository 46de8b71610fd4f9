"""What a public document keeps of a template: styles and letterhead, nothing else.

A clerk's template can hold anything: footnotes, a glossary, custom XML, document
variables, the path of the template it came from, links, comments, macros, images in its
body, the headers of sections long gone, and words hidden in XML comments, tracked
changes, hidden runs or a picture's metadata. The public version keeps its styles,
numbering, fonts, theme, page set-up and the header and footer of its last section, each
cleaned of all that; every other part is left behind. A part that cannot be read is left
behind too, never copied unread. The scan afterwards reads whatever is left.
"""

from __future__ import annotations

import struct
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

# The document's own parts a public version keeps (headers and footers are chosen apart).
_KEPT_PARTS = {
    RT.STYLES,
    RT.NUMBERING,
    RT.FONT_TABLE,
    RT.THEME,
    RT.SETTINGS,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}
_KEPT_PACKAGE_PARTS = {RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES}
# Settings that name other files or carry hidden text.
_DROPPED_SETTINGS = (
    "attachedTemplate",
    "docVars",
    "mailMerge",
    "footnotePr",
    "endnotePr",
    "rsids",
    "documentProtection",
    "writeProtection",
)
# Elements that carry words the page does not show: tracked deletions and changes, comment
# marks, field codes (a HYPERLINK's address), hidden content controls and objects.
_DROPPED_ELEMENTS = (
    "w:del",
    "w:moveFrom",
    "w:commentRangeStart",
    "w:commentRangeEnd",
    "w:commentReference",
    "w:instrText",
    "w:fldSimple",
    "w:sdtPr",
    "w:object",
    "w:rPrChange",
    "w:pPrChange",
    "w:sectPrChange",
    "w:tblPrChange",
    "w:tblPrExChange",
    "w:trPrChange",
    "w:tcPrChange",
    "w:tblGridChange",
    "w:numberingChange",
)
# Wrappers whose content shows, but which carry a link or a person's data themselves.
_UNWRAPPED = ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:sdt")
# Attributes of tracked changes and comments that hold a person's name.
_AUTHOR_ATTRIBUTES = ("w:author", "w:initials", "w:date")
# Picture formats whose metadata (author, comments, camera owner) can be taken out here;
# any other picture is left out of a public header.
_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"sRGB", b"pHYs"}


def keep_styles_and_letterhead(document: Any, section_properties: etree._Element) -> None:
    """Cut `document` (a python-docx Document whose body is already empty) down to what a
    public version may take from its template."""
    _clean_element(section_properties)
    headers = {
        reference.get(qn("r:id"))
        for tag in ("w:headerReference", "w:footerReference")
        for reference in section_properties.findall(qn(tag))
    }
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        kept = rel.reltype in _KEPT_PARTS or (
            rel.reltype in (RT.HEADER, RT.FOOTER) and rel_id in headers
        )
        if rel.is_external or not kept or not _cleaned(rel.target_part, rel.reltype):
            part.rels.pop(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.is_external or rel.reltype not in _KEPT_PACKAGE_PARTS:
            package_rels.pop(rel_id)
    settings = document.settings.element
    for name in _DROPPED_SETTINGS:
        for element in settings.findall(qn(f"w:{name}")):
            settings.remove(element)
    # Of the core properties only those the export sets itself are kept.
    core = document.core_properties._element
    for child in list(core):
        core.remove(child)


def _cleaned(part: Any, reltype: str) -> bool:
    """Clean a kept part in place; False if it cannot be read (it is then left out)."""
    element = getattr(part, "_element", None)
    try:
        if element is None:
            element = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False))
            part._blob = None  # written back below
    except etree.XMLSyntaxError:
        return False
    _clean_element(element)
    if reltype == RT.FONT_TABLE:
        # Embedded font files are binary parts that nothing here can read: left out.
        for embedded in element.xpath(".//*[starts-with(local-name(), 'embed')]"):
            embedded.getparent().remove(embedded)
    # A header's own pictures are its letterhead; nothing else a kept part links to is.
    keeps_pictures = reltype in (RT.HEADER, RT.FOOTER)
    dropped = {
        rel_id
        for rel_id, rel in part.rels.items()
        if rel.is_external
        or rel.reltype != RT.IMAGE
        or not keeps_pictures
        or not _picture_without_metadata(rel.target_part)
    }
    for rel_id in dropped:
        part.rels.pop(rel_id)
    _drop_references(element, dropped)
    if getattr(part, "_element", None) is None:
        part._blob = etree.tostring(element, xml_declaration=True, standalone=True)
    return True


def _clean_element(element: etree._Element) -> None:
    """Take out of an XML tree what carries words the page does not show."""
    for node in list(element.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(node)
    for link in element.iter(qn("w:hyperlink")):
        link.attrib.pop(qn("r:id"), None)
    for tag in _UNWRAPPED:
        for wrapper in list(element.iter(qn(tag))):
            _unwrap(wrapper)
    for tag in _DROPPED_ELEMENTS:
        for removed in list(element.iter(qn(tag))):
            _remove(removed)
    for vanish in list(element.iter(qn("w:vanish"))):
        run = vanish.getparent().getparent() if vanish.getparent() is not None else None
        if run is not None and run.tag == qn("w:r"):
            _remove(run)
    for node in element.iter():
        for attribute in _AUTHOR_ATTRIBUTES:
            node.attrib.pop(qn(attribute), None)


def _drop_references(element: etree._Element, dropped: set[str]) -> None:
    """Take out the drawings and objects that used a relationship left behind."""
    if not dropped:
        return
    relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    for node in list(element.iter()):
        if not any(v in dropped for k, v in node.attrib.items() if k.startswith(relationship)):
            continue
        holder = node
        while holder.getparent() is not None and holder.tag not in (qn("w:drawing"), qn("w:pict")):
            holder = holder.getparent()
        _remove(holder if holder.getparent() is not None else node)


def _picture_without_metadata(part: Any) -> bool:
    """Strip a PNG's text chunks or a JPEG's metadata segments in place; False for a
    picture whose metadata cannot be taken out here."""
    data: bytes = part.blob
    if data.startswith(_PNG):
        kept, position = [_PNG], len(_PNG)
        while position + 8 <= len(data):
            (length,) = struct.unpack(">I", data[position : position + 4])
            chunk = data[position : position + 12 + length]
            if chunk[4:8] in _PNG_KEPT_CHUNKS:
                kept.append(chunk)
            position += 12 + length
        part._blob = b"".join(kept)
        return True
    if data.startswith(b"\xff\xd8"):
        stripped = _jpeg_without_metadata(data)
        if stripped is None:
            return False
        part._blob = stripped
        return True
    return False


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    """A JPEG without its application segments (EXIF, XMP) and comments."""
    kept, position = [data[:2]], 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the picture itself, to the end
            kept.append(data[position:])
            return b"".join(kept)
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker == 0xE0:
            kept.append(segment)  # APP0 (JFIF) holds no words; APP1-15 and COM do
        position += 2 + length
    return None


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        if child.tag in (qn("w:sdtPr"), qn("w:sdtEndPr")):
            continue
        if child.tag == qn("w:sdtContent"):
            for inner in list(child):
                parent.insert(index, inner)
                index += 1
            continue
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is not None:
        # A comment's tail is text of its parent: kept where the comment stood.
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)
