"""Changing the agenda while the meeting runs, from the agenda down the left of capture.

Each change shows at once, numbered as the database will number it (the rules are
`storage.agenda_changes`), and is saved behind the screen: a move, a sub-item or a lift
saves the whole order shown, so changes made in a burst land as the last one left it.
An added item has a provisional (negative) id until it is saved; changes made meanwhile
are written with the id it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from storage import agenda_changes as rules
from storage.domain import Item
from storage.errors import BadInput
from tui.widgets.agenda import AgendaList

if TYPE_CHECKING:
    from tui.screens.capture import CaptureScreen

Rearrange = Callable[[Sequence[Item], int], tuple[Item, ...]]

REARRANGEMENTS: dict[str, tuple[Rearrange, str]] = {
    "up": (lambda items, item_id: rules.moved(items, item_id, -1), "moving {} up"),
    "down": (lambda items, item_id: rules.moved(items, item_id, 1), "moving {} down"),
    "sub": (rules.made_sub_item, "making {} a sub-item"),
    "lift": (rules.lifted, "making {} an item of its own"),
}


class AgendaChanges:
    """What the capture screen does when a key in the agenda asks for a change."""

    def __init__(self, screen: CaptureScreen) -> None:
        self.screen = screen
        self.saved_as: dict[int, int] = {}
        """Provisional ids of added items to the ids the database gave them; filled on the
        writer's thread, as each is written, before any later change is."""
        self._provisional = 0

    def items(self) -> tuple[Item, ...]:
        """The agenda as shown now, each item as the screen last showed it."""
        return tuple(self.screen.items[item_id] for item_id in self.screen.order)

    def saved_id(self, item_id: int) -> int:
        return self.saved_as.get(item_id, item_id)

    def change(self, verb: str, item_id: int | None) -> None:
        """`verb` (add, edit, up, down, sub, lift, delete, exempt) at `item_id` (None: an empty
        agenda, where only add can be)."""
        if self.screen.refuse_if_read_only():
            return
        if verb == "add":
            self.add(item_id)
        elif item_id is None:
            return
        elif verb == "edit":
            self.edit(item_id)
        elif verb == "delete":
            self.delete(item_id)
        elif verb == "exempt":
            from tui.screens.exempt import mark_exempt

            mark_exempt(self.screen, item_id, back=self.screen.action_focus_agenda)
        else:
            rearrange, what = REARRANGEMENTS[verb]
            self.rearrange(item_id, rearrange, what)

    # -- showing -------------------------------------------------------------------------

    def show(self, items: Sequence[Item], highlighted: int | None) -> None:
        """Show the agenda as changed: in the list, the heading, and the screen's state."""
        screen = self.screen
        screen.meeting = screen.meeting.with_items(items)
        screen.items.update((item.id, item) for item in items)
        screen.order = [item.id for item in items]
        for item in items:
            if (editor := screen.editors.get(item.id)) is not None:
                editor.heading = item.heading
        screen.query_one(AgendaList).show_agenda(screen.meeting.sections, items, highlighted)
        screen.show_item()

    def _as_saved(self, items: Sequence[Item]) -> list[Item]:
        """The items with the ids the database gave them (read when the change is written)."""
        return [replace(item, id=self.saved_id(item.id)) for item in items]

    # -- the changes ---------------------------------------------------------------------

    def rearrange(self, item_id: int, rearrange: Rearrange, what: str) -> None:
        screen = self.screen
        item = screen.items[item_id]
        try:
            items = rearrange(self.items(), item_id)
        except BadInput as refused:
            screen.notify(f"{str(refused)[0].upper()}{str(refused)[1:]}.", timeout=4)
            return
        self.show(items, item_id)
        meeting_id = screen.meeting_id
        screen.save_change(
            what.format(item.heading or item.title),
            lambda: screen.repository.arrange_agenda(meeting_id, self._as_saved(items)),
        )

    def add(self, anchor_id: int | None) -> None:
        from tui.screens.dialogs import ItemDialog, ItemFields

        screen = self.screen
        items = self.items()
        anchor = screen.items.get(anchor_id) if anchor_id is not None else None
        places: list[tuple[str, str]] = []
        if anchor is not None:
            places.append(("after", f"after {anchor.heading or anchor.title}"))
        other_business = rules.other_business(items)
        if other_business is not None:
            places.append(("under", f"under {other_business.heading or other_business.title}"))
        if items:
            places.append(("end", "at the end"))

        def entered(fields: ItemFields | None) -> None:
            screen.action_focus_agenda()
            if fields is None:
                return
            after: int | None = None
            sub_item = False
            if fields.place == "after" and anchor is not None:
                after, sub_item = rules.placed_after(items, anchor.id), rules.is_sub_item(anchor)
            elif fields.place == "under" and other_business is not None:
                after, sub_item = rules.placed_after(items, other_business.id), True
            elif items:
                after = items[-1].id
            self._provisional -= 1
            new = Item(
                id=self._provisional,
                meeting_id=screen.meeting_id,
                title=fields.title,
                presenter=fields.presenter,
            )
            self.show(rules.with_item(items, new, after_id=after, sub_item=sub_item), new.id)

            def write() -> Item:
                saved = screen.repository.add_item(
                    screen.meeting_id,
                    fields.title,
                    presenter=fields.presenter,
                    after_item_id=None if after is None else self.saved_id(after),
                    sub_item=sub_item,
                )
                self.saved_as[new.id] = saved.id
                return saved

            screen.save_change(f"adding {fields.title}", write, done=self._added(new.id))

        screen.app.push_screen(
            ItemDialog("New agenda item", self.presenters(), places=places), entered
        )

    def _added(self, provisional: int) -> Callable[[Item], None]:
        def added(saved: Item) -> None:
            screen = self.screen
            items = [
                replace(saved, number=i.number, section_id=i.section_id, position=i.position)
                if i.id == provisional
                else i
                for i in self.items()
            ]
            screen.items.pop(provisional, None)
            agenda = screen.query_one(AgendaList)
            highlighted = agenda.highlighted_item
            self.show(items, saved.id if highlighted == provisional else highlighted)

        return added

    def edit(self, item_id: int) -> None:
        from tui.screens.dialogs import ItemDialog, ItemFields

        screen = self.screen
        item = screen.items[item_id]

        def entered(fields: ItemFields | None) -> None:
            screen.action_focus_agenda()
            if fields is None or (fields.title, fields.presenter) == (item.title, item.presenter):
                return
            now = screen.items[item_id]
            changed = replace(now, title=fields.title, presenter=fields.presenter)
            self.show([changed if i.id == item_id else i for i in self.items()], item_id)
            screen.save_change(
                f"renaming {item.heading or item.title}",
                lambda: screen.repository.update_item(
                    self.saved_id(item_id), title=fields.title, presenter=fields.presenter
                ),
            )

        screen.app.push_screen(
            ItemDialog(
                f"Change {item.heading or item.title}",
                self.presenters(),
                initial=ItemFields(item.title, item.presenter),
            ),
            entered,
        )

    def delete(self, item_id: int) -> None:
        from tui.screens.dialogs import ConfirmDialog

        screen = self.screen
        item = screen.items[item_id]
        problem = rules.deletion_problem(
            item,
            has_records=rules.has_records(screen.meeting, item_id)
            or any(w.item_id == item_id for w in screen.waiting),
            only_item=not any(i.id > 0 and i.id != item_id for i in self.items()),
        )
        editor = screen.editors.get(item_id)
        if problem is None and editor is not None and editor.text.strip():
            problem = rules.deletion_problem(
                replace(item, notes=editor.text), has_records=False, only_item=False
            )
        if problem:
            screen.notify(f"Not deleted: {problem}.", severity="warning", timeout=6)
            return

        async def answered(yes: bool | None) -> None:
            if not yes:
                screen.action_focus_agenda()
                return
            items = rules.without_item(self.items(), item_id)
            if screen.current_id == item_id:
                index = screen.order.index(item_id)
                after, before = screen.order[index + 1 :], screen.order[:index][::-1]
                neighbour = next(i for i in [*after, *before] if i > 0)  # one saved
                await screen.go_to(neighbour, take=False)
            screen.items.pop(item_id, None)
            screen.order.remove(item_id)
            self.show(items, screen.current_id)
            screen.save_change(
                f"deleting {item.heading or item.title}",
                lambda: screen.repository.delete_item(self.saved_id(item_id)),
            )
            screen.action_focus_agenda()

        screen.app.push_screen(
            ConfirmDialog(f"Delete {item.heading or item.title} from the agenda?"), answered
        )

    def presenters(self) -> list[str]:
        """Who might present: the people at the meeting, and presenters already named."""
        seen = dict.fromkeys(p for p in (i.presenter for i in self.items()) if p)
        seen.update(dict.fromkeys(self.screen.owner_candidates()))
        return list(seen)
