"""A demo meeting modelled on the published board minutes in the reference folder.

`load_demo` builds, through the repository alone, a board with its roster, an earlier
meeting whose open actions come up for review, and the demo meeting itself: attendance
in every group (a deputy, a late arrival, an early leaving), sections, numbered and
standing items, a deferred item, notes in every markup the clerk uses, actions and
decisions, a redaction and a confidential item. A newcomer sees a full export at once.
The place and people are invented; the business is adapted from the reference.
"""

from __future__ import annotations

import datetime as dt

from storage.agenda import parse_agenda
from storage.domain import ActionStatus, AttendanceStatus, Item, RosterGroup
from storage.errors import NotFound
from storage.repository import Repository

COMMITTEE = "Eastshire Safeguarding Partnership Board (Children's)"
MARKING = "OFFICIAL-SENSITIVE"
EARLIER = dt.date(2023, 12, 13)
DEMO = dt.date(2024, 3, 11)
JUNE_BOARD = dt.date(2024, 6, 10)

P, IA, AP, AB = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.IN_ATTENDANCE,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
)
SSP = "Eastshire Safeguarding Partnership"
CYPS = "Children & Young People's Services, Eastshire County Council"
COUNCIL = "Eastshire County Council"
POLICE = "Eastshire Constabulary"
ICB = "Eastshire & Northgate Integrated Care Board"

# (name, role, organisation, attendance at the demo meeting)
ROSTER: tuple[tuple[str | None, str, str, AttendanceStatus], ...] = (
    ("Margaret Ellison", "Independent Chair", SSP, P),
    ("Daniel Okafor", "Partnership Manager", SSP, P),
    ("Priya Raman", "Professional Advisor (Children's)", SSP, P),
    ("Helen Marsh", "Interim Director for Children's Services", CYPS, P),
    ("Tom Whitaker", "Head of Safeguarding", CYPS, P),
    (
        "Sarah Lindqvist",
        "Assistant Director for Children's Social Care and Youth Justice",
        CYPS,
        P,
    ),
    ("Ruth Adeyemi", "Education Officer", f"Education, {CYPS}", P),
    ("Cllr Peter Hale", "Cabinet Member for Children & Young People's Services", COUNCIL, P),
    ("Cllr Anna Brook", "Deputy Cabinet Member for SEND", COUNCIL, P),
    (
        "James Kerr",
        "Advanced Customer Support and Senior Leader",
        "Department for Work and Pensions",
        P,
    ),
    ("Alan Mercer", "Detective Chief Superintendent, Head of Crime", POLICE, AP),
    ("Mark Reeve", "Detective Superintendent", POLICE, P),
    ("Joanne Pike", "Detective Chief Inspector Safeguarding Investigations", POLICE, P),
    ("Fiona Grant", "Designated Nurse for Safeguarding Children", ICB, P),
    ("Lucy Barnes", "Designated Nurse for Children in Care", ICB, P),
    ("Colin Shaw", "Head of Safeguarding", "West Eastshire Hospital", P),
    ("Nadia Hussain", "Head of Safeguarding Families", "Northgate Hospital", P),
    ("Owen Price", "Head of Service", "Eastshire Probation", P),
    ("Gemma Doyle", "Safeguarding Manager", "Eastshire Fire & Rescue Service", P),
    ("Rebecca Stone", "Service Manager", "Cafcass", P),
    ("Simon Ashby", "Assistant Director", "Border Force", P),
    (
        "Karen Bell",
        "Deputy Chief Executive",
        "Ashford & Mid Eastshire Councils, (representing all district and boroughs today)",
        P,
    ),
    ("Imran Qureshi", "Assistant Director", "Public Health", P),
    ("Zoe Turner", "Head of Welfare", "Eastern Education Group", P),
    ("Chris Lowe", "Team and Business Change Lead", f"Customer First, {COUNCIL}", IA),
    ("Ella Morgan", "Partnership Co-Ordinator", SSP, AP),
    ("Cllr David Rowe", "Cabinet Member for SEND and Education", COUNCIL, AP),
    ("Paul Fenn", "Chief Executive", "Community Action Eastshire", AP),
    (None, "Designated Doctor", ICB, AP),
    ("Rachel Ward", "Legal Services Manager", COUNCIL, AP),
    ("Victoria Lane", "Head of Service, Data and Intelligence", CYPS, AP),
    ("Neil Carter", "Learning and Development Manager", "Northgate Borough Council", AB),
)

EARLIER_AGENDA = """\
Minutes and actions from the last meeting | Independent Chair
Health and partnership updates | Independent Chair
Border Force: unaccompanied minors | Border Force
Gender and safeguarding | Eastshire Constabulary
Any Other Business
"""

