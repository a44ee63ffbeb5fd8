from datetime import datetime

import pytest

from app.text.dates import find_dates
from app.text.language import guess_language


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2023-04-02 18:05:00", datetime(2023, 4, 2, 18, 5)),
        ("2023-04-02T18:05:00+02:00", datetime(2023, 4, 2, 16, 5)),
        ("March 3, 2024", datetime(2024, 3, 3)),
        ("Tuesday, Mar. 3, 2024 4:15 p.m.", datetime(2024, 3, 3, 16, 15)),
        ("3 March 2024", datetime(2024, 3, 3)),
        ("May 04 2008", datetime(2008, 5, 4)),
        ("June 1, 2024 10:00 EDT", datetime(2024, 6, 1, 14, 0)),
    ],
)
def test_written_dates(written: str, expected: datetime) -> None:
    text = f"Filed: {written}\n"
    found = find_dates(text)
    assert len(found) == 1
    assert found[0].value == expected
    assert text[found[0].start : found[0].end] == written


def test_impossible_dates_and_plain_numbers_are_ignored() -> None:
    assert find_dates("February 30, 2023 and 1,500 people and room 2024") == []


def test_language_guess() -> None:
    assert (
        guess_language(
            "The council said that it would publish the report on Monday, and that the "
            "mayor had been told of the findings."
        )
        == "en"
    )
    assert (
        guess_language(
            "Der Stadtrat hat am Dienstag den Haushalt beschlossen, und die Bürger sind mit "
            "dem Ergebnis nicht zufrieden, wie eine Umfrage zeigt."
        )
        == "de"
    )
    assert guess_language("Городской совет во вторник утвердил бюджет на следующий год.") == "ru"
    assert guess_language("") == "en"
    assert guess_language("Too short") == "en"
