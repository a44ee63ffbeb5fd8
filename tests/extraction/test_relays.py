"""Relays: a named outlet is one outlet under every form of its name; an unnamed report is no outlet."""

from __future__ import annotations

import pytest

from app.extraction.relays import read_relay
from tests.extraction.helpers import find, run


@pytest.mark.parametrize(
    ("phrase", "kind", "name"),
    [
        ("The Valley Courier", "outlet", "Valley Courier"),
        ("the Harbour Ledger", "outlet", "Harbour Ledger"),
        ("the provincial Kessel news agency", "outlet", "provincial Kessel news agency"),
        ("Meridian Wire Service", "outlet", "Meridian Wire Service"),
        ("another report", "document", "another report"),
        ("a statement", "document", "a statement"),
        ("wire", "document", "wire"),
        ("a local newspaper", "document", "a local newspaper"),
    ],
)
def test_a_relay_names_an_outlet_only_with_a_proper_name(phrase: str, kind: str, name: str) -> None:
    text = f"It was first reported by {phrase}."
    start = text.index(phrase)
    relay = read_relay(text, start, start + len(phrase))
    assert (relay.kind, relay.name) == (kind, name)


def test_a_demonym_is_not_a_name() -> None:
    text = "It was first reported by Norwegian state media."
    start = text.index("Norwegian")
    assert read_relay(text, start, len(text) - 1).kind == "document"


def test_the_short_name_after_the_full_one_is_the_same_outlet_and_unnamed_reports_are_documents() -> None:
    text = (
        "School Rebuilt\n\n"
        "“We will rebuild the school,” Mayor Ines Carver told The Valley Courier on Monday.\n\n"
        "“It will take two years,” Carver told the Courier later.\n\n"
        "In another report, the ministry said the school would reopen in May.\n"
    )
    res = run(text)
    first, second = find(res, "rebuild the school"), find(res, "two years")
    assert first.via is not None and first.via.text == "The Valley Courier"
    assert second.via is not None and second.via.text == "the Courier"
    assert first.via_entity is not None and first.via_entity == second.via_entity
    outlet = res.entities[first.via_entity]
    assert (outlet.kind, outlet.name) == ("outlet", "Valley Courier")
    assert "the Courier" in outlet.aliases
    report = find(res, "reopen in May")
    assert report.via is not None and report.via_entity is not None
    assert res.entities[report.via_entity].kind == "document"


def test_an_unnamed_report_before_the_speaker_is_the_relay_not_part_of_the_speaker() -> None:
    res = run("The council met on Monday. In another report the mayor also says the bridge will reopen in June.")
    a = find(res, "bridge will reopen")
    assert a.source is not None and a.source.text == "the mayor"
    assert a.via is not None and a.via.text == "another report"
    assert a.via_entity is not None and res.entities[a.via_entity].kind == "document"
