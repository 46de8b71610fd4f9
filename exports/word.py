"""The formal Word minutes of a meeting, in a private and a public version, and action logs.

The layout follows the published minutes in the reference folder: a details block, the
attendance tables, one items table with full-width section rows, and an action log. The
public version leaves out every personal name and confidential item, and writes each
redaction as a run of black blocks, so the hidden words are not in the file at all.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from exports import ooxml
from exports.accessibility import short_row
from exports.extracts import Extract, narrowed
from exports.markup import Block, Span, parse_notes
from exports.ooxml import Para
from exports.public import (
    PRIVATE_ITEM,
    TITLES,
    Publisher,
    Unpublishable,
    confidential_texts,
    hidden_words,
    public_meeting,
)
from exports.resolutions import inquorate, resolution
from exports.scan import Secrets
from exports.template import keep_styles_and_letterhead
from exports.text import REDACTION_BLOCKS, fragments, one_line
from storage.domain import (
    Action,
    AttendanceStatus,
    Attendee,
    Declaration,
    HouseStyle,
    InterestAction,
    Item,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Person,
    PublicationRules,
    Section,
)
from storage.errors import BadInput
from storage.exempt import exclusion_paragraphs, reason_label
from storage.files import check_target, write_private
from storage.motions import inquorate_items
from storage.style import DEFAULT, attendance_groups, filled, format_time, ordinal

DRAFT = "DRAFT: circulated for approval"
"""The header line of minutes circulated and not yet approved ({state})."""
VERSIONS = {
    MeetingStatus.DRAFT: "v0.1",
    MeetingStatus.CIRCULATED: "v0.2",
    MeetingStatus.APPROVED: "Final",
}
"""What {version} prints at each state of the minutes."""
# Where {page} and {pages} stand in a filled header or footer line, until they are made
# fields: control characters, which no typed text keeps (`clean` removes them).
_PAGE, _PAGES = "\x01", "\x02"
_PAGE_FIELDS = re.compile(f"([{_PAGE}{_PAGES}])")

COLUMN_HEADINGS = {"role": "Role", "organisation": "Organisation", "name": "Name"}
# The shares of the page the attendance columns take when all three print; with fewer,
# they share it equally (as the public version's Role | Organisation always has).
_COLUMN_SHARES = {"role": 40, "organisation": 36, "name": 24}
REGISTER_TICKS = ("Present", "Apologies")
TICK = "✓"

# The gap an empty line of the default Normal style made (6 pt before, a 10.5 pt Arial line
# at 1.15 spacing, 2 pt after), in twips: carried by the paragraph before the items table.
_ITEMS_GAP = 120 + 277 + 40
# Text width of an A4 page with 2 cm margins, in twips, when a template does not say.
DEFAULT_TEXT_WIDTH = 9638
MAX_LIST_LEVEL = 8
# An item number its paragraphs can be numbered after: "5." gives 5.1, "5.1" gives 5.1.1.
_PARAGRAPHS_AFTER = re.compile(r"(\d+(?:\.\d+)*)\.?")
# The columns of the items table in each layout (`storage.style.ITEM_LAYOUTS`), with their
# shares of the width.
ITEM_COLUMNS = {
    "description": (("Item No.", 12), ("Item Description", 88)),
    "minute-action": (("No.", 8), ("Item", 22), ("Minute", 48), ("Action", 22)),
    "action-column": (("Item No.", 12), ("Item Description", 60), ("Action / Owner / Due", 28)),
}

APP_PROPERTIES = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>minutebook</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)

# Relationships whose parts never belong in an export: comments left in a template, the
# template's thumbnail, and (public version) custom properties that may carry anything.
_COMMENT_RELS = {
    RT.COMMENTS,
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
}


def long_date(day: dt.date) -> str:
    """'Monday 11 March 2024', as minutes print a date."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


