"""Ways that were found to get a name, a redacted word or a confidential text into a public
file: each now replaced, blocked or refused."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

import exports
from exports.public import Unpublishable
from storage import Repository
from storage.agenda import AgendaRow
from storage.domain import AttendanceStatus, Meeting, Person, PublicationRules
from tests.unit.test_export_public import package_texts
from tests.unit.test_public import publisher

KNAPTON = Person(20, "Rowan Knapton", "Head of Probation", "Probation")
PIKE = Person(21, "DCI Jo Pike", "Head of Public Protection", "Constabulary")
ZOE = Person(22, "Zoë Brontë", "Chair", "Board")
ONEILL = Person(23, "Siobhan O'Neill", "Governor", "School")
SMITH_JONES = Person(24, "Anna Smith-Jones", "Clerk", "Council")
BERG = Person(25, "Hans van der Berg", "Adviser", "Council")


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("Rowan \u202aKnapton\u202c said", KNAPTON),
        ("Rowan Knap\u2066ton said", KNAPTON),
        ("Rowan Knap\u034fton said", KNAPTON),
        ("Rowan К\u043dаpton said".replace("\u043d", "n"), KNAPTON),  # Cyrillic К and а
        ("Jo Pike said", PIKE),
        ("J. Pike said", PIKE),
        ("Pike, Jo said", PIKE),
        ("Inspector Knapton said", KNAPTON),
        ("Rowan J. Knapton said", KNAPTON),
        ("R. J. Knapton said", KNAPTON),
        ("Rowan James Knapton said", KNAPTON),
        ("KNAPTON Rowan said", KNAPTON),
        ("Knapton,Rowan said", KNAPTON),
        ("Zoe Bronte said", ZOE),
        ("Ms Bronte said", ZOE),
        ("Siobhan O’Neill said", ONEILL),
        ("Siobhan O Neill said", ONEILL),
        ("Siobhan ONeill said", ONEILL),
        ("Anna Smith Jones said", SMITH_JONES),
        ("Anna Smith–Jones said", SMITH_JONES),
        ("Mr Berg said", BERG),
        ("Hans Berg said", BERG),
    ],
)
def test_names_in_forms_that_once_got_through(typed: str, person: Person) -> None:
    published = publisher(KNAPTON, PIKE, ZOE, ONEILL, SMITH_JONES, BERG).text(typed, where="n")
    assert published == f"{person.role} said", published


def test_an_address_made_of_a_name_is_blocked() -> None:
    publish = publisher(KNAPTON).text
    assert publish("Write to rowan.knapton@probation.gov.uk now", where="n") == (
        "Write to ██████████ now"
    )
    assert publish("Write to safeguarding@council.gov.uk", where="n") == (
        "Write to safeguarding@council.gov.uk"
    )


def test_redacted_and_withheld_words_in_any_spelling(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    first, second = meeting.items[0].id, meeting.items[1].id
    repo.save_notes(first, "The ||**Falcon plan**.|| was set out.")
    repo.save_notes(second, "Then the Falcon, plan and Fal\u2066con plan again; O’Neill Close.")
    repo.judge_public_word(meeting.committee.id, "O'Neill Close", "withheld")
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    text = publisher_text(repo.meeting(meeting_id), rules)
    assert "Falcon" not in text and "Neill" not in text


def publisher_text(meeting: Meeting, rules: PublicationRules) -> str:
    from exports.public import public_meeting

    return repr(public_meeting(meeting, rules)[0])


def test_a_word_redacted_at_an_earlier_meeting_stays_hidden(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    repo.save_notes(meeting.items[0].id, "The case of ||Jamie Quint|| was heard.")
    later = repo.create_meeting(
        meeting.committee.id, dt.date(2024, 6, 10), agenda=[AgendaRow("Update")]
    )
    repo.save_notes(repo.meeting(later).items[0].id, "Jamie Quint is now settled.")
    rules = repo.publication_rules(meeting.committee.id, later)
    path = exports.write_minutes(repo.meeting(later), tmp_path / "p.docx", public=rules)
    assert all("Quint" not in raw for raw, _ in package_texts(path).values())


def test_times_and_a_confidential_items_number_are_published_text(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    repo.update_meeting(meeting_id, start_time="||Falcon||")
    with pytest.raises(Unpublishable, match="started"):
        exports.write_minutes(
            repo.meeting(meeting_id).__class__(**{**vars_of(meeting), "start_time": "||x"}),
            tmp_path / "a.docx",
            public=repo.publication_rules(meeting.committee.id, meeting_id),
        )
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "p.docx", public=rules)
    assert all("Falcon" not in raw for raw, _ in package_texts(path).values())


def vars_of(meeting: Meeting) -> dict:
    return {name: getattr(meeting, name) for name in meeting._names}


@pytest.mark.parametrize(
    "name", ["RowanKnapton.docx", "r-knapton.docx", "Knapton,Rowan.docx", "Rowan+Knapton.docx"]
)
def test_a_file_named_after_someone_is_refused(
    repo: Repository, meeting_id: int, tmp_path: Path, name: str
) -> None:
    person = repo.add_person("Rowan Knapton", "Head of Probation", "Probation")
    other = repo.create_committee("Other Panel")
    repo.add_to_roster(other.id, person.id)
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    with pytest.raises(Unpublishable, match="file name"):
        exports.write_minutes(meeting, tmp_path / name, public=rules)
    assert not (tmp_path / name).exists()


def png_with_text(text: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        (
            chunk(b"IHDR", header),
            chunk(b"tEXt", b"Author\x00" + text),
            chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(text)),
            chunk(b"IDAT", pixels),
            chunk(b"IEND", b""),
        )
    )


def hostile_template(path: Path) -> Path:
    template = docx.Document()
    header = template.sections[0].header
    header.paragraphs[0].text = "Letterhead"
    run = header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(png_with_text(b"Alice Chair")))
    template.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    name = next(n for n in parts if n.startswith("word/header"))
    parts[name] = (
        parts[name]
        .replace(
            b"<w:t>Letterhead</w:t>",
            b'<w:t>Letterhead</w:t><w:ptab w:relativeTo="margin" w:alignment="right" '
            b'w:leader="none"/><w:t>Alice Chair</w:t>',
        )
        .replace(b"<w:p>", b"<w:p><!-- prepared by Bob Probation -->", 1)
    )
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>",
        b"<dc:publisher>Bob Probation</dc:publisher></cp:coreProperties>",
    )
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"</w:styles>", b"<?note Alice Chair?></w:styles>"
    )
    with zipfile.ZipFile(path, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return path


def test_a_hostile_template_leaves_nothing_behind(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    template = hostile_template(tmp_path / "t.docx")
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    try:
        path = exports.write_minutes(meeting, tmp_path / "p.docx", public=rules, template=template)
    except Unpublishable:
        assert not (tmp_path / "p.docx").exists()
        return
    for name, (raw, _) in package_texts(path).items():
        assert "Alice Chair" not in raw and "Bob Probation" not in raw, name
    with zipfile.ZipFile(path) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        assert pictures and all(b"Alice" not in package.read(n) for n in pictures)


def test_the_scan_reads_comments_hidden_runs_and_glued_words(
    repo: Repository, meeting_id: int
) -> None:
    from exports.public import Publisher
    from exports.scan import Secrets

    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    secrets = Secrets(Publisher(meeting, rules))
    for xml in (
        b"<w:t>Letterhead</w:t><w:ptab/><w:t>Alice Chair</w:t>",
        b"<!-- Alice Chair -->",
        b"<w:r><w:t>Alice</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>zz</w:t></w:r>"
        b"<w:r><w:t> Chair</w:t></w:r>",
        b"<w:t>Alice" + b"<w:tab/>" * 130 + b"Chair</w:t>",
        "<w:t>Alice Chair</w:t>".encode("utf-16"),
    ):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("word/header1.xml", xml)
        assert any("Alice Chair" in str(f) for f in secrets.findings(buffer.getvalue())), xml


@pytest.mark.parametrize(
    ("part", "broken"),
    [
        ("word/fontTable.xml", b"<w:fonts><w:font"),
        ("word/document.xml", b""),
    ],
)
def test_a_broken_template_is_no_crash(
    repo: Repository, meeting_id: int, tmp_path: Path, part: str, broken: bytes
) -> None:
    template = tmp_path / "t.docx"
    docx.Document().save(str(template))
    with zipfile.ZipFile(template) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    if part == "word/fontTable.xml":
        parts[part] = broken
    else:
        parts[part] = parts[part].replace(b'w:w="12240"', b'w:w="abc"', 1)
    with zipfile.ZipFile(template, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    exports.write_minutes(meeting, tmp_path / "p.docx", public=rules, template=template)
    exports.write_minutes(meeting, tmp_path / "m.docx", template=template)


def test_attendance_of_a_hostile_person(repo: Repository, meeting_id: int, tmp_path: Path) -> None:
    person = repo.add_person("DCI Jo Pike", "Head of Public Protection", "Constabulary")
    repo.add_attendee(meeting_id, person.id, AttendanceStatus.PRESENT)
    meeting = repo.meeting(meeting_id)
    repo.save_notes(meeting.items[0].id, "Jo Pike, J. Pike and Pike, Jo reported.")
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "p.docx", public=rules)
    assert all("Pike" not in raw for raw, _ in package_texts(path).values())
