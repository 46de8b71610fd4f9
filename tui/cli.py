"""The `minutebook` command line: each command is a thin layer over the repository.

Every error a user can cause ends in one line on stderr and exit status 2, with nothing
written. Textual and the Word writer are imported only by the commands that need them.
The console script is `tui.launch.main`: it opens the screens without this module when it
can, and otherwise calls `run_command` here; this module never imports it back.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from storage import MinutebookError, open_repository
from tui.startup import (
    EXIT_BAD_INPUT,
    ScreensRequest,
    open_screens,
    repository_for_screens,
    run_app,
)

if TYPE_CHECKING:
    from storage.repository import Repository

app = typer.Typer(
    name="minutebook",
    help="Take the minutes of formal meetings live, and export the formal Word minutes.",
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """What the top-level options chose, for the command that runs next."""

    db: str | None = None
    repository: Repository | None = None


state = State()


def repository() -> Repository:
    if state.repository is None:
        state.repository = open_repository(state.db)
        state.repository.check_integrity()
    return state.repository


def fail(message: str) -> NoReturn:
    raise MinutebookError(message)


@app.callback(invoke_without_command=True)
def home(
    context: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="MINUTEBOOK_DB",
            help="Database file path or SQLAlchemy URL (default: minutebook.db in the user "
            "data folder).",
        ),
    ] = None,
) -> None:
    """With no command: the home screen (meetings, new meeting, action lookup)."""
    state.db, state.repository = db, None
    if context.invoked_subcommand is None:
        run_app(repository_for_screens(db))


@app.command()
def new(
    committee: Annotated[str, typer.Argument(help="The committee's name (created if new).")],
    date: Annotated[str, typer.Option("--date", help="YYYY-MM-DD")],
    time: Annotated[
        str | None, typer.Option("--time", help="HH:MM-HH:MM, or HH:MM for the start alone")
    ] = None,
    venue: Annotated[str, typer.Option("--venue", help="Where the meeting is held.")] = "",
    agenda: Annotated[
        Path | None,
        typer.Option("--agenda", help="A plain-text agenda file ('-' reads standard input)."),
    ] = None,
) -> None:
    """Create a meeting and print its id."""
    from storage.agenda import parse_agenda
    from storage.dates import parse_date, parse_time_range

    meeting_date = parse_date(date)
    start, end = parse_time_range(time) if time else ("", "")
    rows = parse_agenda(read_text(agenda), source=str(agenda)) if agenda else []
    if not committee.strip():
        fail("the committee needs a name")
    repo = repository()
    committee_id = repo.committee_named(committee, create=True).id
    meeting_id = repo.create_meeting(
        committee_id, meeting_date, start_time=start, end_time=end, venue=venue, agenda=rows
    )
    typer.echo(meeting_id)


@app.command()
def meetings(
    committee: Annotated[
        str | None, typer.Option("--committee", help="Only this committee's meetings.")
    ] = None,
) -> None:
    """List meetings, newest first: id, date and time, committee, status."""
    repo = repository()
    committee_id = repo.committee_named(committee).id if committee else None
    from tui.output import printable

    for m in repo.meetings(committee_id):
        typer.echo(f"{m.id:>5}  {m.when:<22} {printable(m.committee_name)}  [{m.status}]")


@app.command("open")
def open_meeting(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
) -> None:
    """Live capture of a meeting, in the notes of the first item not yet taken."""
    open_screens(ScreensRequest(state.db, meeting))


@app.command()
def dump(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a meeting as JSON (the format is in the README)."""
    from storage.files import check_target, write_private
    from storage.transfer import dumps_meeting

    if output is not None:
        check_target(output, force=force)
    repo = repository()
    minutes = repo.meeting(repo.resolve_meeting(meeting))
    # Carried actions raised in a confidential item say so: the item is not in the dump.
    rules = repo.publication_rules(minutes.committee.id, minutes.id)
    text = dumps_meeting(
        minutes, confidential_actions=rules.confidential_actions, history=repo.history(minutes.id)
    )
    if output is None:
        sys.stdout.write(text)
    else:
        write_private(output, text.encode(), force=force)


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="A JSON file made by 'minutebook dump'.")],
) -> None:
    """Create a meeting from a JSON dump and print its id."""
    from storage.transfer import load_meeting

    typer.echo(load_meeting(repository(), read_text(file), source=str(file)))


