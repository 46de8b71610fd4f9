"""The public version: what it publishes, what it refuses, and `check`, `names`, `--strict`."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pytest
from docx2python import docx2python

import exports
from exports.public import Publisher, Unpublishable, suspects
from storage import BadInput, Repository
from storage.agenda import parse_agenda
from storage.domain import (
    ActionStatus,
    AttendanceStatus,
    Committee,
    Meeting,
    NamesPolicy,
    Person,
    PublicationRules,
)
from tests.unit.test_export_public import package_texts


def publisher(*people: Person, attendees: tuple[Person, ...] = ()) -> Publisher:
    from storage.domain import Attendee

    meeting = Meeting(
        id=1,
        committee=Committee(id=1, name="Board"),
        date=dt.date(2024, 3, 11),
        attendees=tuple(
            Attendee(id=n, person=p, status=AttendanceStatus.PRESENT)
            for n, p in enumerate(attendees)
        ),
    )
    return Publisher(meeting, PublicationRules(people=(*people, *attendees)))


BEATTIE = Person(1, "Jo Beattie", "Non-Executive Director", "Trust")
KNAPTON = Person(2, "Mr R Knapton", "Non-Executive Director", "Trust")
THOMAS = Person(3, "John Thomas", "Head of Legal", "Council")
ZOE = Person(4, "Zoë Brontë", "Chair", "Board")


@pytest.mark.parametrize(
    "typed",
    [
        "Ms Beattie agreed.",
        "Jo Beattie agreed.",
        "jo beattie agreed.",
        "J. Beattie agreed.",
        "J Beattie agreed.",
        "Beattie, Jo agreed.",
        "Jo  Beattie agreed.",
        "Jo\u00a0Beattie agreed.",
        "Jo\nBeattie agreed.",
        "**Jo** Beattie agreed.",
        "Jo Bea\u200bttie agreed.",
        "Beattie agreed.",
        "Jo agreed.",
    ],
)
def test_a_name_in_any_form_becomes_the_role(typed: str) -> None:
    text = publisher(attendees=(BEATTIE, THOMAS)).text(typed, where="notes")
    assert "Beattie" not in text and "Jo " not in text.replace("**", "")
    assert "Non-Executive Director agreed." in text


def test_forms_of_a_name_known_by_its_initial_and_the_nfd_form() -> None:
    publish = publisher(attendees=(KNAPTON, ZOE)).text
    for typed in ("R Knapton", "Rowan Knapton", "Knapton, Rowan", "R.Knapton", "Mr Knapton"):
        assert publish(f"{typed} said", where="n") == "Non-Executive Director said"
    decomposed = "Zoe\u0308 Bronte\u0308 chaired"
    assert publish(decomposed, where="n") == "Chair chaired"


def test_initials_and_people_of_other_committees() -> None:
    elsewhere = Person(9, "Alice Zebrafield", "Treasurer", "Another Board")
    publish = publisher(elsewhere, attendees=(BEATTIE, THOMAS)).text
    assert publish("JT to circulate the paper", where="n") == "Head of Legal to circulate the paper"
    assert publish("before Alice Zebrafield returns", where="n") == "before Treasurer returns"
    # A venue or an organisation is not read for initials or lone names.
    assert publisher(Person(5, "Mary Smith", "Clerk")).line("MS Teams", where="v", prose=False) == (
        "MS Teams"
    )


def test_replacements_read_as_sentences() -> None:
    publish = publisher(attendees=(BEATTIE, KNAPTON, Person(6, "Ann Lee", "", ""))).text
    assert publish("Apologies from Jo Beattie, Mr R Knapton.", where="n") == (
        "Apologies from two Non-Executive Directors."
    )
    assert publish("Ann Lee opened. Then ann lee closed.", where="n") == (
        "A member opened. Then a member closed."
    )
    # One person named twice is one person.
    assert publish("R Knapton and Rowan Knapton", where="n") == "Non-Executive Director"


@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("fine\n||words never closed", 2),
        ("||outer ||inner|| outer||", 1),
        ("a |||triple||| bar", 1),
        ("||||", 1),
        ("one\ntwo ||x ||", 2),
    ],
)
def test_broken_redaction_markers_fail_closed(typed: str, line: int) -> None:
    with pytest.raises(Unpublishable) as refused:
        publisher().text(typed, where="item 4: its notes", item_id=7)
    assert (refused.value.item_id, refused.value.line) == (7, line)
    assert f"item 4: its notes, line {line}" in str(refused.value)


def test_a_redacted_word_is_hidden_wherever_else_it_is_typed(
    repo: Repository, meeting_id: int
) -> None:
    meeting = repo.meeting(meeting_id)
    first, second = meeting.items[0], meeting.items[1]
    repo.save_notes(first.id, "The case of ||Jamie Quint|| was heard.")
    repo.save_notes(second.id, "Jamie  Quint's school was told.")
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    projected = exports_projection(repo.meeting(meeting_id), rules)
    assert "Quint" not in projected


def exports_projection(meeting: Meeting, rules: PublicationRules) -> str:
    from exports.public import public_meeting

    projected, _ = public_meeting(meeting, rules)
    return repr(projected)


@pytest.fixture
def hostile(repo: Repository, meeting_id: int) -> Meeting:
    """A meeting whose every field holds a name or a secret, with a confidential item whose
    open action is carried into the next meeting."""
    meeting = repo.meeting(meeting_id)
    repo.update_committee(meeting.committee.id, name="Board of Alice Chair ||Hidden Board||")
    repo.update_meeting(meeting_id, protective_marking="OFFICIAL ||Marking Secret||")
    items = list(meeting.items)
    repo.update_item(items[0].id, title="Minutes ||Title Secret||", presenter="Alice Chair")
    repo.update_item(items[4].id, confidential=True)
    repo.save_notes(items[4].id, "The Quillon Marrowgate contract was discussed at length.")
    carried = repo.add_action(
        items[4].id, "Alice Chair", "Renegotiate the Quillon Marrowgate contract terms", "June"
    )
    repo.add_action(
        items[1].id, "Bob", "Write to Bob Probation", "before Alice Chair returns ||Due Secret||"
    )
    person = repo.add_person("Dana Elsewhere", "Treasurer", "Another Board")
    other = repo.create_committee("Another Board")
    repo.add_to_roster(other.id, person.id)
    repo.save_notes(items[1].id, "Dana Elsewhere sent a note. Bob agreed.")
    later = repo.create_meeting(
        meeting.committee.id, dt.date(2024, 6, 10), agenda=parse_agenda("Minutes\nAOB")
    )
    assert any(r.action.id == carried.id for r in repo.meeting(later).reviewed)
    return repo.meeting(later)


def leaks(path: Path) -> list[str]:
    words = ["alice chair", "bob probation", "dana elsewhere", "secret", "quillon", "marrowgate"]
    found = []
    for name, (raw, text) in package_texts(path).items():
        for word in words:
            if word in raw.lower() or word in " ".join(text.lower().split()):
                found.append(f"{word} in {name}")
    return found


def test_no_export_mode_lets_out_a_name_or_a_secret(
    repo: Repository, meeting_id: int, hostile: Meeting, tmp_path: Path
) -> None:
    for meeting in (repo.meeting(meeting_id), hostile):
        rules = repo.publication_rules(meeting.committee.id, meeting.id)
        assert rules.confidential_items or meeting.id == meeting_id
        name = exports.default_export_path(meeting, rules).name
        assert "alice" not in name and "hidden" not in name
        for path in (
            exports.write_minutes(meeting, tmp_path / f"m{meeting.id}.docx", public=rules),
            exports.write_meeting_actions(meeting, tmp_path / f"a{meeting.id}.docx", public=rules),
        ):
            assert leaks(path) == []
    document = docx.Document(str(tmp_path / f"m{meeting_id}.docx"))
    assert document.core_properties.title.startswith("Minutes of Board of Independent Chair ████")


def test_the_members_version_keeps_everything(hostile: Meeting, tmp_path: Path) -> None:
    text = docx2python(str(exports.write_minutes(hostile, tmp_path / "m.docx"))).text
    assert "Quillon Marrowgate" in text


def test_a_committee_that_publishes_names(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    repo.save_notes(meeting.items[0].id, "Alice Chair welcomed ||Child Q||.")
    chair = next(a for a in meeting.attendees if a.person.name == "Alice Chair")
    repo.update_attendance(chair.id, status=AttendanceStatus.PRESENT)
    repo.restyle(meeting.committee.id, public_names=NamesPolicy.KEEP)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "p.docx", public=rules)
    text = docx2python(str(path)).text
    assert "Alice Chair welcomed ██████████." in text and "Child Q" not in text
    assert any(t.rows[0].cells[-1].text == "Name" for t in docx.Document(str(path)).tables)


def test_withheld_words_and_suspects(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    repo.save_notes(
        meeting.items[1].id,
        "Cllr Ravenscroft asked. P. Hollowell answered.\nThe report from Lucy Letby was noted.",
    )
    committee_id = meeting.committee.id
    rules = repo.publication_rules(committee_id, meeting_id)
    found = [s.text for s in suspects(repo.meeting(meeting_id), rules)]
    assert found == ["Cllr Ravenscroft", "P. Hollowell", "Lucy Letby"]
    repo.judge_public_word(committee_id, "Lucy Letby", "fine")
    repo.judge_public_word(committee_id, "Ravenscroft", "withheld")
    rules = repo.publication_rules(committee_id, meeting_id)
    assert rules.withheld == ("Ravenscroft",) and rules.fine == ("Lucy Letby",)
    found = [s.text for s in suspects(repo.meeting(meeting_id), rules)]
    assert found == ["P. Hollowell"]
    projected = exports_projection(repo.meeting(meeting_id), rules)
    assert "Ravenscroft" not in projected and "Lucy Letby" in projected


def test_a_template_gives_styles_and_letterhead_only(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "ACME LETTERHEAD"
    template.add_paragraph("Body text of the template")
    template.add_section()
    template.sections[0].header.is_linked_to_previous = False
    template.sections[0].header.paragraphs[0].text = "Old section header by Alice Chair"
    template.sections[-1].header.is_linked_to_previous = False
    template.sections[-1].header.paragraphs[0].text = "ACME LETTERHEAD"
    template.save(str(tmp_path / "t.docx"))
    extra = {
        "word/footnotes.xml": "<w:footnotes/>",
        "word/vbaProject.bin": "macro",
        "customXml/item9.xml": "<x>Alice Chair</x>",
    }
    with (
        zipfile.ZipFile(tmp_path / "t.docx") as source,
        zipfile.ZipFile(tmp_path / "hostile.docx", "w") as target,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b'<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/>'
                    b'<Relationship Id="rId92" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/hyperlink" Target="mailto:a@b.org" '
                    b'TargetMode="External"/></Relationships>',
                )
            if entry.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                    b'vbaProject"/><Override PartName="/word/footnotes.xml" ContentType='
                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                    b'footnotes+xml"/></Types>',
                )
            if entry.filename == "word/settings.xml":
                data = data.replace(
                    b"</w:settings>",
                    b'<w:docVars><w:docVar w:name="x" w:val="Alice Chair"/></w:docVars>'
                    b"</w:settings>",
                )
            target.writestr(entry, data)
        for name, content in extra.items():
            target.writestr(name, content)
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_minutes(
        meeting, tmp_path / "p.docx", public=rules, template=tmp_path / "hostile.docx"
    )
    parts = package_texts(path)
    assert not any(n.startswith(("customXml", "word/footnotes", "word/vbaProject")) for n in parts)
    everything = " ".join(raw for raw, _ in parts.values())
    for absent in ("Alice Chair", "mailto:", "docVars", "Body text of the template", "Old section"):
        assert absent not in everything, absent
    assert "ACME LETTERHEAD" in everything
    # And the members' version opens with the same template.
    exports.write_minutes(meeting, tmp_path / "m.docx", template=tmp_path / "hostile.docx")


def test_the_scan_refuses_a_name_that_reaches_the_document(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Prepared by Alice Chair"
    template.save(str(tmp_path / "t.docx"))
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    with pytest.raises(Unpublishable, match="the name “Alice Chair” in word/header"):
        exports.write_minutes(
            meeting, tmp_path / "p.docx", public=rules, template=tmp_path / "t.docx"
        )
    assert not (tmp_path / "p.docx").exists()


def test_export_check_names_and_strict_on_the_command_line(minutebook, tmp_path: Path) -> None:
    status, out, _ = minutebook("demo", "--no-open")
    meeting_id = out.strip()
    status, out, err = minutebook("names", "Nobody")
    assert status == 2 and "no committee named" in err
    members = tmp_path / "members.docx"
    public = tmp_path / "public.docx"
    assert minutebook("export", meeting_id, "-o", str(members))[0] == 0
    status, out, err = minutebook("export", meeting_id, "--public", "-o", str(public))
    assert status == 0, err
    status, out, err = minutebook("check", str(public), "--public")
    assert (status, err) == (0, "") and "nothing found" in out
    status, out, _ = minutebook("check", str(members), "--public")
    assert status == 1 and "the name" in out
    (tmp_path / "not.docx").write_text("plain text")
    assert minutebook("check", str(tmp_path / "not.docx"), "--public")[0] == 2


def test_strict_refuses_while_a_suspect_is_unjudged(
    minutebook, repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    repo.save_notes(meeting.items[0].id, "Cllr Ravenscroft asked a question.")
    committee = meeting.committee.name
    target = tmp_path / "p.docx"
    status, _, err = minutebook(
        "export", str(meeting_id), "--public", "--strict", "-o", str(target)
    )
    assert status == 2 and "looks like a name: “Cllr Ravenscroft”" in err
    assert not target.exists()
    status, out, _ = minutebook("names", committee, "--withhold", "Ravenscroft")
    assert status == 0 and "withheld: Ravenscroft" in out
    status, _, err = minutebook(
        "export", str(meeting_id), "--public", "--strict", "-o", str(target)
    )
    assert status == 0, err
    assert "Ravenscroft" not in docx2python(str(target)).text
    status, out, _ = minutebook(
        "names", committee, "--forget", "Ravenscroft", "--public-names", "keep"
    )
    assert "public names: keep" in out and "withheld: none" in out


def test_a_broken_marker_stops_the_public_export_on_the_command_line(
    minutebook, repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    repo.save_notes(meeting.items[3].id, "first line\n||never closed")
    status, _, err = minutebook(
        "export", str(meeting_id), "--public", "-o", str(tmp_path / "p.docx")
    )
    assert status == 2 and "line 2" in err and "never closed" in err
    assert not (tmp_path / "p.docx").exists()
    status, _, _ = minutebook("export", str(meeting_id), "-o", str(tmp_path / "m.docx"))
    assert status == 0


def test_closed_actions_of_confidential_items_stay_out_too(
    repo: Repository, hostile: Meeting, tmp_path: Path
) -> None:
    carried = next(r.action for r in hostile.reviewed if "Quillon" in r.action.text)
    repo.set_action_status(carried.id, ActionStatus.DONE, meeting_id=hostile.id)
    meeting = repo.meeting(hostile.id)
    rules = repo.publication_rules(meeting.committee.id, meeting.id)
    assert leaks(exports.write_minutes(meeting, tmp_path / "p.docx", public=rules)) == []


def test_a_role_that_stands_in_for_a_name_is_published_text_too() -> None:
    secretive = Person(7, "Ada Quillonby", "Chair ||AB|| of Dana Elsewhere", "")
    broken = Person(8, "Ben Marrowgate", "Lead ||for the unnamed", "")
    known = Person(9, "Dana Elsewhere", "Treasurer", "")
    publish = publisher(known, secretive, broken).text
    assert publish("Ada Quillonby spoke.", where="n") == "Chair ██████████ of a member spoke."
    assert publish("Ben Marrowgate spoke.", where="n") == "A member spoke."


def test_names_kept_by_policy_still_lose_their_redactions(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    person = repo.add_person("Jo ||Quint|| Beattie", "Governor", "School")
    attendee = repo.add_attendee(meeting_id, person.id, AttendanceStatus.PRESENT)
    assert attendee.person.id == person.id
    repo.restyle(meeting.committee.id, public_names=NamesPolicy.KEEP)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_minutes(repo.meeting(meeting_id), tmp_path / "p.docx", public=rules)
    assert all("Quint" not in raw for raw, _ in package_texts(path).values())


def test_a_name_in_the_file_name_is_refused(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    with pytest.raises(Unpublishable, match="the file name"):
        exports.write_minutes(meeting, tmp_path / "alice-chair-minutes.docx", public=rules)
    assert not (tmp_path / "alice-chair-minutes.docx").exists()


def test_a_suspect_is_redacted_where_it_is_stored(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    item = meeting.items[1]
    action = repo.add_action(item.id, "Cllr Ravenscroft", "Write to Cllr Ravenscroft", "June")
    repo.update_item(item.id, title="Report of P. Hollowell")
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    found = {(s.text, s.kind, s.record_id) for s in suspects(repo.meeting(meeting_id), rules)}
    assert found == {
        ("Cllr Ravenscroft", "owner", action.id),
        ("P. Hollowell", "title", item.id),
    }
    assert repo.redact("owner", action.id, "Cllr Ravenscroft")
    assert repo.redact("action", action.id, "Cllr  Ravenscroft".replace("  ", " "))
    assert repo.redact("title", item.id, "P. Hollowell")
    assert not repo.redact("title", item.id, "P. Hollowell")  # already marked
    changed = repo.action(action.id)
    assert (changed.owner, changed.text) == (
        "||Cllr Ravenscroft||",
        "Write to ||Cllr Ravenscroft||",
    )
    assert repo.item(item.id).title == "Report of ||P. Hollowell||"
    assert suspects(repo.meeting(meeting_id), rules) == []
    with pytest.raises(BadInput):
        repo.redact("committee", meeting.committee.id, "x")


def test_the_initials_a_person_is_given_are_replaced(repo: Repository, meeting_id: int) -> None:
    meeting = repo.meeting(meeting_id)
    chair = next(a.person for a in meeting.attendees if a.person.name == "Alice Chair")
    assert repo.update_person(chair.id, initials="ICh").initials == "ICh"
    repo.save_notes(meeting.items[0].id, "ICh opened; AC closed. Ich bin.")
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    projected = exports_projection(repo.meeting(meeting_id), rules)
    assert "Independent Chair opened; Independent Chair closed. Ich bin." in projected


def test_a_confidential_action_carried_through_a_dump_stays_hidden(
    repo: Repository, hostile: Meeting, tmp_path: Path
) -> None:
    from storage import open_repository
    from storage.transfer import dumps_meeting, load_meeting

    rules = repo.publication_rules(hostile.committee.id, hostile.id)
    text = dumps_meeting(hostile, confidential_actions=rules.confidential_actions)
    other = open_repository(tmp_path / "other.db")
    try:
        loaded = other.meeting(load_meeting(other, text))
        moved = other.publication_rules(loaded.committee.id, loaded.id)
        assert moved.confidential_actions
        path = exports.write_minutes(loaded, tmp_path / "p.docx", public=moved)
        assert leaks(path) == []
        # And it says so again when dumped from there.
        again = dumps_meeting(loaded, confidential_actions=moved.confidential_actions)
        assert again == text
    finally:
        other.engine.dispose()


@pytest.mark.parametrize(
    ("role", "plural"),
    [
        ("Non-Executive Director", "Non-Executive Directors"),
        ("Head of Service", "Heads of Service"),
        ("Lay Member (Finance)", "Lay Members (Finance)"),
        ("Medical Officer for Health", "Medical Officers for Health"),
        ("Secretary", "Secretaries"),
    ],
)
def test_roles_folded_in_a_list_read_as_plurals(role: str, plural: str) -> None:
    from exports.public import plural_role

    assert plural_role(role) == plural


def test_the_action_log_alone_takes_the_template(
    repo: Repository, meeting_id: int, tmp_path: Path
) -> None:
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "ACME LETTERHEAD"
    template.save(str(tmp_path / "t.docx"))
    meeting = repo.meeting(meeting_id)
    rules = repo.publication_rules(meeting.committee.id, meeting_id)
    path = exports.write_meeting_actions(
        meeting, tmp_path / "a.docx", public=rules, template=tmp_path / "t.docx"
    )
    assert any("ACME LETTERHEAD" in raw for raw, _ in package_texts(path).values())
