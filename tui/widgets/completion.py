"""Completion for the entry fields: suggestions that never take a key meant for the form."""

from __future__ import annotations

from textual import events
from textual.widgets import Input
from textual_autocomplete import AutoComplete


class FieldCompletion(AutoComplete):
    """Suggestions from what is already known, taken only when the clerk goes into them.

    A clerk presses Tab to move to the next field and Enter to go on, whatever is showing:
    a suggestion that happened to be open must neither swallow the key nor replace what was
    typed. Enter takes a suggestion only once ↓ or ↑ has moved into the list (the form's
    Enter asks `take_chosen`).
    """

    _moved_into = False

    def _listen_to_messages(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "tab":
            self.action_hide()
            return
        if isinstance(event, events.Key) and event.key in ("up", "down"):
            self._moved_into = True
        elif isinstance(event, Input.Changed):
            self._moved_into = False
        super()._listen_to_messages(event)

    def take_chosen(self) -> bool:
        """Complete the field with the suggestion the clerk moved to, if any, and close the
        list; True if a suggestion was taken."""
        taken = bool(self.display and self._moved_into and self.option_list.option_count)
        if taken:
            self._complete(self.option_list.highlighted or 0)
        self._moved_into = False
        self.action_hide()
        return taken