DEMO_AGENDA = """\
Minutes and actions from the last meeting held on 13 December 2023 | Independent Chair
Live Updates | Independent Chair
# Agenda Items for Discussion
Early Help - changes to ways of working and new project group | Head of Early Help
CYPS SEND Inspection | Interim Director for Children's Services
A focus on children's data in Eastshire | Customer First
Update on Case Reviews | Partnership Manager
Update on Right Care, Right Person | Eastshire Constabulary
Partnership Task & Finish Groups | Partnership Manager
Rapid review: serious incident notification | Independent Chair
# Standing and Information Items
- Lived experience / Sharing good practice
- Eastshire's multi-agency Issues Log
Any Other Business
"""

# Actions raised at the earlier meeting: (item index, owner, text, due, update at the demo
# meeting, status after it).
EARLIER_ACTIONS = (
    (
        1,
        "Designated Nurse",
        "Filming on Wards – circulate the national guidance on when patients and families "
        "may record staff",
        "at the March Board",
        "National document circulated to Health senior leaders which explains when patients "
        "and families can and cannot record. No further action is needed in Eastshire at "
        "present as it has not become an issue locally; the guidance will be disseminated "
        "as and when required.",
        ActionStatus.DONE,
    ),
    (
        2,
        "Border Force",
        "Screening of minors – update the Board on screening at the border and the "
        "short-term facility at the port",
        "at the March Board",
        "Border Force now have a Safeguarding Officer who follows a screening process "
        "covering medical and other concerns that, when identified, are passed on to social "
        "care for minors. Improvements to the short-term facility at the port are "
        "progressing in the right direction, and the Board were pleased to note this.",
        ActionStatus.DONE,
    ),
    (
        3,
        "The Constabulary",
        "Gender and safeguarding – confirm how inflammatory comments by local councillors "
        "are investigated",
        "at the March Board",
        "Confirmed Police will always investigate any inflammatory and potentially harmful "
        "comments by politicians or local councillors. The Board were satisfied with the "
        "response, and this is now a closed matter.",
        ActionStatus.DONE,
    ),
    (
        1,
        "Partnership Manager",
        "Circulate the revised multi-agency escalation protocol to all partners",
        "by 31 January 2024",
        "Revised protocol drafted; awaiting sign-off by the Executive Board, so the "
        "action stays open until the June Board.",
        None,
    ),
)