class _Document:
    """A python-docx document emptied of its template's body, ready to be filled."""

    def __init__(self, template: Path | None, *, public: bool, style: HouseStyle = DEFAULT) -> None:
        self.public = public
        self.style = style
        self.doc = _open_template(template)
        if template is None:
            _house_style(self.doc)
        body = self.doc.element.body
        self.sect_pr = body.get_or_add_sectPr()
        self.width = _text_width(self.doc)
        for child in list(body):
            body.remove(child)
        if public:
            keep_styles_and_letterhead(self.doc, self.sect_pr)
        self.body = body
        self.styles = {
            s.name: s.style_id for s in self.doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH
        }
        self.numbering = ooxml.Numbering(self.doc.part.numbering_part.element)
        self.list_style = self.styles.get("List Paragraph")
        ooxml.set_language(self.doc.styles.element, style.language)

    # -- text -------------------------------------------------------------------------

    def spans(self, text: str | None, *, bold: bool = False, italic: bool = False) -> list[Span]:
        """Spans of typed text, its redactions marked (the public version's text has none
        left: they are blocks already)."""
        return [
            self._redacted(Span(f.text, bold, italic, redacted=f.redacted))
            for f in fragments(one_line(text) if text else "")
        ]

    def _redacted(self, span: Span) -> Span:
        if span.redacted and self.public:
            return Span(REDACTION_BLOCKS, span.bold, span.italic)
        return span

    def plain(self, text: str | None) -> str:
        """One line of typed text as a plain string (for table cells that hold no markup)."""
        return "".join(s.text for s in self.spans(text))

    # -- blocks -------------------------------------------------------------------------

    def heading(self, text: str, *, level: int) -> None:
        name = "Title" if level == 0 else f"Heading {level}"
        style = self.styles.get(name)
        size = 36 if level == 0 else 28
        # The title is the document's top heading: the headings under it start at level 2.
        outline = 0 if level == 0 else None
        layout = Para(
            style=style,
            bold=not style,
            size=None if style else size,
            keep_next=True,
            outline=outline,
        )
        ooxml.paragraph(self.body, [Span(text)], layout)

    def notes(
        self,
        parent: etree._Element,
        blocks: Sequence[Block],
        *,
        numbered_after: str = "",
        endings: Mapping[int, Sequence[Span]] | None = None,
    ) -> None:
        """Item notes: paragraphs and lists, each list numbered from its own start. With
        `numbered_after` ("5"), the paragraphs (not the lists) are numbered 5.1, 5.2 ...
        `endings` are spans added at the end of a block, by its index."""
        lists: dict[int, int] = {}
        paragraph_list: int | None = None  # made at the first paragraph: one per item
        for index, block in enumerate(blocks):
            spans = [self._redacted(s) for s in block.spans]
            if endings and index in endings:
                spans += endings[index]
            if block.list_key is None:
                if numbered_after and paragraph_list is None:
                    paragraph_list = self.numbering.paragraphs(numbered_after)
                numbering = (paragraph_list, 0) if paragraph_list is not None else None
                ooxml.paragraph(parent, spans, Para(numbering=numbering, space_after=120))
                continue
            level = min(block.level, MAX_LIST_LEVEL)
            if not block.numbered:
                ooxml.paragraph(parent, spans, Para(indent=360 * (level + 1), space_after=60))
                continue
            num_id = lists.get(block.list_key)
            if num_id is None:
                num_id = (
                    self.numbering.ordered(block.start)
                    if block.ordered
                    else self.numbering.bullet()
                )
                lists[block.list_key] = num_id
            layout = Para(style=self.list_style, numbering=(num_id, level), space_after=60)
            ooxml.paragraph(parent, spans, layout)

    def bullet(self, parent: etree._Element, spans: list[Span], level: int = 0) -> None:
        layout = Para(
            style=self.list_style, numbering=(self.numbering.bullet(), level), space_after=60
        )
        ooxml.paragraph(parent, spans, layout)

    def action_table(
        self,
        actions: Sequence[Action],
        *,
        committee_names: dict[int, str] | None = None,
        latest_update: bool = True,
    ) -> None:
        """The action log: No. | (Committee |) Action | Owner | Due | Status."""
        columns = ["No.", "Action", "Owner", "Due", "Status"]
        shares = [7, 47, 18, 16, 12]
        if committee_names is not None:
            columns.insert(1, "Committee")
            shares = [7, 16, 35, 16, 14, 12]
        widths = _widths(self.width, shares)
        tbl = ooxml.table(self.body, widths)
        ooxml.text_row(tbl, widths, columns, header=True)
        small = Para(italic=True, size=18)
        for number, action in enumerate(actions, start=1):
            tr = ooxml.row(tbl, whole=True)  # a short row: never split across pages
            cells: list[list[tuple[list[Span], Para]]] = [[([Span(f"{number}.")], Para())]]
            if committee_names is not None:
                name = committee_names.get(action.committee_id, "")
                cells.append([([Span(one_line(name))], Para())])
            described = [(self.spans(action.text), Para())]
            if action.raised_on:
                described.append(([Span(f"Raised {short_date(action.raised_on)}")], small))
            if latest_update and action.updates:
                update = action.updates[-1]
                when = short_date(update.made_at.astimezone().date())
                described.append(([Span(f"Update {when}: "), *self.spans(update.text)], small))
            cells.append(described)
            cells.append([(self.spans(action.owner), Para())])
            cells.append([([Span(due_text(action))], Para())])
            cells.append([([Span(action.status.value.capitalize())], Para())])
            for width, content in zip(widths, cells, strict=True):
                tc = ooxml.cell(tr, width)
                for spans, layout in content:
                    ooxml.paragraph(tc, spans, layout)
                ooxml.finish_cell(tc)

    # -- the package --------------------------------------------------------------------

    def finish(
        self,
        *,
        title: str,
        subject: str,
        header: Sequence[str] = (),
        footer: Sequence[str] | None = None,
    ) -> bytes:
        """The document, with the header and footer lines of `page_lines` (the default
        footer, Page X of Y, when none are given)."""
        self.body.append(self.sect_pr)
        if footer is None:
            footer = page_lines(DEFAULT.footer, {})
        self._header_and_footer(header, footer)
        self._properties(one_line(title), one_line(subject))
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _header_and_footer(self, header_lines: Sequence[str], footer_lines: Sequence[str]) -> None:
        section = self.doc.sections[-1]
        headers = [section.header]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.doc.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        centred = Para(style=self.styles.get("Header"), align="center", bold=True)
        for header in headers:
            header.is_linked_to_previous = False
            for at, line in enumerate(header_lines):
                header._element.insert(at, _paged(header._element, line, centred))
        layout = Para(style=self.styles.get("Footer"), align="center")
        for footer in footers:
            footer.is_linked_to_previous = False
            for line in footer_lines:
                _paged(footer._element, line, layout)

    def _properties(self, title: str, subject: str) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        props = self.doc.core_properties
        props.title, props.subject = title, subject
        props.language = self.style.language
        # The organisation is the author of every export, never the person who made it.
        props.author = props.last_modified_by = one_line(self.style.organisation) or "minutebook"
        for name in ("comments", "keywords", "category", "content_status", "identifier", "version"):
            setattr(props, name, "")
        props.revision = 1
        props.created = props.modified = now
        printed = props._element.find(qn("cp:lastPrinted"))
        if printed is not None:
            props._element.remove(printed)
        package = self.doc.part.package
        for part in package.iter_parts():
            if str(part.partname) == "/docProps/app.xml":
                part._blob = APP_PROPERTIES.encode()
        dropped = {RT.THUMBNAIL} | ({RT.CUSTOM_PROPERTIES} if self.public else set())
        _drop_relationships(package.rels, dropped)
        _drop_relationships(self.doc.part.rels, _COMMENT_RELS)