@app.command()
def actions(
    search: Annotated[
        str,
        typer.Argument(help="Words to find, and filters such as owner:NAME or due:<DATE."),
    ] = "",
    status: Annotated[
        str | None,
        typer.Option("--status", help="open (the default), done, dropped, closed or all."),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Owner contains TEXT.")] = None,
    committee: Annotated[
        str | None, typer.Option("--committee", help="Committee name contains TEXT.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="table (the terminal's width), csv or json.")
    ] = "table",
) -> None:
    """List the actions of every meeting, by due date then meeting."""
    import dataclasses

    from storage.action_query import STATUS_WORDS, parse_query
    from storage.search import search_actions as find
    from tui.output import actions_table, format_csv, format_json, show

    formats = {"csv": format_csv, "json": format_json}
    if output_format not in ("table", *formats):
        fail(f"--format {output_format}: give table, csv or json")
    query = parse_query(search)
    if query.hints:
        fail(query.hints[0])
    changes: dict[str, Any] = {}
    if status is not None:
        if status.lower() not in STATUS_WORDS:
            fail(f"--status {status}: give open, done, dropped, closed or all")
        changes["statuses"] = STATUS_WORDS[status.lower()]
    if owner:
        changes["owner"] = owner
    if committee:
        changes["committee"] = committee
    hits = find(repository(), dataclasses.replace(query, **changes), limit=None)
    if output_format == "table":
        show(actions_table(hits))
    else:
        sys.stdout.write(formats[output_format](hits))


@app.command()
def attendance(
    committee: Annotated[str, typer.Argument(help="The committee's name.")],
    since: Annotated[
        str | None, typer.Option("--since", help="Count meetings from this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Meetings attended, apologies sent and meetings missed, per organisation and member."""
    from storage.attendance_register import attendance_register
    from storage.dates import parse_date
    from tui.output import attendance_tables, show

    start = parse_date(since) if since else None
    repo = repository()
    register = attendance_register(repo, repo.committee_named(committee), since=start)
    show(attendance_tables(register))


@app.command()
def roster(
    committee: Annotated[str, typer.Argument(help="The committee's name.")],
    load: Annotated[
        Path | None,
        typer.Option(
            "--load",
            help="Merge a CSV with the header name,role,organisation,group,voting,initials.",
        ),
    ] = None,
    list_absent: Annotated[
        bool | None,
        typer.Option(
            "--list-absent/--no-list-absent",
            help="Whether the minutes list those absent without apologies.",
        ),
    ] = None,
    numbered_paragraphs: Annotated[
        bool | None,
        typer.Option(
            "--numbered-paragraphs/--no-numbered-paragraphs",
            help="Whether the minutes number each paragraph after its item: 5.1, 5.2 ...",
        ),
    ] = None,
    quorum: Annotated[
        str | None,
        typer.Option(
            "--quorum",
            help="Voting members a meeting needs present: a number (5) or a share (1/3); "
            '"" for none.',
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="table (the terminal's width), csv or json.")
    ] = "table",
) -> None:
    """The committee's roster: who each new meeting expects, in this order."""
    from storage.errors import BadInput
    from storage.motions import quorum_problem
    from storage.roster_file import read_roster
    from tui.output import format_roster_csv, format_roster_json, roster_table, show

    formats = {"csv": format_roster_csv, "json": format_roster_json}
    if output_format not in ("table", *formats):
        fail(f"--format {output_format}: give table, csv or json")
    if quorum is not None and (problem := quorum_problem(quorum)):
        fail(f"--quorum: {problem}")
    repo = repository()
    found = repo.committee_named(committee)
    if load is not None:
        try:
            lines = read_roster(read_bytes(load))
        except BadInput as error:
            fail(f"{load}: {error}")
        merged = repo.merge_roster(found.id, lines)
        print(f"{load}: {merged.added} added, {merged.updated} updated", file=sys.stderr)
    settings = {"absent": list_absent, "numbered_paragraphs": numbered_paragraphs}
    if chosen := {name: value for name, value in settings.items() if value is not None}:
        repo.restyle(found.id, **chosen)
    if quorum is not None:
        found = repo.set_quorum(found.id, quorum)
    entries = repo.roster(found.id)
    if output_format == "table":
        show(roster_table(found, entries))
    else:
        sys.stdout.write(formats[output_format](entries))


@app.command()
def declarations(
    committee: Annotated[str, typer.Argument(help="The committee's name.")],
    output_format: Annotated[
        str, typer.Option("--format", help="table (80 columns at most), csv or json.")
    ] = "table",
) -> None:
    """The register of interests: every declaration made at the committee's meetings."""
    from tui.output import (
        declarations_table,
        format_declarations_csv,
        format_declarations_json,
        show,
    )

    formats = {"csv": format_declarations_csv, "json": format_declarations_json}
    if output_format not in ("table", *formats):
        fail(f"--format {output_format}: give table, csv or json")
    repo = repository()
    found = repo.committee_named(committee)
    entries = repo.declaration_register(found.id)
    if output_format == "table":
        show(declarations_table(found.name, entries))
    else:
        sys.stdout.write(formats[output_format](entries))


@app.command()
def style(
    committee: Annotated[str, typer.Argument(help="The committee, by name.")],
    preset: Annotated[
        str | None, typer.Option("--preset", help="Start from a preset (replaces the style).")
    ] = None,
    load: Annotated[
        Path | None,
        typer.Option(
            "--load", help="Set the style from a TOML file (checked first; '-' reads stdin)."
        ),
    ] = None,
    marking: Annotated[
        str | None,
        typer.Option(
            "--marking", help="The protective marking, e.g. OFFICIAL-SENSITIVE ('' none)."
        ),
    ] = None,
) -> None:
    """A committee's house style: printed as TOML, every key with its value and a comment."""
    from storage.style import PRESETS, parse_style, style_toml

    if preset is not None and load is not None:
        fail("give --preset or --load, not both")
    if preset is not None and preset not in PRESETS:
        fail(f"--preset {preset}: the presets are {', '.join(PRESETS)}")
    chosen = PRESETS[preset] if preset is not None else None
    if load is not None:
        chosen = parse_style(read_text(load), source=str(load))
    repo = repository()
    found = repo.committee_named(committee)
    if chosen is not None:
        found = repo.set_style(found.id, chosen)
    if marking is not None:
        found = repo.update_committee(found.id, protective_marking=" ".join(marking.split()))
    if marking is not None or chosen is not None:
        state = f"the {found.style.preset} style" if chosen is not None else "its style"
        print(
            f"{found.name}: {state}; marking {found.protective_marking or '(none)'}",
            file=sys.stderr,
        )
    sys.stdout.write(style_toml(found.style))


@app.command()
def teams(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
    file: Annotated[Path, typer.Argument(help="The attendance report Teams downloads.")],
    apply: Annotated[
        bool, typer.Option("--apply", help="Make the changes shown (else only show them).")
    ] = False,
    add_unmatched: Annotated[
        bool,
        typer.Option(
            "--add-unmatched",
            help="With --apply: add the participants matched to no one as in attendance.",
        ),
    ] = False,
) -> None:
    """Read a Teams attendance report: who it marks present, late or gone early."""
    from storage.domain import MeetingStatus
    from storage.errors import BadInput
    from storage.history import no_longer_change
    from storage.teams import display_name, plan_attendance, read_report
    from tui.output import printable

    repo = repository()
    meeting_id = repo.resolve_meeting(meeting)
    try:
        report = read_report(read_bytes(file))
    except BadInput as error:
        fail(f"{file}: {error}")
    found = repo.meeting(meeting_id)
    if apply and found.status is MeetingStatus.APPROVED:
        raise no_longer_change(found.date)
    plan = plan_attendance(report, found, repo.roster(found.committee.id))
    for line in plan.describe():
        typer.echo(printable(line))
    marks = [mark for mark in plan.marks if not mark.unchanged]
    guests = [(display_name(p.name), p.email) for p in plan.unmatched] if add_unmatched else []
    if not apply:
        if marks or plan.unmatched:
            typer.echo("Nothing changed yet: run again with --apply to make these changes.")
        return
    changed = repo.apply_attendance_plan(meeting_id, plan.marks, guests)
    typer.echo(f"{changed} attendance{'s' if changed != 1 else ''} changed.")


@app.command()
def circulate(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
) -> None:
    """Mark a meeting's minutes circulated: their export says DRAFT until approved."""
    repo = repository()
    meeting_id = repo.resolve_meeting(meeting)
    repo.circulate_meeting(meeting_id)
    summary = next(m for m in repo.meetings() if m.id == meeting_id)
    typer.echo(
        f"{summary.committee_name}, {summary.date:%d %B %Y}: circulated; "
        "the minutes say DRAFT until approved"
    )


@app.command()
def approve(
    meeting: Annotated[str, typer.Argument(help="The meeting whose minutes are approved.")],
    at: Annotated[str, typer.Option("--at", help="The later meeting that approves them.")],
    item: Annotated[
        list[str] | None,
        typer.Option("--item", help="A correction: the item (5, 5.1) it falls under."),
    ] = None,
    said: Annotated[
        list[str] | None,
        typer.Option("--said", help="What the minutes said there (found once)."),
    ] = None,
    now_says: Annotated[
        list[str] | None, typer.Option("--now-says", help="What they now say.")
    ] = None,
) -> None:
    """Approve a meeting's minutes as a true record at a later meeting, with any
    corrections applied: read-only after."""
    from storage.corrections import Requested

    repo = repository()
    meeting_id, at_id = repo.resolve_meeting(meeting), repo.resolve_meeting(at)
    items, saids, nows = item or [], said or [], now_says or []
    if not len(items) == len(saids) == len(nows):
        fail("each correction needs --item, --said and --now-says, in that order")
    corrections = [Requested(*wanted) for wanted in zip(items, saids, nows, strict=True)]
    repo.approve_meeting(meeting_id, at_id, corrections)
    approved = repo.meeting(meeting_id)
    with_corrections = f", with {len(corrections)} correction(s)" if corrections else ""
    typer.echo(
        f"{approved.committee.name}, {approved.date:%d %B %Y}: approved as a true record "
        f"at the meeting of {approved.approved_on:%d %B %Y}{with_corrections}"
    )


@app.command()
def history(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
    output_format: Annotated[
        str, typer.Option("--format", help="table (80 columns at most), csv or json.")
    ] = "table",
) -> None:
    """Every change made to a meeting's minutes since they were circulated, oldest first."""
    from storage.domain import MeetingStatus
    from tui.output import format_history_csv, format_history_json, history_table, show

    formats = {"csv": format_history_csv, "json": format_history_json}
    if output_format not in ("table", *formats):
        fail(f"--format {output_format}: give table, csv or json")
    repo = repository()
    meeting_id = repo.resolve_meeting(meeting)
    changes = repo.history(meeting_id)
    if not changes and repo.meeting(meeting_id).status is MeetingStatus.DRAFT:
        never = "no changes kept: the minutes have not been circulated"
        if output_format == "table":
            typer.echo(never)
            return
        print(never, file=sys.stderr)  # beside the empty CSV or JSON a script reads
    if output_format == "table":
        show(history_table(changes))
    else:
        sys.stdout.write(formats[output_format](changes))


@app.command()
def export(
    meeting: Annotated[str, typer.Argument(help="Meeting id, 'latest', or YYYY-MM-DD.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The .docx to write (default: <committee>-minutes-<date>.docx here); "
            "a FILE.pdf writes FILE.docx and FILE.pdf.",
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="No personal names, redactions blacked out, no confidential items."
        ),
    ] = False,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="A .docx whose styles, fonts and letterhead to use."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    no_action_log: Annotated[
        bool, typer.Option("--no-action-log", help="Leave out the action log at the end.")
    ] = False,
    actions_only: Annotated[
        bool,
        typer.Option(
            "--actions-only",
            help="Write only the action log: the actions reviewed at and raised by the meeting.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="With --public: refuse while anything still looks like a name."
        ),
    ] = False,
    item: Annotated[
        str | None,
        typer.Option(
            "--item", help="Only this item's minute (5, 5.1), with the meeting's heading."
        ),
    ] = None,
    exempt_only: Annotated[
        bool,
        typer.Option(
            "--exempt-only", help="Members' version: the attendance and the exempt items alone."
        ),
    ] = False,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="Also a tagged PDF beside the .docx (needs LibreOffice)."),
    ] = False,
    pdf_a: Annotated[
        bool, typer.Option("--pdf-a", help="The PDF as PDF/A-2b, for the archive (implies --pdf).")
    ] = False,
) -> None:
    """Write the formal Word minutes of a meeting (and with --pdf a PDF of them) and print
    the path of each file written."""
    import exports
    from exports.extracts import exempt_extract, item_extract

    pdf_path = None
    if pdf or pdf_a or (output is not None and output.suffix.lower() == ".pdf"):
        from exports.pdf import find_soffice

        find_soffice()  # before anything is written
        if output is not None:
            pdf_path, output = output.with_suffix(".pdf"), output.with_suffix(".docx")
    if exempt_only and (public or item is not None or actions_only):
        fail("--exempt-only writes the members' version of the exempt items alone")
    if item is not None and actions_only:
        fail("--item and --actions-only cannot be given together")
    repo = repository()
    minutes = repo.meeting(repo.resolve_meeting(meeting))
    extract = exempt_extract(minutes) if exempt_only else None
    if item is not None:
        extract = item_extract(minutes, item)
    rules = repo.publication_rules(minutes.committee.id, minutes.id) if public else None
    if rules is not None:
        from exports.public import suspects

        found = suspects(minutes, rules)
        for suspect in found:
            print(f"minutebook: looks like a name: {suspect}", file=sys.stderr)
        if found and strict:
            fail(
                f"public version not written: {len(found)} words still look like names "
                "(redact them, or judge them with `minutebook names`)"
            )
    path = output or exports.default_export_path(
        minutes, rules, actions_only=actions_only, extract=extract
    )
    if pdf_path is None and (pdf or pdf_a):
        pdf_path = path.with_suffix(".pdf")
    if pdf_path is not None:
        from storage.files import check_target

        check_target(pdf_path, force=force)
    if actions_only:
        written = exports.write_meeting_actions(
            minutes, path, public=rules, template=template, force=force
        )
    else:
        written = exports.write_minutes(
            minutes,
            path,
            public=rules,
            template=template,
            action_log=not no_action_log,
            force=force,
            extract=extract,
        )
    typer.echo(written)
    if pdf_path is not None:
        from exports.pdf import TIMEOUT, write_pdf

        # Made from the file just written (and scanned), so it holds nothing that does not.
        typer.echo(write_pdf(written, pdf_path, archive=pdf_a, timeout=TIMEOUT, force=force))


@app.command()
def names(
    committee: Annotated[str, typer.Argument(help="The committee's name.")],
    public_names: Annotated[
        str | None,
        typer.Option(
            "--public-names", help="roles (names replaced by roles) or keep (names published)."
        ),
    ] = None,
    withhold: Annotated[
        list[str] | None,
        typer.Option("--withhold", help="A name or word never to publish (repeatable)."),
    ] = None,
    fine: Annotated[
        list[str] | None,
        typer.Option("--fine", help="A word that looks like a name but may be published."),
    ] = None,
    forget: Annotated[
        list[str] | None, typer.Option("--forget", help="Take a word off both lists.")
    ] = None,
) -> None:
    """How the committee's public minutes treat names, and the words it withholds or allows."""
    from storage.domain import NamesPolicy

    repo = repository()
    committee_id = repo.committee_named(committee).id
    if public_names is not None:
        if public_names not in {p.value for p in NamesPolicy}:
            fail(f"--public-names {public_names}: give roles or keep")
        repo.restyle(committee_id, public_names=NamesPolicy(public_names))
    for words, verdict in ((withhold, "withheld"), (fine, "fine"), (forget, None)):
        for word in words or ():
            repo.judge_public_word(committee_id, word, verdict)
    rules = repo.publication_rules(committee_id)
    typer.echo(f"public names: {rules.names}")
    typer.echo("withheld: " + ("; ".join(rules.withheld) or "none"))
    typer.echo("fine: " + ("; ".join(rules.fine) or "none"))


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="The .docx to check.")],
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Scan it for every known name, redacted or withheld word and confidential text.",
        ),
    ] = False,
    committee: Annotated[
        str | None,
        typer.Option("--committee", help="Only this committee's secrets and names policy."),
    ] = None,
) -> None:
    """Check a Word document's accessibility (WCAG 2.1 AA basics), and with --public
    what must not be published; exit 1 with one line per finding."""
    from exports.accessibility import problems

    data = read_bytes(file)
    findings: list[object] = list(problems(data, file.name))
    if public:
        from exports.scan import public_findings

        findings += public_findings(repository(), data, file.name, committee=committee)
    for finding in findings:
        typer.echo(f"{file}: {finding}")
    if findings:
        sys.exit(1)
    published = ", and nothing found that must not be published" if public else ""
    typer.echo(f"{file}: no accessibility problems found{published}")


