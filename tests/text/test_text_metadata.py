from datetime import datetime

import pytest

from app.text.bylines import display_name, read_byline
from app.text.metadata import TextSpan, read_text_metadata


def assert_exact(text: str, span: TextSpan | None) -> None:
    assert span is not None
    assert text[span.start : span.end] == span.text


def test_headline_byline_date_and_dateline() -> None:
    text = (
        "Harbor Authority Approves New Ferry Terminal\n"
        "By Jane Doe and John Roe\n"
        "Published: March 3, 2024\n"
        "\n"
        "PORTVILLE — The harbor authority voted on Tuesday to build the terminal, officials said.\n"
    )
    meta = read_text_metadata(text)
    assert meta.title == "Harbor Authority Approves New Ferry Terminal"
    assert meta.title_span == TextSpan(0, 44, meta.title)
    assert meta.authors == ["Jane Doe", "John Roe"]
    assert_exact(text, meta.byline_span)
    assert meta.byline_span is not None and meta.byline_span.text == "By Jane Doe and John Roe"
    assert meta.published_at == datetime(2024, 3, 3)
    assert_exact(text, meta.published_span)
    assert meta.published_span is not None and meta.published_span.text == "March 3, 2024"
    assert meta.dateline == "Portville"
    assert_exact(text, meta.dateline_span)
    assert meta.dateline_span is not None and meta.dateline_span.text == "PORTVILLE —"
    assert meta.language == "en"
    kinds = [kind for _, _, kind in meta.regions()]
    assert kinds == ["headline", "byline", "dateline", "dateline"]


def test_capitalised_name_alone_after_headline_and_wire_dateline() -> None:
    text = (
        "Storm cuts power to thousands in coastal towns\n\n"
        "JANE Q. DOE\n"
        "LONDON (Reuters) - A storm cut power to 40,000 homes on Friday, the utility said.\n"
    )
    meta = read_text_metadata(text)
    assert meta.title == "Storm cuts power to thousands in coastal towns"
    assert meta.authors == ["Jane Q. Doe"]
    assert meta.byline_span is not None and meta.byline_span.text == "JANE Q. DOE"
    assert meta.dateline == "London"
    assert meta.dateline_source == "Reuters"
    assert meta.dateline_span is not None and meta.dateline_span.text == "LONDON (Reuters) -"
    assert_exact(text, meta.dateline_span)


def test_iso_date_line_before_headline_and_byline_with_role_and_date() -> None:
    text = (
        "Published: 2023-04-02 18:05:00\n"
        "Council delays vote on budget\n\n"
        "By MARIA DE LA CRUZ, Staff Writer | Oct. 20, 2022\n"
        "The council delayed its vote on the budget until next month.\n"
    )
    meta = read_text_metadata(text)
    assert meta.published_at == datetime(2023, 4, 2, 18, 5)
    assert meta.published_span is not None and meta.published_span.text == "2023-04-02 18:05:00"
    assert meta.published_line_span is not None and meta.published_line_span.text.startswith("Publish")
    assert meta.title == "Council delays vote on budget"
    assert meta.authors == ["Maria de la Cruz"]  # the role after the comma is not a name


def test_bare_date_line_and_posted_by_line() -> None:
    text = (
        "May 04 2008\n\n"
        "Why The River Authority Keeps Missing Its Deadlines\n\n"
        "Posted by Sam Ortega on May 5, 2008\n\n"
        "Nobody at the authority will say so in public, but the schedule was never realistic.\n"
    )
    meta = read_text_metadata(text)
    assert meta.published_at == datetime(2008, 5, 4)
    assert meta.published_line_span == TextSpan(0, 11, "May 04 2008")
    assert meta.title == "Why The River Authority Keeps Missing Its Deadlines"
    assert meta.authors == ["Sam Ortega"]


def test_updated_line_with_time_zone_is_converted_to_utc() -> None:
    text = (
        "Ferry operator suspends night crossings\n"
        "Updated: 4 June 2024 at 14:05 BST\n\n"
        "The operator said the crossings would resume once new crew had been trained.\n"
    )
    meta = read_text_metadata(text)
    assert meta.published_at == datetime(2024, 6, 4, 13, 5)
    assert_exact(text, meta.published_span)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry said on Tuesday that it would review the contract.\nOfficials declined to comment.\n",
        "Officials in the capital were still counting the cost of the storm on Friday as\nrepair crews arrived.\n",
        "the report was published late on Monday\n\nIt runs to 300 pages.\n",
        "Skip to main content\n\nThe mayor said on Monday that the bridge would stay closed.\n",
    ],
)
def test_ordinary_first_sentence_is_not_a_headline(text: str) -> None:
    meta = read_text_metadata(text)
    assert meta.title is None
    assert meta.title_span is None


