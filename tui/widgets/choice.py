"""A field that holds one of a few fixed values, changed from the keyboard alone."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """One of `options`, shown as "Label: ◀ value ▶": ← and → (or Space) step through
    them, and a letter picks the next one that starts with it. Enter belongs to the form.

    Unlike a drop-down it never opens over the form, so no key typed into it lands
    anywhere but in this one field.
    """

    DEFAULT_CSS = """
    Choice { height: 1; width: 1fr; margin: 0 0 1 0; padding: 0 1; background: $boost; }
    Choice:focus { background: $primary 40%; text-style: bold; }
    """

    index: reactive[int] = reactive(0)

    def __init__(
        self,
        label: str,
        options: Sequence[tuple[str, str]],
        *,
        value: str | None = None,
        id: str | None = None,
    ) -> None:
        """`options` are (value, as shown) pairs; `value` is the one chosen first."""
        super().__init__(id=id)
        self.label = label
        self.options = list(options)
        values = [v for v, _ in self.options]
        self.set_reactive(Choice.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> str:
        return self.options[self.index][0]

    def render(self) -> Text:
        shown = self.options[self.index][1]
        return Text.assemble((f"{self.label}: ", "dim"), "◀ ", (shown, "bold"), " ▶")

    def action_step(self, by: int) -> None:
        self.index = (self.index + by) % len(self.options)

    def on_key(self, event: events.Key) -> None:
        # Handled here, not by bindings, which the app runs only once the key has come
        # back up to it: a Tab typed straight after → would move on before → was taken.
        steps = {"left": -1, "right": 1, "space": 1}.get(event.key)
        if steps is not None:
            event.stop()
            event.prevent_default()
            self.action_step(steps)
            return
        if event.character is None or not event.character.isalpha():
            return
        event.stop()
        letter = event.character.casefold()
        count = len(self.options)
        for step in range(1, count + 1):
            at = (self.index + step) % count
            if self.options[at][1].casefold().startswith(letter):
                self.index = at
                return
