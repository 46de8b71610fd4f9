"""Before a public export: what still looks like a person's name, to judge one by one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from exports.public import Suspect

Verdict = tuple[str, Suspect | None]
"""("redact" | "withheld" | "fine", the suspect), or ("export", None)."""


class SuspectsDialog(ModalScreen[Verdict | None]):
    """The words of the public version that look like names: redact one where it is typed,
    withhold it for the committee, judge it fine (remembered), or export as it stands."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "judge('redact')",
            "Redact here",
            id="suspects.redact",
            tooltip="Mark every appearance in the item's notes ||redacted||",
        ),
        Binding(
            "w",
            "judge('withheld')",
            "Withhold",
            id="suspects.withhold",
            tooltip="Never publish this word in the committee's minutes",
        ),
        Binding(
            "f",
            "judge('fine')",
            "Fine",
            id="suspects.fine",
            tooltip="Not a name: publish it, and do not ask again",
        ),
        Binding(
            "e",
            "export",
            "Export anyway",
            id="suspects.export",
            tooltip="Write the public version as it stands",
        ),
        Binding("escape", "dismiss(None)", "Cancel", id="suspects.cancel", tooltip="Write nothing"),
    ]

    def __init__(self, suspects: list[Suspect]) -> None:
        super().__init__(classes="dialog")
        self.suspects = suspects

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(
                f"{len(self.suspects)} words in the public version still look like names"
                if len(self.suspects) > 1
                else "A word in the public version still looks like a name",
                classes="dialog-title",
            )
            yield OptionList(
                *(Option(str(s), id=str(n)) for n, s in enumerate(self.suspects)),
                id="suspects",
            )
            yield Static(
                "[b]r[/b] redact where typed   [b]w[/b] withhold for the committee   "
                "[b]f[/b] fine, not a name   [b]e[/b] export anyway   [b]Esc[/b] cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_judge(self, verdict: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss((verdict, self.suspects[index]))

    def action_export(self) -> None:
        self.dismiss(("export", None))