def test_sentence_case_headline_standing_alone() -> None:
    text = "Rail strike called off after late-night talks\n\nUnion leaders accepted the offer on Sunday.\n"
    assert read_text_metadata(text).title == "Rail strike called off after late-night talks"


def test_headline_with_site_name_keeps_only_the_headline() -> None:
    text = "Mayor Opens New Library Wing | The Example Gazette\n\nThe wing cost two million.\n"
    meta = read_text_metadata(text)
    assert meta.title == "Mayor Opens New Library Wing"
    assert_exact(text, meta.title_span)


def test_sentence_starting_with_capitals_is_not_a_dateline() -> None:
    text = "A Short Headline For Testing\n\nBREAKING — The bridge has reopened.\nLONDON, the capital, was quiet.\n"
    meta = read_text_metadata(text)
    assert meta.dateline is None


def test_offsets_survive_crlf_and_leading_whitespace() -> None:
    text = "\r\n  Tunnel Reopens After Two-Year Closure  \r\nBy Ana Lima\r\n\r\nOSLO — Traffic resumed.\r\n"
    meta = read_text_metadata(text)
    assert meta.title == "Tunnel Reopens After Two-Year Closure"
    for span in (meta.title_span, meta.byline_span, meta.dateline_span):
        assert_exact(text, span)
    assert meta.authors == ["Ana Lima"]
    assert meta.dateline == "Oslo"


def test_empty_and_non_text_input() -> None:
    meta = read_text_metadata("")
    assert meta.title is None and meta.authors == [] and meta.language == "en"
    with pytest.raises(TypeError):
        read_text_metadata(b"bytes are not text")  # type: ignore[arg-type]


def test_language_of_a_clearly_french_text() -> None:
    text = (
        "Le conseil municipal a voté mardi le budget de la ville, qui sera présenté aux habitants "
        "dans les prochaines semaines par le maire et ses adjoints."
    )
    assert read_text_metadata(text).language == "fr"


def test_title_case_headline_with_added_full_stop_standing_alone() -> None:
    text = "Harbour Board Names New Chief Engineer.\n\nThe board chose an engineer from its own staff.\n"
    assert read_text_metadata(text).title == "Harbour Board Names New Chief Engineer."


def test_sentence_with_full_stop_is_still_not_a_headline_when_sentence_case() -> None:
    text = "The board chose a new chief engineer on Monday.\n\nShe starts next month.\n"
    assert read_text_metadata(text).title is None


@pytest.mark.parametrize(
    "opening",
    [
        "AFL-CIO leaders said on Monday that the strike would continue for another week.",
        "NATO-led forces said the exercise would go ahead as planned despite the weather.",
    ],
)
def test_hyphenated_capitals_are_not_a_dateline(opening: str) -> None:
    text = f"Strike Enters Its Third Week\n\n{opening}\n"
    assert read_text_metadata(text).dateline is None


def test_capitalised_subhead_deep_in_the_body_is_not_a_dateline() -> None:
    body = "The committee heard evidence from engineers, residents and officials over three long days.\n"
    text = "Inquiry Hears From Residents\n\n" + body * 4 + "WHAT HAPPENS NEXT — The committee will report in June.\n"
    assert read_text_metadata(text).dateline is None


@pytest.mark.parametrize(
    ("line", "city", "wire"),
    [
        ("NEW HAVEN, Conn. ― The vote was close.", "New Haven", None),
        ("SPRINGFIELD, Ill., March 4 (Example Wire) — The vote was close.", "Springfield", "Example Wire"),
        ("Lisbon (Example Wire) – The vote was close.", "Lisbon", "Example Wire"),
    ],
)
def test_dateline_forms(line: str, city: str | None, wire: str | None) -> None:
    text = f"Council Vote Goes Ahead\n\n{line}\n"
    meta = read_text_metadata(text)
    assert meta.dateline == city
    assert meta.dateline_source == wire
    if city is not None:
        assert_exact(text, meta.dateline_span)
        assert meta.dateline_span is not None and text[meta.dateline_span.end :].startswith(" The vote")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("MARIA DE LA CRUZ", "Maria de la Cruz"),
        ("VAN DER BERG", "Van der Berg"),
        ("SEAN O'NEILL-PRICE", "Sean O'Neill-Price"),
        ("Jane McAdams", "Jane McAdams"),
    ],
)
def test_display_names(written: str, shown: str) -> None:
    assert display_name(written) == shown


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("By Jane Doe, Example Wire", ["Jane Doe"]),  # the outlet after the comma is not an author
        ("by Jane Doe - Staff Reporter", ["Jane Doe"]),
        ("Written by: Lee Chan | 3 March 2024", ["Lee Chan"]),
        ("By the Example Gazette editorial board", []),
        ("Borders reopen after storm", None),
    ],
)
def test_byline_lines(line: str, authors: list[str] | None) -> None:
    assert read_byline(line) == authors
