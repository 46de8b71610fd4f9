"""The minutebook Textual app: its screens, and the saving, leases and export they share.

Saving belongs to the App so that no word depends on a screen staying alive: screens
hand it changed editors and changes (the ChangeWriter in tui.saving), it writes them in
a worker thread when tui.save_scheduler says, retries while the database refuses, and
saves once more, synchronously, when the app exits. The lease rules are tui.leases'.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from storage.locations import data_folder
from storage.quick import OpenedRepository, OpeningRepository, Store
from tui.commands import MinutebookCommands
from tui.leases import LEASE_RENEW, Claim, Leases
from tui.problems import clerk_line, describe_failure
from tui.recovery import RecoveryFile, recovery_files, write_recovery_file
from tui.save_scheduler import SaveScheduler
from tui.saving import Change, NotesSaver, RefusedNotes, SaveState
from tui.screens.base import StyleWanted, WorkerFailed

if TYPE_CHECKING:
    from textual.screen import Screen

    from exports.public import Suspect
    from storage.domain import Committee, Meeting
    from tui.screens.capture import CaptureScreen
    from tui.screens.home import HomeScreen
    from tui.widgets.notes import NotesEditor

FINAL_SAVE_SECONDS = 8.0
"""How long quitting waits for the last save before keeping the notes in a recovery file."""
SHUTDOWN_SECONDS = 10.0
"""How long the rest of quitting may take, once everything is saved, before the process
simply ends (see `exit`)."""


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class MinutebookApp(App[None]):
    """Take the minutes of a meeting live."""

    CSS_PATH = "minutebook.tcss"
    TITLE = "minutebook"
    COMMANDS = App.COMMANDS | {MinutebookCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f6",
            "find_action",
            "Find action",
            id="app.find_action",
            priority=True,
            tooltip="Search every action of every meeting",
        ),
    ]

    # No repaint: an App reactive repaints the whole screen, twice per autosave, and that
    # churn brings on full garbage collections; the top line redraws itself.
    save_state: reactive[SaveState] = reactive(SaveState.SAVED, repaint=False)
    save_problem: reactive[str] = reactive("")
    """Why notes cannot be written, while they cannot."""

    repository = OpenedRepository()
    """The repository, once open (see storage.quick): for workers; the first screen's reads
    are `store`'s own."""

    def __init__(self, store: Store, meeting_id: int | None = None) -> None:
        super().__init__()
        self.store = store
        self.meeting_id = meeting_id
        self.saver = NotesSaver(
            self._write_notes, self._deliver, self._writing_together, self._keep_refused_notes
        )
        self.clock: Callable[[], dt.datetime] = local_now
        self.leases = Leases()
        self.schedule = SaveScheduler(
            self.saver, self._flush_notes, self._show_save_state, self._warn
        )
        self.database_refused = False
        """The final save failed: what was left went to a recovery file."""
        self.owns_the_process = False
        """Run by the console script (not in a test's process): quitting may end it."""
        self._ending = False
        self._theme_at_start = ""
        self._problems = self._apply_settings()
        """Said once the app runs: what is wrong in the keymap, a meeting that will not open."""

    def _apply_settings(self) -> list[str]:
        """The user's keymap and theme, set before the first screen is built (a theme set
        later would style it twice); returns the problems to show once running."""
        from tui.config import saved_theme
        from tui.keymap import load_keymap

        keymap, problems = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        theme = saved_theme()
        if theme and theme in self.available_themes:
            self.theme = theme
        self._theme_at_start = self.theme
        return problems

    def get_default_screen(self) -> Screen[Any]:
        """The first screen, at the bottom of the stack: live capture of the meeting asked
        for, else the list of meetings. Nothing else is built or drawn before it."""
        if self.meeting_id is not None:
            from tui.screens.capture import CaptureScreen

            try:
                meeting = self.store.meeting(self.meeting_id)
                return CaptureScreen(self.store, meeting, self)
            except Exception as error:
                self._problems.append(clerk_line(error))
        from tui.screens.home import HomeScreen

        return HomeScreen(self.store)

    def on_mount(self) -> None:
        # Closing the terminal (SIGHUP) or logging out (SIGTERM) ends the app as Ctrl+Q
        # does: every word saved, or kept in a recovery file.
        loop = asyncio.get_running_loop()
        for ending in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(RuntimeError, ValueError):  # not on the main thread
                loop.add_signal_handler(ending, self.exit)
        for problem in self._problems:
            self.notify(problem, severity="warning", timeout=8)
        self.set_interval(0.1, self.schedule.tick)
        self.set_interval(LEASE_RENEW, self._renew_leases)
        self.set_interval(1, self._reclaim_if_free)
        self.call_after_refresh(self._load_dialogs)
        self.call_after_refresh(self._settle_memory)
        capture = self.capture_screen() if self.meeting_id is not None else None
        if capture is not None:
            self._claim_when_drawn(capture)
        else:
            # A repository still opening (see storage.quick) carries on once this is drawn.
            if isinstance(self.store, OpeningRepository):
                self.call_after_refresh(self.store.start)

    def _settle_memory(self) -> None:
        """Everything alive once the first screen is up lives as long as the app: keeping it
        out of the collector's full passes keeps those passes from stalling a keystroke.
        The collector is switched off until then by `tui.startup.open_screens`."""
        gc.freeze()
        gc.enable()

    @work(thread=True, exit_on_error=False, group="warm-up", description="Loading dialogs")
    def _load_dialogs(self) -> None:
        """Import the entry dialogs once the first screen is up, so the first F3 is instant."""
        import tui.screens.dialogs  # noqa: F401

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.on_worker_failed(WorkerFailed(event.worker.description, error))

    def on_worker_failed(self, failed: WorkerFailed) -> None:
        """A worker of the app's or of a screen's that failed, said in one line (never
        silently, never a traceback)."""
        what = failed.description or "A task"
        self.notify(f"{what} failed: {clerk_line(failed.error)}", severity="error", timeout=10)

    # -- screens ------------------------------------------------------------------------

    def on_home_screen_chosen(self, message: HomeScreen.Chosen) -> None:
        self.open_meeting(message.meeting_id)

    def on_home_screen_roster_wanted(self, message: HomeScreen.RosterWanted) -> None:
        self.show_roster(message.committee)

    @on(StyleWanted)
    def style_wanted(self, message: StyleWanted) -> None:
        self.choose_style(message.committee)

    def choose_style(self, committee: Committee) -> None:
        """A preset for the committee's house style, asked for and then saved behind the
        screen (adjusting key by key is `minutebook style`)."""
        from storage.style import PRESET_SUMMARIES, PRESETS
        from tui.screens.dialogs import ChoiceDialog

        keys = "1234567890"
        choices = [
            (keys[n], f"{name}: {PRESET_SUMMARIES[name]}", name) for n, name in enumerate(PRESETS)
        ]

        def chosen(name: str | None) -> None:
            if name is None:
                return
            label = committee.name
            self.change(
                f"the house style of {label}",
                lambda: self.repository.set_style(committee.id, PRESETS[name]),
                done=lambda _: self.notify(
                    f"{label}: minutes in the {name} style from the next export"
                    f" (minutebook style to adjust it key by key).",
                    timeout=6,
                ),
            )

        self.push_screen(
            ChoiceDialog(f"House style of {committee.name}: a preset replaces it", choices),
            chosen,
        )

    def show_roster(self, committee: Committee) -> None:
        """The committee's roster, to change for the meetings still to be made."""
        from tui.screens.roster import RosterScreen

        self.push_screen(RosterScreen(self.store, committee, self))

    def open_meeting(self, meeting_id: int, item_id: int | None = None) -> None:
        """Live capture of a meeting (at `item_id`, or the first item not yet taken): back
        to its screen if it is open below, else read (behind the screen) and shown."""
        from tui.screens.capture import CaptureScreen

        self.save_now()
        open_below = [
            screen
            for screen in self.screen_stack
            if isinstance(screen, CaptureScreen) and screen.meeting_id == meeting_id
        ]
        if open_below:
            while self.screen is not open_below[0]:
                self.pop_screen()
            if item_id is not None:
                self.call_later(open_below[0].go_to, item_id)
            return
        self.notify("Opening the meeting…", timeout=2)
        self._read_meeting(meeting_id, item_id)

    @work(
        thread=True,
        exclusive=True,
        exit_on_error=False,
        group="open",
        description="Opening the meeting",
    )
    def _read_meeting(self, meeting_id: int, item_id: int | None) -> None:
        meeting = self.repository.meeting(meeting_id)  # a failure: see _worker_failed
        self.call_from_thread(self._show_meeting, meeting, item_id)

    def _show_meeting(self, meeting: Meeting, item_id: int | None) -> None:
        """The meeting's screen in place of the current meeting's (Textual cannot replace
        the bottom screen, so a new one goes on top of that)."""
        from tui.screens.capture import CaptureScreen

        while not getattr(self.screen, "IS_MAIN", False) and len(self.screen_stack) > 1:
            self.pop_screen()
        capture = CaptureScreen(self.store, meeting, self, item_id=item_id)
        if isinstance(self.screen, CaptureScreen) and len(self.screen_stack) > 1:
            self.switch_screen(capture)
        else:
            self.push_screen(capture)
        self._claim_when_drawn(capture)

    def _claim_when_drawn(self, capture: CaptureScreen) -> None:
        """The screen is editable at once and the lease is claimed once it is drawn. Notes
        are written meanwhile unless another copy looked to hold the meeting, in which
        case they wait for the answer."""
        meeting_id = capture.meeting_id
        if isinstance(self.store, OpeningRepository) and not self.store.on_a_server:
            # A SQLite file read directly: a look at the lease costs nothing, and lets the
            # first notes be written before the real repository has opened. On a server it
            # would cost round trips before the first screen: notes wait for the claim.
            try:
                holder = self.store.live_lease_holder(meeting_id)
            except Exception:
                holder = None  # an unreadable lease: the claim below reports it
            self.leases.claiming(holder, looked=True)
        else:
            self.leases.claiming()
        self.call_after_refresh(self._claim_lease, meeting_id, set(capture.items))

    def action_home(self) -> None:
        """Back to the list of meetings."""
        from tui.screens.home import HomeScreen

        self.save_now()
        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen(self.store))
        else:
            self.push_screen(HomeScreen(self.store))

    def action_find_action(self) -> None:
        """The action lookup, from any screen; a chosen action opens its meeting there."""
        from tui.screens.lookup import ActionLookupScreen

        if isinstance(self.screen, ActionLookupScreen):
            return
        self.save_now()

        def chosen(result: tuple[int, int] | None) -> None:
            if result is not None:
                self.open_meeting(*result)

        self.push_screen(ActionLookupScreen(self.store), chosen)

    def capture_screen(self) -> Any:
        from tui.screens.capture import CaptureScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, CaptureScreen):
                return screen
        return None

    # -- saving notes ---------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing_together(self) -> Iterator[None]:
        # Nothing is written before the lease says whether this copy may write.
        self.leases.wait_until_settled()
        with self.repository.together():
            yield

    def _keep_refused_notes(self, refused: RefusedNotes) -> None:
        """Notes the database refused for good go to a recovery file, and the clerk is told
        which item's, and where they are."""
        path = write_recovery_file(
            data_folder(), self.store.where, {refused.item_id: refused.text}, self.schedule.headings
        )
        heading = self.schedule.headings.get(refused.item_id) or f"item {refused.item_id}"
        self.notify(
            f"Notes of {heading} NOT saved: {refused.reason}. They are kept in {path}.",
            severity="error",
            timeout=15,
        )

    def _write_notes(self, item_id: int, notes: str) -> None:
        self.leases.wait_until_settled()
        if not self.leases.kept_aside(item_id, notes):
            self.repository.save_notes(item_id, notes)

    @dataclass
    class Written(Message):
        """A change's outcome, handed from the writer's thread to the app's."""

        callback: Callable[[Any], None]
        argument: Any

    def _deliver(self, callback: Callable[[Any], None], argument: Any) -> None:
        # post_message is safe from any thread, and never waits (the final save runs while
        # the app's own thread waits for it).
        self.post_message(self.Written(callback, argument))

    def on_minutebook_app_written(self, message: Written) -> None:
        message.callback(message.argument)

    def change(
        self,
        what: str,
        write: Callable[[], Any],
        *,
        done: Callable[[Any], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """A change the screen already shows (a mark, a record, a stamp): written behind
        it, after the notes and the changes before it, and retried, like the notes, while
        the database is away. `done` gets what `write` returned; `refused` the reason the
        database refused it outright (by default a warning naming it)."""

        def say_refused(reason: str) -> None:
            self.notify(f"Not saved: {what}: {reason}", severity="error", timeout=10)

        self.saver.add(Change(what, write, done or (lambda result: None), refused or say_refused))
        self.schedule.changed()

    def notes_changed(self, editor: NotesEditor) -> None:
        """An editor's text changed: it will be written within a moment."""
        self.schedule.typed(editor)

    def save_now(self) -> None:
        """Write every changed note now, in a worker thread."""
        self.schedule.save_now()

    def _retry(self) -> None:
        self.schedule.retry()

    def _show_save_state(self, state: SaveState, problem: str) -> None:
        self.save_state, self.save_problem = state, problem

    def _warn(self, message: str, error: bool) -> None:
        self.notify(message, severity="error" if error else "information", timeout=8)

    @work(thread=True, exit_on_error=False, group="save", description="Saving notes")
    def _flush_notes(self) -> None:
        error = self.saver.flush()
        # If the app has stopped meanwhile, its final save covers what is left.
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self.schedule.flushed, error)

    def final_save(self) -> Path | None:
        """Write everything on this thread; if the database refuses, a recovery file's path.

        The notes kept in a recovery file are no longer pending, so a later call (the app
        unmounting after `exit`) neither waits on the database again nor writes them twice.
        """
        self.schedule.collect()
        if self.saver.idle:
            return None
        if self.saver.flush(timeout=FINAL_SAVE_SECONDS) is None:
            return None
        self.database_refused = True
        kept = self.saver.take(set(self.saver.pending))
        changes = [change.what for change in self.saver.take_changes()]
        return write_recovery_file(
            data_folder(), self.store.where, kept, self.schedule.headings, changes
        )

    def exit(self, result: None = None, return_code: int = 0, message: Any | None = None) -> None:
        recovery = self.final_save()
        if recovery is not None:
            message = (
                f"minutebook: notes could not be written to the database "
                f"({self.save_problem or 'it refused'}); they are saved in {recovery}"
            )
            return_code = 1
        if self.owns_the_process and not self._ending:
            # Everything is saved or in the recovery file by now. Textual's own shutdown can
            # hang for good when the terminal has just gone (closed within a moment of the
            # first frame): the process then ends anyway, with nothing left to lose.
            self._ending = True
            watchdog = threading.Timer(SHUTDOWN_SECONDS, os._exit, (return_code,))
            watchdog.daemon = True
            watchdog.start()
        super().exit(result, return_code, message)

    def _fatal_error(self) -> None:
        """An unexpected error: its details go to a private crash report instead of over the
        clerk's terminal, and the app exits, saving the notes as on any exit."""
        from storage.files import write_crash_report

        self.bell()
        report = write_crash_report()
        self._exit_renderables.append(f"minutebook: unexpected error; the details are in {report}")
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        recovery = self.final_save()
        if recovery is not None:
            print(f"minutebook: unsaved notes written to {recovery}", file=sys.__stderr__)
        # A database that refused the notes would keep the app waiting on it again: the
        # lease lapses by itself within LEASE_SECONDS.
        if not self.database_refused:
            for meeting_id in self.leases:
                self.leases.release(self.repository, meeting_id)
            with contextlib.suppress(Exception):  # a copy of the .db alone holds every word
                self.repository.checkpoint()
        if self.theme != self._theme_at_start:
            from tui.config import save_theme

            save_theme(self.theme)

    # -- leases (the rules: tui.leases) ----------------------------------------------------

    @work(thread=True, exit_on_error=False, group="lease", description="Claiming the meeting")
    def _claim_lease(self, meeting_id: int, item_ids: set[int]) -> None:
        """Take the meeting's lease; if it is open elsewhere, this copy turns read-only."""
        claim = self.leases.claim(self.repository, meeting_id, item_ids)
        kept = recovery_files(data_folder(), self.store.where, item_ids) if claim.taken else []
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._lease_claimed, meeting_id, claim, kept)

    def _lease_claimed(self, meeting_id: int, claim: Claim, kept: list[RecoveryFile]) -> None:
        if claim.problem:
            self.notify(f"Could not mark the meeting as open: {claim.problem}", severity="warning")
        if not claim.taken:
            self._give_up_meeting(meeting_id)
        elif kept:
            capture = self.capture_screen()
            if capture is not None and capture.meeting_id == meeting_id:
                capture.offer_recovery(kept)

    def _give_up_meeting(self, meeting_id: int) -> None:
        """Another copy holds the meeting: turn read-only, and keep unsaved words aside."""
        capture = self.capture_screen()
        if capture is None or capture.meeting_id != meeting_id:
            return
        capture.make_read_only()
        self.schedule.collect()
        items = set(capture.items)
        typed = self.saver.take(items)
        typed.update(self.leases.take_kept(items))
        # Keys that landed just before the editor locked may not have been noted as changes.
        for item_id, editor in capture.editors.items():
            if editor.text != capture.items[item_id].notes:
                typed[item_id] = editor.text
        if typed:
            path = write_recovery_file(
                data_folder(), self.store.where, typed, self.schedule.headings
            )
            self.notify(f"What you typed before this showed is kept in {path}", timeout=15)

    def _reclaim_if_free(self) -> None:
        for meeting_id in self.leases.due_to_retry():
            self._reclaim(meeting_id)

    @work(thread=True, exit_on_error=False, group="lease", description="Taking the meeting back")
    def _reclaim(self, meeting_id: int) -> None:
        meeting = self.leases.reclaim(self.repository, meeting_id)
        if meeting is None:
            return
        kept = recovery_files(data_folder(), self.store.where, {i.id for i in meeting.items})
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self._reclaimed, meeting, kept)

    def _reclaimed(self, meeting: Meeting, kept: list[RecoveryFile]) -> None:
        capture = self.capture_screen()
        if capture is None or capture.meeting_id != meeting.id:
            self.release_lease(meeting.id)
            return
        capture.make_editable(meeting)
        if kept:
            capture.offer_recovery(kept)

    @work(thread=True, exit_on_error=False, group="lease", description="Letting a meeting go")
    def release_lease(self, meeting_id: int) -> None:
        self.leases.release(self.repository, meeting_id)

    @work(thread=True, exit_on_error=False, group="lease", description="Renewing leases")
    def _renew_leases(self) -> None:
        for meeting_id in self.leases.renew(self.repository):
            # Its lease lapsed (a long outage) and another copy took the meeting: from
            # now on that copy's words win, and ours go to a recovery file.
            with contextlib.suppress(RuntimeError):
                self.call_from_thread(self._give_up_meeting, meeting_id)

    # -- export ---------------------------------------------------------------------------

    def action_export_minutes(self, public: bool | None = None, pdf: bool = False) -> None:
        """Export the open meeting's minutes, with `pdf` a PDF of them too (asks members' or
        public version, Word or PDF, if not given)."""
        from tui.screens.dialogs import ChoiceDialog

        capture = self.capture_screen()
        if capture is None:
            self.notify("Open a meeting first, then export it.", severity="warning")
            return
        if public is None:

            def chosen(choice: str | None) -> None:
                if choice is not None:
                    version, _, kind = choice.partition(" ")
                    self.action_export_minutes(version == "public", kind == "pdf")

            self.push_screen(
                ChoiceDialog(
                    "Export the minutes",
                    [
                        ("m", "Members' version (private)", "private"),
                        ("p", "Public version", "public"),
                        ("M", "Members' version and its PDF", "private pdf"),
                        ("P", "Public version and its PDF", "public pdf"),
                    ],
                ),
                chosen,
            )
            return
        self.save_now()
        self._prepare_export(capture.meeting_id, public, pdf)

    @work(thread=True, exit_on_error=False, group="export", description="Preparing the export")
    def _prepare_export(self, meeting_id: int, public: bool, pdf: bool = False) -> None:
        """Read the meeting and, for the public version, what still looks like a name; with
        `pdf`, find LibreOffice before anything is written."""
        import exports
        from exports.public import Unpublishable, suspects

        if not self._all_written():
            return
        try:
            meeting = self.repository.meeting(meeting_id)
            rules = None
            found: list[Suspect] = []
            if public:
                rules = self.repository.publication_rules(meeting.committee.id, meeting_id)
                found = suspects(meeting, rules)
            path = exports.default_export_path(meeting, rules)
            if pdf:
                from exports.pdf import find_soffice

                find_soffice()
        except Unpublishable as error:
            self.call_from_thread(self._unpublishable, meeting_id, error)
            return
        except Exception as error:
            self.call_from_thread(
                self.notify, f"Cannot export: {describe_failure(error)}", severity="error"
            )
            return
        if found:
            self.call_from_thread(self._judge_suspects, meeting_id, found, path, pdf)
        else:
            self.call_from_thread(self._export_to, meeting_id, path, public, pdf)

    def _all_written(self) -> bool:
        """Write what waits, on this worker thread; False, said, if the database will not
        take it: the minutes are read from the database, and one written without a change
        shown on screen (an item marked confidential, a redaction) must not be made."""
        error = self.saver.flush()
        if error is None:
            return True
        self.call_from_thread(
            self.notify,
            f"Not exported: what is on screen is not all saved ({describe_failure(error)}). "
            "Export once the red bar has gone.",
            severity="error",
            timeout=10,
        )
        return False

    def _export_to(self, meeting_id: int, path: Path, public: bool, pdf: bool = False) -> None:
        """Export, asking first before a file is replaced."""
        existing = [p for p in (path, path.with_suffix(".pdf"))[: 1 + pdf] if p.exists()]
        if existing:
            from tui.screens.dialogs import ConfirmDialog

            def replace(yes: bool | None) -> None:
                if yes:
                    self._export(meeting_id, path, public, True, pdf)

            named = " and ".join(map(str, existing))
            self.push_screen(ConfirmDialog(f"{named} exists. Replace it?"), replace)
        else:
            self._export(meeting_id, path, public, False, pdf)

    def _judge_suspects(
        self, meeting_id: int, found: list[Suspect], path: Path, pdf: bool = False
    ) -> None:
        from tui.screens.publishing import SuspectsDialog, Verdict

        def judged(verdict: Verdict | None) -> None:
            if verdict is None:
                return
            choice, suspect = verdict
            if choice == "export" or suspect is None:
                self._export_to(meeting_id, path, True, pdf)
            elif choice == "redact" and suspect.kind == "notes":
                self.run_worker(self._redact(meeting_id, suspect, pdf), group="export")
            elif choice == "redact":
                self._redact_record(meeting_id, suspect, pdf)
            else:
                self._remember_word(meeting_id, suspect.text, choice, pdf)

        self.push_screen(SuspectsDialog(found), judged)

    async def _redact(self, meeting_id: int, suspect: Suspect, pdf: bool) -> None:
        capture = self.capture_screen()
        if capture is None or not await capture.redact_in_notes(suspect.item_id, suspect.text):
            self.notify(f"Redact it where it is typed: {suspect}", severity="warning", timeout=8)
            return
        # The editor tells the saver of the change by a message: save after it.
        self.call_after_refresh(self._save_and_prepare, meeting_id, pdf)

    @work(thread=True, exit_on_error=False, group="export", description="Redacting")
    def _redact_record(self, meeting_id: int, suspect: Suspect, pdf: bool) -> None:
        """Redact a suspect typed in a title, an action, a decision or a note of attendance."""
        try:
            done = self.repository.redact(suspect.kind, suspect.record_id, suspect.text)
        except Exception as error:
            self.call_from_thread(
                self.notify, f"Not redacted: {describe_failure(error)}", severity="error"
            )
            return
        if not done:
            self.call_from_thread(
                self.notify, f"Redact it where it is typed: {suspect}", severity="warning"
            )
            return
        capture = self.capture_screen()
        if capture is not None:
            self.call_from_thread(capture.reload)
        self.call_from_thread(self._prepare_export, meeting_id, True, pdf)

    def _save_and_prepare(self, meeting_id: int, pdf: bool) -> None:
        self.save_now()
        self._prepare_export(meeting_id, True, pdf)

    @work(thread=True, exit_on_error=False, group="export", description="Remembering a word")
    def _remember_word(self, meeting_id: int, word: str, verdict: str, pdf: bool) -> None:
        try:
            committee_id = self.repository.meeting(meeting_id).committee.id
            self.repository.judge_public_word(committee_id, word, verdict)
        except Exception as error:
            self.call_from_thread(
                self.notify, f"Not remembered: {describe_failure(error)}", severity="error"
            )
            return
        self.call_from_thread(self._prepare_export, meeting_id, True, pdf)

    def _unpublishable(self, meeting_id: int, error: Exception) -> None:
        """A broken redaction or a leak: say so, and take the cursor to it."""
        self.notify(describe_failure(error), severity="error", timeout=12)
        item_id, line = getattr(error, "item_id", None), getattr(error, "line", 0)
        capture = self.capture_screen()
        if capture is not None and capture.meeting_id == meeting_id and item_id is not None:
            self.run_worker(capture.show_line(item_id, line), exclusive=False)

    @work(thread=True, exit_on_error=False, group="export", description="Exporting minutes")
    def _export(
        self, meeting_id: int, path: Path, public: bool, force: bool, pdf: bool = False
    ) -> None:
        from exports.public import Unpublishable

        if not self._all_written():
            return
        try:
            import exports

            meeting = self.repository.meeting(meeting_id)
            rules = None
            if public:
                rules = self.repository.publication_rules(meeting.committee.id, meeting_id)
            written = exports.write_minutes(meeting, path, public=rules, force=force)
        except Unpublishable as error:
            self.call_from_thread(self._unpublishable, meeting_id, error)
            return
        except Exception as error:
            self.call_from_thread(
                self.notify, f"Export failed: {describe_failure(error)}", severity="error"
            )
            return
        kind = "Public minutes" if public else "Minutes"
        files = str(written)
        if pdf:
            from exports.pdf import TIMEOUT, write_pdf

            try:
                made = write_pdf(
                    written, path.with_suffix(".pdf"), archive=False, timeout=TIMEOUT, force=force
                )
            except Exception as error:
                self.call_from_thread(
                    self.notify,
                    f"{kind} written to {written}, but no PDF: {describe_failure(error)}",
                    severity="error",
                    timeout=12,
                )
                return
            files = f"{written} and {made}"
        self.call_from_thread(self.notify, f"{kind} written to {files}", timeout=10)
