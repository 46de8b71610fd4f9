"""Exports opened by a real word processor: LibreOffice converts them to PDF, read back as text.

All documents are converted in one LibreOffice run, with a profile of its own, so the
tests stay quick and parallel runs do not share LibreOffice's user folder.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace

import pytest

import exports
from storage.domain import (
    Action,
    AttendanceStatus,
    Attendee,
    Committee,
    Item,
    Meeting,
    Person,
    PublicationRules,
    Section,
)
from storage.style import PRESETS
from tests.unit.test_export import HOSTILE, make_template_without_list_styles

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]

PARAGRAPH = (
    "The Board discussed the item at length and agreed the points below. "
    "Partners described the position in their own services and the risks they see. "
) * 3


def long_meeting() -> Meeting:
    """120 attendees, 40 items in two sections, each with paragraphs and a numbered list."""
    attendees = tuple(
        Attendee(
            id=n,
            person=Person(
                id=n,
                name=f"Member {n:03d}",
                role=f"Role of member {n:03d}",
                organisation="Safeguarding Partnership",
            ),
            status=AttendanceStatus.PRESENT if n % 10 else AttendanceStatus.APOLOGIES,
        )
        for n in range(1, 121)
    )
    items = tuple(
        Item(
            id=n,
            meeting_id=1,
            title=f"Agenda item {n}",
            section_id=None if n <= 2 else (1 if n <= 20 else 2),
            position=n,
            number=f"{n}.",
            notes=(
                f"{PARAGRAPH}\n\n1. First point of item {n}\n2. Second point of item {n}\n\n"
                f"- Bullet of item {n}\n\n{PARAGRAPH}"
            ),
        )
        for n in range(1, 41)
    )
    actions = tuple(
        Action(
            id=n,
            committee_id=1,
            owner="Probation",
            text=f"Logged action number {n} to be done",
            meeting_id=1,
            item_id=1 + n % 40,
            due_text="at the June Board",
        )
        for n in range(1, 81)
    )
    return Meeting(
        id=1,
        committee=Committee(id=1, name="Long Board", protective_marking="OFFICIAL-SENSITIVE"),
        date=dt.date(2024, 3, 11),
        start_time="13:00",
        end_time="15:00",
        venue="MS Teams Meeting",
        attendees=attendees,
        sections=(
            Section(id=1, title="Business", position=0),
            Section(id=2, title="Standing Items", position=1),
        ),
        items=items,
        actions=actions,
    )


def hostile_meeting() -> Meeting:
    meeting = long_meeting()
    item = meeting.items[0]
    hostile = Item(id=item.id, meeting_id=1, title="Hostile \x00 text", number="1.", notes=HOSTILE)
    return Meeting(
        id=1,
        committee=meeting.committee,
        date=meeting.date,
        items=(hostile,),
        attendees=meeting.attendees[:3],
    )


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each document's PDF text, page by page."""
    folder = tmp_path_factory.mktemp("libreoffice")
    template = make_template_without_list_styles(folder / "bare-template.docx")
    meeting = long_meeting()
    documents = {
        "long": exports.write_minutes(meeting, folder / "long.docx"),
        "public": exports.write_minutes(meeting, folder / "public.docx", public=PublicationRules()),
        "bare": exports.write_minutes(meeting, folder / "bare.docx", template=template),
        "hostile": exports.write_minutes(hostile_meeting(), folder / "hostile.docx"),
    }
    for name, style in PRESETS.items():
        styled = replace(meeting, committee=replace(meeting.committee, style=style))
        documents[name] = exports.write_minutes(styled, folder / f"{name}.docx")
        documents[f"{name}-public"] = exports.write_minutes(
            styled,
            folder / f"{name}-public.docx",
            public=PublicationRules(names=style.public_names),
        )
    profile = tmp_path_factory.mktemp("libreoffice-profile")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = {}
    for name, path in documents.items():
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {path.name}"
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages[name] = [page for page in text.split("\f") if page.strip()]
    return pages


