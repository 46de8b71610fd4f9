"""Completion for the entry fields: suggestions that never steal the Tab key."""

from __future__ import annotations

from textual import events
from textual_autocomplete import AutoComplete


class FieldCompletion(AutoComplete):
    """Suggestions from what is already known; Enter takes the highlighted one.

    A clerk presses Tab to move to the next field, whatever is showing: a suggestion that
    happened to be open must neither swallow the key nor replace what was typed.
    """

    def _listen_to_messages(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "tab":
            self.action_hide()
            return
        super()._listen_to_messages(event)
