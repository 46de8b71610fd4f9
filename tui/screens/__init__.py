"""Screens of the minutebook app: home, live capture, attendance, and their dialogs."""
