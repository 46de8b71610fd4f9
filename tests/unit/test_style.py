"""House styles: presets, the TOML a clerk edits, every kind of bad file, and the
settings a committee had before styles, carried into its style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from storage import BadInput, Repository
from storage.domain import AttendanceGroup, HouseStyle, NamesPolicy
from storage.style import (
    DEFAULT,
    PRESETS,
    filled,
    format_time,
    ordinal,
    parse_style,
    style_text,
    style_toml,
)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_reads_back_from_its_toml(name: str) -> None:
    text = style_toml(PRESETS[name])
    assert parse_style(text) == PRESETS[name]
    assert f'preset = "{name}"' in text
    assert "# how times print (13.00, 1.00pm, 13:00)" in text


def test_the_default_is_todays_look_and_stored_as_nothing() -> None:
    assert HouseStyle() == DEFAULT
    assert style_text(DEFAULT) == ""
    assert parse_style("") == DEFAULT


def test_keys_left_out_keep_the_presets_values() -> None:
    style = parse_style('[style]\npreset = "school-governors"\n[document]\ntime_format = "13:00"\n')
    assert style.item_layout == "minute-action" and style.time_format == "13:00"
    assert style.public_names is NamesPolicy.KEEP


def test_groups_are_read_in_order() -> None:
    style = parse_style(
        '[[attendance.groups]]\nheading = "Governors"\nwho = "members"\n'
        '[[attendance.groups]]\nheading = "Clerk"\nwho = "secretariat"\n'
    )
    assert style.groups == (
        AttendanceGroup("Governors", "members"),
        AttendanceGroup("Clerk", "secretariat"),
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("title = = 1", "style.toml: not TOML"),
        ("[documnt]\ntitle = 'x'\n", "line 1: unknown table [documnt]"),
        ("[document]\n\ntitel = 'x'\n", "line 3: unknown key 'titel' in [document]; the keys are"),
        ("[document]\ntime_format = '2pm'\n", "line 2: time_format '2pm': one of 13.00, 1.00pm"),
        ("[document]\ntitle = 'Minutes {when}'\n", "line 2: unknown placeholder {when}"),
        ("[document]\ntitle = 'Page {page}'\n", "unknown placeholder {page}"),
        ("[document]\nfooter = ['{pages'] \n", "line 2: "),
        ("[document]\nheader = 'one line'\n", "line 2: header is a list of strings"),
        ("[attendance]\ncolumns = ['name', 'shoe']\n", "columns 'shoe': each is one of"),
        ("[attendance]\ncolumns = []\n", "columns needs at least one"),
        ("[attendance]\ncolumns = ['name', 'name']\n", "names one twice"),
        ("[attendance]\nabsent = 'yes'\n", "line 2: absent is true or false"),
        ("[items]\nlayout = 'grid'\n", "layout 'grid': one of description"),
        ("[items]\nactions = ['margin']\n", "actions 'margin': each is one of"),
        ("[public]\nnames = 'some'\n", "names 'some': one of roles, keep"),
        ("[style]\npreset = 'parish'\n", "unknown preset 'parish'; the presets are"),
        ("[[attendance.groups]]\nheading = 'A'\nwho = 'ghosts'\n", "line 1: who 'ghosts'"),
        ("[[attendance.groups]]\nheading = 'A'\n", "each group has a heading and who"),
    ],
)
def test_a_bad_style_file_says_where_and_what_is_allowed(text: str, said: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_style(text, source="style.toml")
    assert said in str(refused.value)
    assert str(refused.value).startswith("style.toml")


def test_times_print_in_the_styles_format() -> None:
    assert [format_time("13:05", f) for f in ("13.00", "1.00pm", "13:00")] == [
        "13.05",
        "1.05pm",
        "13:05",
    ]
    assert format_time("00:30", "1.00pm") == "12.30am"
    assert format_time("12:00", "1.00pm") == "12.00pm"
    assert format_time("soon", "13.00") == "soon"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]
    assert filled("{ordinal} meeting of {committee}", {"ordinal": "13th", "committee": "B"}) == (
        "13th meeting of B"
    )


def test_a_style_is_kept_with_its_committee(repo: Repository) -> None:
    board = repo.create_committee("Board")
    repo.set_style(board.id, PRESETS["nhs-board"])
    assert repo.committee(board.id).style == PRESETS["nhs-board"]
    repo.restyle(board.id, absent=True)
    assert repo.committee(board.id).style == PRESETS["nhs-board"].with_values(absent=True)
    repo.set_style(board.id, DEFAULT)
    assert repo.committee(board.id).style == DEFAULT


def test_the_settings_before_styles_are_carried_into_the_style(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import text

    from storage import open_repository
    from storage.migrations import alembic_config

    path = tmp_path / "old.db"
    repo = open_repository(str(path))
    plain = repo.create_committee("Plain")
    board = repo.create_committee("Board")
    with repo.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0008")
        connection.execute(
            text(
                "UPDATE committee SET public_names = 'keep', print_absent = :yes,"
                " numbered_paragraphs = :yes WHERE id = :id"
            ),
            {"yes": True, "id": board.id},
        )
    repo.engine.dispose()
    upgraded = open_repository(str(path))
    try:
        assert upgraded.committee(plain.id).style == DEFAULT
        assert upgraded.committee(board.id).style == DEFAULT.with_values(
            absent=True, numbered_paragraphs=True, public_names=NamesPolicy.KEEP
        )
    finally:
        upgraded.engine.dispose()


def test_the_style_command_prints_sets_and_refuses(
    repo: Repository, minutebook: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    board = repo.create_committee("Trust Board")
    status, out, _ = minutebook("style", "Trust Board")
    assert status == 0 and parse_style(out) == DEFAULT
    status, out, err = minutebook("style", "Trust Board", "--preset", "nhs-board")
    assert status == 0 and "Trust Board: the nhs-board style" in err
    assert repo.committee(board.id).style == PRESETS["nhs-board"] == parse_style(out)
    good = tmp_path / "good.toml"
    good.write_text(out.replace('time_format = "13:00"', 'time_format = "1.00pm"'))
    assert minutebook("style", "Trust Board", "--load", str(good))[0] == 0
    assert repo.committee(board.id).style.time_format == "1.00pm"
    bad = tmp_path / "bad.toml"
    bad.write_text(out.replace('layout = "action-column"', 'layout = "grid"'))
    status, _, err = minutebook("style", "Trust Board", "--load", str(bad))
    assert status == 2 and f"{bad} line" in err and "layout 'grid'" in err
    assert len(err.strip().splitlines()) == 1
    assert repo.committee(board.id).style.time_format == "1.00pm"  # nothing changed
    status, _, err = minutebook("style", "Trust Board", "--preset", "parish")
    assert status == 2 and "the presets are partnership-board" in err
    status, _, err = minutebook("style", "Nobody", "--preset", "nhs-board")
    assert status == 2 and "Nobody" in err
    status, _, err = minutebook("style", "Trust Board", "--marking", "OFFICIAL-SENSITIVE")
    assert status == 0 and repo.committee(board.id).protective_marking == "OFFICIAL-SENSITIVE"
    assert repo.committee(board.id).style.time_format == "1.00pm"