class MinutesWriter(_Document):
    """The minutes of one meeting; the public version writes its public projection."""

    def __init__(
        self,
        meeting: Meeting,
        *,
        template: Path | None,
        publisher: Publisher | None = None,
        extract: Extract | None = None,
    ) -> None:
        super().__init__(template, public=publisher is not None, style=meeting.committee.style)
        self.extract = extract
        self.meeting = narrowed(meeting, extract) if extract else meeting
        self.show_names = publisher is None or not publisher.names_replaced
        self.inquorate = inquorate_items(meeting)  # of the whole meeting, not an extract

    def build(self, *, action_log: bool) -> bytes:
        meeting = self.meeting
        values = self._placeholders()
        self.heading(filled(one_line(self.style.title), values), level=0)
        if self.extract:
            self.heading(self.extract.label, level=1)
        self._details()
        if not meeting.items:
            self._approvals(self.body)  # no item to say it under
        if self.extract is None or self.extract.attendance:
            self._attendance()
        if "summary" in self.style.actions:
            self._summary()
        self._items()
        if action_log and "log" in self.style.actions:
            self.heading("Action Log", level=2)
            logged = self._logged_actions()
            if logged:
                self.action_table(logged)
            else:
                ooxml.paragraph(self.body, [Span("No actions were recorded.")])
        committee = one_line(meeting.committee.name)
        subject = f"Minutes of the meeting held on {long_date(meeting.date)}"
        if self.public:
            subject += " (public version)"
        return self.finish(
            title=f"Minutes of {committee}, {long_date(meeting.date)}",
            subject=subject,
            header=page_lines(self.style.header, values),
            footer=page_lines(self.style.footer, values),
        )

    def _placeholders(self) -> dict[str, str]:
        """What each placeholder of the title, header and footer stands for (the page
        fields apart), all of it from the meeting this writer writes: in the public version,
        its projection."""
        meeting = self.meeting
        return {
            "committee": one_line(meeting.committee.name),
            "number": str(meeting.number),
            "ordinal": ordinal(meeting.number),
            "date": long_date(meeting.date),
            "time": self._times(),
            "venue": self.plain(meeting.venue),
            "marking": one_line(meeting.protective_marking or meeting.committee.protective_marking),
            "state": DRAFT if meeting.status is MeetingStatus.CIRCULATED else "",
            "version": VERSIONS[meeting.status],
            "edition": "Public" if self.public else "Members'",
        }

    def _times(self) -> str:
        """When the meeting started and ended, in the style's time format: 13.00-15.00."""
        meeting = self.meeting
        return "-".join(
            format_time(t, self.style.time_format)
            for t in (meeting.start_time, meeting.end_time)
            if t
        )

    # -- the parts of the minutes ---------------------------------------------------------

    def _details(self) -> None:
        meeting = self.meeting
        when = f"{long_date(meeting.date)} {self._times()}".strip()
        widths = _widths(self.width, [28, 72])
        tbl = ooxml.table(self.body, widths)
        rows = [
            ("Meeting Name:", [Span(one_line(meeting.committee.name))]),
            ("Meeting Date & Time:", [Span(when)]),
            ("Meeting Venue:", self.spans(meeting.venue)),
        ]
        if meeting.status is MeetingStatus.APPROVED and meeting.approved_on is not None:
            approved = (
                f"Approved as a true record at the meeting of {long_date(meeting.approved_on)}"
            )
            rows.append(("Minutes:", [Span(approved)]))
        for at, (label, value) in enumerate(rows):
            tr = ooxml.row(tbl, header=at == 0, whole=True)
            ooxml.paragraph(ooxml.cell(tr, widths[0]), [Span(label, bold=True)])
            ooxml.paragraph(ooxml.cell(tr, widths[1]), value)

    def _attendance(self) -> None:
        """The attendance in the style's groups and layout, then who took the minutes."""
        takers, groups = attendance_groups(self.style, self.meeting.attendees)
        columns = self._columns([*takers, *(a for _, people in groups for a in people)])
        layout = self.style.attendance_layout
        if layout == "register":
            self._register(groups, columns)
        else:
            for heading, people in groups:
                self.heading(one_line(heading), level=2)
                if not people:
                    ooxml.paragraph(self.body, [Span("None.")])
                elif layout == "list":
                    ooxml.paragraph(self.body, self._run_on(people, columns), Para(space_after=120))
                else:
                    self._attendance_table(people, columns)
        if takers:
            taker = Span(f"{one_line(self.style.minute_taker)}: ", bold=True)
            ooxml.paragraph(
                self.body, [taker, *self._run_on(takers, columns)], Para(space_before=120)
            )

    def _columns(self, people: Sequence[Attendee]) -> list[str]:
        """The style's columns that say something of someone in `people` (everyone the
        attendance lists, so that its tables all have the same columns): a column empty for
        all of them is left out, and so is the name where names are not printed."""
        shown = [c for c in self.style.columns if c != "name" or self.show_names] or ["role"]
        said = [c for c in shown if any(self._said(a.person, c) for a in people)]
        return said or shown[:1]

    def _said(self, person: Person, column: str) -> str:
        return "".join(s.text for s in self._person_spans(person, column)).strip()

    def _person_spans(self, person: Person, column: str) -> list[Span]:
        if column == "name":
            return [Span(one_line(person.name))]
        return self.spans(person.role if column == "role" else person.organisation)

    def _column_widths(self, columns: Sequence[str], total: int) -> list[int]:
        if len(columns) == len(_COLUMN_SHARES):
            return _widths(total, [_COLUMN_SHARES[c] for c in columns])
        return _widths(total, [1] * len(columns))

    def _person_cells(
        self, tr: etree._Element, attendee: Attendee, columns: Sequence[str], widths: Sequence[int]
    ) -> None:
        """One cell per column; the first (a dash when empty) also holds the notes."""
        small = Para(italic=True, size=18)
        for at, (column, width) in enumerate(zip(columns, widths, strict=True)):
            tc = ooxml.cell(tr, width)
            spans = self._person_spans(attendee.person, column)
            if at:
                ooxml.paragraph(tc, spans)
                continue
            said = self._said(attendee.person, column)
            ooxml.paragraph(tc, spans if said else [Span("—")])
            for line in self._attendance_notes(attendee):
                ooxml.paragraph(tc, line, small)

    def _attendance_table(self, people: Sequence[Attendee], columns: Sequence[str]) -> None:
        widths = self._column_widths(columns, self.width)
        tbl = ooxml.table(self.body, widths)
        ooxml.text_row(tbl, widths, [COLUMN_HEADINGS[c] for c in columns], header=True)
        for attendee in people:
            self._person_cells(ooxml.row(tbl, whole=True), attendee, columns, widths)

    def _run_on(self, people: Sequence[Attendee], columns: Sequence[str]) -> list[Span]:
        """People run on in a line: "Name (Role, Organisation) (notes); ..."."""
        spans: list[Span] = []
        for at, attendee in enumerate(people):
            spans += [Span("; ")] if at else []
            spans += self._described(attendee, columns)
        return spans

    def _described(self, attendee: Attendee, columns: Sequence[str]) -> list[Span]:
        """Someone in a line: the first column said, the others in brackets, then the
        attendance notes in brackets."""
        parts = [
            self._person_spans(attendee.person, c)
            for c in columns
            if self._said(attendee.person, c)
        ] or [[Span("—")]]
        return [
            *parts[0],
            *_bracketed(parts[1:], ", "),
            *_bracketed(list(self._attendance_notes(attendee)), "; "),
        ]

    def _register(
        self, groups: Sequence[tuple[str, list[Attendee]]], columns: Sequence[str]
    ) -> None:
        """One table of everyone: the columns, then Present and Apologies ticked, each
        group under a full-width shaded row."""
        self.heading("Attendance", level=2)
        if not any(people for _, people in groups):
            ooxml.paragraph(self.body, [Span("None.")])
            return
        ticks = _widths(self.width, [74, 13, 13])[1:]
        widths = [*self._column_widths(columns, self.width - sum(ticks)), *ticks]
        tbl = ooxml.table(self.body, widths)
        headings = [*(COLUMN_HEADINGS[c] for c in columns), *REGISTER_TICKS]
        ooxml.text_row(tbl, widths, headings, header=True)
        centred = Para(align="center")
        for heading, people in groups:
            if not people:
                continue
            tc = ooxml.cell(
                ooxml.row(tbl, whole=True), sum(widths), span=len(widths), shade=ooxml.SECTION_SHADE
            )
            ooxml.paragraph(tc, [Span(one_line(heading), bold=True)], Para(keep_next=True))
            for attendee in people:
                tr = ooxml.row(tbl, whole=True)
                self._person_cells(tr, attendee, columns, widths[: len(columns)])
                present = attendee.status in (
                    AttendanceStatus.PRESENT,
                    AttendanceStatus.IN_ATTENDANCE,
                )
                ticked = (present, attendee.status is AttendanceStatus.APOLOGIES)
                for width, tick in zip(ticks, ticked, strict=True):
                    ooxml.paragraph(ooxml.cell(tr, width), [Span(TICK)] if tick else [], centred)

    def _attendance_notes(self, attendee: Attendee) -> Iterable[list[Span]]:
        """Deputising, a note, a late arrival and an early leaving, one line each."""
        deputy_for = attendee.deputising_for
        if deputy_for is not None:
            whom = ", ".join(
                p for p in (one_line(deputy_for.role), one_line(deputy_for.organisation)) if p
            )
            if self.show_names and deputy_for.name:
                whom = (
                    f"{whom} ({one_line(deputy_for.name)})" if whom else one_line(deputy_for.name)
                )
            yield [Span("Deputy for "), *self.spans(whom or "another member")]
        if attendee.note.strip():
            yield self.spans(attendee.note)
        for verb, moment, item_id in (
            ("Joined", attendee.arrived_at, attendee.arrived_item_id),
            ("Left", attendee.left_at, attendee.left_item_id),
        ):
            if moment is not None:
                at = format_time(f"{moment.astimezone():%H:%M}", self.style.time_format, stamp=True)
                yield [Span(f"{verb} {at}{self._during(item_id)}")]
            elif item_id is not None and self._during(item_id):
                yield [Span(f"{verb}{self._during(item_id)}")]

    def _during(self, item_id: int | None) -> str:
        called = self._item_called(item_id)
        return f" during {called}" if called else ""

    def _items(self) -> None:
        columns = ITEM_COLUMNS.get(self.style.item_layout, ITEM_COLUMNS["description"])
        widths = _widths(self.width, [share for _, share in columns])
        previous = self.body[-1]
        if previous.tag == ooxml.W_P:
            ooxml.add_space_after(previous, _ITEMS_GAP, otherwise=self._normal_space_after())
        else:
            # Word joins two tables with nothing between them into one.
            ooxml.paragraph(self.body, [], Para(space_before=120))
        tbl = ooxml.table(self.body, widths)
        ooxml.text_row(tbl, widths, [heading for heading, _ in columns], header=True)
        exempt = [i for _, items in self._sections() for i in items if i.exempt]
        for section, items in self._sections():
            if section is not None:
                tr = ooxml.row(tbl, whole=True)
                tc = ooxml.cell(tr, sum(widths), span=len(widths), shade=ooxml.SECTION_SHADE)
                ooxml.paragraph(tc, self.spans(section.title, bold=True), Para(keep_next=True))
            for item in items:
                if exempt and item is exempt[0]:
                    self._exclusion_row(tbl, widths, exempt)
                self._item_row(tbl, widths, item)

    def _exclusion_row(self, tbl: etree._Element, widths: list[int], exempt: list[Item]) -> None:
        """The resolution excluding the press and public, before the first exempt item,
        citing the paragraphs (or reasons) of every exempt item."""
        paragraphs = {"paragraphs": exclusion_paragraphs(exempt)}
        wording = filled(one_line(self.style.exclusion), paragraphs)
        tr = ooxml.row(tbl)
        tc = ooxml.cell(tr, sum(widths), span=len(widths))
        ooxml.paragraph(tc, self.spans(wording, bold=True), Para(keep_next=True, space_after=60))
        _keep_if_short(tr)

    def _normal_space_after(self) -> int:
        """The space after a paragraph of the Normal style, in twips."""
        after = self.doc.styles["Normal"].paragraph_format.space_after
        return int(after) // 635 if after is not None else 0

    def _sections(self) -> list[tuple[Section | None, list[Item]]]:
        """The items in the order they print: those before any section, then each section's."""
        meeting = self.meeting
        return [
            (None, meeting.items_in(None)),
            *(
                (section, meeting.items_in(section.id))
                for section in sorted(meeting.sections, key=lambda s: s.position)
            ),
        ]

    def _item_row(self, tbl: etree._Element, widths: list[int], item: Item) -> None:
        """One item's row: its number, then its title and minute (one cell, or two in the
        minute-action layout), then, in a layout with one, its action column."""
        tr = ooxml.row(tbl)
        number = ooxml.paragraph(ooxml.cell(tr, widths[0]), [Span(one_line(item.number))])
        if "summary" in self.style.actions:
            ooxml.bookmark(number, _bookmark(item), item.id)
        layout = self.style.item_layout
        heading = ooxml.cell(tr, widths[1])
        minute = ooxml.cell(tr, widths[2]) if layout == "minute-action" else heading
        self._minute(heading, minute, item)
        ooxml.finish_cell(heading)
        ooxml.finish_cell(minute)
        if layout in ("minute-action", "action-column"):
            tc = ooxml.cell(tr, widths[-1])
            if "column" in self.style.actions:
                for action in self.meeting.actions_for(item.id):
                    ooxml.paragraph(tc, self._column_spans(action), Para(space_after=60))
            ooxml.finish_cell(tc)
        _keep_if_short(tr)

    def _minute(self, heading: etree._Element, tc: etree._Element, item: Item) -> None:
        """The item's title (and presenter) in `heading`, and its minute in `tc`."""
        italic = Para(italic=True, space_after=120)
        if item.confidential and self.public:
            ooxml.paragraph(tc, [Span(PRIVATE_ITEM)], italic)
            return
        title = self.spans(item.title, bold=True)
        if item.presenter.strip():
            title += [Span(" – ", italic=True), *self.spans(item.presenter, italic=True)]
        ooxml.paragraph(heading, title, Para(space_after=120))
        if item.confidential:
            ooxml.paragraph(tc, [Span("Confidential: taken in private.")], italic)
        if item.exempt:
            reason = self.spans(reason_label(item.exempt_reason), italic=True)
            ooxml.paragraph(tc, [Span("Exempt: ", italic=True), *reason], italic)
        if item.carried_from_item_id is not None:
            ooxml.paragraph(tc, [Span("Deferred from an earlier meeting.")], italic)
        if item.id == self.meeting.items[0].id:  # the item that takes the last minutes
            self._approvals(tc)
        if item.status == ItemStatus.DEFERRED:
            to = [Span("This item was deferred to "), *self.spans(deferred_to(item)), Span(".")]
            ooxml.paragraph(tc, to, italic)
        self._declarations(tc, item)
        numbered = self.style.numbered_paragraphs and _PARAGRAPHS_AFTER.fullmatch(
            one_line(item.number)
        )
        # The public version prints an exempt item's public summary in place of its notes.
        blocks = parse_notes(item.public_summary if item.exempt and self.public else item.notes)
        endings, after_item = self._actions_in_item(item, blocks)
        self.notes(
            tc,
            blocks,
            numbered_after=numbered.group(1) if numbered else "",
            endings=endings,
        )
        self._reviewed(tc, item)
        self._actions_and_decisions(tc, item, after_item)
        if item.id in self.inquorate:
            ooxml.paragraph(tc, [Span(inquorate(self.inquorate[item.id]))], italic)
        self._returned(tc, item)

    def _actions_in_item(
        self, item: Item, blocks: Sequence[Block]
    ) -> tuple[dict[int, list[Span]], list[Action]]:
        """Where the item's actions print inside its minute: " (Action: OWNER)" at the end
        of the notes paragraph each was typed after (by the paragraph's index), and which
        are listed after the notes. An action whose paragraph cannot be found any more (the
        notes were edited, or it was not typed in them) is listed after the notes."""
        places = self.style.actions
        actions = self.meeting.actions_for(item.id)
        listed = actions if "after-item" in places else []
        endings: dict[int, list[Span]] = {}
        if "in-notes" not in places:
            return endings, listed
        unplaced = []
        for action in actions:
            at = _paragraph_of(blocks, action.after_text)
            if at is None:
                unplaced.append(action)
                continue
            owner = self.spans(action.owner, bold=True)
            said = (
                [Span(" (Action: ", bold=True), *owner] if owner else [Span(" (Action", bold=True)]
            )
            endings.setdefault(at, []).extend([*said, Span(")", bold=True)])
        return endings, listed or unplaced

    def _approvals(self, parent: etree._Element) -> None:
        """The earlier minutes approved at this meeting."""
        for approved in self.meeting.approvals:
            agreed = f"The minutes of the meeting held on {long_date(approved.date)}"
            if not approved.corrections:
                ooxml.paragraph(parent, [Span(f"{agreed} were agreed as a true record.")])
                continue
            ooxml.paragraph(
                parent, [Span(f"{agreed} were agreed as a true record, with these corrections:")]
            )
            for correction in approved.corrections:
                ooxml.paragraph(
                    parent,
                    [
                        Span(f"{correction.place}: ", bold=True),
                        Span("for “"),
                        *self.spans(correction.said),
                        Span("” read “"),
                        *self.spans(correction.now_says),
                        Span("”."),
                    ],
                )

    def _reviewed(self, tc: etree._Element, item: Item) -> None:
        """Earlier actions reviewed under this item, each with the update given today."""
        reviewed = self.meeting.reviewed_for(item.id)
        if not reviewed:
            return
        ooxml.paragraph(
            tc, [Span("Actions from earlier meetings", bold=True)], Para(space_after=60)
        )
        for entry in reviewed:
            action = entry.action
            spans = [*self.spans(action.owner, bold=True), Span(" – ", bold=True)]
            spans += self.spans(action.text, bold=True)
            if action.raised_on:
                spans.append(Span(f" (raised {short_date(action.raised_on)})"))
            today = [u for u in action.updates if u.meeting_id == self.meeting.id]
            for update in today:
                spans += [Span(" – "), *self.spans(update.text)]
            if not today:
                spans.append(Span(" – No update was given."))
            # The store notes a change of status in the update itself ("Marked done.").
            if not any(u.text.endswith(f"Marked {action.status.value}.") for u in today):
                spans.append(Span(f" Status: {action.status.value}.", italic=True))
            self.bullet(tc, spans)

    def _actions_and_decisions(
        self, tc: etree._Element, item: Item, actions: Sequence[Action]
    ) -> None:
        """The item's decisions, always, and the `actions` listed after its notes."""
        decisions = self.meeting.decisions_for(item.id)
        if not actions and not decisions:
            return
        heading = (
            "Actions/Decisions" if actions or "after-item" in self.style.actions else "Decisions"
        )
        ooxml.paragraph(tc, [Span(heading, bold=True)], Para(space_before=60, space_after=60))
        for decision in decisions:
            if decision.motion is None:
                self.bullet(tc, [Span("Decision: ", bold=True), *self.spans(decision.text)])
                continue
            opening = one_line(self.style.resolution)
            line, votes = resolution(decision, opening, self.spans(decision.text), self._named)
            self.bullet(tc, line)
            if votes:
                self.bullet(tc, votes, level=1)
        for action in actions:
            spans = [*self.spans(action.owner, bold=True), Span(" – "), *self.spans(action.text)]
            due = due_text(action)
            if due:
                spans.append(Span(f" (due: {due})"))
            self.bullet(tc, spans)

    def _named(self, person_id: int) -> str:
        """Someone as a resolution names them: by name, or where names are not printed
        (or there is none) by their role or organisation."""
        found = next((a.person for a in self.meeting.attendees if a.person.id == person_id), None)
        if found is None:
            return "a member"
        said = [found.name or ""] if self.show_names else []
        return next((one_line(t) for t in (*said, found.role, found.organisation) if t), "a member")

    def _column_spans(self, action: Action) -> list[Span]:
        """An action in the action column: "what — owner — due" (action-column), or the
        owner first (minute-action)."""
        what, owner = self.spans(action.text), self.spans(action.owner, bold=True)
        due = [Span(due_text(action))] if due_text(action) else []
        if self.style.item_layout == "minute-action":
            parts = [owner, what, due]
        else:
            parts = [what, owner, due]
        spans: list[Span] = []
        for part in filter(None, parts):
            spans += [Span(" — "), *part] if spans else part
        return spans

    def _summary(self) -> None:
        """Every action of the meeting in a table at the front: what, who, when, the item
        and the page the item begins on."""
        self.heading("Summary of actions", level=2)
        rows = [
            (action, item)
            for _, items in self._sections()
            for item in items
            for action in self.meeting.actions_for(item.id)
        ]
        if not rows:
            ooxml.paragraph(self.body, [Span("No actions were recorded.")])
            return
        widths = _widths(self.width, [44, 20, 16, 10, 10])
        tbl = ooxml.table(self.body, widths)
        ooxml.text_row(tbl, widths, ["Action", "Owner", "Due", "Item", "Page"], header=True)
        for action, item in rows:
            tr = ooxml.row(tbl, whole=True)
            ooxml.paragraph(ooxml.cell(tr, widths[0]), self.spans(action.text))
            ooxml.paragraph(ooxml.cell(tr, widths[1]), self.spans(action.owner))
            ooxml.paragraph(ooxml.cell(tr, widths[2]), [Span(due_text(action))])
            ooxml.paragraph(
                ooxml.cell(tr, widths[3]),
                [Span(one_line(item.number).rstrip("."))],
            )
            ooxml.page_ref(ooxml.paragraph(ooxml.cell(tr, widths[4]), []), _bookmark(item))
        ooxml.update_fields_on_open(self.doc.settings.element)

    def _logged_actions(self) -> list[Action]:
        """This meeting's actions, then the earlier ones it reviewed."""
        meeting = self.meeting
        logged = list(meeting.actions)
        raised_here = {a.id for a in meeting.actions}
        logged += [r.action for r in meeting.reviewed if r.action.id not in raised_here]
        return logged

    # -- declarations of interest ---------------------------------------------------------

    def _declarations(self, tc: etree._Element, item: Item) -> None:
        """Under the declarations item, every declaration of the meeting (or that none was
        made); at an item a declaration concerns, who declared an interest and what they did."""
        meeting = self.meeting
        named = next((i for i in meeting.items if _OF_INTERESTS.search(i.title)), None)
        plain = Para(space_after=120)
        if item.id == (named or meeting.items[0]).id:
            for declaration in meeting.declarations:
                ooxml.paragraph(tc, self._declared(declaration), plain)
            if named is not None and not meeting.declarations:
                ooxml.paragraph(tc, [Span("No declarations of interest were made.")], plain)
        for declaration in meeting.declarations:
            if declaration.item_id == item.id:
                did = _DID[declaration.action].format(item="this item")
                spans = [
                    *self._declarer(declaration, short=True),
                    Span(f" declared an interest {did}."),
                ]
                ooxml.paragraph(tc, spans, Para(italic=True, space_after=120))

    def _returned(self, tc: etree._Element, item: Item) -> None:
        """Those who left the meeting for this item, back once it was over."""
        for declaration in self.meeting.declarations:
            if declaration.item_id == item.id and declaration.action is InterestAction.LEFT:
                spans = [
                    *self._declarer(declaration, short=True),
                    Span(" returned to the meeting."),
                ]
                ooxml.paragraph(tc, spans, Para(italic=True, space_after=120))

    def _declared(self, declaration: Declaration) -> list[Span]:
        """A declaration as the declarations item lists it: Cllr Peter Hale (Cabinet Member)
        declared a disclosable pecuniary interest in item 5 (his wife is employed by the
        provider) and left the meeting for that item."""
        where = self._item_called(declaration.item_id)
        did = _DID[declaration.action].format(item="that item" if where else "the item concerned")
        declared = f" declared {_an_interest(declaration.kind)}"
        return [
            *self._declarer(declaration, short=False),
            Span(f"{declared} in {where}" if where else declared),
            *_bracketed([self.spans(declaration.interest)], ""),
            Span(f" {did}."),
        ]

    def _declarer(self, declaration: Declaration, *, short: bool) -> list[Span]:
        """Who declared, as the attendance prints them: their name (then their role, unless
        `short`: "Cllr Hale"), or their role where names are not printed."""
        people = (a.person for a in self.meeting.attendees)
        person = next((p for p in people if p.id == declaration.person_id), None)
        if person is None:
            return [Span("A member")]
        if not (self.show_names and person.name):
            return self.spans(person.role or person.organisation) or [Span("A member")]
        name = one_line(person.name)
        if short:
            return [Span(_short_name(name))]
        role = self.spans(person.role)
        return [Span(name), *_bracketed([role] if role else [], "")]

    def _item_called(self, item_id: int | None) -> str:
        """An item as a sentence names it: "item 5", or its title where it has no number."""
        if item_id is None:
            return ""
        try:
            item = self.meeting.item(item_id)
        except KeyError:
            return ""
        if item.number:
            return f"item {one_line(item.number).rstrip('.')}"
        if self.public and item.confidential:
            return ""  # an unnumbered item taken in private: not even its title
        return f"“{self.plain(item.title)}”"


