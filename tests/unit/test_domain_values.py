"""The domain's value classes behave as frozen dataclasses do."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from storage.domain import Committee, Meeting, Person


def test_fields_by_position_or_name_and_defaults() -> None:
    person = Person(7, "Ann Lee", organisation="Probation")
    assert (person.id, person.name, person.role, person.organisation) == (
        7,
        "Ann Lee",
        "",
        "Probation",
    )
    assert [f.name for f in dataclasses.fields(Person)] == [
        "id",
        "name",
        "role",
        "organisation",
        "initials",
        "email",
    ]


def test_equal_and_hashed_by_value_ignoring_fields_left_out_of_comparison() -> None:
    board = Committee(1, "Board")
    one = Meeting(1, board, dt.date(2024, 3, 11))
    two = Meeting(1, Committee(1, "Board"), dt.date(2024, 3, 11), _by_item={5: None})  # type: ignore[dict-item]
    assert one == two and hash(one) == hash(two)
    assert one != Meeting(2, board, dt.date(2024, 3, 11))
    assert Person(1, "A") != Committee(1, "A")
    assert one._by_item is not Meeting(1, board, dt.date(2024, 3, 11))._by_item  # own cache each


def test_frozen_and_replaceable() -> None:
    person = Person(1, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        person.role = "Chair"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del person.role
    assert dataclasses.replace(person, role="Chair") == Person(1, None, "Chair")
    assert repr(person) == (
        "Person(id=1, name=None, role='', organisation='', initials='', email='')"
    )
    assert "_by_item" not in repr(Meeting(1, Committee(1, "B"), dt.date(2024, 1, 1)))


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1,), {}),  # name missing
        ((1, "A"), {"nickname": "Al"}),  # no such field
        ((1, "A"), {"id": 2}),  # id given twice
        ((1, "A", "", "", "", "", "extra"), {}),  # too many
    ],
)
def test_wrong_arguments_are_refused(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Person(*args, **kwargs)
