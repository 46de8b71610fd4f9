"""Widgets of the minutebook app: the notes editor, the agenda list, the status line."""
