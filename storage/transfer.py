"""A meeting as JSON, to move it between databases or keep it beside the Word minutes.

The format is versioned (`"format": "minutebook-meeting", "version": 1`) and described in
the README. It carries no database ids: people, sections and items are referred to by keys
local to the file, so a dump loads into any database, and `load` then `dump` gives back
the same document.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)
from sqlmodel import Session, col, select

from storage.domain import (
    Action,
    ActionStatus,
    AttendanceStatus,
    InterestAction,
    ItemStatus,
    Meeting,
    MeetingChange,
    MeetingStatus,
    Motion,
    MotionResult,
    Person,
    Vote,
    VoteCast,
)
from storage.errors import BadInput
from storage.exempt import check_exempt
from storage.motions import quorum_problem
from storage.reading import as_moment
from storage.repository import Repository, record_motion
from storage.tables import (
    ActionRow,
    ActionUpdateRow,
    AttendanceRow,
    CommitteeRow,
    CorrectionRow,
    DecisionRow,
    DeclarationRow,
    ItemRow,
    MeetingChangeRow,
    MeetingRow,
    PersonRow,
    ReviewedActionRow,
    RosterEntryRow,
    SectionRow,
)

FORMAT: Literal["minutebook-meeting"] = "minutebook-meeting"
VERSION: Literal[1] = 1


def _storable(moment: dt.datetime) -> dt.datetime:
    """A moment the database can hold: it is stored in UTC, which must be a real date."""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("a date and time too far from today to be stored") from None


Moment = Annotated[AwareDatetime, AfterValidator(_storable)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonDoc(_Strict):
    key: str
    name: str | None = None
    role: str = ""
    organisation: str = ""
    initials: str = ""
    email: str = ""


class AttendanceDoc(_Strict):
    person: str
    status: AttendanceStatus
    deputising_for: str | None = None
    note: str = ""
    arrived_at: Moment | None = None
    arrived_item: str | None = None
    left_at: Moment | None = None
    left_item: str | None = None
    voting: bool = False  # a voting member, on the committee's roster when minuted


class SectionDoc(_Strict):
    key: str
    title: str


class ExemptDoc(_Strict):
    """Why an item was taken with the press and public excluded, and what the public
    version prints in its place."""

    reason: str
    public_summary: str = ""

    @field_validator("reason")
    @classmethod
    def _given(cls, reason: str) -> str:
        try:
            check_exempt(True, reason)
        except BadInput as error:
            raise ValueError(str(error)) from None
        return reason.strip()


class ItemDoc(_Strict):
    key: str
    section: str | None = None
    number: str = ""
    title: str
    presenter: str = ""
    status: ItemStatus = ItemStatus.PENDING
    deferred_to_date: dt.date | None = None
    deferred_to_name: str = ""
    started_at: Moment | None = None
    ended_at: Moment | None = None
    notes: str = ""
    confidential: bool = False
    exempt: ExemptDoc | None = None


class UpdateDoc(_Strict):
    made_at: Moment
    text: str
    in_this_meeting: bool = False


class ActionDoc(_Strict):
    item: str | None = None
    owner: str = ""
    text: str
    due_text: str = ""
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    raised_on: dt.date | None = None
    updates: list[UpdateDoc] = []
    # A reviewed action raised in a confidential item (of a meeting not in this document).
    confidential: bool = False
    after_text: str = ""  # the notes line it was typed after


class VoteDoc(_Strict):
    person: str
    vote: VoteCast


class MotionDoc(_Strict):
    """The motion a resolution was taken on; `for`, `against` and `abstained` are the
    counts (null: not counted), `votes` each member's vote in a recorded vote."""

    model_config = ConfigDict(extra="forbid", validate_by_name=True, serialize_by_alias=True)

    mover: str | None = None
    seconder: str | None = None
    votes_for: int | None = Field(default=None, validation_alias="for", serialization_alias="for")
    against: int | None = None
    abstained: int | None = None
    result: MotionResult = MotionResult.CARRIED
    votes: list[VoteDoc] = []


class DecisionDoc(_Strict):
    item: str | None = None
    text: str
    motion: MotionDoc | None = None
    publishable: bool = False  # under an exempt item: the public version may print it


class DeclarationDoc(_Strict):
    person: str
    item: str | None = None
    interest: str
    kind: str
    action: InterestAction = InterestAction.TOOK_PART


class ChangeDoc(_Strict):
    made_at: Moment
    what: str
    before: str = ""
    after: str = ""


class CorrectionDoc(_Strict):
    item: str | None = None
    place: str = ""  # the item as the minutes printed it when corrected
    said: str
    now_says: str


