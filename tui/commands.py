"""minutebook's own commands in the command palette (Ctrl+P)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class MinutebookCommands(Provider):
    """Jump to an item, mark attendance, find an action, export, and the rest."""

    def commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        from tui.screens.capture import CaptureScreen

        app = self.app
        yield "Find action", partial(app.run_action, "find_action"), "Search every action (F6)"
        screen = self.screen
        if not isinstance(screen, CaptureScreen):
            yield "Meetings", partial(app.run_action, "home"), "The list of meetings"
            return
        yield (
            "Export minutes",
            partial(app.run_action, "export_minutes(False)"),
            "Members' Word minutes of this meeting",
        )
        yield (
            "Export public minutes",
            partial(app.run_action, "export_minutes(True)"),
            "Public Word minutes: no names, redactions removed",
        )
        yield "Mark attendance", screen.action_attendance, "Who is present, late, gone (F2)"
        yield (
            "Committee roster",
            screen.action_roster,
            "Who every new meeting expects (R on the attendance list)",
        )
        yield (
            "Protective marking",
            screen.action_protective_marking,
            "The marking in the header (OFFICIAL-SENSITIVE) of these and later minutes",
        )
        yield (
            "House style",
            screen.action_house_style,
            "The committee's minutes in a preset style (S on the meetings list)",
        )
        yield (
            "Numbered paragraphs",
            screen.action_numbered_paragraphs,
            "The committee's minutes number each paragraph 5.1, 5.2 ... (on or off)",
        )
        yield (
            "Approve the last minutes",
            screen.action_approve_earlier,
            "As a true record, or with corrections (each: item, what it said, what it says)",
        )
        yield "New action", screen.action_new_action, "Add an action to this item (F3)"
        yield "New decision", screen.action_new_decision, "Add a decision to this item (F4)"
        yield (
            "Declare an interest",
            screen.action_declare_interest,
            "Who, in which item, what interest, of what kind, what they did (Ctrl+N)",
        )
        yield (
            "Defer this item",
            screen.action_defer_item,
            "To the next meeting, a date or a month: June Board (F9)",
        )
        yield (
            "End the meeting",
            screen.action_end_meeting,
            "End the item under way and the meeting, its end time stamped (F12)",
        )
        yield (
            "Exempt business",
            screen.action_exempt_business,
            "Mark this item exempt (press and public excluded), or not (x on the agenda list)",
        )
        yield (
            "Toggle confidential",
            screen.action_toggle_confidential,
            "Mark this item confidential, or not (Ctrl+T)",
        )
        yield "Meetings", partial(app.run_action, "home"), "Back to the list of meetings (Ctrl+B)"
        for item in screen.meeting.items:
            yield (
                f"Jump to item {item.heading}",
                partial(app.call_later, screen.go_to, item.id),
                item.presenter or "Agenda item",
            )

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            if not name.startswith("Jump to item"):
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
