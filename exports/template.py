"""What a public document keeps of a template: styles and letterhead, nothing else.

A clerk's template can hold anything: footnotes, a glossary, custom XML, document
variables, the path of the template it came from, links, comments, macros, images in its
body, the headers of sections long gone. The public version keeps its styles, numbering,
fonts, theme, page set-up and the header and footer of its last section, with their links
and tracked changes taken out; every other part is left behind.
"""

from __future__ import annotations

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
# Attributes of tracked changes and comments that hold a person's name.
_AUTHOR_ATTRIBUTES = ("w:author", "w:initials", "w:date")


def keep_styles_and_letterhead(document: Any, section_properties: etree._Element) -> None:
    """Cut `document` (a python-docx Document whose body is already empty) down to what a
    public version may take from its template."""
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
        if rel.is_external or not kept:
            part.rels.pop(rel_id)
        elif rel.reltype in (RT.HEADER, RT.FOOTER):
            _clean_header(rel.target_part)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.is_external or rel.reltype not in _KEPT_PACKAGE_PARTS:
            package_rels.pop(rel_id)
    settings = document.settings.element
    for name in _DROPPED_SETTINGS:
        for element in settings.findall(qn(f"w:{name}")):
            settings.remove(element)
    for rel in list(part.rels.values()):
        if rel.reltype == RT.SETTINGS:
            _drop_all_relationships(rel.target_part)  # the attached template's path
        elif rel.reltype == RT.FONT_TABLE:
            # Embedded font files are binary parts that nothing here can read: left out.
            fonts = rel.target_part
            _drop_all_relationships(fonts)
            element = getattr(fonts, "_element", None)
            if element is None:
                element = etree.fromstring(fonts.blob)
            for embedded in element.xpath(".//*[starts-with(local-name(), 'embed')]"):
                embedded.getparent().remove(embedded)
            if getattr(fonts, "_element", None) is None:
                fonts._blob = etree.tostring(element, xml_declaration=True, standalone=True)


def _clean_header(part: Any) -> None:
    """A header or footer with its links unwrapped, its tracked deletions and comment marks
    removed, and no relationship but to its own images."""
    for rel_id, rel in list(part.rels.items()):
        if rel.is_external or rel.reltype != RT.IMAGE:
            part.rels.pop(rel_id)
    element = part.element
    for link in element.iter(qn("w:hyperlink")):
        link.attrib.pop(qn("r:id"), None)
    for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:customXml", "w:sdt", "w:sdtContent"):
        for wrapper in list(element.iter(qn(tag))):
            _unwrap(wrapper)
    for tag in (
        "w:del",
        "w:moveFrom",
        "w:commentRangeStart",
        "w:commentRangeEnd",
        "w:commentReference",
        "w:instrText",
        "w:fldSimple",
        "w:sdtPr",
        "w:object",
    ):
        for removed in list(element.iter(qn(tag))):
            removed.getparent().remove(removed)
    for node in element.iter():
        for attribute in _AUTHOR_ATTRIBUTES:
            node.attrib.pop(qn(attribute), None)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        if child.tag in (qn("w:sdtPr"), qn("w:sdtEndPr")):
            continue
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def _drop_all_relationships(part: Any) -> None:
    for rel_id in list(part.rels):
        part.rels.pop(rel_id)
