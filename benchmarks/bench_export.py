"""How long the Word export takes as a meeting grows, and whether it grows linearly.

    .venv/bin/python benchmarks/bench_export.py [--repeat N]

Meetings of 10, 100 and 300 items (each item with paragraphs, bullets with bold lead-ins,
a numbered list, a redaction, two actions and a decision), and a meeting of 100 items
with 500 actions, are exported privately and publicly; each figure is the best of
`--repeat` runs, as wall-clock time and as CPU time (the fairer figure on a machine
shared with other work). Linearity compares the cost of each added item from 100 to 300
items with that from 10 to 100 items, measured in the same run: 1.0 is linear, and the
fixed cost of opening and saving a package does not blur it. The target: 100 items with
500 actions in under 1 second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exports
from storage.domain import (
    Action,
    AttendanceStatus,
    Attendee,
    Committee,
    Decision,
    Item,
    Meeting,
    Person,
    PublicationRules,
    Section,
)

FIRST_NAMES = ("Amara", "Bethan", "Callum", "Deepa", "Ewan", "Farah", "Gareth", "Hana")
SURNAMES = ("Ashworth", "Brennan", "Chaudhry", "Delaney", "Eriksen", "Fairbairn", "Gallagher")


def person_name(n: int) -> str:
    """A name as real rosters have them (the public version looks for every form of it)."""
    first, surname = divmod(n, len(FIRST_NAMES))
    return f"{FIRST_NAMES[surname]} {SURNAMES[first % len(SURNAMES)]}"


NOTES = """\
The Board discussed the update and the risks partners see in their own services.

- **Working Together** – changes to local partnerships must be in place by December.
  - A fuller update will come to the June Board.
- **Inspection** – final findings have not yet been shared; ||Child A|| was discussed.

1. The partnership must improve strategic planning.
2. Leaders should improve the timeliness of plans.

Discussion centred on how partners can support the improvements needed."""


def meeting(items: int, actions: int) -> Meeting:
    people = [
        Attendee(
            id=n,
            person=Person(id=n, name=person_name(n), role=f"Role {n}", organisation="Partnership"),
            status=AttendanceStatus.PRESENT if n % 5 else AttendanceStatus.APOLOGIES,
        )
        for n in range(1, 41)
    ]
    return Meeting(
        id=1,
        committee=Committee(id=1, name="Benchmark Board", protective_marking="OFFICIAL"),
        date=dt.date(2024, 3, 11),
        start_time="13:00",
        end_time="15:00",
        venue="MS Teams Meeting",
        attendees=tuple(people),
        sections=(Section(id=1, title="Agenda Items for Discussion"),),
        items=tuple(
            Item(
                id=n,
                meeting_id=1,
                title=f"Agenda item {n}",
                section_id=None if n <= 2 else 1,
                position=n,
                number=f"{n}.",
                notes=NOTES,
            )
            for n in range(1, items + 1)
        ),
        actions=tuple(
            Action(
                id=n,
                committee_id=1,
                owner="Probation",
                text=f"Bring the findings of review {n} to the June Board",
                meeting_id=1,
                item_id=1 + n % items,
                due_text="at the June Board",
            )
            for n in range(actions)
        ),
        decisions=tuple(
            Decision(id=n, meeting_id=1, text=f"Agreed item {n}", item_id=n)
            for n in range(1, items + 1)
        ),
    )


def best_time(subject: Meeting, folder: Path, *, public: bool, repeat: int) -> tuple[float, float]:
    """The best wall-clock and the best CPU time of `repeat` exports."""
    wall = cpu = float("inf")
    for run in range(repeat):
        path = folder / f"{len(subject.items)}-{len(subject.actions)}-{public}-{run}.docx"
        start, start_cpu = time.perf_counter(), time.process_time()
        exports.write_minutes(subject, path, public=PublicationRules() if public else None)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def linearity(times: dict[int, float]) -> float:
    """Cost per item added from 100 to 300 items over that from 10 to 100."""
    return ((times[300] - times[100]) / 200) / ((times[100] - times[10]) / 90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    cases = [(10, 50), (100, 500), (300, 1500)]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        # One export first, so imports and caches are not counted in the first size.
        best_time(meeting(2, 1), Path(folder), public=False, repeat=1)
        for items, actions in cases:
            subject = meeting(items, actions)
            for public in (False, True):
                wall, cpu = best_time(subject, Path(folder), public=public, repeat=repeat)
                rows.append((items, actions, public, wall, cpu))
    print(f"{'items':>5} {'actions':>7} {'version':>8} {'wall s':>8} {'cpu s':>8}")
    for items, actions, public, wall, cpu in rows:
        version = "public" if public else "private"
        print(f"{items:>5} {actions:>7} {version:>8} {wall:>8.3f} {cpu:>8.3f}")
    for public in (False, True):
        version = "public" if public else "private"
        walls = {r[0]: r[3] for r in rows if r[2] == public}
        cpus = {r[0]: r[4] for r in rows if r[2] == public}
        print(
            f"{version}: linearity {linearity(cpus):.2f} (cpu), {linearity(walls):.2f} (wall); "
            f"100 items + 500 actions {walls[100]:.3f} s wall, {cpus[100]:.3f} s cpu "
            f"({'under' if walls[100] < 1 else 'OVER'} the 1 s target)"
        )


if __name__ == "__main__":
    main()