class CommitteeDoc(_Strict):
    name: str
    protective_marking: str = ""
    quorum: str = ""  # "5", or a share of the voting members, "1/3"


class MeetingFields(_Strict):
    date: dt.date
    start_time: str = ""
    end_time: str = ""
    venue: str = ""
    protective_marking: str = ""
    status: MeetingStatus = MeetingStatus.DRAFT
    approved_on: dt.date | None = None  # the date of the meeting that approved it


class MeetingDoc(_Strict):
    format: Literal["minutebook-meeting"]
    version: Literal[1]
    committee: CommitteeDoc
    meeting: MeetingFields
    people: list[PersonDoc] = []
    attendance: list[AttendanceDoc] = []
    sections: list[SectionDoc] = []
    items: list[ItemDoc] = []
    actions: list[ActionDoc] = []
    decisions: list[DecisionDoc] = []
    reviewed: list[ActionDoc] = []
    declarations: list[DeclarationDoc] = []
    history: list[ChangeDoc] = []  # the changes made since the minutes were circulated
    corrections: list[CorrectionDoc] = []  # made to these minutes when they were approved


# -- dump -------------------------------------------------------------------------------


def dump_meeting(
    meeting: Meeting,
    *,
    confidential_actions: frozenset[int] = frozenset(),
    history: Sequence[MeetingChange] = (),
) -> dict[str, Any]:
    """The JSON document of a meeting (plain dicts and lists, ready for json.dumps);
    `confidential_actions` are the reviewed actions raised in a confidential item
    (`Repository.publication_rules`), which the document must say, as it holds no such item;
    `history` is what `Repository.history` keeps of its minutes."""
    people: dict[int, PersonDoc] = {}

    def person_key(person: Person) -> str:
        if person.id not in people:
            people[person.id] = PersonDoc(
                key=f"p{len(people) + 1}",
                name=person.name,
                role=person.role,
                organisation=person.organisation,
                initials=person.initials,
                email=person.email,
            )
        return people[person.id].key

    section_keys = {s.id: f"s{n}" for n, s in enumerate(meeting.sections, start=1)}
    item_keys = {i.id: f"i{n}" for n, i in enumerate(meeting.items, start=1)}

    def action_doc(action: Action, *, reviewed_under: int | None = None) -> ActionDoc:
        item = reviewed_under if reviewed_under is not None else action.item_id
        return ActionDoc(
            item=item_keys.get(item) if item is not None else None,
            owner=action.owner,
            text=action.text,
            due_text=action.due_text,
            due_date=action.due_date,
            status=action.status,
            raised_on=action.raised_on,
            confidential=action.id in confidential_actions,
            after_text=action.after_text,
            updates=[
                UpdateDoc(
                    made_at=u.made_at,
                    text=u.text,
                    in_this_meeting=u.meeting_id == meeting.id,
                )
                for u in action.updates
            ],
        )

    attendance = [
        AttendanceDoc(
            person=person_key(a.person),
            status=a.status,
            deputising_for=person_key(a.deputising_for) if a.deputising_for else None,
            note=a.note,
            arrived_at=a.arrived_at,
            arrived_item=item_keys.get(a.arrived_item_id or 0),
            left_at=a.left_at,
            left_item=item_keys.get(a.left_item_id or 0),
            voting=a.voting,
        )
        for a in meeting.attendees
    ]
    attending = {a.person.id: a.person for a in meeting.attendees}

    def key_of(person_id: int | None) -> str | None:
        return person_key(attending[person_id]) if person_id in attending else None

    def motion_doc(motion: Motion) -> MotionDoc:
        return MotionDoc(
            mover=key_of(motion.mover_id),
            seconder=key_of(motion.seconder_id),
            votes_for=motion.votes_for,
            against=motion.votes_against,
            abstained=motion.abstained,
            result=motion.result,
            votes=[VoteDoc(person=key_of(v.person_id) or "", vote=v.vote) for v in motion.votes],
        )

    # Only someone in the attendance can declare an interest: their key is made above.
    attending = {a.person.id: a.person for a in meeting.attendees}
    declarations = [
        DeclarationDoc(
            person=person_key(attending[d.person_id]),
            item=item_keys.get(d.item_id or 0),
            interest=d.interest,
            kind=d.kind,
            action=d.action,
        )
        for d in meeting.declarations
        if d.person_id in attending
    ]
    document = MeetingDoc(
        format=FORMAT,
        version=VERSION,
        committee=CommitteeDoc(
            name=meeting.committee.name,
            protective_marking=meeting.committee.protective_marking,
            quorum=meeting.committee.quorum,
        ),
        meeting=MeetingFields(
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            venue=meeting.venue,
            protective_marking=meeting.protective_marking,
            status=meeting.status,
            approved_on=meeting.approved_on,
        ),
        people=list(people.values()),
        attendance=attendance,
        sections=[SectionDoc(key=section_keys[s.id], title=s.title) for s in meeting.sections],
        items=[
            ItemDoc(
                key=item_keys[i.id],
                section=section_keys.get(i.section_id or 0),
                number=i.number,
                title=i.title,
                presenter=i.presenter,
                status=i.status,
                deferred_to_date=i.deferred_to_date,
                deferred_to_name=i.deferred_to_name,
                started_at=i.started_at,
                ended_at=i.ended_at,
                notes=i.notes,
                confidential=i.confidential,
                exempt=ExemptDoc(reason=i.exempt_reason, public_summary=i.public_summary)
                if i.exempt
                else None,
            )
            for i in meeting.items
        ],
        actions=[action_doc(a) for a in meeting.actions],
        decisions=[
            DecisionDoc(
                item=item_keys.get(d.item_id or 0),
                text=d.text,
                publishable=d.publishable,
                motion=motion_doc(d.motion) if d.motion else None,
            )
            for d in meeting.decisions
        ],
        reviewed=[action_doc(r.action, reviewed_under=r.item_id) for r in meeting.reviewed],
        declarations=declarations,
        history=[
            ChangeDoc(made_at=c.made_at, what=c.what, before=c.before, after=c.after)
            for c in history
        ],
        corrections=[
            CorrectionDoc(
                item=item_keys.get(c.item_id or 0),
                place=c.place,
                said=c.said,
                now_says=c.now_says,
            )
            for c in meeting.corrections
        ],
    )
    return document.model_dump(mode="json")