class ActionLogWriter(_Document):
    """A list of actions on its own, from any meetings and committees."""

    def build(
        self, actions: Sequence[Action], *, title: str, committee_names: dict[int, str] | None
    ) -> bytes:
        self.heading(one_line(title) or "Action Log", level=0)
        ooxml.paragraph(
            self.body,
            [Span(f"As at {long_date(dt.date.today())}: {_count(len(actions), 'action')}.")],
            Para(space_after=120),
        )
        if actions:
            self.action_table(actions, committee_names=committee_names)
        subject = "Action log (public version)" if self.public else "Action log"
        return self.finish(title=title or "Action Log", subject=subject)


def deferred_to(item: Item) -> str:
    """Where a deferred item went: the meeting it was carried into, once it was; else the
    meeting as the clerk named it ("the June Board"), a date, or the next meeting."""
    if item.deferred_to_meeting_date is not None:
        return f"the meeting on {long_date(item.deferred_to_meeting_date)}"
    name = one_line(item.deferred_to_name)
    if name:
        # "June Board" reads "the June Board"; "June 2027" and "the September meeting" stand.
        plain = name.lower().startswith("the ") or name.split()[-1].isdigit()
        return name if plain else f"the {name}"
    if item.deferred_to_date is not None:
        return f"the meeting on {long_date(item.deferred_to_date)}"
    return "the next meeting"