NOTES: dict[int, str] = {
    0: """\
The minutes from the last meeting were agreed as a true record.

The actions were updated as below:""",
    1: """\
**Live Updates:**

- **Working Together** – Working Together (WT) proposes changes to local partnerships \
which must be implemented by December 2024. As we are an all-age partnership, it will \
have an impact on how the Partnership carries out its statutory responsibilities to \
vulnerable adults. This is an information only item and a fuller update will be provided \
at the June Board following Executive Board discussions and decisions.
- **His Majesty's Inspectorate of Prisons (HMIP)** – Final findings have not yet been \
shared with Probation (anticipated to be published April/May). Probation thanked \
colleagues who supported the inspection and noted that a lot of positives came out \
around safeguarding, such as strong system working and relationships, particularly in \
MASH and MAPPA. Case work and other internal gaps within Probation came out as requiring \
improvement.""",
    2: "This item has been re-scheduled to June due to absence.",
    3: """\
Headlines from the recent SEND inspection were shared with the Board on behalf of the \
Local Area Partnership (LAP), which consists of the two ICBs and the County Council.

The inspection found widespread systemic failings. The LAP was unable to demonstrate \
sufficient improvements despite a significant amount of activity that is underway.

The key areas identified for improvement:

- Too many children and young people with SEND become NEET.
- Transitions between settings and services are not consistently good.
- Communication is poor and co-production is not embedded.
- Waiting times are too long.

The positives identified:

- SEND training that schools receive is helpful.
- Several health teams support families sensitively and successfully.
- Social care teams are effective.

Two areas for priority action were given, which is standard practice by the \
inspectorates for local systems given the lowest ranking:

1. The LAP must work more collaboratively and effectively to improve strategic \
planning. In particular, they should urgently improve:
   - The robustness and impact of governance.
   - The frequency and quality of multi-agency working.
   - The management of transitions and planning for adulthood.
2. Local area partnership leaders should cooperate to take urgent action to improve \
the timeliness and quality of the statutory EHC plan processes and annual reviews.

Discussion at the Board centred around how partners can support the improvements needed \
across the system. Moving into adulthood was highlighted by many Board members as a key \
area that requires more work on multi-agency pathways, particularly in health. An audit \
to identify gaps was suggested as a necessary step towards bridging them.""",
    4: """\
- **Customer Service data and throughput** – A presentation delivered by Customer First \
(CF) giving an overview of the front door for social care in Eastshire. CF handle around \
10,000 contacts monthly through calls, webchats and the online portals, and aim to \
resolve as much as possible at the initial call: this is achievable for around 50% of \
contacts.
  - The webchat opening hours have been extended to 8am-5pm (previously 9am-4pm).
  - Wait times are starting to reduce now that CF are almost fully staffed.

Board felt this was a useful and informative update. It was suggested CF attends Board \
6 monthly, which was welcomed by all.

- **CYPS Social Care Data Update** – The data lead was unable to attend the meeting, so \
this item was deferred.""",
    5: """\
Updated on the recent children's cases within the SSP.

- Non-accidental injury in under 1's has been a common abuse type arising in a number \
of cases in the past 6 months.
- Two high-profile cases with reviews open currently: ||Child T|| which is due for \
publication this Spring, and the ||Child M|| case, which is being led by a neighbouring \
authority with Eastshire input and unlikely to be published until after the trial in \
October 2024.

Top themes emerging from recent cases:

1. Domestic abuse in the home.
2. Inadequate management of risk.
3. Lack of engagement with men/fathers in the home.
4. Barriers to sharing information.""",
    6: """\
The Constabulary shared an update on how the RCRP model is working in Eastshire. Phase 1 \
'Concern for Welfare' began in October 2023. The Constabulary have reviewed 3,828 calls \
under the new policy; in 34% of incidents a police unit was dispatched.

Two thirds of calls come from the public. Most calls are adult related as opposed to \
child focused. MR provided some examples of calls in a day.

Phase 2 'Walkout from Healthcare' will begin this month (delayed from January). It will \
follow the same evaluation process as phase 1.

Key points raised by the Board:

1. Whether the scripted questions in the control room ask if there are children in the \
home.
2. How police pass on information to partners when a call did not need attendance.""",
    7: """\
The Children's Learning and Improvement Group (LIG) generates a number of Task & Finish \
Groups each quarter. The SSP provided an update on what has happened this quarter:

- **Men in the home** – A group of 16 multi-agency professionals met to discuss where we \
go with this work. The SSP is collating information across partners into an action plan.
- **Professional curiosity** – Version 6 of a shared definition is available and was \
approved by the Adults and Children's LIGs in January.
- **Learning & Development subgroup** – A permanent subgroup where training leads from \
the statutory partners identify gaps in training.""",
    8: """\
The Chair informed the Board of a serious incident notification concerning ||Child K||, \
made to the national panel on 4 March 2024. A rapid review meeting has been arranged.""",
    9: """\
A standing item for partners to share lived experiences of children and young people \
they are working with, and to share good practice.

CYPS shared a success story of a recently produced short video which features a father \
sharing his story of reunification with his child. It is an excellent example of \
reunification work, partnership working, and co-production with the family.""",
    10: """\
This is a 6 monthly agenda item and an opportunity for partners to raise new issues for \
the partnership's engagement and response. No new issues were raised today, nor any \
concerns for the current open issues on the log.""",
    11: "There was no further business to report.",
}

# (item index, owner, text, due)
DEMO_ACTIONS = (
    (
        1,
        "Partnership Manager",
        "Schedule 30 minutes for Working Together at the June Board, with input from "
        "statutory partners on the wider changes",
        "at the June Board",
    ),
    (
        1,
        "Probation",
        "Bring the findings of the HMIP inspection to the June Board",
        "at the June Board",
    ),
    (
        2,
        "Partnership Manager",
        "Put Early Help on the forward plan and invite the Early Help Project Group rep",
        "10 June 2024",
    ),
    (
        3,
        "LAP",
        "Inform the SSP of any actions from the inspection that can be carried into the SSP "
        "Business Plan",
        "by 30 April 2024",
    ),
    (
        4,
        "CF",
        "Attend the Board 6 monthly to share key updates from the front door",
        "every 6 months",
    ),
    (4, "Data lead", "Give an update on the latest CYPS Social Care Data", "at the June Board"),
    (
        6,
        "The Constabulary",
        "Provide the Board with an update on Phase 2 of RCRP",
        "at the June Board",
    ),
    (
        8,
        "Partnership Manager",
        "Circulate the rapid review outcome to statutory partners",
        "by 25 March 2024",
    ),
    (
        9,
        "CYPS",
        "Share the father's video with the SSP for sharing at the June Board",
        "at the June Board",
    ),
    (
        9,
        "All partners",
        "Share contacts with the SSP of any children, families or young people who may wish "
        "to share their story",
        "",
    ),
    (10, "All partners", "Email the SSP with any issues they would like to log", ""),
)

