"""Notes markup read with markdown-it-py into blocks, and the text helpers at the boundary."""

from __future__ import annotations

from exports.markup import Span, parse_notes
from exports.text import clean, one_line


def shape(notes: str) -> list[tuple[str, int | None, int, bool, int]]:
    return [(b.text, b.list_key, b.level, b.ordered, b.start) for b in parse_notes(notes)]


def test_paragraphs_bullets_nesting_and_numbered_lists() -> None:
    notes = (
        "Intro paragraph\nsecond line\n\n"
        "- one\n* two\n  - nested\n\n"
        "1. first\n2. second\n\n"
        "3) third starts at three\n"
    )
    assert shape(notes) == [
        ("Intro paragraph\nsecond line", None, 0, False, 1),
        ("one", 0, 0, False, 1),
        ("two", 1, 0, False, 1),
        ("nested", 2, 1, False, 1),
        ("first", 3, 0, True, 1),
        ("second", 3, 0, True, 1),
        ("third starts at three", 4, 0, True, 3),
    ]


def test_bold_lead_ins_and_italic() -> None:
    [block] = parse_notes("- **Working Together** – proposes *changes*")
    assert block.spans == [
        Span("Working Together", bold=True),
        Span(" – proposes "),
        Span("changes", italic=True),
    ]


def test_second_paragraph_of_a_list_entry_is_not_numbered_again() -> None:
    blocks = parse_notes("1. first\n\n   more about first\n2. second")
    assert [(b.text, b.numbered) for b in blocks] == [
        ("first", True),
        ("more about first", False),
        ("second", True),
    ]


def test_redactions_become_spans_even_across_lines_and_markup() -> None:
    blocks = parse_notes("Case of ||Child A|| and **||Child B||**\n- x ||spans\n- lines|| y")
    spans = [s for b in blocks for s in b.spans if s.redacted]
    assert spans == [
        Span("Child A", redacted=True),
        Span("Child B", bold=True, redacted=True),
        Span("spans - lines", redacted=True),
    ]
    assert "".join(b.text for b in blocks).count("||") == 0


def test_unclosed_markup_and_html_stay_as_typed() -> None:
    assert [b.text for b in parse_notes("**never closed ||nor this\n\n<p>raw</p> &amp;")] == [
        "**never closed ||nor this",
        "<p>raw</p> &amp;",
    ]


def test_nesting_too_deep_to_parse_keeps_every_line() -> None:
    notes = "- " * 300 + "deep\n\nafter the deep list\n\n1. and a list"
    texts = [b.text for b in parse_notes(notes)]
    assert any(t.endswith("deep") for t in texts)
    assert "after the deep list" in texts
    assert "1. and a list" in texts


def test_empty_notes_have_no_blocks() -> None:
    assert parse_notes("") == [] and parse_notes(" \n\n\t") == []


def test_clean_removes_what_xml_cannot_hold() -> None:
    assert clean("a\x00b\x08c\x0bd\x1fe\x7ff\x9fg\ud800h\ufffei\uffff") == "abcdefghi"
    assert clean("tab\tline\r\nold mac\rend") == "tab\tline\nold mac\nend"
    assert clean("emoji 🎉 עברית") == "emoji 🎉 עברית"
    assert one_line("  a \n b\t c ") == "a b c"