def _bookmark(item: Item) -> str:
    """The name of the bookmark at an item's row, which the summary of actions points to."""
    return f"item_{item.id}"


def _paragraph_of(blocks: Sequence[Block], line: str) -> int | None:
    """The index of the notes block (paragraph or list entry) that holds `line`, a line of
    notes as typed (markup and all), or None."""
    typed = parse_notes(line)
    if not line.strip() or not typed:
        return None
    wanted = " ".join(typed[-1].text.split())
    for index, block in enumerate(blocks):
        if any(" ".join(part.split()) == wanted for part in block.text.split("\n")):
            return index
    return None


def page_lines(lines: Sequence[str], values: Mapping[str, str]) -> list[str]:
    """Header or footer lines with their placeholders filled ({page} and {pages} held
    for `_paged`), those that come out empty dropped."""
    paging = {**values, "page": _PAGE, "pages": _PAGES}
    filled_lines = (" ".join(filled(one_line(line), paging).split()) for line in lines)
    return [line for line in filled_lines if line]


def _paged(parent: etree._Element, line: str, layout: Para) -> etree._Element:
    """A header or footer paragraph of a `page_lines` line, its page stand-ins made the
    PAGE and NUMPAGES fields."""
    p = ooxml.paragraph(parent, [], layout)
    for piece in _PAGE_FIELDS.split(line):
        if piece in (_PAGE, _PAGES):
            ooxml.field_run(p, "PAGE" if piece == _PAGE else "NUMPAGES", "1")
        elif piece:
            ooxml.run(p, Span(piece), layout)
    return p