@app.command()
def demo(
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Only load the demo and print its id.")
    ] = False,
) -> None:
    """Load a demo meeting modelled on published board minutes, and open it."""
    from storage.demo import load_demo

    repo = repository()
    meeting_id = load_demo(repo)
    if no_open:
        typer.echo(meeting_id)
    else:
        run_app(repo, meeting_id)


@app.command()
def backup(
    file: Annotated[
        Path | None,
        typer.Argument(help="Where to write the copy (default: minutebook-backup-<time>.db here)."),
    ] = None,
) -> None:
    """Copy the whole database, safely even while minutebook is open; print the copy's path."""
    import datetime as dt

    from storage.engine import copy_database, sqlite_path

    path = sqlite_path(repository().engine)
    if path is None:
        fail("backup copies a SQLite file; back up a database server with its own tools (pg_dump)")
    target = file or Path(f"minutebook-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.db")
    typer.echo(copy_database(path, target))


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or standard input's for '-'."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return path.read_bytes()
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except OSError as error:
        fail(f"{path}: {error.strerror}")


def read_text(path: Path) -> str:
    """A UTF-8 text file, or standard input for '-'."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    except OSError as error:
        fail(f"{path}: {error.strerror}")


def run_command() -> None:
    """Run the command in sys.argv; usage errors become one line and exit status 2."""
    try:
        app(standalone_mode=False)
    except typer.Exit as error:
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.exit(130)
    except typer.TyperException as error:
        # An unknown command or option, a missing argument.
        message = " ".join(error.format_message().split())
        print(f"minutebook: {message}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
