"""Single primary quotation marks read as double ones, one character for one."""

from __future__ import annotations

import pytest

from app.extraction.quote_marks import as_double_marks, single_primary

BRITISH = (
    "‘We won’t close the pier,’ the harbourmaster said. ‘Not this year.’\n"
    "The pilots’ union called it ‘a “temporary” fix’ on Friday.\n"
    "'It's a start,' one skipper said."
)


def test_single_primary_marks_become_double_and_double_ones_inside_become_single() -> None:
    read = as_double_marks(BRITISH)
    assert len(read) == len(BRITISH)
    assert read.splitlines() == [
        "“We won’t close the pier,” the harbourmaster said. “Not this year.”",
        "The pilots’ union called it “a ‘temporary’ fix” on Friday.",
        "“It's a start,” one skipper said.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“We won’t close the pier,” the harbourmaster said. She called it ‘temporary’ and ‘cheap’.",
        "''We won't close the pier,'' the harbourmaster said, calling it 'temporary' and 'cheap.'",
        "The '90s were good to the port, and the pilots' union says 'em boats are back.",
        "No quotation here at all.",
    ],
)
def test_a_text_quoting_with_double_marks_is_read_as_it_is(text: str) -> None:
    assert not single_primary(text)
    assert as_double_marks(text) == text


def test_a_plural_possessive_does_not_close_a_quotation() -> None:
    text = "‘The pilots’ union will strike,’ she said. ‘So will the crews.’"
    assert as_double_marks(text) == "“The pilots’ union will strike,” she said. “So will the crews.”"


def test_a_quotation_left_open_runs_to_the_end_of_its_paragraph() -> None:
    text = "‘First,’ he said. ‘Second, and then.\n‘Third.’"
    assert as_double_marks(text) == "“First,” he said. “Second, and then.\n“Third.”"


def test_a_quotation_may_close_on_the_next_line_of_a_hard_wrapped_paragraph() -> None:
    text = "‘We have tried,’ he said. ‘The company has\nnot moved an inch.’\n\nTalks ended at noon."
    read = "“We have tried,” he said. “The company has\nnot moved an inch.”\n\nTalks ended at noon."
    assert as_double_marks(text) == read