def _bracketed(parts: Sequence[Sequence[Span]], separator: str) -> list[Span]:
    """' (a, b)' of the parts, or nothing when there are none."""
    if not parts:
        return []
    spans = [Span(" (")]
    for at, part in enumerate(parts):
        spans += [Span(separator), *part] if at else list(part)
    return [*spans, Span(")")]


_OF_INTERESTS = re.compile(r"declaration|interest", re.IGNORECASE)
"""The title of the item that takes the declarations of interest."""

_DID = {
    InterestAction.LEFT: "and left the meeting for {item}",
    InterestAction.DID_NOT_VOTE: "and remained for {item} but did not vote",
    InterestAction.DISPENSATION: "and took part in {item} under a dispensation",
    InterestAction.TOOK_PART: "and took part in {item}",
}
"""What someone who declared an interest did, as the minutes say it."""


def _an_interest(kind: str) -> str:
    """ "a disclosable pecuniary interest", "an other registrable interest", "an interest"."""
    kind = one_line(kind)
    if not kind or kind.casefold() == "none":
        return "an interest"
    kind = kind if kind.casefold().endswith("interest") else f"{kind} interest"
    return f"{'an' if kind[0].casefold() in 'aeiou' else 'a'} {kind}"


def _short_name(name: str) -> str:
    """A name said again: "Cllr Peter Hale" is "Cllr Hale"; a name without a title stays whole."""
    words = name.split()
    if len(words) > 2 and words[0].casefold().strip(".") in TITLES:
        return f"{words[0]} {words[-1]}"
    return name


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def due_text(action: Action) -> str:
    if action.due_text.strip():
        return one_line(action.due_text)
    return short_date(action.due_date) if action.due_date else ""


