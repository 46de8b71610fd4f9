"""Editing keys taken in the order they were typed.

Textual inserts a typed character in the widget's own turn, but runs a widget's key
bindings (Backspace, Delete, the arrows, Ctrl+U...) only once the key has come back up to
the app. When keys arrive faster than the app handles them (a burst, a held Backspace, a
busy moment), the characters typed after a Backspace are in before the Backspace is run,
and it deletes them instead: "teh", Backspace, Backspace, "he" gave "tehh". Run here, in
the widget's turn, every key is taken in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    _Mixin = Widget
else:
    _Mixin = object  # not a Widget itself, which would hide the widget's own class styles


class KeysInOrder(_Mixin):
    """Runs the widget's own (not priority) key bindings as each key comes to it; mixed
    in before the widget's class (Textual calls each class's `_on_key` in turn)."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue
            action = binding.action
            name = action.partition("(")[0]
            if "." in name or not self.check_action(name, ()):
                continue  # another namespace's, or not now: leave it to the app
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        # Anything else goes on to the widget's own handler (Textual calls each class's
        # `_on_key` in turn until one prevents the default).


class Field(KeysInOrder, Input):
    """A one-line field whose editing keys keep their order."""
