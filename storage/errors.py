"""Errors the storage layer raises, each with a message fit to show a clerk as it is."""


class MinutebookError(Exception):
    """Base of every error that minutebook reports in one clear line."""


class NotFound(MinutebookError):
    """A meeting, item, action or person that does not exist."""


class BadInput(MinutebookError):
    """A malformed agenda, JSON file, date or argument."""


class DatabaseUnusable(MinutebookError):
    """The database file cannot be opened: not SQLite, corrupt, or in an unusable folder."""


class DatabaseUnreachable(MinutebookError):
    """The database server cannot be reached, or dropped the connection: try again later.

    Nothing was written by the call that raised it, so the same call can simply be retried
    once the server is back.
    """


class ConnectionLost(DatabaseUnreachable):
    """The server dropped a connection that had been working (restarted, or the network
    went away for a moment): the pool makes a new one for the next call."""