# -- files ----------------------------------------------------------------------------------


def write_minutes(
    meeting: Meeting,
    path: Path,
    *,
    rules: PublicationRules | None = None,
    template: Path | None = None,
    action_log: bool = True,
    force: bool = False,
    extract: Extract | None = None,
) -> Path:
    path = Path(path)
    check_target(path, force=force)
    if rules is None:
        writer = MinutesWriter(meeting, template=template, extract=extract)
        return write_private(path, writer.build(action_log=action_log), force=force)
    projected, publisher = public_meeting(meeting, rules)
    writer = MinutesWriter(projected, template=template, publisher=publisher, extract=extract)
    data = writer.build(action_log=action_log)
    return _save_public(path, data, meeting, rules, publisher, force=force)


def write_meeting_actions(
    meeting: Meeting,
    path: Path,
    *,
    rules: PublicationRules | None = None,
    template: Path | None = None,
    force: bool = False,
) -> Path:
    """The actions reviewed at a meeting and those it raised, as an action log."""
    path = Path(path)
    check_target(path, force=force)
    shown, publisher = public_meeting(meeting, rules) if rules else (meeting, None)
    actions = [r.action for r in shown.reviewed] + list(shown.actions)
    title = f"Action log: {one_line(shown.committee.name)}, {shown.date:%d %B %Y}"
    writer = ActionLogWriter(template, public=rules is not None, style=shown.committee.style)
    data = writer.build(actions, title=title, committee_names=None)
    if rules is None or publisher is None:
        return write_private(path, data, force=force)
    return _save_public(path, data, meeting, rules, publisher, force=force)