ATTENDANCE_HEADER = re.compile(r"^\s*Role\s+Organisation\s+Name\s*$", re.MULTILINE)
ITEMS_HEADER = re.compile(r"^\s*Item No\.\s+Item Description\s*$", re.MULTILINE)
LOG_ROW = re.compile(r"^\s*\d+\.\s+Logged action number", re.MULTILINE)
LOG_HEADER = re.compile(r"^\s*No\.\s+Action\s+Owner\s+Due\s+Status\s*$", re.MULTILINE)


def test_every_page_has_the_marking_and_page_x_of_y(pdf_pages: dict[str, list[str]]) -> None:
    pages = pdf_pages["long"]
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page.splitlines()[0]
        assert f"Page {number} of {len(pages)}" in page


def test_table_headers_repeat_on_every_page_a_table_runs_onto(
    pdf_pages: dict[str, list[str]],
) -> None:
    pages = pdf_pages["long"]
    attendance_pages = [p for p in pages if re.search(r"Member \d{3}", p)]
    item_pages = [p for p in pages if "The Board discussed" in p or "Agenda item" in p]
    log_pages = [p for p in pages if LOG_ROW.search(p)]
    assert len(attendance_pages) >= 2 and len(item_pages) >= 5 and len(log_pages) >= 2
    for page in attendance_pages:
        assert ATTENDANCE_HEADER.search(page), page[:300]
    for page in item_pages:
        assert ITEMS_HEADER.search(page), page[:300]
    for page in log_pages:
        assert LOG_HEADER.search(page), page[:300]


def test_numbered_lists_restart_in_every_item(pdf_pages: dict[str, list[str]]) -> None:
    for name in ("long", "bare"):
        text = "".join(pdf_pages[name])
        for n in range(1, 41):
            assert re.search(rf"1\.\s+First point of item {n}\b", text), (name, n)
            assert re.search(rf"2\.\s+Second point of item {n}\b", text), (name, n)
            assert re.search(rf"•\s+Bullet of item {n}\b", text), (name, n)


def test_public_version_opens_without_names(pdf_pages: dict[str, list[str]]) -> None:
    text = "".join(pdf_pages["public"])
    assert "Role of member 001" in text
    assert "Member 0" not in text
    assert re.search(r"^\s*Role\s+Organisation\s*$", text, re.MULTILINE)


def test_hostile_text_opens_with_nothing_lost(pdf_pages: dict[str, list[str]]) -> None:
    text = "".join(pdf_pages["hostile"])
    assert "control characters" in text
    assert "very deep bullet" in text
    assert "THE END" in text
    assert "bold that never closes" in text


PRESET_LOOKS = {
    "partnership-board": ("Minutes", r"Item No\.\s+Item Description\s*$", "Role of member 001"),
    "council-committee": (
        "Minutes of the meeting of the Long Board",
        r"Item No\.\s+Item Description\s*$",
        "Member 001 (Role of member 001)",
    ),
    "nhs-board": (
        "Minutes of the Long Board Meeting in Public",
        r"Item No\.\s+Item Description\s+Action / Owner / Due",
        "Summary of actions",
    ),
    "school-governors": (
        "Minutes of the Long Board meeting held on Monday 11 March 2024",
        r"No\.\s+Item\s+Minute\s+Action",
        "Member 001 (Role of member 001)",
    ),
}


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_opens_in_its_own_look(pdf_pages: dict[str, list[str]], name: str) -> None:
    title, items_header, sign = PRESET_LOOKS[name]
    for version in (name, f"{name}-public"):
        pages = pdf_pages[version]
        text = "".join(pages)
        assert title in " ".join(text.split()), version
        assert re.search(items_header, text, re.MULTILINE), version
        assert "Logged action number 80" in text, version
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1], version
    assert sign in " ".join("".join(pdf_pages[name]).split())
    names_published = PRESETS[name].public_names.value == "keep"
    assert ("Member 001" in "".join(pdf_pages[f"{name}-public"])) is names_published