def dumps_meeting(
    meeting: Meeting,
    *,
    confidential_actions: frozenset[int] = frozenset(),
    history: Sequence[MeetingChange] = (),
) -> str:
    document = dump_meeting(meeting, confidential_actions=confidential_actions, history=history)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# -- load -------------------------------------------------------------------------------


def parse_document(text: str, *, source: str = "file") -> MeetingDoc:
    """Read and check a whole document before anything is written."""
    try:
        raw = json.loads(text)
        # A lone surrogate ("\ud800") is valid JSON but no text a database can hold.
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except json.JSONDecodeError as error:
        raise BadInput(f"{source}: not valid JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise BadInput(f"{source}: nested too deeply to be a minutebook meeting") from None
    except UnicodeEncodeError:
        raise BadInput(f"{source}: holds a character that is not text (a lone surrogate)") from None
    except ValueError:  # an integer of thousands of digits
        raise BadInput(f"{source}: holds a number too long to be read") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BadInput(f'{source}: not a minutebook meeting (no "format": "{FORMAT}")')
    if raw.get("version") != VERSION:
        raise BadInput(
            f"{source}: format version {raw.get('version')!r} is not supported (this minutebook "
            f"reads version {VERSION})"
        )
    try:
        document = MeetingDoc.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BadInput(f"{source}: {where}: {first['msg']}") from None
    _check_references(document, source)
    return document


def _check_references(document: MeetingDoc, source: str) -> None:
    people = {p.key for p in document.people}
    sections = {s.key for s in document.sections}
    items = {i.key for i in document.items}
    for kind, keys, listed in (
        ("people", people, document.people),
        ("sections", sections, document.sections),
        ("items", items, document.items),
    ):
        if len(keys) != len(listed):
            raise BadInput(f"{source}: two {kind} share a key")

    def check(key: str | None, known: set[str], what: str) -> None:
        if key is not None and key not in known:
            raise BadInput(f"{source}: {what} refers to unknown key {key!r}")

    for a in document.attendance:
        check(a.person, people, "attendance")
        check(a.deputising_for, people, "attendance deputising_for")
        check(a.arrived_item, items, "attendance arrived_item")
        check(a.left_item, items, "attendance left_item")
    for i in document.items:
        check(i.section, sections, f"item {i.key}")
    for entry in [*document.actions, *document.reviewed]:
        check(entry.item, items, "an action")
    reviewed = [(r.raised_on, r.owner, r.text) for r in document.reviewed]
    if len(set(reviewed)) != len(reviewed):
        raise BadInput(f"{source}: one earlier action is listed twice for review")
    for decision in document.decisions:
        check(decision.item, items, "a decision")
        if decision.motion is not None:
            motion = decision.motion
            for whom in (motion.mover, motion.seconder, *(v.person for v in motion.votes)):
                check(whom, people, "a motion")
            if decision.item is None:
                raise BadInput(f"{source}: a motion is recorded under the item it was moved at")
    if problem := quorum_problem(document.committee.quorum):
        raise BadInput(f"{source}: committee.quorum: {problem}")
    for declaration in document.declarations:
        check(declaration.person, people, "a declaration of interest")
        check(declaration.item, items, "a declaration of interest")


def load_meeting(repository: Repository, text: str, *, source: str = "file") -> int:
    """Create the meeting a document describes, in one transaction; return its id."""
    document = parse_document(text, source=source)
    with repository.transaction() as session:
        return _write_document(session, document)


def _write_document(session: Session, doc: MeetingDoc) -> int:
    committee = session.exec(
        select(CommitteeRow).where(CommitteeRow.name == doc.committee.name)
    ).first()
    if committee is None:
        committee = CommitteeRow(
            name=doc.committee.name,
            protective_marking=doc.committee.protective_marking,
            quorum=doc.committee.quorum,
        )
        session.add(committee)
        session.flush()
        new_committee = True
    else:
        new_committee = False
    assert committee.id is not None
    fields = doc.meeting
    # A draft while its rows are written: approved minutes take no new rows, and circulated
    # ones would count each as a change. Its status comes last, once the rows are in.
    meeting = MeetingRow(
        committee_id=committee.id,
        date=fields.date,
        start_time=fields.start_time,
        end_time=fields.end_time,
        venue=fields.venue,
        protective_marking=fields.protective_marking,
    )
    session.add(meeting)
    session.flush()
    assert meeting.id is not None

    person_ids: dict[str, int] = {}
    for p in doc.people:
        person_ids[p.key] = _find_or_add_person(session, p, exclude=set(person_ids.values()))
    section_ids: dict[str, int | None] = {}
    for position, s in enumerate(doc.sections):
        section = SectionRow(meeting_id=meeting.id, title=s.title, position=position)
        session.add(section)
        session.flush()
        section_ids[s.key] = section.id
    item_ids: dict[str, int | None] = {}
    for position, i in enumerate(doc.items):
        item = ItemRow(
            meeting_id=meeting.id,
            section_id=section_ids.get(i.section) if i.section else None,
            position=position,
            number=i.number,
            title=i.title,
            presenter=i.presenter,
            status=i.status.value,
            deferred_to_date=i.deferred_to_date,
            deferred_to_name=i.deferred_to_name,
            started_at=i.started_at,
            ended_at=i.ended_at,
            notes=i.notes,
            confidential=i.confidential,
            exempt=i.exempt is not None,
            exempt_reason=i.exempt.reason if i.exempt else "",
            public_summary=i.exempt.public_summary if i.exempt else "",
        )
        session.add(item)
        session.flush()
        item_ids[i.key] = item.id

    def item_id(key: str | None) -> int | None:
        return item_ids.get(key) if key else None

    for position, a in enumerate(doc.attendance):
        session.add(
            AttendanceRow(
                meeting_id=meeting.id,
                person_id=person_ids[a.person],
                position=position,
                status=a.status.value,
                deputising_for_id=person_ids.get(a.deputising_for) if a.deputising_for else None,
                note=a.note,
                arrived_at=a.arrived_at,
                arrived_item_id=item_id(a.arrived_item),
                left_at=a.left_at,
                left_item_id=item_id(a.left_item),
            )
        )
    if new_committee:  # its roster: the meeting's voting members, as the file says
        voting = dict.fromkeys(person_ids[a.person] for a in doc.attendance if a.voting)
        for position, person in enumerate(voting):
            session.add(
                RosterEntryRow(committee_id=committee.id, person_id=person, position=position)
            )
    for position, action in enumerate(doc.actions):
        row = _action_row(action, committee.id, position)
        row.meeting_id, row.item_id = meeting.id, item_id(action.item)
        row.raised_on = action.raised_on or fields.date
        session.add(row)
        session.flush()
        _add_updates(session, row, action, meeting.id)
    motions: list[tuple[DecisionRow, MotionDoc]] = []
    for position, d in enumerate(doc.decisions):
        decision = DecisionRow(
            meeting_id=meeting.id,
            item_id=item_id(d.item),
            text=d.text,
            position=position,
            publishable=d.publishable,
        )
        session.add(decision)
        if d.motion is not None:
            motions.append((decision, d.motion))
    for position, action in enumerate(doc.reviewed):
        row = _find_earlier_action(session, committee.id, action) or _action_row(
            action, committee.id, position
        )
        row.status = action.status.value
        row.confidential = row.confidential or action.confidential
        session.add(row)
        session.flush()
        _add_updates(session, row, action, meeting.id)
        assert row.id is not None
        session.add(
            ReviewedActionRow(
                meeting_id=meeting.id,
                action_id=row.id,
                item_id=item_id(action.item),
                position=position,
            )
        )
    for position, declared in enumerate(doc.declarations):
        session.add(
            DeclarationRow(
                meeting_id=meeting.id,
                person_id=person_ids[declared.person],
                item_id=item_id(declared.item),
                position=position,
                interest=declared.interest,
                kind=declared.kind,
                action=declared.action.value,
            )
        )
    for change in doc.history:
        session.add(
            MeetingChangeRow(
                meeting_id=meeting.id,
                made_at=change.made_at,
                what=change.what,
                before=change.before,
                after=change.after,
            )
        )
    for position, correction in enumerate(doc.corrections):
        session.add(
            CorrectionRow(
                meeting_id=meeting.id,
                item_id=item_id(correction.item),
                position=position,
                place=correction.place,
                said=correction.said,
                now_says=correction.now_says,
            )
        )
    session.flush()
    for decision, motion in motions:
        try:  # once all the meeting is in: those present, those who declared an interest
            record_motion(session, decision, _motion(motion, person_ids))
        except BadInput as problem:
            raise BadInput(f"decisions: the motion of {decision.text[:40]!r}: {problem}") from None
    meeting.status, meeting.approved_on = fields.status.value, fields.approved_on
    session.flush()
    return meeting.id


def _motion(doc: MotionDoc, person_ids: dict[str, int]) -> Motion:
    return Motion(
        mover_id=person_ids[doc.mover] if doc.mover else None,
        seconder_id=person_ids[doc.seconder] if doc.seconder else None,
        votes_for=doc.votes_for,
        votes_against=doc.against,
        abstained=doc.abstained,
        result=doc.result,
        votes=tuple(Vote(person_ids[v.person], v.vote) for v in doc.votes),
    )


def _find_or_add_person(session: Session, doc: PersonDoc, *, exclude: set[int]) -> int:
    """The person already known by the same name, role and organisation, or a new one.

    `exclude` keeps two people of one document (two 'Safeguarding Manager's of the Fire
    Service, say) from becoming one.
    """
    query = select(PersonRow).where(
        PersonRow.role == doc.role,
        PersonRow.organisation == doc.organisation,
        col(PersonRow.id).not_in(exclude),
    )
    query = query.where(
        col(PersonRow.name).is_(None) if doc.name is None else PersonRow.name == doc.name
    )
    row = session.exec(query).first()
    if row is None:
        row = PersonRow(
            name=doc.name,
            role=doc.role,
            organisation=doc.organisation,
            initials=doc.initials,
            email=doc.email,
        )
        session.add(row)
        session.flush()
    elif (doc.initials and not row.initials) or (doc.email and not row.email):
        row.initials = row.initials or doc.initials
        row.email = row.email or doc.email
        session.add(row)
    assert row.id is not None
    return row.id


def _action_row(doc: ActionDoc, committee_id: int, position: int) -> ActionRow:
    return ActionRow(
        committee_id=committee_id,
        raised_on=doc.raised_on,
        position=position,
        owner=doc.owner,
        text=doc.text,
        due_text=doc.due_text,
        due_date=doc.due_date,
        status=doc.status.value,
        after_text=doc.after_text,
    )


def _find_earlier_action(session: Session, committee_id: int, doc: ActionDoc) -> ActionRow | None:
    """A reviewed action that this database already holds (same committee, date and words)."""
    return session.exec(
        select(ActionRow).where(
            ActionRow.committee_id == committee_id,
            ActionRow.raised_on == doc.raised_on,
            ActionRow.owner == doc.owner,
            ActionRow.text == doc.text,
        )
    ).first()


def _add_updates(session: Session, row: ActionRow, doc: ActionDoc, meeting_id: int) -> None:
    existing = {
        (as_moment(u.made_at), u.text): u
        for u in session.exec(select(ActionUpdateRow).where(ActionUpdateRow.action_id == row.id))
    }
    for update in doc.updates:
        known = existing.get((as_moment(update.made_at), update.text))
        if known is not None:
            # Loaded already, from the dump of an earlier meeting that only knew it as a
            # later update: this is the meeting it was given at.
            if update.in_this_meeting and known.meeting_id is None:
                known.meeting_id = meeting_id
                session.add(known)
            continue
        assert row.id is not None
        session.add(
            ActionUpdateRow(
                action_id=row.id,
                meeting_id=meeting_id if update.in_this_meeting else None,
                made_at=update.made_at,
                text=update.text,
            )
        )
