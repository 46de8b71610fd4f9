"""Tests that run minutebook in a real terminal (tmux)."""
