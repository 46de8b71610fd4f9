"""Live capture on PostgreSQL when the connection drops: the clerk keeps typing, the
warning shows, and every word is saved once the server is back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from textual.widgets import Static

from storage import Repository, open_repository
from storage.agenda import parse_agenda
from tests.conftest import SAMPLE_AGENDA, server_database
from tests.functional.conftest import make_app
from tests.unit.test_postgres import cut_off, restore
from tui.app import MinutebookApp
from tui.screens.capture import CaptureScreen

SIZE = (160, 45)


@pytest.fixture
def server_repo(postgres_server: str) -> Iterator[tuple[Repository, str]]:
    """A repository on a new PostgreSQL database, and that database's URL."""
    with server_database(postgres_server) as url:
        repo = open_repository(url)
        try:
            yield repo, url
        finally:
            repo.engine.dispose()


async def settle(app: MinutebookApp, pilot) -> None:
    """Write pending notes and wait for every worker, as the app would within a second."""
    app.save_now()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_typing_through_an_outage_loses_nothing(
    server_repo: tuple[Repository, str], postgres_server: str
) -> None:
    repo, url = server_repo
    board = repo.create_committee("Safeguarding Partnership Board")
    meeting_id = repo.create_meeting(
        board.id, dt.date(2024, 3, 11), agenda=parse_agenda(SAMPLE_AGENDA)
    )
    item_id = repo.meeting(meeting_id).items[0].id
    app = make_app(repo, meeting_id)
    restored = False
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, CaptureScreen)
            await pilot.press(*"Before the outage.")
            await settle(app, pilot)
            assert app.save_state == "saved"
            assert repo.item(item_id).notes == "Before the outage."

            cut_off(postgres_server, url)
            await pilot.press(*" During it.")
            await settle(app, pilot)
            assert app.save_state == "failed"
            warning = app.screen.query_one("#save-warning", Static)
            assert warning.display
            assert "cannot reach the database server" in str(warning.render())
            await pilot.press(*" Still typing.")
            await settle(app, pilot)
            assert app.save_state == "failed"

            restore(postgres_server, url)
            restored = True
            app._retry()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.save_state == "saved"
            assert not warning.display
    finally:
        if not restored:
            restore(postgres_server, url)
    assert repo.item(item_id).notes == "Before the outage. During it. Still typing."


async def test_a_lease_taken_elsewhere_during_an_outage_is_noticed(
    server_repo: tuple[Repository, str],
) -> None:
    repo, _url = server_repo
    board = repo.create_committee("Safeguarding Partnership Board")
    meeting_id = repo.create_meeting(
        board.id, dt.date(2024, 3, 11), agenda=parse_agenda(SAMPLE_AGENDA)
    )
    app = make_app(repo, meeting_id)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert meeting_id in app.leases
        # The outage outlasted the lease (it lapsed), and another laptop opened the meeting.
        assert repo.acquire_lease(meeting_id, app.leases.holder, seconds=-1)
        assert repo.acquire_lease(meeting_id, "other-laptop:1:abc", seconds=30)
        app._renew_leases()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert meeting_id not in app.leases
        assert app.capture_screen().read_only