DEMO_DECISIONS = (
    (4, "Customer First to attend the Board every 6 months."),
    (7, "The Board signed off version 6 of the professional curiosity definition for "
        "publication on the SSP website."),
)  # fmt: skip


def _clock(day: dt.date, minutes: int) -> dt.datetime:
    """`minutes` past midnight on `day`, local time, as the UTC moment the store keeps."""
    local = dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
    return local.astimezone().astimezone(dt.UTC)


def _free_name(repository: Repository) -> str:
    """The demo committee's name, numbered when a demo was loaded before."""
    name, number = COMMITTEE, 1
    while True:
        try:
            repository.committee_named(name)
        except NotFound:
            return name
        number += 1
        name = f"{COMMITTEE} – demo {number}"


def load_demo(repository: Repository) -> int:
    """Build the demo board, its earlier meeting and the demo meeting; the demo's id."""
    committee = repository.create_committee(_free_name(repository), MARKING)
    people = []
    for name, role, organisation, status in ROSTER:
        person = repository.add_person(name, role, organisation)
        repository.add_to_roster(
            committee.id,
            person.id,
            group=RosterGroup.OFFICER if status == IA else RosterGroup.MEMBER,
        )
        people.append(person)

    _earlier_meeting(repository, committee.id)
    meeting_id = repository.create_meeting(
        committee.id,
        DEMO,
        start_time="13:00",
        end_time="15:00",
        venue="MS Teams Meeting",
        agenda=parse_agenda(DEMO_AGENDA, source="demo agenda"),
    )
    meeting = repository.meeting(meeting_id)
    items = list(meeting.items)
    _take_items(repository, items)
    _attendance(repository, meeting_id, items, [p.id for p in people])

    repository.defer_item(items[2].id, JUNE_BOARD)
    repository.update_item(items[8].id, confidential=True)
    for index, owner, text, due in DEMO_ACTIONS:
        repository.add_action(items[index].id, owner, text, due)
    for index, text in DEMO_DECISIONS:
        repository.add_decision(items[index].id, text)

    reviewed = {r.action.text: r.action.id for r in repository.meeting(meeting_id).reviewed}
    for _, _, text, _, update, outcome in EARLIER_ACTIONS:
        repository.add_action_update(
            reviewed[text],
            update,
            meeting_id=meeting_id,
            status=outcome,
            at=_clock(DEMO, 13 * 60 + 10),
        )
    return meeting_id


def _earlier_meeting(repository: Repository, committee_id: int) -> int:
    meeting_id = repository.create_meeting(
        committee_id,
        EARLIER,
        start_time="10:00",
        end_time="12:00",
        venue="MS Teams Meeting",
        agenda=parse_agenda(EARLIER_AGENDA, source="demo agenda"),
    )
    meeting = repository.meeting(meeting_id)
    for attendee in meeting.attendees:
        repository.update_attendance(attendee.id, status=P)
    items = list(meeting.items)
    for index, item in enumerate(items):
        repository.start_item(item.id, _clock(EARLIER, 10 * 60 + 20 * index))
        repository.end_item(item.id, _clock(EARLIER, 10 * 60 + 20 * index + 20))
        repository.save_notes(item.id, "Discussed; see the actions below.")
    for index, owner, text, due, _, _ in EARLIER_ACTIONS:
        repository.add_action(items[index].id, owner, text, due)
    repository.update_meeting(meeting_id, status="approved")
    return meeting_id


def _take_items(repository: Repository, items: list[Item]) -> None:
    """Notes in every item, and start and end times through a two-hour meeting."""
    minute = 13 * 60
    for index, item in enumerate(items):
        repository.save_notes(item.id, NOTES[index])
        if index == 2:
            continue
        repository.start_item(item.id, _clock(DEMO, minute))
        minute += 10
        repository.end_item(item.id, _clock(DEMO, minute))


def _attendance(
    repository: Repository, meeting_id: int, items: list[Item], person_ids: list[int]
) -> None:
    """Everyone's status, a deputy, a late arrival during item 4, a leaving during item 7."""
    attendees = {a.person.id: a for a in repository.meeting(meeting_id).attendees}
    by_name = {}
    for person_id, (name, _, _, status) in zip(person_ids, ROSTER, strict=True):
        attendee = attendees[person_id]
        repository.update_attendance(attendee.id, status=status)
        by_name[name] = attendee
    repository.update_attendance(
        by_name["Mark Reeve"].id, deputising_for_id=by_name["Alan Mercer"].person.id
    )
    repository.mark_arrived(by_name["Cllr Peter Hale"].id, _clock(DEMO, 13 * 60 + 40), items[3].id)
    repository.mark_left(by_name["Colin Shaw"].id, _clock(DEMO, 14 * 60 + 30), items[6].id)
