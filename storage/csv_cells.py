"""CSV cells a spreadsheet shows as typed, and reads back as typed.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, so every
cell minutebook writes that would start one is quoted with an apostrophe, as spreadsheets
themselves do, and a file read back has that apostrophe taken off.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as typed: one that would start a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def typed_cell(text: str) -> str:
    """What was typed into a cell `spreadsheet_cell` wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