def write_action_log(
    actions: list[Action],
    path: Path,
    *,
    title: str,
    force: bool = False,
    committee_names: dict[int, str] | None = None,
) -> Path:
    path = Path(path)
    check_target(path, force=force)
    writer = ActionLogWriter(None, public=False)
    data = writer.build(actions, title=title, committee_names=committee_names)
    return write_private(path, data, force=force)


def _save_public(
    path: Path,
    data: bytes,
    meeting: Meeting,
    rules: PublicationRules,
    publisher: Publisher,
    *,
    force: bool,
) -> Path:
    """Write a public document only if the scan finds nothing that must not be in it."""
    secrets = Secrets(
        publisher,
        hidden=hidden_words(meeting, rules),
        confidential=confidential_texts(meeting, rules),
    )
    findings = secrets.findings(data, path.name)
    if findings:
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise Unpublishable(f"public version not written: {findings[0]}{more}")
    return write_private(path, data, force=force)


# -- helpers ------------------------------------------------------------------------------


def _open_template(template: Path | None) -> Any:
    if template is None:
        return docx.Document()
    template = Path(template)
    if not template.is_file():
        raise BadInput(f"{template}: no such template file")
    try:
        return docx.Document(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise BadInput(f"{template}: not a Word .docx file") from None


def _house_style(document: Any) -> None:
    """A4, Arial and black headings, in place of python-docx's Letter and blue defaults."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10.5)
    normal.paragraph_format.space_after = Pt(2)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 13)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = "Arial", Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        # A theme font named in the style would win over the font set just above.
        fonts = style.element.rPr.rFonts
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)


def _text_width(document: Any) -> int:
    section = document.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin
    except (TypeError, ValueError):  # a template's page size missing, or not a number
        return DEFAULT_TEXT_WIDTH
    return max(2000, int(width) // 635)


def _widths(total: int, shares: Sequence[int]) -> list[int]:
    widths = [total * share // sum(shares) for share in shares]
    widths[-1] += total - sum(widths)
    return widths


def _keep_if_short(tr: etree._Element) -> None:
    """Keep a row of the items table on one page when it is as short as an attendance row."""
    if short_row(tr):
        ooxml.keep_whole(tr)


def _drop_relationships(rels: dict[str, Any], reltypes: set[str]) -> None:
    for rel_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(rel_id)
